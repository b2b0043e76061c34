"""The output layer: data on stdout, everything else on stderr.

A command hands over what it has (rows and columns, a record, the result of a change) and the
layer renders it from the global options: the item's JSON under --json (`as_json`: its `as_dict()`
or its dataclass fields), else a Rich table, fields, or a line for people. Human output shows dates
in the Buddhist Era and masks national IDs; JSON keeps ISO Gregorian dates and is all there is on
stdout. (After hf's `Output` and sqlite-utils' `output_rows`.)

Text is shown as it is, never read as Rich markup: a cell of a staff file, a file name or a round
name holds what its author typed, `[/]` too (which Rich's markup refused with a traceback). A
command that colours a cell says so with `Styled`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from lhrctl.commands._fit import CUT as CUT  # the fits a Column gives, offered here with it
from lhrctl.commands._fit import KEEP as KEEP
from lhrctl.commands._fit import WRAP, shown
from lhrctl.errors import LhrError
from lhrctl.thai import be_date, be_datetime

T = TypeVar("T")


NARROW = 120  # under this many columns tables go compact


class Styled(str):
    """A cell's text shown in a Rich `style` ("red"); everywhere else (a workbook, a width) the
    text alone."""

    style: str

    def __new__(cls, text: str, style: str) -> Styled:
        styled = super().__new__(cls, text)
        styled.style = style
        return styled


def plain(value: object, *, style: str = "") -> Any:
    """A Rich `Text` of the value as it is: no markup read in it, no highlighting."""
    from rich.text import Text

    return Text(shown(value), style=value.style if isinstance(value, Styled) else style)


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column of a table for people: its heading, what each item shows in it, and how it
    gives way in a narrow terminal: `wrap` onto more lines, `keep` whole on one line (a bar, a
    date, an action), or `cut` short with … (free text: details, names)."""

    en: str
    th: str
    cell: Callable[[T], object]
    fit: str = WRAP


def as_json(item: object) -> Any:
    """An item as scripts get it: its `as_dict()`, a dataclass's fields, or the item itself."""
    to_dict = getattr(item, "as_dict", None)
    if callable(to_dict):
        return to_dict()
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    return item


class Ui:
    def __init__(self, *, json_mode: bool, quiet: bool, lang: str) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self.lang = lang
        from rich.console import Console  # here, not at import: `lhrctl --help` stays quick

        self.err = Console(stderr=True, highlight=False)
        self.out = Console(highlight=False)
        if not self.out.is_terminal:
            self.out.width = 200  # a pipe or a file: don't cut table cells to 80 columns

    @property
    def narrow(self) -> bool:
        """A terminal under 120 columns: tables shed their borders and secondary columns."""
        return self.out.width < NARROW

    def t(self, en: str, th: str) -> str:
        return th if self.lang == "th" else en

    def word(self, labels: dict[str, tuple[str, str]], key: str | None) -> str:
        """A stored key (a role, a state) as a person reads it (`lhrctl.labels`)."""
        from lhrctl.labels import label

        return label(labels, key, self.lang)

    def date(self, value: date | None) -> str:
        return be_date(value, self.lang)

    def datetime(self, value: datetime | None) -> str:
        return be_datetime(value, self.lang)

    # messages (stderr)
    def info(self, en: str, th: str) -> None:
        if not self.quiet:
            self._say(self.t(en, th))

    def success(self, en: str, th: str) -> None:
        if not self.quiet:
            self._say(("✓", "green"), " ", self.t(en, th))

    def warn(self, en: str, th: str) -> None:
        self._say((f"{self.t('Warning', 'คำเตือน')}:", "yellow"), " ", self.t(en, th))

    def error(self, error: LhrError) -> None:
        label = self.t("Error", "ข้อผิดพลาด")
        self._say((f"{label}:", "bold red"), " ", error.message(self.lang), soft_wrap=True)
        hint = error.hint(self.lang)
        if hint:
            self._say((f"{self.t('Hint', 'คำแนะนำ')}: {hint}", "dim"), soft_wrap=True)

    def _say(self, *parts: str | tuple[str, str], soft_wrap: bool = False) -> None:
        """A line on stderr of plain text and (text, style) parts."""
        from rich.text import Text

        self.err.print(Text.assemble(*parts), soft_wrap=soft_wrap)

    @contextmanager
    def status(self, text: str) -> Iterator[object]:
        """A spinner on stderr while something waits, only for a person at a terminal."""
        if self.quiet or self.json_mode or not self.err.is_terminal:
            with nullcontext():
                yield None
        else:
            with self.err.status(plain(text)):
                yield None

    # data (stdout): what a command hands over, rendered as --json or a table

    def rows(
        self,
        items: Sequence[T],
        columns: Sequence[Column[T]],
        *,
        title: str | None = None,
        json: Callable[[T], Any] | None = as_json,
    ) -> None:
        """A list: a JSON array of the items with --json, else a table with a column each.
        `json=None`: a table for people only (its data is in the command's JSON already)."""
        if self.json_mode:
            if json is not None:
                self.emit_json([json(item) for item in items])
            return
        self.table(
            [self.t(c.en, c.th) for c in columns],
            [[c.cell(item) for c in columns] for item in items],
            title=title,
            fits=[c.fit for c in columns],
        )

    def sheet(
        self, items: Sequence[T], columns: Sequence[Column[T]]
    ) -> tuple[list[dict[str, Any]], list[str], tuple[()]]:
        """The items as a workbook sheet takes them (`writers.records`): a row a dict by
        heading, the headings in the officer's language, no date fields."""
        heads = [self.t(c.en, c.th) for c in columns]
        rows = [
            {h: _unstyled(c.cell(item)) for h, c in zip(heads, columns, strict=True)}
            for item in items
        ]
        return rows, heads, ()

    def record(
        self,
        item: T,
        fields: Sequence[Column[T]],
        *,
        title: str | None = None,
        json: Callable[[T], Any] = as_json,
    ) -> None:
        """One thing: a JSON object with --json, else a field per line."""

        def draw() -> None:
            self.fields([(self.t(f.en, f.th), f.cell(item)) for f in fields], title=title)

        self.present(item, draw, json=json)

    def present(
        self, item: object, draw: Callable[[], None], *, json: Callable[[Any], Any] = as_json
    ) -> None:
        """Anything else: the item as JSON with --json, else what `draw` shows people."""
        if self.json_mode:
            self.emit_json(json(item))
        else:
            draw()

    def outcome(
        self, item: object, en: str, th: str, *, json: Callable[[Any], Any] = as_json
    ) -> None:
        """The result of a change: the item as JSON with --json, else a line saying it is done."""
        self.present(item, lambda: self.success(en, th), json=json)

    def emit_json(self, data: Any) -> None:
        from lhrctl.writers.records import json_text

        sys.stdout.write(json_text(data))

    def data(self, text: str, output: Path | None = None) -> None:
        """Data already rendered (JSON, CSV): into the file given, else on stdout."""
        if output is not None:
            from lhrctl.writers.files import write_private_text

            write_private_text(output, text)
        else:
            sys.stdout.write(text)

    def value(self, text: str) -> None:
        """One value for people on stdout (a one-time code); under --json it is in the JSON."""
        if not self.json_mode:
            self.out.print(text, soft_wrap=True, highlight=False, markup=False)

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[object]],
        title: str | None = None,
        fits: Sequence[str] = (),
    ) -> None:
        if self.json_mode:  # under --json, stdout carries the JSON document and nothing else
            return
        from rich import box
        from rich.table import Table

        from lhrctl.commands._fit import add_columns

        compact = self.narrow  # no side borders or column lines: their columns go to the data
        self._title(title)
        table = Table(
            header_style="bold",
            box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
            show_edge=not compact,
        )
        whole = add_columns(table, columns, rows, fits, self.out.width, compact)
        _add_rows(table, rows, at_once=whole)
        self.out.print(table)

    def fields(self, pairs: Sequence[tuple[str, object]], title: str | None = None) -> None:
        if self.json_mode:
            return
        from rich.table import Table

        self._title(title)
        table = Table(show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column()
        for key, value in pairs:
            table.add_row(plain(key), plain(value))
        self.out.print(table)

    def _title(self, title: str | None) -> None:
        """A table's title on a line of its own: as rich's title it wraps at the table's width,
        a long one over a narrow table (a certification's status above its counts)."""
        if title is not None:
            self.out.print(plain(title, style="table.title"))


def _add_rows(table: Any, rows: Sequence[Sequence[object]], *, at_once: bool) -> None:
    """The rows, `at_once` (the table within the width, no cell wrapped) as each column's cells
    the lines of one cell: drawn alike, as none of them wraps, in a fraction of the time Rich
    takes a row (0.5 s for 1,000 findings)."""
    if at_once and len(rows) > 1 and not _any_breaks(rows):
        for column in table.columns:
            column.no_wrap = True  # nothing to wrap: its lines are not split into words
        table.add_row(*(_lines(row[i] for row in rows) for i in range(len(table.columns))))
    else:
        for row in rows:
            table.add_row(*(plain(v) for v in row))


def _any_breaks(rows: Sequence[Sequence[object]]) -> bool:
    return any(_breaks(v) for row in rows for v in row)


def _breaks(value: object) -> bool:
    """A cell Rich draws on more lines, wider than it measures (a tab), or whose style fills
    its column (as one of many lines, its style would end with its text)."""
    text = str(value)
    return "\n" in text or "\t" in text or isinstance(value, Styled)


def _lines(cells: Iterator[object]) -> Any:
    """The cells as the lines of one column, each as `plain` shows it."""
    from rich.control import strip_control_codes

    return _Lines(strip_control_codes("\n".join(map(shown, cells))))


class _Lines:
    """A column's cells, one a line, drawn as Rich draws the lines of a Text none of which
    wraps (the table fits): cut short to the column (with an ellipsis where it says so),
    padded to it. Rich splits, wraps and divides each line of a Text: 0.09 s a 1,000-line
    table, half of that here. A justification other than left is left to the Text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        return Text(self.text).__rich_measure__(console, options)

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.segment import Segment
        from rich.text import Text

        if (options.justify or "default") not in ("default", "left"):
            yield from Text(self.text).__rich_console__(console, options)
            return
        width, overflow = options.max_width, options.overflow or "fold"
        pad = options.justify == "left"
        for line in self.text.split("\n"):
            yield Segment(_fitted(line, width, overflow, pad=pad))
            yield Segment.line()


def _fitted(line: str, width: int, overflow: Any, *, pad: bool) -> str:
    """A line of a Text as Rich's `truncate` leaves it: cut to `width` (an ellipsis last where
    the overflow says so), else padded to it if `pad`."""
    from rich.text import Text

    text = Text(line)
    text.truncate(width, overflow=overflow, pad=pad)
    return text.plain


def _unstyled(value: object) -> object:
    return str(value) if isinstance(value, Styled) else value
