"""Rendering for people and scripts: data on stdout, everything else on stderr.

Human output shows dates in the Buddhist Era and masks national IDs; `--json` output keeps ISO
Gregorian dates and prints nothing but the JSON document on stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from lhrctl.errors import LhrError
from lhrctl.thai import be_date, be_datetime


class Ui:
    def __init__(self, *, json_mode: bool, quiet: bool, lang: str) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self.lang = lang
        self.err = Console(stderr=True, highlight=False)
        self.out = Console(highlight=False)
        if not self.out.is_terminal:
            self.out.width = 200  # a pipe or a file: don't cut table cells to 80 columns

    def t(self, en: str, th: str) -> str:
        return th if self.lang == "th" else en

    def date(self, value: date | None) -> str:
        return be_date(value, self.lang)

    def datetime(self, value: datetime | None) -> str:
        return be_datetime(value, self.lang)

    # messages (stderr)
    def info(self, en: str, th: str) -> None:
        if not self.quiet:
            self.err.print(self.t(en, th))

    def success(self, en: str, th: str) -> None:
        if not self.quiet:
            self.err.print(f"[green]✓[/] {self.t(en, th)}")

    def warn(self, en: str, th: str) -> None:
        self.err.print(f"[yellow]{self.t('Warning', 'คำเตือน')}:[/] {self.t(en, th)}")

    def error(self, error: LhrError) -> None:
        label = self.t("Error", "ข้อผิดพลาด")
        self.err.print(f"[bold red]{label}:[/] {error.message(self.lang)}", soft_wrap=True)
        hint = error.hint(self.lang)
        if hint:
            self.err.print(f"[dim]{self.t('Hint', 'คำแนะนำ')}: {hint}[/]", soft_wrap=True)

    @contextmanager
    def status(self, text: str) -> Iterator[object]:
        """A spinner on stderr while something waits, only for a person at a terminal."""
        if self.quiet or self.json_mode or not self.err.is_terminal:
            with nullcontext():
                yield None
        else:
            with self.err.status(text):
                yield None

    # data (stdout)
    def emit_json(self, data: Any) -> None:
        from lhrctl.writers.records import json_text

        sys.stdout.write(json_text(data))

    def data(self, text: str, output: Path | None = None) -> None:
        """Data already rendered (JSON, CSV): into the file given, else on stdout."""
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[object]], title: str | None = None
    ) -> None:
        table = Table(title=title, title_justify="left", header_style="bold")
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*("-" if v is None else str(v) for v in row))
        self.out.print(table)

    def fields(self, pairs: Sequence[tuple[str, object]], title: str | None = None) -> None:
        table = Table(title=title, title_justify="left", show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column()
        for key, value in pairs:
            table.add_row(key, "-" if value is None else str(value))
        self.out.print(table)
