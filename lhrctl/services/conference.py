"""Teleconference room booking (seed 000, "other systems"): a room is checked free, booked with a
one-time PIN of 4+ digits, approved by the IT centre (a DLA admin), and joined by meeting ID.

A booking locks its room's row first, so two people booking one slot at once get one booking and
one conflict. Only a hash of the PIN is kept, and its last two digits for display.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.auth import passwords
from lhrctl.errors import Conflict, NotAllowed, UsageError
from lhrctl.labels import BOOKING_STATES, DLA_TH
from lhrctl.schemas.tables import Account, Booking, ConferenceRoom, Province
from lhrctl.services.access import DLA_ADMIN, Operator, require_role
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow
from lhrctl.services.laos import names_of

PENDING, APPROVED, REJECTED, CANCELLED = "pending", "approved", "rejected", "cancelled"
HOLDING = (PENDING, APPROVED)  # the states that keep a slot
MIN_PIN = 4
DAY_START, DAY_END = time(8, 0), time(18, 0)  # the hours free slots are looked for in
JOIN_BASE = "https://vc.dla.go.th"  # LHR_CONFERENCE_URL overrides it
_ROOM = ConferenceRoom.__table__  # type: ignore[attr-defined]
_BOOKING = Booking.__table__  # type: ignore[attr-defined]
_ACCOUNT = Account.__table__  # type: ignore[attr-defined]
_PROVINCE = Province.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Room:
    meeting_id: str
    name: str
    capacity: int
    active: bool


@dataclass(frozen=True)
class BookingView:
    id: int
    room: str
    room_name: str
    starts_at: datetime
    ends_at: datetime
    participants: int
    title: str
    booker: str
    unit: str | None
    state: str
    pin_last2: str
    reason: str | None

    def as_dict(self) -> dict[str, object]:
        """What anyone sees of a booking (no sign-in): not the booker's ID, no digit of the PIN."""
        return {
            "id": self.id,
            "room": self.room,
            "start": self.starts_at,
            "end": self.ends_at,
            "participants": self.participants,
            "title": self.title,
            "state": self.state,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class NewBooking:
    booking: BookingView
    pin: str  # shown once, here

    def as_dict(self) -> dict[str, object]:
        return self.booking.as_dict() | {"pin": self.pin}


@dataclass(frozen=True)
class JoinInfo:
    """How to join a booked meeting, without its PIN."""

    booking: BookingView
    link: str

    def as_dict(self) -> dict[str, object]:
        b = self.booking
        return {"id": b.id, "room": b.room, "link": self.link, "state": b.state}


def now_local() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def add_room(engine: Engine, operator: Operator, meeting_id: str, name: str, capacity: int) -> Room:
    if capacity < 1:
        raise UsageError("--capacity must be at least 1.", "--capacity ต้องมีอย่างน้อย 1")
    with privileged(engine, operator.national_id, "conference_room_add", meeting_id) as action:
        require_role(operator, DLA_ADMIN, action_en="add rooms", action_th="เพิ่มห้องประชุม")
        conn = action.session.connection()
        if conn.execute(select(_ROOM.c.meeting_id).where(_ROOM.c.meeting_id == meeting_id)).first():
            raise Conflict(f"Room {meeting_id} exists already.", f"มีห้อง {meeting_id} แล้ว")
        conn.execute(
            insert(_ROOM).values(meeting_id=meeting_id, name=name, capacity=capacity, active=True)
        )
        return Room(meeting_id, name, capacity, True)


def list_rooms(engine: Engine) -> list[Room]:
    with db.connect(engine, read_only=True) as conn:
        rows = conn.execute(select(_ROOM).order_by(_ROOM.c.meeting_id))
        return [Room(r.meeting_id, r.name, r.capacity, r.active) for r in rows]


def _room(conn: Connection, meeting_id: str, *, lock: bool = False) -> Any:
    query = select(_ROOM).where(_ROOM.c.meeting_id == meeting_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None or not row.active:
        raise UsageError(
            f"No room with meeting ID {meeting_id}.",
            f"ไม่พบห้องประชุมหมายเลข {meeting_id}",
            hint_en="List the rooms with `lhrctl conference room list`.",
            hint_th="ดูรายการห้องด้วย `lhrctl conference room list`",
        )
    return row


def _view(row: Any, room_name: str) -> BookingView:
    return BookingView(
        row.id, row.room_id, room_name, row.starts_at, row.ends_at, row.participants, row.title,
        row.booker, row.unit, row.state, row.pin_last2, row.reason,
    )  # fmt: skip


def _holding(conn: Connection, room: str, day: date) -> list[Any]:
    start = datetime.combine(day, time.min)
    return list(
        conn.execute(
            select(_BOOKING)
            .where(
                _BOOKING.c.room_id == room,
                _BOOKING.c.state.in_(HOLDING),
                _BOOKING.c.starts_at < start + timedelta(days=1),
                _BOOKING.c.ends_at > start,
            )
            .order_by(_BOOKING.c.starts_at)
        )
    )


def free_slots(
    taken: list[tuple[datetime, datetime]], day: date, length: timedelta, wanted: datetime
) -> list[tuple[datetime, datetime]]:
    """Up to three free slots of `length` that day within office hours, nearest `wanted` first."""
    edge = datetime.combine(day, DAY_START)
    gaps = []
    for start, end in [*sorted(taken), (datetime.combine(day, DAY_END),) * 2]:
        if start - edge >= length:
            gaps.append((edge, start))
        edge = max(edge, end)
    slots = []
    for gap_start, gap_end in gaps:
        start = min(max(wanted, gap_start), gap_end - length)
        slots.append((start, start + length))
    return sorted(slots, key=lambda s: abs(s[0] - wanted))[:3]


def _check_request(starts_at: datetime, ends_at: datetime, participants: int) -> None:
    if ends_at <= starts_at:
        raise UsageError("The meeting ends before it starts.", "เวลาสิ้นสุดต้องหลังเวลาเริ่ม")
    if starts_at < now_local():
        raise UsageError("That time is in the past.", "เวลานี้ผ่านไปแล้ว")
    if participants < 1:
        raise UsageError("--participants must be at least 1.", "จำนวนผู้เข้าร่วมต้องมีอย่างน้อย 1")


def _meeting_pin(pin: str | None, digits: int) -> str:
    """The PIN given, checked, or a new random one of `digits` digits."""
    if pin is None:
        if digits < MIN_PIN:
            raise UsageError(
                f"A meeting PIN has at least {MIN_PIN} digits.", f"PIN ต้องมีอย่างน้อย {MIN_PIN} หลัก"
            )
        return "".join(str(secrets.randbelow(10)) for _ in range(digits))
    if len(pin) < MIN_PIN or not pin.isdigit():
        raise UsageError(
            f"A meeting PIN is {MIN_PIN} or more digits.", f"PIN ต้องเป็นตัวเลขอย่างน้อย {MIN_PIN} หลัก"
        )
    return pin


def _require_free(conn: Connection, room: str, starts_at: datetime, ends_at: datetime) -> None:
    """A clash names the booking in the way and the free times that day for as long."""
    day = starts_at.date()
    taken = _holding(conn, room, day)
    clash = [b for b in taken if b.starts_at < ends_at and b.ends_at > starts_at]
    if not clash:
        return
    other = clash[0]
    slots = free_slots(
        [(b.starts_at, b.ends_at) for b in taken], day, ends_at - starts_at, starts_at
    )
    free = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in slots) or "none"
    raise Conflict(
        f"Room {room} is taken {other.starts_at:%H:%M}–{other.ends_at:%H:%M} by booking "
        f"{other.id} ({BOOKING_STATES[other.state][0]}: {other.title}).",
        f"ห้อง {room} ไม่ว่างเวลา {other.starts_at:%H:%M}–{other.ends_at:%H:%M} (การจอง {other.id})",
        hint_en=f"Free that day for as long: {free}.",
        hint_th=f"ช่วงเวลาที่ว่างในวันนั้น: {free}",
    )


def book(
    engine: Engine,
    operator: Operator,
    *,
    room: str,
    starts_at: datetime,
    ends_at: datetime,
    participants: int,
    title: str,
    pin: str | None = None,
    pin_digits: int = 6,
) -> NewBooking:
    _check_request(starts_at, ends_at, participants)
    pin = _meeting_pin(pin, pin_digits)
    with privileged(engine, operator.national_id, "conference_book", room) as action:
        conn = action.session.connection()
        found = _room(conn, room, lock=True)
        if participants > found.capacity:
            raise UsageError(
                f"Room {room} holds {found.capacity} participants, not {participants}.",
                f"ห้อง {room} รองรับได้ {found.capacity} คน",
            )
        _require_free(conn, room, starts_at, ends_at)
        now = utcnow()
        created = conn.execute(
            insert(_BOOKING).values(
                room_id=room,
                starts_at=starts_at,
                ends_at=ends_at,
                participants=participants,
                title=title,
                booker=operator.national_id,
                unit=operator.scope,
                state=PENDING,
                pin_hash=passwords.hash_password(pin),
                pin_last2=pin[-2:],
                created_at=now,
                updated_at=now,
                updated_by=operator.national_id,
            )
        )
        (booking_id,) = created.inserted_primary_key or (0,)
        action.target = f"booking {booking_id}"
        action.details.update(room=room, starts_at=starts_at.isoformat(), ends=ends_at.isoformat())
        row = conn.execute(select(_BOOKING).where(_BOOKING.c.id == booking_id)).one()
        return NewBooking(_view(row, found.name), pin)


def _change(
    engine: Engine, operator: Operator, booking_id: int, action_name: str, state: str,
    reason: str | None = None,
) -> BookingView:  # fmt: skip
    with privileged(engine, operator.national_id, action_name, f"booking {booking_id}") as action:
        conn = action.session.connection()
        row = conn.execute(
            select(_BOOKING).where(_BOOKING.c.id == booking_id).with_for_update()
        ).first()
        if row is None:
            raise UsageError(f"No booking {booking_id}.", f"ไม่พบการจอง {booking_id}")
        if state == CANCELLED:
            if row.booker != operator.national_id and operator.role != DLA_ADMIN:
                raise NotAllowed(
                    f"Booking {booking_id} is someone else's; only its booker cancels it.",
                    f"การจอง {booking_id} เป็นของผู้อื่น",
                )
        else:
            require_role(
                operator, DLA_ADMIN, action_en="approve bookings", action_th="อนุมัติการจองห้อง"
            )
        allowed = HOLDING if state == CANCELLED else (PENDING,)
        if row.state not in allowed:
            en, th = BOOKING_STATES[row.state]
            raise Conflict(f"Booking {booking_id} is {en}.", f"การจอง {booking_id} อยู่ในสถานะ{th}")
        conn.execute(
            update(_BOOKING)
            .where(_BOOKING.c.id == booking_id)
            .values(
                state=state, reason=reason, updated_at=utcnow(), updated_by=operator.national_id
            )
        )
        if reason:
            action.details.update(reason=reason)
        room = _room(conn, row.room_id)
        updated = conn.execute(select(_BOOKING).where(_BOOKING.c.id == booking_id)).one()
        return _view(updated, room.name)


def approve(engine: Engine, operator: Operator, booking_id: int) -> BookingView:
    return _change(engine, operator, booking_id, "conference_approve", APPROVED)


def reject(engine: Engine, operator: Operator, booking_id: int, reason: str | None) -> BookingView:
    return _change(engine, operator, booking_id, "conference_reject", REJECTED, reason)


def cancel(engine: Engine, operator: Operator, booking_id: int) -> BookingView:
    return _change(engine, operator, booking_id, "conference_cancel", CANCELLED)


def bookings(
    engine: Engine,
    *,
    room: str | None = None,
    day: date | None = None,
    booker: str | None = None,
    booking_id: int | None = None,
) -> list[BookingView]:
    with db.connect(engine, read_only=True) as conn:
        return _bookings(conn, room=room, day=day, booker=booker, booking_id=booking_id)


def _bookings(
    conn: Connection,
    *,
    room: str | None = None,
    day: date | None = None,
    booker: str | None = None,
    booking_id: int | None = None,
) -> list[BookingView]:
    names = {m: n for m, n in conn.execute(select(_ROOM.c.meeting_id, _ROOM.c.name))}
    query = select(_BOOKING).order_by(_BOOKING.c.room_id, _BOOKING.c.starts_at)
    if booking_id is not None:
        query = query.where(_BOOKING.c.id == booking_id)
    if room is not None:
        _room(conn, room)
        query = query.where(_BOOKING.c.room_id == room)
    if day is not None:
        start = datetime.combine(day, time.min)
        query = query.where(
            _BOOKING.c.starts_at >= start, _BOOKING.c.starts_at < start + timedelta(days=1)
        )
    if booker is not None:
        query = query.where(_BOOKING.c.booker == booker)
    found = [_view(r, names.get(r.room_id, "")) for r in conn.execute(query)]
    if booking_id is not None and not found:
        raise UsageError(f"No booking {booking_id}.", f"ไม่พบการจอง {booking_id}")
    return found


@dataclass(frozen=True)
class RequestForm:
    """What the printed request form names: the booking, who asks and for which unit."""

    booking: BookingView
    booker_name: str
    unit_name: str


def request_form(engine: Engine, operator: Operator, booking_id: int) -> RequestForm:
    """The booker's form (or a DLA admin's copy): it names a person, so it needs a sign-in."""
    with privileged(
        engine, operator.national_id, "conference_form", f"booking {booking_id}"
    ) as action:
        conn = action.session.connection()
        (booking,) = _bookings(conn, booking_id=booking_id)  # in this transaction, not another
        if booking.booker != operator.national_id and operator.role != DLA_ADMIN:
            raise NotAllowed(
                f"Booking {booking_id} is someone else's; its booker prints its form.",
                f"การจอง {booking_id} เป็นของผู้อื่น ผู้จองเป็นผู้พิมพ์แบบคำขอ",
            )
        name = conn.execute(
            select(_ACCOUNT.c.name).where(_ACCOUNT.c.national_id == booking.booker)
        ).scalar()
        return RequestForm(booking, name or "", _unit_name(conn, booking.unit))


def _unit_name(conn: Connection, unit: str | None) -> str:
    """A booker's unit: their LAO, their province's office, or DLA itself."""
    if unit is None:
        return DLA_TH
    if len(unit) == 2:
        province = conn.execute(select(_PROVINCE.c.name).where(_PROVINCE.c.code == unit)).scalar()
        return f"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด{province or unit}"
    return names_of(conn, [unit]).get(unit, unit)


def join_info(engine: Engine, booking_id: int) -> JoinInfo:
    (booking,) = bookings(engine, booking_id=booking_id)
    return JoinInfo(booking, join_link(booking.room))


def join_link(meeting_id: str) -> str:
    base = os.environ.get("LHR_CONFERENCE_URL", JOIN_BASE).rstrip("/")
    return f"{base}/scopia?ID={meeting_id}"
