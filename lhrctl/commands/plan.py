"""`lhrctl plan`: the three-year manpower plan (แผนอัตรากำลัง 3 ปี) of an LAO."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._options import CycleOption, MaxFindingsOption, RaiseOption
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column

if TYPE_CHECKING:
    from lhrctl.services.plans import PlanCheck, PlanSummary

app = typer.Typer(no_args_is_help=True)

OrgOption = Annotated[str, typer.Option("--org", help="LAO code of the plan.")]


@app.command("template")
def template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
    cycle: CycleOption = None,
) -> None:
    """Write the plan workbook an office fills: a sheet of lines (a position a row, its current
    framework and the posts wanted in each year) and a sheet of each year's budget."""
    from lhrctl.services.clock import today
    from lhrctl.services.plans import current_cycle, parse_cycle
    from lhrctl.writers.plan_template import write_plan_template

    st = state(ctx)
    write_plan_template(output, parse_cycle(cycle) if cycle else current_cycle(today()))
    st.ui.success(f"Plan template written to {output}.", f"สร้างแบบฟอร์มแผนที่ {output} แล้ว")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The plan workbook.")],
    org: OrgOption,
    cycle: Annotated[str, typer.Option("--cycle", help="Three fiscal years, BE, e.g. 2570-2572.")],
    amendment: Annotated[
        str | None,
        typer.Option("--amendment", help="Why the approved plan changes: starts a new version."),
    ] = None,
    max_findings: MaxFindingsOption = 200,
) -> None:
    """Import the LAO's plan for a cycle as its draft: all or nothing. An approved version stays
    as it is; --amendment REASON starts the next version."""
    from lhrctl.commands._findings import findings_table
    from lhrctl.errors import Findings
    from lhrctl.services.plans import parse_cycle
    from lhrctl.services.staff_uploads import Upload
    from lhrctl.staff_files.readers import require_readable

    st = state(ctx)
    parse_cycle(cycle)  # a wrong cycle or an unreadable file fails before a card is asked
    require_readable(file)
    operator = sign_in(st, "plan_import")
    done = st.run(
        "plan_import", operator, files=[Upload(str(file), file.read_bytes())], org=org,
        cycle=cycle, amendment=amendment,
    )  # fmt: skip
    ui = st.ui

    def draw() -> None:
        if done.findings:
            findings_table(st, done.findings, max_findings)
        if done.written:
            ui.info(
                f"Plan {done.cycle} of LAO {org}: version {done.version}, {done.lines} line(s), "
                "saved as a draft.",
                f"แผน {done.cycle} ของ อปท. {org}: ฉบับที่ {done.version} {done.lines} รายการ "
                "บันทึกเป็นร่างแล้ว",
            )

    ui.present(done, draw, json=lambda d: d.as_dict(st.lang))
    if not done.written and done.rejected:
        raise Findings(
            f"Nothing was imported: the plan has {done.rejected} row(s) to fix.",
            f"ไม่ได้นำเข้าแผน: ต้องแก้ไข {done.rejected} แถว",
        )
    if not done.written:  # a finding of the file: no lines, or no plan at all
        raise Findings("Nothing was imported (see the finding above).",
                       "ไม่ได้นำเข้าแผน (ดูรายการข้างต้น)")  # fmt: skip


@app.command("show")
def show(ctx: typer.Context, org: OrgOption, cycle: CycleOption = None) -> None:
    """The LAO's plan: its latest version, its lines and each year's budget."""
    st = state(ctx)
    plan = st.run("plan_show", org=org, cycle=cycle)
    _show_plan(st, plan)


@app.command("export")
def export(
    ctx: typer.Context,
    org: OrgOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
    cycle: CycleOption = None,
) -> None:
    """Write the LAO's plan (its latest version) in the template's layout: `plan import` reads
    it back as it is."""
    from lhrctl.services.plans import parse_cycle
    from lhrctl.writers.plan_template import write_plan_workbook

    st = state(ctx)
    plan: PlanSummary = st.run("plan_show", org=org, cycle=cycle)
    write_plan_workbook(output, parse_cycle(plan.cycle), plan.lines, plan.budgets)
    st.ui.success(
        f"Plan {plan.cycle} of LAO {org}, version {plan.version}, written to {output}.",
        f"บันทึกแผน {plan.cycle} ของ อปท. {org} ฉบับที่ {plan.version} ที่ {output} แล้ว",
    )


def _show_plan(st: AppState, plan: PlanSummary) -> None:
    from lhrctl.labels import PERSONNEL_TYPES, PLAN_STATES

    ui = st.ui
    years = [int(y) for y in plan.cycle.split("-")]
    ui.record(
        plan,
        [
            Column("LAO", "อปท.", lambda p: f"{p.lao_name or ''} {p.org_code}".strip()),
            Column("Cycle", "รอบแผน", lambda p: p.cycle),
            Column("Version", "ฉบับที่", lambda p: p.version),
            Column("State", "สถานะ", lambda p: ui.word(PLAN_STATES, p.state)),
            Column("Amendment", "เหตุผลการแก้ไข", lambda p: p.reason),
            Column("Returned because", "เหตุผลที่ส่งคืน", lambda p: p.return_reason),
            *(
                Column(
                    f"Budget {years[0] + k}",
                    f"งบประมาณ {years[0] + k}",
                    lambda p, k=k: _money(p.budgets[k]),
                )
                for k in range(3)
            ),
        ],
    )
    ui.rows(
        plan.lines,
        [
            Column("Division", "ส่วนราชการ", lambda line: line["division"]),
            Column("Position", "ตำแหน่ง", lambda line: line["position"]),
            Column("Type", "ประเภท", lambda line: ui.word(PERSONNEL_TYPES, line["personnel_type"])),
            Column("Level", "ระดับ", lambda line: line["level"]),
            Column("Now", "กรอบเดิม", lambda line: line["framework"]),
            *(
                Column(
                    str(years[0] + k - 1),
                    str(years[0] + k - 1),
                    lambda line, k=k: line[f"year_{k}"],
                )
                for k in (1, 2, 3)
            ),
            Column("Salary", "เงินเดือน", lambda line: _money(line["salary"])),
        ],
        title=ui.t("Lines of the plan", "รายการตำแหน่งในแผน"),
        json=None,
    )


def _money(value: float | None) -> str | None:
    return None if value is None else f"{value:,.2f}"


@app.command("check")
def check(
    ctx: typer.Context,
    org: OrgOption,
    cycle: CycleOption = None,
    raise_percent: RaiseOption = 6.0,
    max_findings: MaxFindingsOption = 200,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Also write the check as a workbook (.xlsx)."),
    ] = None,
) -> None:
    """Check the plan against the LAO's people: vacant posts, people outside the plan or beyond
    its posts, retirements within the cycle, and each year's personnel cost against 40 % of
    the budget (exit 1 on errors)."""
    from lhrctl.commands._findings import findings_table
    from lhrctl.errors import Findings

    st = state(ctx)
    checked: PlanCheck = st.run("plan_check", org=org, cycle=cycle, raise_percent=raise_percent)
    if output is not None:
        _write_check(st, checked, output)

    def draw() -> None:
        if checked.findings:
            findings_table(st, checked.findings, max_findings)
        _show_costs(st, checked)

    st.ui.present(checked, draw, json=lambda c: c.as_dict(st.lang))
    if checked.errors:
        raise Findings(
            f"The plan {checked.cycle} of LAO {org} has {checked.errors} error(s).",
            f"แผน {checked.cycle} ของ อปท. {org} มีข้อผิดพลาด {checked.errors} รายการ",
        )


def _write_check(st: AppState, checked: PlanCheck, output: Path) -> None:
    """The years, the divisions and the findings, a sheet each, headed in the officer's language."""
    from lhrctl.commands._findings import finding_columns
    from lhrctl.writers.records import write_xlsx

    ui = st.ui
    years, heads, _ = ui.sheet(checked.years, _year_columns(sheet=True))
    more = {
        ui.t("Divisions", "ส่วนราชการ"): ui.sheet(checked.divisions, _division_columns(sheet=True)),
        ui.t("Findings", "ผลการตรวจ"): ui.sheet(checked.findings, finding_columns(st, None)),
    }
    write_xlsx(years, heads, output, more=more, name=ui.t("Years", "รายปี"))
    ui.info(f"The check is written to {output}.", f"บันทึกผลการตรวจที่ {output}")


def _year_columns(*, sheet: bool = False) -> list[Column[Any]]:
    """The years' figures as a table shows them, or (`sheet`) as number cells a workbook sums."""
    money = _amount if sheet else _money
    share = (
        Column("Share (%)", "ร้อยละ (%)", lambda y: _amount(None if y.ratio is None else y.ratio * 100))
        if sheet
        else Column("Share", "ร้อยละ", lambda y: None if y.ratio is None else f"{y.ratio * 100:.2f}%")
    )  # fmt: skip
    return [
        Column("Year", "ปีงบประมาณ", lambda y: y.year),
        Column("People", "คน", lambda y: y.people),
        Column("Salaries", "เงินเดือน", lambda y: money(y.salaries)),
        Column("Added posts", "อัตราเพิ่ม", lambda y: y.added_posts),
        Column("Their cost", "ค่าใช้จ่ายอัตราเพิ่ม", lambda y: money(y.added_cost)),
        Column("Benefits", "ประโยชน์ตอบแทนอื่น", lambda y: money(y.benefits)),
        Column("Cost", "รวม", lambda y: money(y.cost)),
        Column("Budget", "งบประมาณ", lambda y: money(y.budget)),
        share,
    ]


def _division_columns(*, sheet: bool = False) -> list[Column[Any]]:
    money = _amount if sheet else _money
    return [
        Column("Year", "ปีงบประมาณ", lambda d: d.year),
        Column("Division", "ส่วนราชการ", lambda d: d.division),
        Column("People", "คน", lambda d: d.people),
        Column("Added posts", "อัตราเพิ่ม", lambda d: d.added_posts),
        Column("Cost", "ค่าใช้จ่าย", lambda d: money(d.cost)),
    ]


def _amount(value: float | None) -> float | None:
    """A figure for a number cell: to the satang, as the table shows it."""
    return None if value is None else round(value, 2)


def _show_costs(st: AppState, checked: PlanCheck) -> None:
    ui = st.ui
    ui.rows(
        checked.years,
        _year_columns(),
        title=ui.t(
            f"Personnel cost, salaries raised {checked.raise_percent:g}% a year",
            f"ค่าใช้จ่ายด้านบุคคล (เงินเดือนเพิ่มปีละ {checked.raise_percent:g}%)",
        ),
        json=None,
    )
    ui.rows(
        checked.divisions,
        _division_columns(),
        title=ui.t("By division", "แยกตามส่วนราชการ"),
        json=None,
    )


@app.command("submit")
def submit(
    ctx: typer.Context,
    org: OrgOption,
    cycle: CycleOption = None,
    raise_percent: RaiseOption = 6.0,
) -> None:
    """Send the LAO's draft plan to the province (the LAO's registrar or officer); refused while
    `plan check` finds errors."""
    _step(ctx, "submit", org=org, cycle=cycle, raise_percent=raise_percent)


@app.command("approve")
def approve(ctx: typer.Context, org: OrgOption, cycle: CycleOption = None) -> None:
    """Approve the submitted plan (a province officer of its province, or a DLA admin); an
    approved version is read-only."""
    _step(ctx, "approve", org=org, cycle=cycle)


@app.command("return")
def return_(
    ctx: typer.Context,
    org: OrgOption,
    reason: Annotated[str, typer.Option("--reason", help="What the LAO is to change.")],
    cycle: CycleOption = None,
) -> None:
    """Send the submitted plan back to the LAO with the reason (a province officer of its
    province, or a DLA admin)."""
    _step(ctx, "return", org=org, cycle=cycle, reason=reason)


def _step(ctx: typer.Context, step: str, **arguments: object) -> None:
    from lhrctl.labels import PLAN_STATES

    st = state(ctx)
    operator = sign_in(st, f"plan_{step}")
    plan: PlanSummary = st.run(f"plan_{step}", operator, **arguments)
    word = st.ui.word(PLAN_STATES, plan.state)
    st.ui.outcome(
        plan,
        f"Plan {plan.cycle} of LAO {plan.org_code}, version {plan.version}: {word}.",
        f"แผน {plan.cycle} ของ อปท. {plan.org_code} ฉบับที่ {plan.version}: {word}",
    )
