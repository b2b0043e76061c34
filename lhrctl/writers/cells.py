"""Text that stays text: a value lhrctl writes into a CSV or XLSX file is never evaluated.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
LibreOffice (CSV injection, OWASP). In CSV such a value gets a leading `'`, as OWASP advises; in
XLSX every text cell is written as a string, never as a formula. Numbers stay numbers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from lhrctl.thai import be_numeric

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_value(value: object) -> object:
    return f"'{value}" if looks_like_formula(value) else value


def be_date_cell(value: object) -> object:
    """A date in a cell people read: `15/03/2520` text (never `###`, never Gregorian); anything
    else as it is. `import staff` reads it back as the same date."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return be_numeric(value)
    return value


def text_cell(ws: Any, value: object) -> Any:
    """A cell for a write-only sheet: a string stays a string even if it starts with `=`."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def keep_as_text(workbook: Any) -> None:
    """Before saving a workbook built cell by cell: no cell is a formula."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
