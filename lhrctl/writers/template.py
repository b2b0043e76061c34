"""The staff workbook template: canonical Thai headers, drop-down lists and date formats, so new
files come in clean and `lhrctl import staff` reads them without guessing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lhrctl.staff_files.vocabulary import PERSONNEL_TYPES
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.printing import print_setup

COLUMNS = (  # header, width, format
    ("เลขประจำตัวประชาชน", 18, "@"),
    ("คำนำหน้า", 12, "@"),
    ("ชื่อ", 16, "@"),
    ("นามสกุล", 18, "@"),
    ("วันเกิด", 12, "dd/mm/yyyy"),
    ("ประเภทบุคลากร", 26, "@"),
    ("ตำแหน่ง", 28, "@"),
    ("เลขที่ตำแหน่ง", 18, "@"),
    ("ระดับ", 16, "@"),
    ("ส่วนราชการ", 28, "@"),
    ("เงินเดือน", 12, "#,##0.00"),
    ("วันบรรจุ", 12, "dd/mm/yyyy"),
)
TITLES = ("นาย", "นาง", "นางสาว", "ว่าที่ร้อยตรี", "ว่าที่ร้อยตรีหญิง", "ดร.")
ROWS = 2000
TYPE_NOT_LISTED = "เลือกประเภทบุคลากรจากรายการ / Choose a personnel type from the list."
TITLE_NOT_LISTED = "คำนำหน้านี้ไม่อยู่ในรายการ ใช้ต่อหรือไม่ / This title is not in the list: keep it?"
LISTS = "รายการ"  # a template's hidden sheet of the values its drop-downs offer


def write_template(path: Path, org_title: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "บุคลากร"
    ws.append([org_title or "บัญชีรายชื่อบุคลากร (ชื่อ อปท.) จังหวัด (ชื่อจังหวัด)"])
    ws.append([header for header, _, _ in COLUMNS])
    format_columns(ws, [(width, number_format) for _, width, number_format in COLUMNS])

    list_sheet(wb, [PERSONNEL_TYPES, TITLES])
    last = ROWS + 2
    # a type not in the list is LHR401, so Excel refuses it; any title or rank may open a
    # name, so the list of titles only asks
    drop_down(ws, "F", (1, len(PERSONNEL_TYPES)), ROWS, strict=True, error=TYPE_NOT_LISTED)
    drop_down(ws, "B", (2, len(TITLES)), ROWS, strict=False, error=TITLE_NOT_LISTED)
    dates = DataValidation(type="date", operator="greaterThan", formula1="1")
    dates.add(f"E3:E{last}")
    dates.add(f"L3:L{last}")
    ws.add_data_validation(dates)
    keep_as_text(wb)
    wb.save(private_file(path))


def list_sheet(wb: Any, lists: Sequence[Sequence[str]]) -> None:
    """The hidden sheet of the values the drop-downs offer (LISTS), a list a column."""
    sheet = wb.create_sheet(LISTS)
    for column, values in enumerate(lists, start=1):
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    sheet.sheet_state = "hidden"


def drop_down(
    ws: Any, column: str, source: tuple[int, int], rows: int, *, strict: bool, error: str
) -> None:
    """The `rows` cells of `column` under the header (row 2) offer a list of the list sheet
    (`source`: its column, and how many values it holds): a value outside it is refused where
    `strict`, else only asked about; `error` is what Excel says then."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter, length = get_column_letter(source[0]), source[1]
    rule = DataValidation(
        type="list", formula1=f"={LISTS}!${letter}$1:${letter}${length}", allow_blank=True,
        showErrorMessage=True, errorStyle="stop" if strict else "warning", error=error,
    )  # fmt: skip
    rule.add(f"{column}3:{column}{rows + 2}")
    ws.add_data_validation(rule)


def format_columns(ws: Any, columns: list[tuple[int, str]], rows: int = ROWS) -> None:
    """The header (row 2, under a title row) bold on a tint, each column its width and, for
    `rows` rows under it, its number format (`@` text, dates dd/mm/yyyy); printed as A4."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, (width, number_format) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        ws.cell(row=2, column=index).font = bold
        ws.cell(row=2, column=index).fill = fill
        for row in range(3, rows + 3):
            ws.cell(row=row, column=index).number_format = number_format
    print_setup(ws, header_row=2)
