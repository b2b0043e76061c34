"""`lhrctl report progress`: who has certified and who is late, per province or per LAO."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._options import CycleOption
from lhrctl.commands._ui import CUT, KEEP, Column, Styled

if TYPE_CHECKING:
    from lhrctl.services.progress import ProgressReport
    from lhrctl.services.retirements import Retirements

app = typer.Typer(no_args_is_help=True)
WIDE_BAR, NARROW_BAR = 20, 10  # a narrow terminal (`Ui.narrow`) shows the short bar


def _bar(share: float, length: int) -> str:
    filled = round(share * length)
    return "█" * filled + "░" * (length - filled) + f" {share:4.0%}"


def _show(st: AppState, report: ProgressReport) -> None:
    from lhrctl.commands.certify import state_label

    ui = st.ui
    title = ui.t(
        f"Round {report.round.name}: LAOs by {ui.date(report.round.lao_deadline)}, provinces by "
        f"{ui.date(report.round.province_deadline)} (as of {ui.date(report.today)})",
        f"รอบ {report.round.name}: อปท. ภายใน {ui.date(report.round.lao_deadline)} "
        f"จังหวัดภายใน {ui.date(report.round.province_deadline)} (ข้อมูล ณ {ui.date(report.today)})",
    )
    if report.province is None:
        bar = NARROW_BAR if ui.narrow else WIDE_BAR
        ui.rows(
            report.provinces,
            [
                Column("Province", "จังหวัด", lambda p: f"{p.code} {p.name}", CUT),
                Column("LAOs", "อปท.", lambda p: p.laos),
                Column("Recording", "กำลังบันทึก", lambda p: p.states["recording"]),
                Column("Returned", "ส่งคืน", lambda p: p.states["returned"]),
                Column("LAO cert.", "รับรอง อปท.", lambda p: p.states["lao_certified"]),
                Column("Province cert.", "รับรองจังหวัด", lambda p: p.states["province_certified"]),
                Column("Late", "ล่าช้า", lambda p: Styled(str(p.late), "red") if p.late else 0),
                Column("Certified", "รับรองแล้ว", lambda p: _bar(p.certified_share, bar), KEEP),
            ],
            title=title,
        )
        return
    late = Styled(ui.t("late", "ล่าช้า"), "red")
    ui.rows(
        report.laos,
        [
            Column("LAO", "อปท.", lambda lao: lao.code),
            Column("Name", "ชื่อ", lambda lao: lao.name, CUT),
            Column("State", "สถานะ", lambda lao: state_label(st, lao.state)),
            Column("Late", "ล่าช้า", lambda lao: late if lao.late else ""),
            Column("Civil serv.", "ข้าราชการ", lambda lao: lao.people["civil_servant"]),
            Column("Permanent", "ลูกจ้างประจำ", lambda lao: lao.people["permanent_employee"]),
            Column("Contract", "พนักงานจ้าง", lambda lao: lao.people["contract"]),
        ],
        title=title,
    )


@app.command("progress")
def progress(
    ctx: typer.Context,
    province: Annotated[
        str | None, typer.Option("--province", help="One province: a row per LAO.")
    ] = None,
    round_name: Annotated[
        str | None, typer.Option("--round", help="Default: the open round, else the latest.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Also write the report as a workbook (.xlsx)."),
    ] = None,
) -> None:
    """How far the round has got: LAOs per state, the late ones first, people per group."""

    st = state(ctx)
    report = st.run("report_progress", round_name=round_name, province=province)
    if output is not None:
        from lhrctl.writers.progress import write_progress_workbook

        write_progress_workbook(report, output, st.lang)
        st.ui.info(f"Report written to {output}.", f"บันทึกรายงานที่ {output}")
    st.ui.present(report, lambda: _show(st, report))


@app.command("retirements")
def retirements(
    ctx: typer.Context,
    fiscal_year: Annotated[
        int, typer.Option("--fiscal-year", help="The fiscal year (BE), e.g. 2570.")
    ],
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Only this LAO.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Also write the list as a workbook (.xlsx)."),
    ] = None,
) -> None:
    """Who reaches the end of service (60) at the end of a fiscal year, per LAO, with position
    and salary (needs sign-in: it is personal data)."""
    from lhrctl.commands._signin import sign_in

    st = state(ctx)
    operator = sign_in(st, "report_retirements")
    found = st.run(
        "report_retirements", operator, fiscal_year=fiscal_year, org=org, province=province
    )
    if output is not None:
        from lhrctl.writers.retirements import write_retirements_workbook

        write_retirements_workbook(found, output, st.lang)
        st.ui.info(f"List written to {output}.", f"บันทึกรายชื่อที่ {output}")
    st.ui.present(found, lambda: _show_retirements(st, found))


def _show_retirements(st: AppState, found: Retirements) -> None:
    from lhrctl.labels import PERSONNEL_TYPES
    from lhrctl.national_id import mask_national_id

    ui = st.ui
    retires = ui.date(found.retires_on)
    ui.rows(
        found.people,
        [
            Column("LAO", "อปท.", lambda p: f"{p.org_code} {p.lao_name}", CUT),
            Column("National ID", "เลขประจำตัว", lambda p: mask_national_id(p.national_id), KEEP),
            Column("Name", "ชื่อ", lambda p: p.name),
            Column("Type", "ประเภท", lambda p: ui.word(PERSONNEL_TYPES, p.personnel_type)),
            Column("Position", "ตำแหน่ง", lambda p: " ".join(filter(None, (p.position, p.level)))),
            Column("Salary", "เงินเดือน", lambda p: f"{p.salary:,.2f}", KEEP),
            Column("Born", "วันเกิด", lambda p: ui.date(p.birth_date), KEEP),
        ],
        title=ui.t(
            f"Retiring in fiscal year {found.fiscal_year}: service ends {retires} "
            f"({len(found.people)} people)",
            f"ผู้ครบเกษียณอายุ ปีงบประมาณ {found.fiscal_year}: พ้นจากราชการ {retires} "
            f"({len(found.people)} คน)",
        ),
        json=None,
    )


@app.command("plans")
def plans(
    ctx: typer.Context,
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
    cycle: CycleOption = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Also write the list as a workbook (.xlsx)."),
    ] = None,
) -> None:
    """Each LAO's manpower plan of the cycle: its state and each year's personnel cost as a
    share of its budget, the LAOs above 40 % first."""
    from lhrctl.labels import PLAN_STATES
    from lhrctl.services.plans import LIMIT

    st = state(ctx)
    ui = st.ui
    found = st.run("report_plans", province=province, cycle=cycle)

    def share(ratio: float | None) -> str | None:
        return None if ratio is None else f"{ratio * 100:.2f}%" + (" !" if ratio > LIMIT else "")

    columns = [
        Column("LAO", "อปท.", lambda s: s.org_code),
        Column("Name", "ชื่อ", lambda s: s.lao_name),
        Column("Version", "ฉบับที่", lambda s: s.version),
        Column("State", "สถานะ", lambda s: ui.word(PLAN_STATES, s.state)),
        *(
            Column(f"Year {k + 1}", f"ปีที่ {k + 1}", lambda s, k=k: share(s.ratios[k]))
            for k in range(3)
        ),
        Column("Errors", "ข้อผิดพลาด", lambda s: s.errors),
    ]
    if output is not None:  # shares as numbers a workbook sorts and sums, the flag apart
        from lhrctl.writers.records import write_xlsx

        percent = [
            Column(f"Year {k + 1} (%)", f"ปีที่ {k + 1} (%)", lambda s, k=k: _percent(s.ratios[k]))
            for k in range(3)
        ]
        over = Column(
            f"Over {LIMIT:.0%}", f"เกิน {LIMIT:.0%}", lambda s: ui.t("yes", "ใช่") if s.over else ""
        )
        rows, heads, _ = ui.sheet(found, [*columns[:4], *percent, over, columns[-1]])
        write_xlsx(rows, heads, output, name=ui.t("Manpower plans", "แผนอัตรากำลัง"))
        ui.info(f"List written to {output}.", f"บันทึกรายการที่ {output}")
    ui.rows(found, columns, title=ui.t("Manpower plans", "แผนอัตรากำลัง"), json=_standing)


def _percent(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio * 100, 2)


def _standing(s: Any) -> dict[str, Any]:
    return {"org_code": s.org_code, "lao_name": s.lao_name, "version": s.version,
            "state": s.state, "ratios": s.ratios, "errors": s.errors, "over": s.over}  # fmt: skip
