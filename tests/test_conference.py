"""Teleconference room booking through the CLI: book, clash, approve, cancel, list, the form."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def rooms(admin: Lhr) -> Lhr:
    r = admin("conference", "room", "add", "8000", "--name", "ห้องประชุม สถ. 1", "--capacity",
              "20", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    return admin


def book(lhr: Lhr, *args: str, start: str = "09:00", end: str = "10:00", day: str = TOMORROW):  # type: ignore[no-untyped-def]
    return lhr("--json", "conference", "book", "--room", "8000", "--date", day, "--from", start,
               "--to", end, "--participants", "10", "--title", "ประชุมติดตามการรับรองข้อมูล",
               *args, input=f"{PASSWORD}\n")  # fmt: skip


def test_book_clash_approve_cancel_and_list(rooms: Lhr, tmp_path: Path) -> None:
    lhr = rooms
    r = book(lhr)
    assert r.exit_code == 0, r
    made = json.loads(r.stdout)
    assert made["state"] == "pending" and len(made["pin"]) == 6 and made["pin"].isdigit()
    stored = lhr.scalar("SELECT pin_hash FROM booking WHERE id = :i", i=made["id"])
    assert made["pin"] not in str(stored)
    assert lhr.scalar("SELECT pin_last2 FROM booking") == made["pin"][-2:]

    r = book(lhr, start="09:30", end="10:30")
    assert r.exit_code == 6, r
    assert f"Room 8000 is taken 09:00–10:00 by booking {made['id']}" in r.message
    assert "Free that day for as long: 10:00–11:00" in r.message
    assert lhr.scalar("SELECT count(*) FROM booking") == 1

    r = lhr("conference", "approve", str(made["id"]), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = lhr("--json", "conference", "list", "--date", TOMORROW, input=lhr.reads())
    assert [(b["id"], b["state"]) for b in json.loads(r.stdout)] == [(made["id"], "approved")]

    form = tmp_path / "form.xlsx"
    r = lhr("conference", "form", str(made["id"]), "-o", str(form), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    from openpyxl import load_workbook

    sheet = load_workbook(form).active
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    day = date.fromisoformat(TOMORROW)
    assert cells["ผู้ขอใช้ (Booker)"] == "นายสมชาย ใจดี"  # a name, not an ID
    assert cells["หน่วยงาน (Unit)"] == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert cells["ห้องประชุม (Room)"] == "8000 ห้องประชุม สถ. 1"
    assert cells["วันที่ (Date)"] == f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    assert cells["เวลา (Time)"] == "09:00–10:00 น."
    assert cells["จำนวนผู้เข้าร่วม (Participants)"] == "10 คน"
    assert cells["สถานะในระบบ (State)"] == "อนุมัติแล้ว"
    box = [c for c in sheet["A"] if str(c.value).startswith("สำหรับศูนย์เทคโนโลยีสารสนเทศ")]
    assert box and box[0].border.top.style == "thin"  # the IT centre's part, framed

    r = lhr("conference", "join-info", str(made["id"]), input=lhr.reads())
    assert "/scopia?ID=8000" in r.stdout and made["pin"] not in r.stdout

    r = lhr("conference", "cancel", str(made["id"]), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = book(lhr, start="09:30", end="10:30")  # the slot is free again
    assert r.exit_code == 0, r
    r = lhr("--lang", "th", "conference", "approve", str(made["id"]), input=f"{PASSWORD}\n")
    assert r.exit_code == 6 and f"การจอง {made['id']} อยู่ในสถานะยกเลิก" in r.message, r
    actions = lhr.scalar(
        "SELECT count(*) FROM audit_log WHERE action LIKE 'conference_%' AND outcome = 'ok'"
    )
    assert actions == 6  # room add, book, approve, form, cancel, book


def test_bad_bookings_change_nothing(rooms: Lhr) -> None:
    lhr = rooms
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cases = [
        (lambda: lhr("conference", "book", "--room", "9999", "--date", TOMORROW, "--from",
                     "09:00", "--to", "10:00", "--participants", "5", "--title", "x",
                     input=f"{PASSWORD}\n"), "No room with meeting ID 9999"),
        (lambda: book(lhr, "--pin-digits", "3"), "at least 4 digits"),
        (lambda: book(lhr, start="10:00", end="09:00"), "ends before it starts"),
        (lambda: book(lhr, day=yesterday), "in the past"),
        (lambda: lhr("conference", "book", "--room", "8000", "--date", TOMORROW, "--from",
                     "09:00", "--to", "10:00", "--participants", "21", "--title", "x",
                     input=f"{PASSWORD}\n"), "holds 20 participants"),
    ]  # fmt: skip
    for run, words in cases:
        r = run()
        assert r.exit_code == 2, (words, r)
        assert words in r.message, (words, r)
        assert lhr.scalar("SELECT count(*) FROM booking") == 0


def _book_at(url: str, start_at: float) -> int:
    import time

    from lhrctl import db
    from lhrctl.errors import LhrError
    from lhrctl.services import conference
    from lhrctl.services.access import Operator

    engine = db.make_engine(url)
    operator = Operator(1, ADMIN.national_id, "admin", "dla_admin", None)
    day = date.today() + timedelta(days=2)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        conference.book(
            engine, operator, room="8000", starts_at=datetime.combine(day, datetime.min.time())
            .replace(hour=13), ends_at=datetime.combine(day, datetime.min.time()).replace(hour=14),
            participants=5, title="พร้อมกัน",
        )  # fmt: skip
    except LhrError as error:
        return error.exit_code
    return 0


def test_two_people_booking_one_slot_at_once(rooms: Lhr, slot: CardSlot) -> None:
    import multiprocessing
    import time

    start_at = time.time() + 3
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        codes = pool.starmap(_book_at, [(rooms.db_url, start_at)] * 2)
    assert sorted(codes) == [0, 6]
    assert rooms.scalar("SELECT count(*) FROM booking") == 1
