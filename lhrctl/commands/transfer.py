"""`lhrctl transfer create|approve|receive|reject|cancel|list|show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import confirm
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column, Ui
from lhrctl.labels import PERSONNEL_TYPES, TRANSFER_STATUSES

if TYPE_CHECKING:
    from lhrctl.services.transfers import TransferOrder

app = typer.Typer(no_args_is_help=True)

TransferId = Annotated[int, typer.Argument(help="The transfer order's number.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _person(order: TransferOrder) -> str:
    from lhrctl.national_id import mask_national_id

    return f"{order.name} ({mask_national_id(order.national_id)})"


def _lao(code: str, name: str) -> str:
    return f"{name} ({code})" if name else code


def _common(ui: Ui) -> list[Column[TransferOrder]]:
    """What every view of an order shows: its status, who, from where, to where."""
    return [
        Column("Status", "สถานะ", lambda o: ui.word(TRANSFER_STATUSES, o.status)),
        Column("Person", "บุคคล", _person),
        Column("From", "จาก", lambda o: _lao(o.from_org, o.from_name)),
        Column("To", "ไปยัง", lambda o: _lao(o.to_org, o.to_name)),
    ]


def _show(st: AppState, order: TransferOrder) -> None:
    ui = st.ui
    ui.record(
        order,
        [
            Column("Transfer", "คำสั่งโอน", lambda o: o.id),
            *_common(ui),
            Column("Type", "ประเภท", lambda o: ui.word(PERSONNEL_TYPES, o.personnel_type)),
            Column(
                "Effective", "มีผล", lambda o: ui.date(o.effective_on) if o.effective_on else None
            ),
            Column("Letter", "หนังสือเลขที่", lambda o: o.letter_no),
            Column(
                "Letter date", "ลงวันที่", lambda o: ui.date(o.letter_date) if o.letter_date else None
            ),
            Column("Order", "คำสั่งรับโอน", lambda o: o.order_no),
            Column("Reason", "เหตุผล", lambda o: o.reason),
        ],
    )


@app.command("create")
def create(
    ctx: typer.Context,
    person: Annotated[str, typer.Option("--person", help="National ID of the person.")],
    to: Annotated[str, typer.Option("--to", help="7-digit code of the destination LAO.")],
    kind: Annotated[
        str | None, typer.Option("--type", help="Personnel type (must match the record).")
    ] = None,
    effective: Annotated[
        str | None, typer.Option("--effective", help="Effective date, BE or CE.")
    ] = None,
) -> None:
    """Create a draft transfer order at the person's LAO; shows the name to check."""
    from lhrctl.commands._arguments import parse_date_arg, parse_national_id

    st = state(ctx)
    nid = parse_national_id(person)
    effective_on = parse_date_arg(effective, "--effective") if effective else None
    operator = sign_in(st, "transfer_create")
    order = st.run(
        "transfer_create",
        operator,
        national_id=nid,
        to_org=to,
        personnel_type=kind,
        effective_on=effective_on,
    )
    _show(st, order)
    st.ui.success(
        f"Draft transfer {order.id}: check the name, then `lhrctl transfer approve {order.id} "
        "--letter-no … --letter-date …`.",
        f"สร้างคำสั่งโอน {order.id} แล้ว ตรวจสอบชื่อ แล้วสั่ง `lhrctl transfer approve {order.id}`",
    )


@app.command("approve")
def approve(
    ctx: typer.Context,
    transfer_id: TransferId,
    letter_no: Annotated[str, typer.Option("--letter-no", help="e.g. 'พร 0023.2/ว 873'.")],
    letter_date: Annotated[str, typer.Option("--letter-date", help="BE or CE.")],
    yes: Yes = False,
) -> None:
    """Save and approve (the origin's registrar): the record moves to the destination."""
    from lhrctl.commands._arguments import parse_date_arg

    st = state(ctx)
    day = parse_date_arg(letter_date, "--letter-date")
    operator = sign_in(st, "transfer_approve")
    # the state and the officer's rights are checked first: a question is asked only of a step
    # that can happen, and it names who moves from where to where
    order = st.run("transfer_approve_review", operator, transfer_id=transfer_id)
    who = _person(order)
    confirm(
        st,
        f"Approve transfer {transfer_id}: {who} moves from {_lao(order.from_org, order.from_name)}"
        f" to {_lao(order.to_org, order.to_name)}, with the whole record?",
        f"อนุมัติคำสั่งโอน {transfer_id}: โอน {who} จาก {_lao(order.from_org, order.from_name)}"
        f" ไปยัง {_lao(order.to_org, order.to_name)} พร้อมข้อมูลทั้งหมด หรือไม่",
        yes=yes,
    )
    approved = st.run(
        "transfer_approve",
        operator,
        transfer_id=transfer_id,
        letter_no=letter_no,
        letter_date=day,
    )
    _show(st, approved)


@app.command("receive")
def receive(
    ctx: typer.Context,
    transfer_id: TransferId,
    order_no: Annotated[
        str | None, typer.Option("--order-no", help="The destination's own order.")
    ] = None,
) -> None:
    """Confirm the arrival (the destination's officer or registrar)."""

    st = state(ctx)
    operator = sign_in(st, "transfer_receive")
    _show(st, st.run("transfer_receive", operator, transfer_id=transfer_id, order_no=order_no))


@app.command("reject")
def reject(
    ctx: typer.Context,
    transfer_id: TransferId,
    reason: Annotated[str, typer.Option("--reason", help="Why the record goes back.")],
) -> None:
    """Send the record back to the origin as it was (the destination)."""

    st = state(ctx)
    operator = sign_in(st, "transfer_reject")
    _show(st, st.run("transfer_reject", operator, transfer_id=transfer_id, reason=reason))


@app.command("cancel")
def cancel(ctx: typer.Context, transfer_id: TransferId) -> None:
    """Cancel a draft order (the origin, before approval)."""

    st = state(ctx)
    operator = sign_in(st, "transfer_cancel")
    _show(st, st.run("transfer_cancel", operator, transfer_id=transfer_id))


@app.command("list")
def list_(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Orders from or to this LAO.")] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="draft, approved, received, rejected or cancelled."),
    ] = None,
) -> None:
    """Transfer orders you can see: your LAO's (both directions) or your province's."""

    st = state(ctx)
    operator = sign_in(st, "transfer_list")
    orders = st.run("transfer_list", operator, org=org, status=status)
    ui = st.ui
    ui.rows(
        orders,
        [
            Column("#", "#", lambda o: o.id),
            *_common(ui),
            Column("Letter", "หนังสือ", lambda o: o.letter_no),
            Column("Updated", "ปรับปรุง", lambda o: ui.datetime(o.updated_at)),
        ],
    )


@app.command("show")
def show(ctx: typer.Context, transfer_id: TransferId) -> None:
    """One transfer order."""

    st = state(ctx)
    operator = sign_in(st, "transfer_show")
    _show(st, st.run("transfer_show", operator, transfer_id=transfer_id))
