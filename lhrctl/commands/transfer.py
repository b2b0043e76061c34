"""`lhrctl transfer create|approve|receive|reject|cancel|list|show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import confirm
from lhrctl.commands._signin import sign_in

if TYPE_CHECKING:
    from lhrctl.services.transfers import TransferOrder

app = typer.Typer(help="Transfer a person's record to another LAO.", no_args_is_help=True)

TransferId = Annotated[int, typer.Argument(help="The transfer order's number.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def order_json(order: TransferOrder) -> dict[str, object]:
    return {
        "id": order.id,
        "status": order.status,
        "national_id": order.national_id,
        "name": order.name,
        "from_org": order.from_org,
        "to_org": order.to_org,
        "personnel_type": order.personnel_type,
        "effective_on": order.effective_on.isoformat() if order.effective_on else None,
        "letter_no": order.letter_no,
        "letter_date": order.letter_date.isoformat() if order.letter_date else None,
        "order_no": order.order_no,
        "reason": order.reason,
    }


def _show(st: AppState, order: TransferOrder) -> None:
    from lhrctl.national_id import mask_national_id

    ui = st.ui
    if st.json:
        ui.emit_json(order_json(order))
        return
    ui.fields(
        [
            (ui.t("Transfer", "คำสั่งโอน"), order.id),
            (ui.t("Status", "สถานะ"), order.status),
            (ui.t("Person", "บุคคล"), f"{order.name} ({mask_national_id(order.national_id)})"),
            (ui.t("Type", "ประเภท"), order.personnel_type),
            (ui.t("From", "จาก"), order.from_org),
            (ui.t("To", "ไปยัง"), order.to_org),
            (ui.t("Effective", "มีผล"), ui.date(order.effective_on) if order.effective_on else None),
            (ui.t("Letter", "หนังสือเลขที่"), order.letter_no),
            (
                ui.t("Letter date", "ลงวันที่"),
                ui.date(order.letter_date) if order.letter_date else None,
            ),
            (ui.t("Order", "คำสั่งรับโอน"), order.order_no),
            (ui.t("Reason", "เหตุผล"), order.reason),
        ]
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
    from lhrctl.services import transfers

    st = state(ctx)
    nid = parse_national_id(person)
    effective_on = parse_date_arg(effective, "--effective") if effective else None
    operator = sign_in(st, "transfer_create")
    order = transfers.create_transfer(
        st.engine, operator, nid, to, personnel_type=kind, effective_on=effective_on
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
    from lhrctl.services import transfers

    st = state(ctx)
    day = parse_date_arg(letter_date, "--letter-date")
    operator = sign_in(st, "transfer_approve")
    confirm(
        st,
        f"Approve transfer {transfer_id} and move the record?",
        f"อนุมัติคำสั่งโอน {transfer_id} และโอนข้อมูลหรือไม่",
        yes=yes,
    )
    _show(st, transfers.approve_transfer(st.engine, operator, transfer_id, letter_no, day))


@app.command("receive")
def receive(
    ctx: typer.Context,
    transfer_id: TransferId,
    order_no: Annotated[
        str | None, typer.Option("--order-no", help="The destination's own order.")
    ] = None,
) -> None:
    """Confirm the arrival (the destination's officer or registrar)."""
    from lhrctl.services import transfers

    st = state(ctx)
    operator = sign_in(st, "transfer_receive")
    _show(st, transfers.receive_transfer(st.engine, operator, transfer_id, order_no))


@app.command("reject")
def reject(
    ctx: typer.Context,
    transfer_id: TransferId,
    reason: Annotated[str, typer.Option("--reason", help="Why the record goes back.")],
) -> None:
    """Send the record back to the origin as it was (the destination)."""
    from lhrctl.services import transfers

    st = state(ctx)
    operator = sign_in(st, "transfer_reject")
    _show(st, transfers.reject_transfer(st.engine, operator, transfer_id, reason))


@app.command("cancel")
def cancel(ctx: typer.Context, transfer_id: TransferId) -> None:
    """Cancel a draft order (the origin, before approval)."""
    from lhrctl.services import transfers

    st = state(ctx)
    operator = sign_in(st, "transfer_cancel")
    _show(st, transfers.cancel_transfer(st.engine, operator, transfer_id))


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
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import transfers

    st = state(ctx)
    operator = sign_in(st, "transfer_list")
    orders = transfers.list_transfers(st.engine, operator, org=org, status=status)
    if st.json:
        st.ui.emit_json([order_json(o) for o in orders])
        return
    ui = st.ui
    ui.table(
        [
            "#",
            ui.t("Status", "สถานะ"),
            ui.t("Person", "บุคคล"),
            ui.t("From", "จาก"),
            ui.t("To", "ไปยัง"),
            ui.t("Letter", "หนังสือ"),
            ui.t("Updated", "ปรับปรุง"),
        ],
        [
            (
                o.id,
                o.status,
                f"{o.name} ({mask_national_id(o.national_id)})",
                o.from_org,
                o.to_org,
                o.letter_no,
                ui.datetime(o.updated_at),
            )
            for o in orders
        ],
    )


@app.command("show")
def show(ctx: typer.Context, transfer_id: TransferId) -> None:
    """One transfer order."""
    from lhrctl.services import transfers

    st = state(ctx)
    operator = sign_in(st, "transfer_show")
    _show(st, transfers.show_transfer(st.engine, operator, transfer_id))
