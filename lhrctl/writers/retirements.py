"""The retirements of a fiscal year as a workbook: a row per person, by LAO, fit to print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.labels import PERSONNEL_TYPES, label
from lhrctl.national_id import mask_national_id
from lhrctl.thai import be_numeric
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.printing import fit_for_print

HEADERS = [  # (English, Thai)
    ("LAO", "รหัส อปท."), ("LAO name", "ชื่อ อปท."), ("National ID", "เลขประจำตัวประชาชน"),
    ("Name", "ชื่อ-สกุล"), ("Type", "ประเภทบุคลากร"), ("Position", "ตำแหน่ง"),
    ("Level", "ระดับ"), ("Salary", "เงินเดือน"), ("Born", "วันเกิด"),
]  # fmt: skip


def write_retirements_workbook(report: Any, out: Path, lang: str) -> None:
    """`report` is a `services.retirements.Retirements`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    th = lang == "th"
    wb = Workbook()
    ws = wb.active
    ws.title = "ผู้เกษียณ" if th else "Retirements"
    retires = be_numeric(report.retires_on)
    ws.append(
        [
            f"ผู้ครบเกษียณอายุ ปีงบประมาณ {report.fiscal_year} (พ้นจากราชการ {retires})"
            if th
            else f"Retiring in fiscal year {report.fiscal_year} (service ends {retires})"
        ]
    )
    ws.append([pair[th] for pair in HEADERS])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for p in report.people:
        ws.append(
            [
                p.org_code, p.lao_name, mask_national_id(p.national_id), p.name,
                label(PERSONNEL_TYPES, p.personnel_type, lang), p.position, p.level or "",
                p.salary, be_numeric(p.birth_date),
            ]
        )  # fmt: skip
        ws.cell(row=ws.max_row, column=8).number_format = "#,##0.00"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    fit_for_print(ws, header_row=2)
    keep_as_text(wb)
    wb.save(private_file(out))
