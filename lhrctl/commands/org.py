"""`lhrctl org list|show`: the LAOs of DLA's registry."""

from __future__ import annotations

from typing import Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._ui import Column

app = typer.Typer(no_args_is_help=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    province: Annotated[
        str | None, typer.Option("--province", "-p", help="2-digit province code, e.g. 54.")
    ] = None,
    lao_type: Annotated[
        str | None,
        typer.Option(
            "--type", "-t", help="sao, subdistrict_municipality, … or อบต., เทศบาลตำบล, …"
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include LAOs that left the registry.")
    ] = False,
) -> None:
    """List LAOs, optionally of one province and one type."""
    from lhrctl.services.laos import parse_lao_type

    st = state(ctx)
    kind = parse_lao_type(lao_type) if lao_type else None
    laos = st.run("org_list", province=province, lao_type=kind, include_retired=all_)
    st.ui.rows(
        laos,
        [
            Column("Code", "รหัส", lambda lao: lao.code),
            Column("LAO", "อปท.", lambda lao: lao.display_name + ("" if lao.active else " †")),
            Column("District", "อำเภอ", lambda lao: lao.district),
            Column("Province", "จังหวัด", lambda lao: lao.province_name),
        ],
    )
    st.ui.info(f"{len(laos)} LAO(s).", f"{len(laos)} แห่ง")


@app.command("show")
def show(
    ctx: typer.Context, code: Annotated[str, typer.Argument(help="7-digit LAO code.")]
) -> None:
    """Show one LAO and the history of its registry entry."""
    st = state(ctx)
    found = st.run("org_show", code=code)
    versions = found.versions
    ui = st.ui
    ui.record(
        found.lao,
        [
            Column("Code", "รหัส", lambda v: v.code),
            Column("Name", "ชื่อ", lambda v: v.display_name),
            Column("Type", "ประเภท", lambda v: v.type),
            Column("District", "อำเภอ", lambda v: v.district),
            Column("Province", "จังหวัด", lambda v: f"{v.province_name} ({v.province_code})"),
            Column("In the registry since", "อยู่ในทะเบียนตั้งแต่", lambda v: ui.date(v.valid_from)),
            Column(
                "Left the registry",
                "ออกจากทะเบียน",
                lambda v: ui.date(v.valid_to) if v.valid_to else None,
            ),
        ],
        json=lambda _: found.as_dict(),
    )
    if versions:
        ui.rows(
            versions,
            [
                Column("From", "ตั้งแต่", lambda v: ui.date(v.valid_from)),
                Column("To", "ถึง", lambda v: ui.date(v.valid_to)),
                Column("Name", "ชื่อ", lambda v: v.display_name),
                Column("District", "อำเภอ", lambda v: v.district),
            ],
            title=ui.t("Earlier entries", "ข้อมูลเดิม"),
            json=None,
        )
