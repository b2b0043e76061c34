"""The request form of a teleconference booking, to print, sign and send to the IT centre."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.national_id import mask_national_id
from lhrctl.thai import be_numeric
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file


def write_booking_form(b: Any, out: Path) -> None:
    """`b` is a booking (`services.conference.BookingView`): its room, time, booker, purpose."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "แบบคำขอ"
    ws.append(["แบบคำขอใช้ห้องประชุมทางไกล (Teleconference room request)"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for label, value in (
        ("เลขที่การจอง (Booking)", b.id),
        ("ผู้จอง (Booker)", mask_national_id(b.booker)),
        ("หน่วยงาน (Unit)", b.unit or "กรมส่งเสริมการปกครองท้องถิ่น"),
        ("ห้อง (Room)", f"{b.room} {b.room_name}"),
        ("วันที่ (Date, BE)", be_numeric(b.starts_at.date())),
        ("เวลา (Time)", f"{b.starts_at:%H:%M}–{b.ends_at:%H:%M}"),
        ("จำนวนผู้เข้าร่วม (Participants)", b.participants),
        ("เรื่อง (Purpose)", b.title),
        ("สถานะ (State)", b.state),
    ):
        ws.append([label, value])
    ws.append([])
    ws.append(["ลงชื่อ (Signature) ........................................ ผู้ขอใช้"])
    ws.append(["(........................................)"])
    ws.append(["วันที่ (Date) ......../......../........"])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 48
    keep_as_text(wb)
    wb.save(private_file(out))
