"""`lhrctl registrar set|show|list`: each LAO's registrar and registry officer (seed 004)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import confirm
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column, Styled
from lhrctl.labels import STALE_REASONS

if TYPE_CHECKING:
    from lhrctl.services.registrars import Holder, Plan

app = typer.Typer(no_args_is_help=True)
ROLE_LABELS = {
    "registrar": ("Registrar", "นายทะเบียนประวัติ"),
    "officer": ("Registry officer", "เจ้าหน้าที่ทะเบียนประวัติ"),
}


@app.command("set")
def set_(
    ctx: typer.Context,
    org: Annotated[str, typer.Option("--org", help="7-digit LAO code.")],
    registrar: Annotated[str, typer.Option("--registrar", help="National ID of the registrar.")],
    officer: Annotated[str, typer.Option("--officer", help="National ID of the officer.")],
    allow_same: Annotated[
        bool, typer.Option("--allow-same", help="One person holds both roles.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Register the LAO's registrar and registry officer, found among its staff; prints a
    one-time enrolment code for each person who must enrol, and disables whom they replace."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    ui = st.ui
    registrar_id, officer_id = parse_national_id(registrar), parse_national_id(officer)
    operator = sign_in(st, "registrar_set")
    plan = st.run(
        "registrar_review",
        operator,
        org=org,
        registrar=registrar_id,
        officer=officer_id,
        allow_same=allow_same,
    )
    ui.rows(
        plan.people,
        [
            Column("Role", "หน้าที่", lambda c: ui.t(*ROLE_LABELS[c.role])),
            Column("Person", "บุคคล", lambda c: f"{c.name} ({mask_national_id(c.national_id)})"),
            Column("Position", "ตำแหน่ง", lambda c: c.position),
        ],
        title=ui.t(f"LAO {org}", f"อปท. {org}"),
        json=None,  # the plan; scripts get what was saved
    )
    for en, th in plan.warnings:
        ui.warn(en, th)
    confirm(st, f"Register them for LAO {org}?", f"บันทึกการกำหนดสิทธิ์ของ อปท. {org} หรือไม่", yes=yes)
    done = st.run(
        "registrar_set",
        operator,
        org=org,
        registrar=registrar_id,
        officer=officer_id,
        allow_same=allow_same,
    )
    ui.present(done, lambda: _report_saved(st, done))


def _report_saved(st: AppState, done: Plan) -> None:
    from lhrctl.national_id import mask_national_id

    ui = st.ui
    for c in done.people:
        if c.enrolment_code:
            ui.info(
                f"{ui.t(*ROLE_LABELS[c.role])} {c.name}: enrolment code {c.enrolment_code} "
                "(their first `lhrctl passwd` needs their own card and this code).",
                f"{ui.t(*ROLE_LABELS[c.role])} {c.name}: รหัสลงทะเบียน {c.enrolment_code}",
            )
    if done.disabled:
        ui.info(
            f"Disabled the accounts of {', '.join(mask_national_id(n) for n in done.disabled)}.",
            f"ปิดบัญชีของ {', '.join(mask_national_id(n) for n in done.disabled)} แล้ว",
        )
    ui.success(f"LAO {done.org_code}: registration saved.", f"อปท. {done.org_code}: บันทึกแล้ว")


def _holders(st: AppState, found: list[Holder]) -> None:
    from lhrctl.national_id import mask_national_id

    ui = st.ui
    ui.rows(
        found,
        [
            Column("LAO", "อปท.", lambda h: h.org_code),
            Column("Role", "หน้าที่", lambda h: ui.t(*ROLE_LABELS[h.role])),
            Column(
                "Person",
                "บุคคล",
                lambda h: (
                    f"{h.name or '-'} ({mask_national_id(h.national_id)})"
                    if h.national_id
                    else None
                ),
            ),
            Column("Since", "ตั้งแต่", lambda h: ui.datetime(h.since) if h.since else None),
            Column(
                "Needs setting again",
                "ต้องกำหนดใหม่",
                lambda h: Styled(ui.word(STALE_REASONS, h.stale), "red") if h.stale else "",
            ),
        ],
    )


@app.command("show")
def show(ctx: typer.Context, org: Annotated[str, typer.Option("--org", help="LAO code.")]) -> None:
    """Who holds each role at the LAO, since when, and whether it has gone stale."""

    st = state(ctx)
    _holders(st, st.run("registrar_holders", org=org))


@app.command("list")
def list_(
    ctx: typer.Context,
    province: Annotated[str, typer.Option("--province", help="2-digit province code.")],
    stale: Annotated[
        bool, typer.Option("--stale", help="Only the registrations to set again.")
    ] = False,
) -> None:
    """Every LAO of a province with its registrar and officer: the list a province chases."""

    st = state(ctx)
    found = st.run("registrar_holders", province=province)
    _holders(st, [h for h in found if h.stale] if stale else found)
