"""The findings workbook: a copy of the checked file with bad cells highlighted and a column of
messages on every row that has findings, which the officer fixes and imports again. A finding
of no row (no header row found, a sheet of another LAO, a file that is no staff list) is told
on its sheet's header row, or its first row; one of no sheet on the first sheet's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, time
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lhrctl.staff_files.readers import open_sheets
from lhrctl.staff_files.vocabulary import NOTE_TITLES
from lhrctl.writers.cells import be_date_cell, text_cell
from lhrctl.writers.files import private_target
from lhrctl.writers.printing import (
    MAX_WIDTH,
    SAMPLE_ROWS,
    column_widths,
    print_setup,
    set_widths,
)

if TYPE_CHECKING:
    from lhrctl.staff_files.layout import Layout
    from lhrctl.staff_files.readers import Sheet
    from lhrctl.staff_files.rules import Finding

NAME_PARTS = ("title", "first_name", "last_name")
NOTE_WIDTH = MAX_WIDTH
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


class CheckedFile(Protocol):
    """A file read and checked: a staff file, a ก.พ.7 workbook."""

    @property
    def path(self) -> Path: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def layouts(self) -> Mapping[str | None, Layout]: ...


def write_findings_workbook(checked: CheckedFile, out: Path, lang: str) -> None:
    from openpyxl import Workbook

    by_row: dict[tuple[str | None, int], list[Finding]] = defaultdict(list)
    rowless: dict[str | None, list[Finding]] = defaultdict(list)  # by sheet (None: the file)
    for finding in checked.findings:
        if finding.row is not None:
            by_row[(finding.sheet, finding.row)].append(finding)
        else:
            rowless[finding.sheet].append(finding)
    with private_target(out) as target:
        wb = Workbook(write_only=True)
        for index, source in enumerate(open_sheets(checked.path)):
            ws = wb.create_sheet((source.name or checked.path.stem)[:31])
            told = [*(rowless[None] if index == 0 else []), *rowless[source.name]]
            _copy_sheet(ws, source, checked.layouts.get(source.name), by_row, told, lang)
        wb.save(target)


def _copy_sheet(
    ws: Any,
    source: Sheet,
    layout: Layout | None,
    by_row: Mapping[tuple[str | None, int], list[Finding]],
    told: list[Finding],
    lang: str,
) -> None:
    """The sheet's rows, marked up with the findings of each (`by_row`); `told`, the findings
    of no row, on its header row, or its first row."""
    from openpyxl.styles import PatternFill

    fills = {
        "error": PatternFill("solid", fgColor=ERROR_FILL),
        "warning": PatternFill("solid", fgColor=WARNING_FILL),
    }
    header = layout.header_row if layout else 0
    rows = ((number, [_shown(v) for v in cells]) for number, cells in source.rows)
    sample = list(islice(rows, SAMPLE_ROWS))
    _print_setup(ws, sample, header)
    top = header if layout else next((number for number, _ in sample), 0)
    for number, cells in chain(sample, rows):
        found = by_row.get((source.name, number), [])
        row = _marked_cells(ws, cells, _fills(found, layout, fills, len(cells)))
        on_row = [*told, *found] if number == top else found
        note = _note(ws, on_row, lang, header=number == header)
        ws.append(row if note is None else [*row, note])


def _shown(value: object) -> object:
    """A date as the officer reads and `import staff` reads back: BE text, never `###`."""
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()
    return be_date_cell(value)


def _print_setup(ws: Any, sample: list[tuple[int, list[object]]], header: int) -> None:
    """The copy's widths from its first rows, the column of problems last; its header (the
    source's, at its place in the copy) frozen and printed on every page."""
    widths = column_widths(cells for number, cells in sample if number >= header)
    set_widths(ws, [*widths, NOTE_WIDTH])
    place = next((i for i, (number, _) in enumerate(sample, 1) if number == header), None)
    print_setup(ws, place)


def _fills(
    found: list[Finding], layout: Layout | None, fills: dict[str, Any], width: int
) -> dict[int, Any]:
    """The fill of each bad cell, by column index: an error's over a warning's. A finding of no
    column of the sheet (the surname a full name lacks) fills its whole row."""
    marked: dict[int, Any] = {}
    for f in sorted(found, key=lambda f: f.severity == "error"):
        where = _column_of(f.column, layout)
        cells = range(width) if where is None else [where]
        for index in cells:
            marked[index] = fills[f.severity]
    return marked


def _column_of(field: str | None, layout: Layout | None) -> int | None:
    if layout is None or field is None:
        return None
    if field in layout.columns:
        return layout.columns[field]
    if field in NAME_PARTS and "full_name" in layout.columns:
        return layout.columns["full_name"]
    return None


def _marked_cells(ws: Any, cells: list[object], marked: dict[int, Any]) -> list[object]:
    row: list[object] = []
    for index, value in enumerate(cells):
        cell = text_cell(ws, value)  # the officer's `=…` comes back as text, not a formula
        if index in marked:
            cell.fill = marked[index]
        row.append(cell)
    return row


def _told(finding: Finding, lang: str) -> str:
    """A finding in the column of problems: its rule, the column it is about (a row's two
    names may both be wrong, each its own finding), what is wrong."""
    from lhrctl.staff_files.rules import field_label

    column = f" ({field_label(finding.column, lang)})" if finding.column else ""
    return f"{finding.rule}{column} {finding.message(lang)}"


def _note(ws: Any, found: list[Finding], lang: str, *, header: bool) -> object | None:
    """The last column: its title on the header row (then the findings on it, of no row), the
    row's findings on a row that has any."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if header:
        title = NOTE_TITLES["th" if lang == "th" else "en"]
        told = "; ".join(_told(f, lang) for f in found)
        note = WriteOnlyCell(ws, value=f"{title}: {told}" if found else title)
        note.font = Font(bold=True)
        return note
    if found:
        from openpyxl.styles import Alignment

        note = text_cell(ws, "; ".join(_told(f, lang) for f in found))
        note.alignment = Alignment(wrap_text=True, vertical="top")
        return note
    return None
