"""`lhrctl card readers|read`: smart-card diagnostics (no database, no sign-in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import read_card

app = typer.Typer(help="Smart-card reader diagnostics.", no_args_is_help=True)


@app.command("readers")
def readers(ctx: typer.Context) -> None:
    """List the readers pcscd sees, and the ATR of any card in them."""
    from dataclasses import asdict

    from lhrctl.auth import card

    st = state(ctx)
    infos = card.list_readers()
    if st.json:
        st.ui.emit_json([asdict(i) for i in infos])
        return
    ui = st.ui
    ui.table(
        [ui.t("Reader", "เครื่องอ่าน"), ui.t("Card", "บัตร"), "ATR"],
        [
            (
                i.name + (ui.t(" (virtual)", " (เสมือน)") if i.virtual else ""),
                ui.t("yes", "มี") if i.card_present else ui.t("no", "ไม่มี"),
                i.atr,
            )
            for i in infos
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
        photo.write_bytes(card.photo)
    nid = format_national_id(card.national_id) if show_id else mask_national_id(card.national_id)
    if st.json:
        from dataclasses import asdict

        data = asdict(card)
        data.pop("photo")
        data["national_id"] = card.national_id if show_id else mask_national_id(card.national_id)
        data["expired"] = card.is_expired(today())
        st.ui.emit_json(data)
        return
    ui = st.ui
    expiry = card.expiry_date
    ui.fields(
        [
            (ui.t("National ID", "เลขประจำตัวประชาชน"), nid),
            (ui.t("Name (Thai)", "ชื่อ"), card.full_name_th),
            (ui.t("Name (English)", "ชื่อภาษาอังกฤษ"), card.name_en),
            (
                ui.t("Date of birth", "วันเกิด"),
                ui.date(card_date(card.birth_date_be))
                if card_date(card.birth_date_be)
                else card.birth_date_be,
            ),
            (ui.t("Gender", "เพศ"), card.gender),
            (ui.t("Issued by", "ออกโดย"), card.issuer),
            (ui.t("Issued", "วันออกบัตร"), ui.date(card_date(card.issue_date_be))),
            (ui.t("Expires", "วันหมดอายุ"), ui.date(expiry) if expiry else ui.t("never", "ตลอดชีพ")),
            (ui.t("Address", "ที่อยู่"), card.address),
            ("ATR", card.atr),
        ]
    )
    if card.is_expired(today()):
        ui.warn(
            "This card has expired: it cannot be used to sign in.", "บัตรนี้หมดอายุแล้ว ใช้เข้าสู่ระบบไม่ได้"
        )
    if photo is not None:
        ui.success(f"Photo saved to {photo}.", f"บันทึกรูปถ่ายที่ {photo}")
