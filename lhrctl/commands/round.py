"""`lhrctl round open|list|close`: certification rounds and their deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column

if TYPE_CHECKING:
    from lhrctl.services.rounds import RoundInfo

app = typer.Typer(no_args_is_help=True)


def _show(st: AppState, rounds: list[RoundInfo]) -> None:
    ui = st.ui
    ui.rows(
        rounds,
        [
            Column("Round", "รอบ", lambda r: r.name),
            Column("LAO deadline", "กำหนด อปท.", lambda r: ui.date(r.lao_deadline)),
            Column("Province deadline", "กำหนดจังหวัด", lambda r: ui.date(r.province_deadline)),
            Column(
                "Status",
                "สถานะ",
                lambda r: ui.t("open", "เปิด") if r.open else ui.t("closed", "ปิดแล้ว"),
            ),
        ],
    )


@app.command("open")
def open_(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the round, e.g. 'phase 1'.")],
    lao_deadline: Annotated[
        str, typer.Option("--lao-deadline", help="Last day for LAOs to certify (BE or CE).")
    ],
    province_deadline: Annotated[
        str,
        typer.Option("--province-deadline", help="Last day for provinces to certify (BE or CE)."),
    ],
) -> None:
    """Open a certification round (DLA admin). One round is open at a time."""
    from lhrctl.commands._arguments import parse_date_arg

    st = state(ctx)
    lao_day = parse_date_arg(lao_deadline, "--lao-deadline")
    province_day = parse_date_arg(province_deadline, "--province-deadline")
    operator = sign_in(st, "round_open")
    opened = st.run(
        "round_open",
        operator,
        name=name,
        lao_deadline=lao_day,
        province_deadline=province_day,
    )
    st.ui.outcome(
        opened,
        f"Round {opened.name!r} is open: LAOs certify by {st.ui.date(opened.lao_deadline)}, "
        f"provinces by {st.ui.date(opened.province_deadline)}.",
        f"เปิดรอบ {opened.name!r} แล้ว: อปท. รับรองภายใน {st.ui.date(opened.lao_deadline)} "
        f"จังหวัดภายใน {st.ui.date(opened.province_deadline)}",
    )


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """The rounds, oldest first."""
    st = state(ctx)
    _show(st, st.run("round_list"))


@app.command("close")
def close(ctx: typer.Context) -> None:
    """Close the open round (DLA admin). Certified LAOs stay certified in it; nothing is locked
    once it is closed."""
    st = state(ctx)
    operator = sign_in(st, "round_close")
    closed = st.run("round_close", operator)
    st.ui.outcome(closed, f"Round {closed.name!r} is closed.", f"ปิดรอบ {closed.name!r} แล้ว")
