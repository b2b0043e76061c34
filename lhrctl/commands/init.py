"""`lhrctl init`: create or upgrade the schema; enrol the first DLA admin by card."""

from __future__ import annotations

import typer

from lhrctl.commands._context import state
from lhrctl.commands._prompts import ask_secret
from lhrctl.commands._signin import read_card


def init(ctx: typer.Context) -> None:
    """Create or upgrade the database schema; on an empty database, enrol the first DLA admin.

    Prompts (one line each from stdin when it is not a terminal): new password, repeat.
    """
    from lhrctl import db
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    ui = st.ui
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
