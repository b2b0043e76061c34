"""Rendering findings and progress for the staff-file commands."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lhrctl.commands._context import AppState
from lhrctl.commands._ui import Column
from lhrctl.staff_files.rules import field_label

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from lhrctl.staff_files.options import ReadOptions
    from lhrctl.staff_files.reading import Progress, StaffFile
    from lhrctl.staff_files.rules import Finding


def where(finding: Finding) -> str:
    """`Sheet1!16` in a file; `6540206 1-2345-xxxxx-xx-1` for a stored record."""
    if finding.national_id:
        from lhrctl.national_id import mask_national_id

        return f"{finding.sheet} {mask_national_id(finding.national_id)}"
    row = (
        f"{finding.sheet}!{finding.row}"
        if finding.sheet and finding.row
        else str(finding.row or "")
    )
    return row or (finding.sheet or "-")


def finding_columns(state: AppState, cut: int | None = 40) -> list[Column[Finding]]:
    """A finding as people read it, a column each: rule, level, where, column, value (cut at
    `cut` characters on a screen), problem."""
    ui = state.ui
    return [
        Column("Rule", "กฎ", lambda f: f.rule),
        Column("Level", "ระดับ",
               lambda f: ui.t(f.severity, "ผิดพลาด" if f.severity == "error" else "คำเตือน")),
        Column("Where", "เซลล์", where),
        Column("Column", "คอลัมน์",
               lambda f: field_label(f.column, state.lang) if f.column else None),
        Column("Value", "ค่า", lambda f: (f.value or "")[:cut] or None),
        Column("Problem", "ปัญหา", lambda f: f.message(state.lang)),
    ]  # fmt: skip


def findings_table(
    state: AppState, findings: Sequence[Finding], limit: int, title: str | None = None
) -> None:
    """A table grouped by rule (rule, then sheet and row), cut at `limit` rows with a note."""
    ui = state.ui
    shown = sorted(findings, key=lambda f: (f.rule, f.sheet or "", f.row or 0))[:limit]
    columns = finding_columns(state)
    ui.table(
        [ui.t(c.en, c.th) for c in columns],
        [[c.cell(f) for c in columns] for f in shown],
        title=title,
    )
    if len(findings) > limit:
        ui.info(
            f"… {len(findings) - limit} more finding(s) not shown (--max-findings).",
            f"… ยังมีอีก {len(findings) - limit} รายการที่ไม่ได้แสดง (--max-findings)",
        )


@contextmanager
def row_progress(state: AppState, label: str) -> Iterator[Progress | None]:
    """A rows and rows/s counter on stderr while a file is read, for a person at a terminal."""
    ui = state.ui
    if ui.quiet or ui.json_mode or not ui.err.is_terminal:
        yield None
        return
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),  # a file's name, as it is
        TextColumn("{task.fields[count]}", markup=False),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    rows = ui.t("rows", "แถว")
    # a large sheet is laid out whole before its first row is counted (seconds): not "0 rows"
    opening = ui.t("opening the file…", "กำลังเปิดไฟล์…")
    with Bar(*columns, console=ui.err, transient=True) as progress:
        task = progress.add_task(label, total=None, count=opening, rate="")
        started = time.monotonic()

        def advance(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            progress.update(task, count=f"{done:,} {rows}", rate=f"{rate:,.0f}/s")

        yield advance


@dataclass(frozen=True)
class Reading:
    """How the officer asked for a staff file to be read: its LAO, and the options of
    `ReadOptions` (its sheet, the meaning of headers it does not know, how large a sheet may be,
    the personnel type where it gives none)."""

    org: str | None
    options: ReadOptions

    @classmethod
    def asked(
        cls,
        org: str | None,
        sheet: str | None,
        mapping: Path | None,
        max_columns: int,
        max_cells: int,
        personnel_type: str | None,
    ) -> Reading:
        """From the options of `validate` and `import staff`: the mapping file read, the type
        made canonical (a usage error before any file is opened)."""
        from lhrctl.staff_files.limits import SheetLimits
        from lhrctl.staff_files.options import ReadOptions, type_option

        options = ReadOptions(
            sheet,
            _read_mapping(mapping) if mapping else None,
            SheetLimits(max_columns, max_cells),
            type_option(personnel_type),
        )
        return cls(org, options)

    def arguments(self) -> dict[str, Any]:
        return {"org": self.org, "options": self.options}

    def ahead(self, items: list[Path], *, pieces: bool = False) -> AbstractContextManager[None]:
        """The first of the files named (a folder: of its staff files, a ก.พ.7 workbook's
        passed over, which is not read) starts loading now, if it is a large workbook, beside
        what the command does before it reads it; `pieces`: in pieces (an import as read)."""
        from lhrctl.staff_files.readers import (
            loading_ahead,
            named_record_of_service,
            staff_file_paths,
        )

        options = self.options
        paths = staff_file_paths(items[:1])
        first = next((p for p in paths if not named_record_of_service(p, options.sheet)), None)
        if first is None:
            return nullcontext()
        return loading_ahead(first, options.sheet, options.limits, pieces=pieces)


def _read_mapping(path: Path) -> dict[str, str]:
    from lhrctl.staff_files.mapping import read_mapping  # only when asked: see type_option

    return read_mapping(path)


def check_file_here(state: AppState, file: Path, reading: Reading) -> StaffFile:
    """A staff file checked on this machine, with no database: the registry shipped with lhrctl
    stands for the stored one."""
    with reading.ahead([file]):
        from lhrctl.services.clock import today
        from lhrctl.staff_files.reading import LaoDirectory, read_staff_file

        with row_progress(state, file.name) as progress:
            return read_staff_file(
                file,
                directory=LaoDirectory.bundled(),
                today=today(),
                progress=progress,
                **reading.arguments(),
            )
