"""`lhrctl user add|list|disable|unlock`, `lhrctl passwd`, `lhrctl whoami`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import ask_secret, confirm
from lhrctl.commands._signin import read_card, sign_in

if TYPE_CHECKING:
    from lhrctl.services.accounts import AccountView

app = typer.Typer(help="Operator accounts.", no_args_is_help=True)

NationalId = Annotated[str, typer.Argument(help="National ID of the account holder.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]


def _account_json(view: AccountView) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(view)


def _account_rows(st: AppState, views: list[AccountView]) -> list[tuple[object, ...]]:
    from lhrctl.national_id import mask_national_id

    ui = st.ui
    rows = []
    for v in views:
        if not v.active:
            status = ui.t("disabled", "ปิดใช้งาน")
        elif v.locked_until:
            status = ui.t(
                f"locked until {ui.datetime(v.locked_until)}",
                f"ล็อกถึง {ui.datetime(v.locked_until)}",
            )
        elif not v.enrolled:
            status = ui.t("awaiting enrolment", "รอลงทะเบียน")
        else:
            status = ui.t("active", "ใช้งาน")
        rows.append((mask_national_id(v.national_id), v.name or "-", v.role, v.scope, status))
    return rows


@app.command("add")
def add(
    ctx: typer.Context,
    national_id: Annotated[str, typer.Option("--national-id", help="The new user's national ID.")],
    role: Annotated[
        str,
        typer.Option(help="dla_admin, province_officer, lao_registrar or lao_officer."),
    ],
    scope: Annotated[
        str | None, typer.Option(help="Province code (province_officer) or LAO code (LAO roles).")
    ] = None,
) -> None:
    """Register an operator and print their one-time enrolment code.

    The new user runs `lhrctl passwd` with their own card and this code to set a password."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "user_add")
    new = accounts.add_user(st.engine, operator, nid, role, scope)
    if st.json:
        st.ui.emit_json(
            {
                "national_id": new.national_id,
                "role": new.role,
                "scope": new.scope,
                "enrolment_code": new.enrolment_code,
            }
        )
        return
    ui = st.ui
    ui.success(
        f"Account for {mask_national_id(nid)} ({new.role} {new.scope or ''}) created. Give them "
        f"this one-time enrolment code, valid until {ui.datetime(new.expires_at)}:",
        f"สร้างบัญชีของ {mask_national_id(nid)} ({new.role} {new.scope or ''}) แล้ว "
        f"ส่งรหัสลงทะเบียนใช้ครั้งเดียวนี้ให้เจ้าของบัญชี (ใช้ได้ถึง {ui.datetime(new.expires_at)}):",
    )
    print(new.enrolment_code)
    ui.info(
        "They enrol with `lhrctl passwd`, their own ID card and this code.",
        "เจ้าของบัญชีลงทะเบียนด้วย `lhrctl passwd` บัตรประชาชนของตนเอง และรหัสนี้",
    )


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List operator accounts (a province officer sees the LAO accounts of their province)."""
    from lhrctl.services import accounts

    st = state(ctx)
    operator = sign_in(st, "user_list")
    views = accounts.list_users(st.engine, operator)
    if st.json:
        st.ui.emit_json([_account_json(v) for v in views])
        return
    ui = st.ui
    ui.table(
        [
            ui.t("National ID", "เลขประจำตัว"),
            ui.t("Name", "ชื่อ"),
            ui.t("Role", "บทบาท"),
            ui.t("Scope", "ขอบเขต"),
            ui.t("Status", "สถานะ"),
        ],
        _account_rows(st, views),
    )


@app.command("disable")
def disable(ctx: typer.Context, national_id: NationalId, yes: Yes = False) -> None:
    """Disable an account: its card and password no longer sign in."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    nid = parse_national_id(national_id)
    confirm(
        st,
        f"Disable the account of {mask_national_id(nid)}?",
        f"ปิดบัญชีของ {mask_national_id(nid)} หรือไม่",
        yes=yes,
    )
    operator = sign_in(st, "user_disable")
    view = accounts.disable_user(st.engine, operator, nid)
    if st.json:
        st.ui.emit_json(_account_json(view))
        return
    st.ui.success(
        f"Account of {mask_national_id(nid)} disabled.", f"ปิดบัญชีของ {mask_national_id(nid)} แล้ว"
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
    """Lift a password lock-out (and re-enable); --reenrol after a lost password or a new card."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "user_unlock")
    view, code = accounts.unlock_user(st.engine, operator, nid, reenrol=reenrol)
    if st.json:
        data = _account_json(view)
        data["enrolment_code"] = code
        st.ui.emit_json(data)
        return
    st.ui.success(
        f"Account of {mask_national_id(nid)} unlocked.", f"ปลดล็อกบัญชีของ {mask_national_id(nid)} แล้ว"
    )
    if code:
        st.ui.info("New one-time enrolment code:", "รหัสลงทะเบียนใหม่ (ใช้ครั้งเดียว):")
        print(code)


def passwd(ctx: typer.Context) -> None:
    """Set your password: the first time with your card and enrolment code, later to change it.

    Prompts (one line each from stdin when it is not a terminal): first time — enrolment code,
    new password, repeat; later — current password, new password, repeat."""
    from lhrctl.services import accounts

    st = state(ctx)
    engine = st.ready_engine()
    card = read_card(st)
    outcome = accounts.change_password(engine, card, lambda key: ask_secret(st, key))
    if st.json:
        st.ui.emit_json({"national_id": card.national_id, "outcome": outcome})
    elif outcome == "enrolled":
        st.ui.success(
            "Enrolled: you can now sign in with your card and password.",
            "ลงทะเบียนเรียบร้อย ใช้บัตรและรหัสผ่านเข้าสู่ระบบได้แล้ว",
        )
    else:
        st.ui.success("Password changed.", "เปลี่ยนรหัสผ่านแล้ว")


def whoami(ctx: typer.Context) -> None:
    """Tap a card: whose it is, and the role and scope of their account."""
    from lhrctl.national_id import mask_national_id
    from lhrctl.services import accounts

    st = state(ctx)
    engine = st.ready_engine()
    card = read_card(st)
    view = accounts.describe(engine, card.national_id)
    if st.json:
        st.ui.emit_json(
            {
                "national_id": card.national_id,
                "name": card.full_name_th,
                "account": _account_json(view) if view else None,
            }
        )
        return
    ui = st.ui
    pairs: list[tuple[str, object]] = [
        (
            ui.t("Card holder", "ผู้ถือบัตร"),
            f"{card.full_name_th} ({mask_national_id(card.national_id)})",
        ),
    ]
    if view is None:
        pairs.append((ui.t("Account", "บัญชี"), ui.t("none", "ไม่มี")))
    else:
        status = _account_rows(st, [view])[0][-1]
        pairs += [
            (ui.t("Role", "บทบาท"), view.role),
            (ui.t("Scope", "ขอบเขต"), view.scope or ui.t("whole country", "ทั้งประเทศ")),
            (ui.t("Status", "สถานะ"), status),
        ]
    ui.fields(pairs)
