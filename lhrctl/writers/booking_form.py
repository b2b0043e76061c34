"""The request form of a teleconference booking, to print, sign and send to the IT centre: the
booker's name and unit, the booking in a bordered table, the booker's signature and a box for the
IT centre's decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.labels import BOOKING_STATES, DLA_TH, label
from lhrctl.thai import be_numeric
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.printing import print_setup

WIDTHS = {"A": 34, "B": 30, "C": 30, "D": 30}


def write_booking_form(form: Any, out: Path) -> None:
    """`form` is a `services.conference.RequestForm`: the booking, its booker and unit."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    b = form.booking
    wb = Workbook()
    ws = wb.active
    ws.title = "แบบคำขอ"
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(label_text: str, value: object = "", *, bordered: bool = True) -> None:
        ws.append([label_text, value])
        row = ws.max_row
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        if bordered:
            for column in range(1, 5):
                ws.cell(row=row, column=column).border = box
        ws.cell(row=row, column=1).font = Font(bold=True)
        ws.cell(row=row, column=2).alignment = wrap

    ws.append(["แบบคำขอใช้ห้องประชุมทางไกล (Teleconference room request)"])
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"เรียน ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศ {DLA_TH}"])
    ws.merge_cells("A2:D2")
    ws.append([])
    line("เลขที่การจอง (Booking no.)", str(b.id))
    line("ผู้ขอใช้ (Booker)", form.booker_name)
    line("หน่วยงาน (Unit)", form.unit_name)
    line("ห้องประชุม (Room)", f"{b.room} {b.room_name}".strip())
    line("วันที่ (Date)", be_numeric(b.starts_at.date()))
    line("เวลา (Time)", f"{b.starts_at:%H:%M}–{b.ends_at:%H:%M} น.")
    line("จำนวนผู้เข้าร่วม (Participants)", f"{b.participants} คน")
    line("เรื่อง (Purpose)", b.title)
    line("สถานะในระบบ (State)", label(BOOKING_STATES, b.state, "th"))
    ws.append([])
    ws.append(["", "ลงชื่อ (Signed) .................................... ผู้ขอใช้"])
    ws.append(["", f"({form.booker_name or '....................................'})"])
    ws.append(["", "วันที่ (Date) ......../......../........"])
    ws.append([])
    _approval_box(ws, box)
    print_setup(ws, header_row=None)
    keep_as_text(wb)
    wb.save(private_file(out))


def _approval_box(ws: Any, box: Any) -> None:
    """The IT centre's part: its decision, a reason, a signature and a date, inside a border."""
    from openpyxl.styles import Font

    rows = []
    for text in (
        "สำหรับศูนย์เทคโนโลยีสารสนเทศ (For the IT centre)",
        "☐ อนุมัติ (Approved)          ☐ ไม่อนุมัติ (Not approved)",
        "เหตุผล (Reason) ..........................................................................",
        "ลงชื่อ (Signed) .................................... ผู้อนุมัติ      วันที่ (Date) ......../......../........",
    ):
        ws.append([text])
        rows.append(ws.max_row)
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
    ws.cell(row=rows[0], column=1).font = Font(bold=True)
    for row in ws.iter_rows(min_row=rows[0], max_row=rows[-1], max_col=4):
        for cell in row:
            cell.border = box
