"""The manpower plan workbook an office fills (แผนอัตรากำลัง 3 ปี): a sheet of lines, a position a
row, and a sheet of the annual budget of each year, headed as `lhrctl plan import` reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.staff_files.vocabulary import PERSONNEL_TYPES
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.template import TYPE_NOT_LISTED, drop_down, format_columns, list_sheet

ROWS = 500
LINES = (  # header, width, format
    ("ส่วนราชการ", 26, "@"),
    ("ตำแหน่ง", 28, "@"),
    ("ประเภทบุคลากร", 26, "@"),
    ("ระดับ", 16, "@"),
    ("เลขที่ตำแหน่ง", 20, "@"),
    ("กรอบอัตรากำลังเดิม", 12, "0"),
    ("ปีที่ 1", 9, "0"),
    ("ปีที่ 2", 9, "0"),
    ("ปีที่ 3", 9, "0"),
    ("เงินเดือน (บาท/เดือน)", 14, "#,##0.00"),
    ("ประโยชน์ตอบแทนอื่น (บาท/ปี)", 16, "#,##0.00"),
    ("หมายเหตุ", 24, "@"),
)


def write_plan_template(path: Path, cycle: tuple[int, int, int]) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "แผนอัตรากำลัง"
    ws.append([f"แผนอัตรากำลัง 3 ปี ประจำปีงบประมาณ พ.ศ. {cycle[0]}-{cycle[2]} (ชื่อ อปท.)"])
    ws.append([header for header, _, _ in LINES])
    format_columns(ws, [(width, number_format) for _, width, number_format in LINES], ROWS)
    list_sheet(wb, [PERSONNEL_TYPES])
    drop_down(ws, "C", (1, len(PERSONNEL_TYPES)), ROWS, strict=True, error=TYPE_NOT_LISTED)
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    counts.add(f"F3:I{ROWS + 2}")
    ws.add_data_validation(counts)
    budget = wb.create_sheet("งบประมาณ", index=1)
    budget.append(["งบประมาณรายจ่ายประจำปี (ทั้งหมด ไม่รวมเงินอุดหนุนเฉพาะกิจ)"])
    budget.append(["ปีงบประมาณ", "งบประมาณรายจ่ายประจำปี (บาท)"])
    format_columns(budget, [(14, "0"), (24, "#,##0.00")], 3)
    for row, year in enumerate(cycle, start=3):
        budget.cell(row=row, column=1, value=year)
    keep_as_text(wb)
    wb.save(private_file(path))


def write_plan_workbook(
    path: Path,
    cycle: tuple[int, int, int],
    lines: list[dict[str, Any]],
    budgets: list[float | None],
) -> None:
    """A plan in the template's layout, its lines and budgets filled in: `plan import` reads it
    back as it is."""
    from openpyxl import load_workbook

    write_plan_template(path, cycle)
    wb = load_workbook(path)
    ws = wb["แผนอัตรากำลัง"]
    for row, line in enumerate(lines, start=3):
        kind = PERSONNEL_TYPES_TH.get(line["personnel_type"], line["personnel_type"])
        values = [line[f] for f in _LINE_ORDER]
        values[_LINE_ORDER.index("personnel_type")] = kind
        for column, value in enumerate(values, start=1):
            ws.cell(row=row, column=column, value=value)
    for row, amount in enumerate(budgets, start=3):
        wb["งบประมาณ"].cell(row=row, column=2, value=amount)
    keep_as_text(wb)
    wb.save(private_file(path))


_LINE_ORDER = ("division", "position", "personnel_type", "level", "position_nos", "framework",
               "year_1", "year_2", "year_3", "salary", "benefits", "note")  # fmt: skip
# each type as the drop-down offers it: its first label in the vocabulary
PERSONNEL_TYPES_TH = {kind: label for label, kind in reversed(PERSONNEL_TYPES.items())}
