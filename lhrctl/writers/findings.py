"""The findings workbook: a copy of the checked file with bad cells highlighted and a column of
messages on every row that has findings, which the officer fixes and imports again."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from lhrctl.staff_files.readers import open_sheets

if TYPE_CHECKING:
    from lhrctl.staff_files.reading import StaffFile
    from lhrctl.staff_files.rules import Finding

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


def write_findings_workbook(checked: StaffFile, out: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

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
            row: list[object] = []
            found = by_row.get((source.name, number), [])
            marked = {
                layout.columns[f.column]: fills[f.severity]
                for f in sorted(found, key=lambda f: f.severity == "error")
                if layout and f.column in layout.columns
            }
            for index, value in enumerate(cells):
                cell = WriteOnlyCell(ws, value=value)
                if index in marked:
                    cell.fill = marked[index]
                row.append(cell)
            if number == header:
                note = WriteOnlyCell(ws, value="ปัญหาที่พบ" if lang == "th" else "Problems found")
                note.font = Font(bold=True)
                row.append(note)
            elif found:
                text = "; ".join(f"{f.rule} {f.message(lang)}" for f in found)
                row.append(WriteOnlyCell(ws, value=text))
            ws.append(row)
    wb.save(out)
