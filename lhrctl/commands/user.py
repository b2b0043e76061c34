"""`lhrctl user add|list|disable|enable|unlock`, `lhrctl passwd`, `lhrctl whoami`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import ask_secret, confirm
from lhrctl.commands._signin import read_card, sign_in
from lhrctl.commands._ui import Column
from lhrctl.labels import ROLES

if TYPE_CHECKING:
    from lhrctl.services.access import Operator
    from lhrctl.services.accounts import AccountView

app = typer.Typer(no_args_is_help=True)

NationalId = Annotated[str, typer.Argument(help="National ID of the account holder.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _status(st: AppState, v: AccountView) -> str:
    ui = st.ui
    if not v.active:
        return ui.t("disabled", "ปิดใช้งาน")
    if v.locked_until:
        return ui.t(
            f"locked until {ui.datetime(v.locked_until)}", f"ล็อกถึง {ui.datetime(v.locked_until)}"
        )
    if not v.enrolled:
        return ui.t("awaiting enrolment", "รอลงทะเบียน")
    return ui.t("active", "ใช้งาน")


@app.command("add")
def add(
    ctx: typer.Context,
    national_id: Annotated[str, typer.Option("--national-id", help="The new user's national ID.")],
    role: Annotated[
        str,
        typer.Option(help="dla_admin or province_officer (LAO accounts: `registrar set`)."),
    ],
    scope: Annotated[
        str | None, typer.Option(help="The province code of a province_officer.")
    ] = None,
) -> None:
    """Register a DLA administrator or a province officer (DLA admin) and print their one-time
    enrolment code. An LAO's accounts come only from `lhrctl registrar set`, from its staff.

    The new user runs `lhrctl passwd` with their own card and this code to set a password."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "user_add")
    new = st.run("user_add", operator, national_id=nid, role=role, scope=scope)
    ui = st.ui
    role = ui.word(ROLES, new.role)
    ui.outcome(
        new,
        f"Account for {mask_national_id(nid)} ({role} {new.scope or ''}) created. Give them "
        f"this one-time enrolment code, valid until {ui.datetime(new.expires_at)}:",
        f"สร้างบัญชีของ {mask_national_id(nid)} ({role} {new.scope or ''}) แล้ว "
        f"ส่งรหัสลงทะเบียนใช้ครั้งเดียวนี้ให้เจ้าของบัญชี (ใช้ได้ถึง {ui.datetime(new.expires_at)}):",
    )
    ui.value(new.enrolment_code)
    ui.info(
        "They enrol with `lhrctl passwd`, their own ID card and this code.",
        "เจ้าของบัญชีลงทะเบียนด้วย `lhrctl passwd` บัตรประชาชนของตนเอง และรหัสนี้",
    )


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List operator accounts (a province officer sees the LAO accounts of their province)."""
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    operator = sign_in(st, "user_list")
    st.ui.rows(
        st.run("user_list", operator),
        [
            Column("National ID", "เลขประจำตัว", lambda v: mask_national_id(v.national_id)),
            Column("Name", "ชื่อ", lambda v: v.name or "-"),
            Column("Role", "บทบาท", lambda v: st.ui.word(ROLES, v.role)),
            Column("Scope", "ขอบเขต", lambda v: v.scope),
            Column("Status", "สถานะ", lambda v: _status(st, v)),
        ],
    )


@app.command("disable")
def disable(ctx: typer.Context, national_id: NationalId, yes: Yes = False) -> None:
    """Disable an account: its card and password no longer sign in."""
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    operator, nid = _confirmed(
        st, national_id, "disable", yes,
        "Disable the account of {who}? Their card and password no longer sign in.",
        "ปิดบัญชีของ {who} หรือไม่ (บัตรและรหัสผ่านจะเข้าระบบไม่ได้อีก)",
    )  # fmt: skip
    view = st.run("user_disable", operator, national_id=nid)
    st.ui.outcome(
        view,
        f"Account of {mask_national_id(nid)} disabled.",
        f"ปิดบัญชีของ {mask_national_id(nid)} แล้ว",
    )


@app.command("unlock")
def unlock(
    ctx: typer.Context,
    national_id: NationalId,
    reenrol: Annotated[
        bool,
        typer.Option(
            "--reenrol", help="Also clear the password and card binding; print a new code."
        ),
    ] = False,
) -> None:
    """Lift a password lock-out; --reenrol after a lost password or a new card. A disabled
    account stays disabled (see `user enable`)."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "user_unlock")
    done = st.run("user_unlock", operator, national_id=nid, reenrol=reenrol)
    st.ui.outcome(
        done,
        f"Account of {mask_national_id(nid)} unlocked.",
        f"ปลดล็อกบัญชีของ {mask_national_id(nid)} แล้ว",
    )
    if done.enrolment_code:
        st.ui.info("New one-time enrolment code:", "รหัสลงทะเบียนใหม่ (ใช้ครั้งเดียว):")
        st.ui.value(done.enrolment_code)


@app.command("enable")
def enable(ctx: typer.Context, national_id: NationalId, yes: Yes = False) -> None:
    """Re-activate a disabled account (DLA admin), with a new enrolment: the old password and
    card no longer work; prints the new one-time code."""
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    operator, nid = _confirmed(
        st, national_id, "enable", yes,
        "Re-activate the account of {who} with a new enrolment?",
        "เปิดบัญชีของ {who} คืนพร้อมการลงทะเบียนใหม่หรือไม่",
    )  # fmt: skip
    done = st.run("user_enable", operator, national_id=nid)
    st.ui.outcome(
        done,
        f"Account of {mask_national_id(nid)} re-activated; they enrol again with this code:",
        f"เปิดบัญชีของ {mask_national_id(nid)} คืนแล้ว เจ้าของบัญชีต้องลงทะเบียนใหม่ด้วยรหัสนี้:",
    )
    st.ui.value(done.enrolment_code or "")


def _confirmed(
    st: AppState, national_id: str, change: str, yes: bool, ask_en: str, ask_th: str
) -> tuple[Operator, str]:
    """Sign in for `user <change>`, show whose account it is, and ask (`{who}` in the
    questions) unless --yes: the operator and the account's ID."""
    from lhrctl.commands._arguments import parse_national_id

    nid = parse_national_id(national_id)
    operator = sign_in(st, f"user_{change}")
    who = _whose(st, st.run(f"user_{change}_review", operator, national_id=nid, change=change))
    confirm(st, ask_en.format(who=who), ask_th.format(who=who), yes=yes)
    return operator, nid


def passwd(ctx: typer.Context) -> None:
    # its help: commands/_index.py
    from lhrctl.services.accounts import new_password

    st = state(ctx)
    st.ready()
    card = read_card(st)
    if st.server_url:  # the server tells a card's account only to its signed-in holder
        secret = ask_secret(st, "password_or_enrolment_code")
    else:
        holder = st.run("whoami", card=card)
        enrolled = holder.account is not None and holder.account.enrolled
        secret = ask_secret(st, "current_password" if enrolled else "enrolment_code")
    new = new_password(lambda key: ask_secret(st, key), card.national_id)
    outcome = st.run("passwd", card=card, secret=secret, new_password=new)
    said = {
        "enrolled": (
            "Enrolled: you can now sign in with your card and password.",
            "ลงทะเบียนเรียบร้อย ใช้บัตรและรหัสผ่านเข้าสู่ระบบได้แล้ว",
        ),
        "changed": ("Password changed.", "เปลี่ยนรหัสผ่านแล้ว"),
    }
    en, th = said.get(outcome, said["changed"])
    st.ui.outcome({"national_id": card.national_id, "outcome": outcome}, en, th)


def whoami(ctx: typer.Context) -> None:
    # its help: commands/_index.py
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    st.ready()
    card = read_card(st)
    holder = st.run("whoami", card=card)
    ui = st.ui
    fields = [
        Column("Card holder", "ผู้ถือบัตร", lambda h: f"{h.name} ({mask_national_id(h.national_id)})")
    ]
    if holder.account is None:
        fields.append(Column("Account", "บัญชี", lambda _: ui.t("none", "ไม่มี")))
    else:
        view = holder.account
        fields += [
            Column("Role", "บทบาท", lambda _: ui.word(ROLES, view.role)),
            Column("Scope", "ขอบเขต", lambda _: view.scope or ui.t("whole country", "ทั้งประเทศ")),
            Column("Status", "สถานะ", lambda _: _status(st, view)),
        ]
    ui.record(holder, fields)


def _whose(st: AppState, view: AccountView) -> str:
    """An account as a question names it: the person, their role and scope, the ID masked."""
    from lhrctl.national_id import mask_national_id

    role = st.ui.word(ROLES, view.role)
    scope = f" {view.scope}" if view.scope else ""
    return f"{view.name or '-'} ({mask_national_id(view.national_id)}, {role}{scope})"
