"""`lhrctl init`: create or upgrade the schema; enrol the first DLA admin by card."""

from __future__ import annotations

from typing import Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import ask_secret
from lhrctl.commands._signin import read_card


def init(
    ctx: typer.Context,
    grant_to: Annotated[
        str | None,
        typer.Option(
            help="PostgreSQL: the role lhrctl will work as; it may append to the audit log but "
            "never change, delete or truncate it (run init as the owner role).",
        ),
    ] = None,
) -> None:
    # its help: commands/_index.py
    from lhrctl import db
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    ui = st.ui
    if grant_to:
        db.check_grantee(st.engine, grant_to)
    before, after = db.upgrade(st.engine)
    url = db.display_url(str(st.engine.url))
    if before == after:
        ui.info(
            f"Database {url}: schema {after}, up to date.", f"ฐานข้อมูล {url}: รุ่น {after} เป็นปัจจุบัน"
        )
    elif before is None:
        ui.success(
            f"Database {url}: schema {after} created.", f"ฐานข้อมูล {url}: สร้างโครงสร้างรุ่น {after}"
        )
    else:
        ui.success(
            f"Database {url}: schema upgraded {before} → {after}.",
            f"ฐานข้อมูล {url}: ปรับรุ่น {before} → {after}",
        )
    _seal_audit_log(st)
    if grant_to:
        db.grant_to(st.engine, grant_to)
        ui.success(
            f"Role {grant_to} may now work on {url}; the audit log is append-only for it.",
            f"บทบาท {grant_to} ทำงานกับ {url} ได้แล้ว โดยเพิ่มบันทึกการตรวจสอบได้อย่างเดียว",
        )
    admin = None
    if accounts.account_count(st.engine) == 0:
        ui.info(
            "No account yet: insert the card of the first DLA administrator.",
            "ยังไม่มีบัญชีผู้ใช้: เสียบบัตรประชาชนของผู้ดูแลระบบ สถ. คนแรก",
        )
        card = read_card(st)
        admin = accounts.enrol_first_admin(st.engine, card, lambda key: ask_secret(st, key))
        ui.success(
            f"{admin.name} ({mask_national_id(admin.national_id)}) enrolled as DLA administrator.",
            f"ลงทะเบียน {admin.name} ({mask_national_id(admin.national_id)}) เป็นผู้ดูแลระบบ สถ.",
        )
    ui.present(
        accounts.Initialised(url, before, after, admin), lambda: None
    )  # people read the lines above


def _seal_audit_log(st: AppState) -> None:
    from lhrctl.services.audit import seal_log

    sealing = seal_log(st.engine)
    ui = st.ui
    if sealing.made_key:
        ui.success(
            f"Audit key made: {sealing.key_path} (keep a copy somewhere safe; it cannot be remade).",
            f"สร้างกุญแจบันทึกการตรวจสอบ: {sealing.key_path} (เก็บสำเนาไว้ในที่ปลอดภัย สร้างใหม่แทนไม่ได้)",
        )
    if sealing.sealed:
        ui.success(
            f"Audit log sealed; its anchor file is {sealing.anchor_path}.",
            f"ผนึกบันทึกการตรวจสอบแล้ว แฟ้มหลักยึดคือ {sealing.anchor_path}",
        )
    elif not sealing.has_key:
        ui.warn(
            f"This machine has no audit key at {sealing.key_path}: it cannot write to this "
            "database. Copy the database's key file there (0600) or name it with LHR_AUDIT_KEY.",
            f"เครื่องนี้ไม่มีกุญแจบันทึกการตรวจสอบที่ {sealing.key_path} จึงเขียนฐานข้อมูลนี้ไม่ได้ "
            "ให้คัดลอกแฟ้มกุญแจของฐานข้อมูลมาไว้ (สิทธิ์ 0600) หรือระบุด้วย LHR_AUDIT_KEY",
        )
