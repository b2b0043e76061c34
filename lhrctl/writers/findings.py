"""The findings workbook: a copy of the checked file with bad cells highlighted and a column of
messages on every row that has findings, which the officer fixes and imports again."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lhrctl.staff_files.readers import open_sheets
from lhrctl.writers.cells import text_cell
from lhrctl.writers.files import private_file

if TYPE_CHECKING:
    from lhrctl.staff_files.layout import Layout
    from lhrctl.staff_files.reading import StaffFile
    from lhrctl.staff_files.rules import Finding

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


def write_findings_workbook(checked: StaffFile, out: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    fills = {
        "error": PatternFill("solid", fgColor=ERROR_FILL),
        "warning": PatternFill("solid", fgColor=WARNING_FILL),
    }
    by_row: dict[tuple[str | None, int], list[Finding]] = defaultdict(list)
    for finding in checked.findings:
        if finding.row is not None:
            by_row[(finding.sheet, finding.row)].append(finding)
    wb = Workbook(write_only=True)
    for source in open_sheets(checked.path):
        ws = wb.create_sheet((source.name or checked.path.stem)[:31])
        layout = checked.layouts.get(source.name)
        header = layout.header_row if layout else 0
        for number, cells in source.rows:
            found = by_row.get((source.name, number), [])
            row = _marked_cells(ws, cells, _fills(found, layout, fills))
            note = _note(ws, found, lang, header=number == header)
            ws.append(row if note is None else [*row, note])
    wb.save(private_file(out))


def _fills(found: list[Finding], layout: Layout | None, fills: dict[str, Any]) -> dict[int, Any]:
    """The fill of each bad cell, by column index: an error's over a warning's."""
    if layout is None:
        return {}
    return {
        layout.columns[f.column]: fills[f.severity]
        for f in sorted(found, key=lambda f: f.severity == "error")
        if f.column in layout.columns
    }


def _marked_cells(ws: Any, cells: list[object], marked: dict[int, Any]) -> list[object]:
    row: list[object] = []
    for index, value in enumerate(cells):
        cell = text_cell(ws, value)  # the officer's `=…` comes back as text, not a formula
        if index in marked:
            cell.fill = marked[index]
        row.append(cell)
    return row


def _note(ws: Any, found: list[Finding], lang: str, *, header: bool) -> object | None:
    """The last column: its title on the header row, the row's findings on a row that has any."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if header:
        note = WriteOnlyCell(ws, value="ปัญหาที่พบ" if lang == "th" else "Problems found")
        note.font = Font(bold=True)
        return note
    if found:
        return text_cell(ws, "; ".join(f"{f.rule} {f.message(lang)}" for f in found))
    return None
