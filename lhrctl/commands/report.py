"""`lhrctl report progress`: who has certified and who is late, per province or per LAO."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state

if TYPE_CHECKING:
    from lhrctl.services.progress import ProgressReport

app = typer.Typer(help="Reports.", no_args_is_help=True)
BAR = 20


def _bar(share: float) -> str:
    filled = round(share * BAR)
    return "█" * filled + "░" * (BAR - filled) + f" {share:4.0%}"


def report_json(report: ProgressReport) -> dict[str, object]:
    data: dict[str, object] = {
        "round": report.round.name,
        "lao_deadline": report.round.lao_deadline.isoformat(),
        "province_deadline": report.round.province_deadline.isoformat(),
        "as_of": report.today.isoformat(),
    }
    if report.province is None:
        data["provinces"] = [
            {
                "code": p.code,
                "name": p.name,
                "laos": p.laos,
                "states": p.states,
                "late": p.late,
                "people": p.people,
            }
            for p in report.provinces
        ]
    else:
        data["laos"] = [
            {
                "code": lao.code,
                "name": lao.name,
                "state": lao.state,
                "late": lao.late,
                "people": lao.people,
            }
            for lao in report.laos
        ]
    return data


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
        ui.table(
            [
                ui.t("Province", "จังหวัด"),
                ui.t("LAOs", "อปท."),
                ui.t("Recording", "กำลังบันทึก"),
                ui.t("Returned", "ส่งคืน"),
                ui.t("LAO cert.", "รับรอง อปท."),
                ui.t("Province cert.", "รับรองจังหวัด"),
                ui.t("Late", "ล่าช้า"),
                ui.t("Certified", "รับรองแล้ว"),
            ],
            [
                (
                    f"{p.code} {p.name}",
                    p.laos,
                    p.states["recording"],
                    p.states["returned"],
                    p.states["lao_certified"],
                    p.states["province_certified"],
                    f"[red]{p.late}[/]" if p.late else 0,
                    _bar(p.certified_share),
                )
                for p in report.provinces
            ],
            title=title,
        )
        return
    ui.table(
        [
            ui.t("LAO", "อปท."),
            ui.t("Name", "ชื่อ"),
            ui.t("State", "สถานะ"),
            ui.t("Late", "ล่าช้า"),
            ui.t("Civil serv.", "ข้าราชการ"),
            ui.t("Permanent", "ลูกจ้างประจำ"),
            ui.t("Contract", "พนักงานจ้าง"),
        ],
        [
            (
                lao.code,
                lao.name,
                state_label(st, lao.state),
                f"[red]{ui.t('late', 'ล่าช้า')}[/]" if lao.late else "",
                lao.people["civil_servant"],
                lao.people["permanent_employee"],
                lao.people["contract"],
            )
            for lao in report.laos
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
    from lhrctl.services.clock import today
    from lhrctl.services.progress import progress_report

    st = state(ctx)
    report = progress_report(
        st.ready_engine(), today=today(), round_name=round_name, province=province
    )
    if output is not None:
        from lhrctl.writers.progress import write_progress_workbook

        write_progress_workbook(report, output, st.lang)
        st.ui.info(f"Report written to {output}.", f"บันทึกรายงานที่ {output}")
    if st.json:
        st.ui.emit_json(report_json(report))
    else:
        _show(st, report)
