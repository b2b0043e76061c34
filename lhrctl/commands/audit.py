"""`lhrctl audit log|verify`: the hash-chained record of every privileged action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._audit_text import details_text, target_text
from lhrctl.commands._context import state
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import CUT, KEEP, Column
from lhrctl.labels import ACTIONS, OUTCOMES

if TYPE_CHECKING:
    from lhrctl.commands._ui import Ui
    from lhrctl.services.audit import AuditRow

app = typer.Typer(no_args_is_help=True)


@app.command("log")
def log(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="Only rows from this date (BE or CE).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only rows of this national ID.")] = None,
    action: Annotated[
        str | None, typer.Option(help="Only rows of this action, e.g. user_add.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many (the newest).")] = 100,
) -> None:
    """Show audit rows (DLA admin): when, who, what, on what, and the outcome."""
    from datetime import datetime

    from lhrctl.commands._arguments import parse_date_arg, parse_national_id
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    start = (
        datetime.combine(parse_date_arg(since, "--since"), datetime.min.time()) if since else None
    )
    who = parse_national_id(actor) if actor else None
    operator = sign_in(st, "audit_log")
    rows = st.run("audit_log", operator, since=start, actor=who, action=action, limit=limit)
    ui = st.ui
    when = Column("When", "เวลา", lambda r: ui.datetime(r.at), KEEP)
    by = Column("Who", "ผู้กระทำ", lambda r: mask_national_id(r.actor) if r.actor else None, KEEP)
    if ui.narrow:  # the row number goes, an outcome not ok follows the action, the target
        # leads the details
        columns = [
            when,
            by,
            Column("Action", "การกระทำ", lambda r: _action_and_outcome(ui, r), KEEP),
            Column(
                "On what, details", "กับอะไร รายละเอียด", lambda r: _target_and_details(ui, r), CUT
            ),
        ]
    else:
        columns = [
            Column("#", "#", lambda r: r.id, KEEP),
            when,
            by,
            Column("Action", "การกระทำ", lambda r: ui.word(ACTIONS, r.action), KEEP),
            Column("Target", "เป้าหมาย", lambda r: target_text(ui, r.target) or None, CUT),
            Column("Outcome", "ผล", lambda r: ui.word(OUTCOMES, r.outcome), KEEP),
            Column("Details", "รายละเอียด", lambda r: details_text(ui, r.details), CUT),
        ]
    ui.rows(rows, columns)


def _action_and_outcome(ui: Ui, row: AuditRow) -> str:
    action = ui.word(ACTIONS, row.action)
    return action if row.outcome == "ok" else f"{action} ({ui.word(OUTCOMES, row.outcome)})"


def _target_and_details(ui: Ui, row: AuditRow) -> str:
    both = " · ".join(x for x in (target_text(ui, row.target), details_text(ui, row.details)) if x)
    return both or "-"


@app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Check every MAC, the sequence and the anchor file: exit 1 naming each tampering found (a
    changed row, deleted rows, a rewritten chain, a log cut short or emptied, a head that does
    not match the anchor). Read-only; needs the audit key, no card (for nightly scripts)."""
    from lhrctl.errors import Findings

    st = state(ctx)
    verdict = st.run("audit_verify")
    if verdict.ok:
        st.ui.outcome(
            verdict,
            f"Audit log intact: {verdict.rows} row(s), every MAC and the anchor check out.",
            f"บันทึกการตรวจสอบครบถ้วน {verdict.rows} แถว รหัสตรวจสอบและหลักยึดถูกต้องทั้งหมด",
        )
        return
    st.ui.present(verdict, lambda: [st.ui.error(Findings(f.en, f.th)) for f in verdict.findings])
    count = len(verdict.findings)
    raise Findings(
        f"The audit log was tampered with: {count} finding(s) in {verdict.rows} row(s).",
        f"บันทึกการตรวจสอบถูกแก้ไข: พบ {count} รายการใน {verdict.rows} แถว",
        hint_en="Keep the database and the anchor file as they are and report it to DLA.",
        hint_th="เก็บฐานข้อมูลและแฟ้มหลักยึดไว้ตามสภาพ แล้วแจ้ง สถ.",
    )
