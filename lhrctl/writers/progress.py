"""The progress report as a workbook a province can send up: a summary sheet (one row per
province) and a sheet of LAOs, late rows highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.labels import CERTIFICATION_STATES, label
from lhrctl.thai import be_numeric
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.printing import fit_for_print

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


WORDS = {  # (English, Thai)
    "round": ("Round", "รอบ"),
    "lao_deadline": ("LAO deadline", "กำหนด อปท."),
    "province_deadline": ("Province deadline", "กำหนดจังหวัด"),
    "as_of": ("As of", "ข้อมูล ณ"),
    "summary": ("Summary", "สรุป"),
    "laos": ("LAOs", "อปท."),
    "late": ("late", "ล่าช้า"),
}


def _be(value: object) -> str:
    from datetime import date

    return be_numeric(value) if isinstance(value, date) else str(value)


def write_progress_workbook(report: Any, out: Path, lang: str) -> None:
    """`report` is a progress report (`services.progress.ProgressReport`): its round, date,
    provinces and LAOs, each with its states and people counted."""
    from openpyxl import Workbook

    th = lang == "th"

    def word(key: str) -> str:
        return WORDS[key][1 if th else 0]

    wb = Workbook()
    summary = wb.active
    summary.title = word("summary")
    # the round's facts in one line across the table: four cells would each be cut short
    summary.append(
        [
            "   ".join(
                (
                    f"{word('round')} {report.round.name}",
                    f"{word('lao_deadline')} {_be(report.round.lao_deadline)}",
                    f"{word('province_deadline')} {_be(report.round.province_deadline)}",
                    f"{word('as_of')} {_be(report.today)}",
                )
            )
        ]
    )
    summary.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PROVINCE_HEADERS_EN))
    _table(
        summary,
        PROVINCE_HEADERS_TH if th else PROVINCE_HEADERS_EN,
        [(_province_row(p), bool(p.late)) for p in report.provinces],
    )
    laos = wb.create_sheet(word("laos"))
    _table(
        laos,
        LAO_HEADERS_TH if th else LAO_HEADERS_EN,
        [(_lao_row(lao, word("late"), lang), bool(lao.late)) for lao in report.laos],
    )
    fit_for_print(summary, header_row=2)
    fit_for_print(laos, header_row=1)
    keep_as_text(wb)
    wb.save(private_file(out))


def _table(ws: Any, header: list[str], rows: list[tuple[list[object], bool]]) -> None:
    """A bold header row, then the rows, late ones filled."""
    from openpyxl.styles import Font, PatternFill

    late_fill = PatternFill("solid", fgColor=LATE_FILL)
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for values, late in rows:
        ws.append(values)
        if late:
            for cell in ws[ws.max_row]:
                cell.fill = late_fill


def _province_row(p: Any) -> list[object]:
    return [
        p.code, p.name, p.laos, p.states["recording"], p.states["returned"],
        p.states["lao_certified"], p.states["province_certified"], p.late,
        p.people["civil_servant"], p.people["permanent_employee"], p.people["contract"],
    ]  # fmt: skip


def _lao_row(lao: Any, late: str, lang: str) -> list[object]:
    return [
        lao.code, lao.name, lao.province_code, label(CERTIFICATION_STATES, lao.state, lang),
        late if lao.late else "",
        lao.people["civil_servant"], lao.people["permanent_employee"], lao.people["contract"],
    ]  # fmt: skip
