"""The progress report as a workbook a province can send up: a summary sheet (one row per
province) and a sheet of LAOs, late rows highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lhrctl.thai import be_numeric

if TYPE_CHECKING:
    from lhrctl.services.progress import ProgressReport

LATE_FILL = "FFC7CE"
PROVINCE_HEADERS_TH = [
    "รหัสจังหวัด", "จังหวัด", "อปท.", "กำลังบันทึก", "ส่งคืน", "รับรอง อปท.", "รับรองจังหวัด",
    "ล่าช้า", "ข้าราชการ", "ลูกจ้างประจำ", "พนักงานจ้าง",
]  # fmt: skip
PROVINCE_HEADERS_EN = [
    "Code", "Province", "LAOs", "Recording", "Returned", "LAO certified", "Province certified",
    "Late", "Civil servants", "Permanent", "Contract",
]  # fmt: skip
LAO_HEADERS_TH = [
    "รหัส", "ชื่อ", "จังหวัด", "สถานะ", "ล่าช้า", "ข้าราชการ", "ลูกจ้างประจำ", "พนักงานจ้าง",
]  # fmt: skip
LAO_HEADERS_EN = [
    "Code", "Name", "Province", "State", "Late", "Civil servants", "Permanent", "Contract",
]  # fmt: skip


def _be(value: object) -> str:
    from datetime import date

    return be_numeric(value) if isinstance(value, date) else str(value)


def write_progress_workbook(report: ProgressReport, out: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    th = lang == "th"
    late_fill = PatternFill("solid", fgColor=LATE_FILL)
    bold = Font(bold=True)
    wb = Workbook()
    summary = wb.active
    summary.title = "สรุป" if th else "Summary"
    summary.append(
        [
            f"{'รอบ' if th else 'Round'} {report.round.name}",
            f"{'กำหนด อปท.' if th else 'LAO deadline'} {_be(report.round.lao_deadline)}",
            f"{'กำหนดจังหวัด' if th else 'Province deadline'} {_be(report.round.province_deadline)}",
            f"{'ข้อมูล ณ' if th else 'As of'} {_be(report.today)}",
        ]
    )
    header = PROVINCE_HEADERS_TH if th else PROVINCE_HEADERS_EN
    summary.append(header)
    for cell in summary[2]:
        cell.font = bold
    for p in report.provinces:
        summary.append(
            [
                p.code,
                p.name,
                p.laos,
                p.states["recording"],
                p.states["returned"],
                p.states["lao_certified"],
                p.states["province_certified"],
                p.late,
                p.people["civil_servant"],
                p.people["permanent_employee"],
                p.people["contract"],
            ]
        )
        if p.late:
            for cell in summary[summary.max_row]:
                cell.fill = late_fill
    laos = wb.create_sheet("อปท." if th else "LAOs")
    laos.append(LAO_HEADERS_TH if th else LAO_HEADERS_EN)
    for cell in laos[1]:
        cell.font = bold
    for lao in report.laos:
        laos.append(
            [
                lao.code,
                lao.name,
                lao.province_code,
                lao.state,
                ("ล่าช้า" if th else "late") if lao.late else "",
                lao.people["civil_servant"],
                lao.people["permanent_employee"],
                lao.people["contract"],
            ]
        )
        if lao.late:
            for cell in laos[laos.max_row]:
                cell.fill = late_fill
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
