"""`lhrctl card readers|read`: smart-card diagnostics (no database, no sign-in)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import read_card
from lhrctl.commands._ui import Column

if TYPE_CHECKING:
    pass

app = typer.Typer(no_args_is_help=True)


@app.command("readers")
def readers(ctx: typer.Context) -> None:
    """List the readers pcscd sees, and the ATR of any card in them."""
    from lhrctl.auth import card

    st = state(ctx)
    infos = card.list_readers()
    ui = st.ui
    ui.rows(
        infos,
        [
            Column(
                "Reader",
                "เครื่องอ่าน",
                lambda i: i.name + (ui.t(" (virtual)", " (เสมือน)") if i.virtual else ""),
            ),
            Column(
                "Card", "บัตร", lambda i: ui.t("yes", "มี") if i.card_present else ui.t("no", "ไม่มี")
            ),
            Column("ATR", "ATR", lambda i: i.atr),
        ],
    )
    if not infos:
        ui.info("No reader found.", "ไม่พบเครื่องอ่านบัตร")


@app.command("read")
def read(
    ctx: typer.Context,
    photo: Annotated[
        Path | None, typer.Option("--photo", help="Save the card's photo (JPEG).")
    ] = None,
    show_id: Annotated[
        bool, typer.Option("--show-id", help="Show the national ID unmasked.")
    ] = False,
) -> None:
    """Read the Thai ID card in the reader and show its fields (the national ID masked)."""
    from lhrctl.auth.thaiid import card_date
    from lhrctl.national_id import format_national_id, mask_national_id
    from lhrctl.services.clock import today

    st = state(ctx)
    card = read_card(st, photo=photo is not None)
    if photo is not None and card.photo:
        from lhrctl.writers.files import private_file

        private_file(photo).write_bytes(card.photo)
    nid = format_national_id(card.national_id) if show_id else mask_national_id(card.national_id)
    ui = st.ui
    expiry, born = card.expiry_date, card_date(card.birth_date_be)
    ui.record(
        card,
        [
            Column("National ID", "เลขประจำตัวประชาชน", lambda _: nid),
            Column("Name (Thai)", "ชื่อ", lambda c: c.full_name_th),
            Column("Name (English)", "ชื่อภาษาอังกฤษ", lambda c: c.name_en),
            Column("Date of birth", "วันเกิด", lambda c: ui.date(born) if born else c.birth_date_be),
            Column("Gender", "เพศ", lambda c: c.gender),
            Column("Issued by", "ออกโดย", lambda c: c.issuer),
            Column("Issued", "วันออกบัตร", lambda c: ui.date(card_date(c.issue_date_be))),
            Column(
                "Expires",
                "วันหมดอายุ",
                lambda _: ui.date(expiry) if expiry else ui.t("never", "ตลอดชีพ"),
            ),
            Column("Address", "ที่อยู่", lambda c: c.address),
            Column("ATR", "ATR", lambda c: c.atr),
        ],
        json=lambda c: c.as_dict(today(), full_id=show_id),
    )
    if card.is_expired(today()):
        ui.warn(
            "This card has expired: it cannot be used to sign in.", "บัตรนี้หมดอายุแล้ว ใช้เข้าสู่ระบบไม่ได้"
        )
    if photo is not None:
        ui.success(f"Photo saved to {photo}.", f"บันทึกรูปถ่ายที่ {photo}")
