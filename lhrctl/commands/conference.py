"""`lhrctl conference`: teleconference rooms and their bookings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import ask_secret
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column
from lhrctl.labels import BOOKING_STATES

if TYPE_CHECKING:
    from datetime import datetime

    from lhrctl.services.conference import BookingView

app = typer.Typer(no_args_is_help=True)
rooms = typer.Typer(help="Teleconference rooms (DLA admin).", no_args_is_help=True)
app.add_typer(rooms, name="room")
BookingId = Annotated[int, typer.Argument(help="The booking's number.")]


def _when(st: AppState, b: BookingView) -> str:
    return f"{st.ui.date(b.starts_at.date())} {b.starts_at:%H:%M}–{b.ends_at:%H:%M}"


def _table(st: AppState, found: list[BookingView]) -> None:
    st.ui.rows(
        found,
        [
            Column("#", "#", lambda b: b.id),
            Column("Room", "ห้อง", lambda b: b.room),
            Column("When", "วันเวลา", lambda b: _when(st, b)),
            Column("Participants", "ผู้เข้าร่วม", lambda b: b.participants),
            Column("Title", "เรื่อง", lambda b: b.title),
            Column("State", "สถานะ", lambda b: st.ui.word(BOOKING_STATES, b.state)),
        ],
    )


@rooms.command("add")
def room_add(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting ID participants dial, e.g. 8000.")],
    name: Annotated[str, typer.Option("--name", help="The room's name.")],
    capacity: Annotated[int, typer.Option("--capacity", help="Most participants it holds.")],
) -> None:
    """Add a room (DLA admin)."""

    st = state(ctx)
    operator = sign_in(st, "conference_room_add")
    room = st.run(
        "conference_room_add", operator, meeting_id=meeting_id, name=name, capacity=capacity
    )
    st.ui.success(f"Room {room.meeting_id} added.", f"เพิ่มห้อง {room.meeting_id} แล้ว")


@rooms.command("list")
def room_list(ctx: typer.Context) -> None:
    """The rooms."""

    st = state(ctx)
    st.ui.rows(
        st.run("conference_rooms"),
        [
            Column("Meeting ID", "หมายเลขห้อง", lambda r: r.meeting_id),
            Column("Name", "ชื่อ", lambda r: r.name),
            Column("Capacity", "ความจุ", lambda r: r.capacity),
        ],
        json=vars,
    )


def _at(day: str, clock: str, option: str) -> datetime:
    from datetime import datetime

    from lhrctl.commands._arguments import parse_date_arg
    from lhrctl.errors import UsageError

    try:
        hour, minute = (int(p) for p in clock.replace(".", ":").split(":"))
        return datetime.combine(parse_date_arg(day, "--date"), datetime.min.time()).replace(
            hour=hour, minute=minute
        )
    except ValueError as exc:
        raise UsageError(f"{option} {clock}: use HH:MM.", f"{option} ใช้รูปแบบ HH:MM") from exc


@app.command("book")
def book(
    ctx: typer.Context,
    room: Annotated[str, typer.Option("--room", help="Meeting ID of the room.")],
    day: Annotated[str, typer.Option("--date", help="BE or CE.")],
    start: Annotated[str, typer.Option("--from", help="HH:MM.")],
    end: Annotated[str, typer.Option("--to", help="HH:MM.")],
    participants: Annotated[int, typer.Option("--participants", help="How many join.")],
    title: Annotated[str, typer.Option("--title", help="What the meeting is about.")],
    pin_digits: Annotated[
        int, typer.Option("--pin-digits", help="Length of the random PIN (4 or more).")
    ] = 6,
    pin_prompt: Annotated[
        bool, typer.Option("--pin-prompt", help="Type the PIN at a hidden prompt instead.")
    ] = False,
) -> None:
    """Book a room (any signed-in user). The PIN is shown once, here."""

    st = state(ctx)
    starts_at, ends_at = _at(day, start, "--from"), _at(day, end, "--to")
    operator = sign_in(st, "conference_book")
    pin = ask_secret(st, "meeting_pin") if pin_prompt else None
    made = st.run(
        "conference_book", operator, room=room, starts_at=starts_at, ends_at=ends_at,
        participants=participants, title=title, pin=pin, pin_digits=pin_digits,
    )  # fmt: skip
    b = made.booking
    st.ui.outcome(
        made,
        f"Booking {b.id}: room {b.room}, {_when(st, b)}, pending approval. "
        f"Meeting PIN {made.pin} — it is shown only now.",
        f"การจอง {b.id}: ห้อง {b.room} {_when(st, b)} รออนุมัติ PIN {made.pin} (แสดงครั้งเดียว)",
    )


@app.command("form")
def form(
    ctx: typer.Context,
    booking_id: BookingId,
    output: Annotated[Path, typer.Option("-o", "--output", help="The form (.xlsx).")],
) -> None:
    """Write the request form to print, sign and send to the IT centre."""
    from lhrctl.writers.booking_form import write_booking_form

    st = state(ctx)
    operator = sign_in(st, "conference_form")
    write_booking_form(st.run("conference_form", operator, booking_id=booking_id), output)
    st.ui.info(f"Request form written to {output}.", f"บันทึกแบบคำขอที่ {output}")


def _decide(ctx: typer.Context, booking_id: int, step: str, reason: str | None = None) -> None:
    st = state(ctx)
    operator = sign_in(st, f"conference_{step}")
    extra = {"reason": reason} if step == "reject" else {}
    b = st.run(f"conference_{step}", operator, booking_id=booking_id, **extra)
    word = st.ui.word(BOOKING_STATES, b.state)
    st.ui.outcome(b, f"Booking {b.id} is {word}.", f"การจอง {b.id}: {word}")


@app.command("approve")
def approve(ctx: typer.Context, booking_id: BookingId) -> None:
    """Approve a booking (DLA admin: the IT centre)."""
    _decide(ctx, booking_id, "approve")


@app.command("reject")
def reject(
    ctx: typer.Context,
    booking_id: BookingId,
    reason: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
) -> None:
    """Reject a booking (DLA admin: the IT centre)."""
    _decide(ctx, booking_id, "reject", reason)


@app.command("cancel")
def cancel(ctx: typer.Context, booking_id: BookingId) -> None:
    """Cancel your booking."""
    _decide(ctx, booking_id, "cancel")


@app.command("list")
def list_(
    ctx: typer.Context,
    room: Annotated[str | None, typer.Option("--room", help="One room.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="One day, BE or CE.")] = None,
    mine: Annotated[
        bool, typer.Option("--mine", help="Only your bookings (taps your card).")
    ] = False,
) -> None:
    """A day's schedule per room."""
    from lhrctl.commands._arguments import parse_date_arg

    st = state(ctx)
    booker = sign_in(st, "conference_list").national_id if mine else None
    found = st.run(
        "conference_bookings",
        room=room,
        day=parse_date_arg(day, "--date") if day else None,
        booker=booker,
    )
    _table(st, found)


@app.command("show")
def show(ctx: typer.Context, booking_id: BookingId) -> None:
    """One booking (no digit of its PIN: the booker gives it to the participants)."""

    st = state(ctx)
    found = st.run("conference_bookings", booking_id=booking_id)
    st.ui.present(found[0], lambda: _table(st, found))


@app.command("join-info")
def join_info(ctx: typer.Context, booking_id: BookingId) -> None:
    """The join link and steps (without the PIN)."""

    st = state(ctx)
    info = st.run("conference_join_info", booking_id=booking_id)
    ui = st.ui
    ui.record(
        info,
        [
            Column("Meeting", "การประชุม", lambda j: j.booking.title),
            Column("When", "วันเวลา", lambda j: _when(st, j.booking)),
            Column("Link", "ลิงก์", lambda j: j.link),
            Column("Meeting ID", "หมายเลขห้อง", lambda j: j.booking.room),
            Column("PIN", "PIN", lambda _: ui.t("from the booker", "ขอจากผู้จอง")),
        ],
    )
    ui.info(
        "To join: open the link, enter the meeting ID, then the PIN the booker gave you.",
        "เข้าร่วม: เปิดลิงก์ ใส่หมายเลขห้อง แล้วใส่ PIN ที่ได้รับจากผู้จอง",
    )
