"""`lhrctl certify --level lao|province`, `certify return|status|history|verify`."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._prompts import confirm
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column, as_json
from lhrctl.labels import ACTIONS, CERTIFICATION_STATES, PERSONNEL_TYPES, SECTION_SHORT

if TYPE_CHECKING:
    from lhrctl.services.access import Operator
    from lhrctl.services.certification import ProvinceOutcome, Review, Status
    from lhrctl.services.sections import SectionChange

app = typer.Typer(
    invoke_without_command=True,
)

Org = Annotated[str, typer.Option("--org", help="7-digit LAO code.")]
RoundName = Annotated[str | None, typer.Option("--round", help="Default: the open one.")]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
GROUP_LABELS = {
    "civil_servant": ("Civil servants (teachers included)", "ข้าราชการ (รวมครู)"),
    "permanent_employee": ("Permanent employees", "ลูกจ้างประจำ"),
    "contract": ("Contract employees", "พนักงานจ้าง"),
}


def state_label(st: AppState, value: str) -> str:
    return st.ui.word(CERTIFICATION_STATES, value)


def show_counts(st: AppState, status: Status) -> None:
    ui = st.ui
    headers = [ui.t("Group", "กลุ่ม"), ui.t("Today", "ปัจจุบัน")]
    if status.certified_counts is not None:
        headers.insert(1, ui.t("At LAO certification", "ตอนรับรองระดับ อปท."))
    rows = []
    for group, (en, th) in GROUP_LABELS.items():
        row: list[object] = [ui.t(en, th), status.counts[group]]
        if status.certified_counts is not None:
            row.insert(1, status.certified_counts.get(group, 0))
        rows.append(row)
    round_name = status.round.name if status.round else "-"
    ui.table(
        headers,
        rows,
        title=f"{status.org_code} {status.lao_name} · {ui.t('round', 'รอบ')} {round_name} · "
        f"{state_label(st, status.state)}",
    )


def show_history(st: AppState, status: Status, *, as_data: bool = False) -> None:
    """The certification steps; `as_data`: they are the command's output (JSON with --json)."""
    ui = st.ui
    ui.rows(
        status.history,
        [
            Column("When", "เมื่อ", lambda e: ui.datetime(e.at)),
            Column("Who", "ผู้ดำเนินการ", lambda e: e.actor_name or e.actor),
            Column("Step", "ขั้นตอน", lambda e: ui.word(ACTIONS, e.action)),
            Column("State", "สถานะ", lambda e: state_label(st, e.state_to)),
            Column("Reason", "เหตุผล", lambda e: e.reason),
            Column(
                "Counts",
                "จำนวน",
                lambda e: " / ".join(str(e.counts.get(g, 0)) for g in GROUP_LABELS),
            ),
        ],
        title=ui.t("Certification history", "ประวัติการรับรองข้อมูล"),
        json=as_json if as_data else None,
    )


def _review_findings(st: AppState, review: Review) -> None:
    from lhrctl.commands._findings import findings_table

    if review.findings:
        findings_table(
            st,
            review.findings,
            50,
            title=st.ui.t("Open findings", "ผลการตรวจที่ยังค้าง"),
        )


def _certify_lao(st: AppState, org: str, accept_warnings: bool, yes: bool) -> None:
    operator = sign_in(st, "certify_lao")
    review = st.run("certify_lao_review", operator, org=org, level="lao")
    show_counts(st, review.status)
    _review_findings(st, review)
    if not review.errors and (accept_warnings or not review.warnings):
        confirm(
            st,
            f"Certify the data of LAO {org} at LAO level? Its records are locked from then on.",
            f"รับรองข้อมูลของ อปท. {org} ระดับ อปท. หรือไม่ (หลังรับรองจะแก้ไขข้อมูลไม่ได้)",
            yes=yes,
        )
    # with errors left this refuses (exit 1): the attempt is in the audit log too
    done = st.run("certify_lao", operator, org=org, accept_warnings=accept_warnings)
    _report(st, done)


def _report(st: AppState, done: Status) -> None:
    show_history(st, done)
    st.ui.outcome(
        done,
        f"LAO {done.org_code} is {state_label(st, done.state)}.",
        f"อปท. {done.org_code} {state_label(st, done.state)}",
    )


def _certify_province(
    st: AppState,
    orgs: list[str],
    all_ready: bool,
    province: str | None,
    sample: int,
    seed: int | None,
    yes: bool,
) -> None:
    from lhrctl.errors import UsageError
    from lhrctl.services import certification

    if all_ready and orgs:
        raise UsageError("Give --org or --all-ready, not both.", "ระบุ --org หรือ --all-ready")
    operator = sign_in(st, "certify_province")
    orgs = st.run(
        "certify_province_laos", operator, orgs=orgs, all_ready=all_ready, province=province
    )
    if not orgs:
        st.ui.info(
            f"No LAO of province {province or operator.scope} is waiting for province "
            "certification.",
            f"ไม่มี อปท. ในจังหวัด {province or operator.scope} ที่รอรับรองระดับจังหวัด",
        )
        return
    seed = seed if seed is not None else secrets.randbelow(1_000_000)

    def check_ask_certify(org: str) -> Status:
        _spot_check(st, operator, org, sample, seed)
        if not all_ready:
            confirm(
                st,
                f"Certify LAO {org} at province level?",
                f"รับรองข้อมูลของ อปท. {org} ระดับจังหวัดหรือไม่",
                yes=yes,
            )
        done: Status = st.run("certify_province", operator, org=org)
        return done

    outcomes = certification.certify_each(orgs, check_ask_certify)
    if len(orgs) == 1:
        _report(st, st.run("certify_status", org=orgs[0]))
        return
    _summary(st, outcomes)


def _spot_check(st: AppState, operator: Operator, org: str, sample: int, seed: int) -> None:
    from lhrctl.national_id import mask_national_id

    review = st.run(
        "certify_province_review", operator, org=org, level="province", sample=sample, seed=seed
    )
    ui = st.ui
    show_counts(st, review.status)
    ui.table(
        [
            ui.t("National ID", "เลขประจำตัวประชาชน"),
            ui.t("Name", "ชื่อ"),
            ui.t("Type", "ประเภท"),
            ui.t("Position", "ตำแหน่ง"),
            ui.t("Complete", "ครบถ้วน"),
            ui.t("Record of service (rows)", "ทะเบียนประวัติ (รายการ)"),
        ],
        [
            (
                mask_national_id(r.national_id),
                r.name,
                st.ui.word(PERSONNEL_TYPES, r.personnel_type),
                r.position,
                f"{r.filled}/{r.fields}",
                ", ".join(f"{ui.word(SECTION_SHORT, k)} {n}" for k, n in r.sections.items()) or "-",
            )
            for r in review.sample
        ],
        title=ui.t(
            f"Spot check: {len(review.sample)} records at random (--seed {seed})",
            f"สุ่มตรวจ {len(review.sample)} รายการ (--seed {seed})",
        ),
    )


def _summary(st: AppState, outcomes: list[ProvinceOutcome]) -> None:
    st.ui.rows(
        outcomes,
        [
            Column("LAO", "อปท.", lambda o: o.org_code),
            Column(
                "Result",
                "ผล",
                lambda o: o.error.message(st.lang) if o.error else state_label(st, o.state or ""),
            ),
        ],
        title=st.ui.t("Province certification", "การรับรองระดับจังหวัด"),
        json=lambda o: o.as_dict(st.lang),
    )
    failed = [o.error for o in outcomes if o.error]
    if failed:
        raise failed[0]


@app.callback()
def certify(
    ctx: typer.Context,
    level: Annotated[
        str | None, typer.Option("--level", help="lao (the LAO's registrar) or province.")
    ] = None,
    orgs: Annotated[
        list[str] | None,
        typer.Option("--org", help="7-digit LAO code (repeat it at province level)."),
    ] = None,
    all_ready: Annotated[
        bool,
        typer.Option(
            "--all-ready", help="Province level: every LAO of the province that is ready."
        ),
    ] = False,
    province: Annotated[
        str | None, typer.Option("--province", help="With --all-ready, for a DLA admin.")
    ] = None,
    accept_warnings: Annotated[
        bool,
        typer.Option("--accept-warnings", help="LAO level: certify although warnings remain."),
    ] = False,
    sample: Annotated[
        int, typer.Option("--sample", min=0, help="Province level: records to spot-check.")
    ] = 5,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Province level: make the sample reproducible.")
    ] = None,
    yes: Yes = False,
) -> None:
    """Certify an LAO's data for the open round: `--level lao` locks it, `--level province`
    closes the round for it. Subcommands send it back or show where it stands."""
    from lhrctl.errors import UsageError

    if ctx.invoked_subcommand is not None:
        return
    st = state(ctx)
    orgs = orgs or []
    if level == "lao":
        if len(orgs) != 1:
            raise UsageError(
                "--level lao certifies one LAO: give --org CODE once.",
                "--level lao รับรองครั้งละหนึ่ง อปท. ระบุ --org หนึ่งครั้ง",
            )
        _certify_lao(st, orgs[0], accept_warnings, yes)
    elif level == "province":
        if not orgs and not all_ready:
            raise UsageError(
                "Give --org CODE (repeatable) or --all-ready.", "ระบุ --org หรือ --all-ready"
            )
        _certify_province(st, orgs, all_ready, province, sample, seed, yes)
    else:
        raise UsageError(
            "Give --level lao or --level province, or a subcommand: return, status, history, "
            "verify.",
            "ระบุ --level lao หรือ --level province หรือคำสั่งย่อย return, status, history, verify",
        )


@app.command("return")
def return_(
    ctx: typer.Context,
    org: Org,
    reason: Annotated[str, typer.Option("--reason", help="Why the data go back.")],
    yes: Yes = False,
) -> None:
    """Send an LAO's certified data back for correction (province officer or DLA admin). This
    unlocks the LAO."""

    st = state(ctx)
    operator = sign_in(st, "certify_return")
    review = st.run("certify_return_review", operator, org=org)  # refused here, before asking
    where = f"{review.org_code} {review.lao_name}".strip()
    confirm(
        st,
        f"Send the data of LAO {where} ({state_label(st, review.state)}) back for correction? "
        "Its records are unlocked for editing.",
        f"ส่งข้อมูลของ อปท. {where} ({state_label(st, review.state)}) คืนให้แก้ไขหรือไม่ "
        "(ข้อมูลจะปลดล็อกให้แก้ไขได้)",
        yes=yes,
    )
    done = st.run("certify_return", operator, org=org, reason=reason)
    _report(st, done)


@app.command("status")
def status_(
    ctx: typer.Context,
    org: Org,
    round_name: RoundName = None,
) -> None:
    """Where an LAO stands in the round: state, counts, history."""

    st = state(ctx)
    found = st.run("certify_status", org=org, round_name=round_name)

    def draw() -> None:
        show_counts(st, found)
        if found.history:
            show_history(st, found)

    st.ui.present(found, draw)


@app.command("history")
def history(
    ctx: typer.Context,
    org: Org,
    round_name: RoundName = None,
) -> None:
    """Every certification step of an LAO in the round: who, when, why, counts."""

    st = state(ctx)
    found = st.run("certify_status", org=org, round_name=round_name)
    show_history(st, found, as_data=True)


def _show_section_changes(st: AppState, changes: list[SectionChange]) -> None:
    """Which row of which section of whose record is not as certified."""
    from lhrctl.national_id import mask_national_id
    from lhrctl.schemas.sections import SECTIONS

    ui = st.ui
    names = {name: ui.t(en, th) for name, _model, en, th in SECTIONS}
    words = {"changed": ui.t("changed", "ถูกแก้ไข"), "added": ui.t("added", "ถูกเพิ่ม"),
             "removed": ui.t("removed", "ถูกลบ")}  # fmt: skip
    ui.rows(
        changes,
        [
            Column("National ID", "เลขประจำตัวประชาชน", lambda c: mask_national_id(c.national_id)),
            Column("Section", "หมวด", lambda c: names.get(c.section, c.section)),
            Column("Row", "รายการ", lambda c: c.label),
            Column("Since certification", "หลังรับรอง", lambda c: words[c.change]),
        ],
        title=ui.t("Rows of the record of service", "รายการในทะเบียนประวัติ"),
        json=None,
    )


@app.command("verify")
def verify(ctx: typer.Context, org: Org) -> None:
    """Recompute the certified digest and name every record changed since (exit 1 if any)."""
    from lhrctl.errors import Findings
    from lhrctl.national_id import mask_national_id

    st = state(ctx)
    checked = st.run("certify_verify", org=org)
    ui = st.ui
    changes = (
        [(n, ui.t("changed", "ถูกแก้ไข")) for n in checked.changed]
        + [(n, ui.t("added", "ถูกเพิ่ม")) for n in checked.added]
        + [(n, ui.t("removed", "ถูกลบ")) for n in checked.removed]
    )
    if checked.intact:
        ui.outcome(
            checked,
            f"LAO {org}: every record is as it was certified.",
            f"อปท. {org}: ข้อมูลทุกรายการตรงกับที่รับรองไว้",
        )
    else:

        def draw() -> None:
            ui.rows(
                changes,
                [
                    Column("National ID", "เลขประจำตัวประชาชน", lambda c: mask_national_id(c[0])),
                    Column("Since certification", "หลังรับรอง", lambda c: c[1]),
                ],
                title=ui.t(
                    f"LAO {org}: records changed behind the tool's back",
                    f"อปท. {org}: ข้อมูลที่ถูกแก้ไขนอกระบบ",
                ),
            )
            if checked.sections:
                _show_section_changes(st, checked.sections)

        ui.present(checked, draw)
    if not checked.intact:
        raise Findings(
            f"LAO {org}: {len(checked.changed) + len(checked.added) + len(checked.removed)} "
            "record(s) differ from what was certified.",
            f"อปท. {org}: ข้อมูล {len(checked.changed) + len(checked.added) + len(checked.removed)} "
            "รายการไม่ตรงกับที่รับรองไว้",
        )
