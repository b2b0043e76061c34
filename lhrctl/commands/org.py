"""`lhrctl org list|show`: the LAOs of DLA's registry."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import state

if TYPE_CHECKING:
    from lhrctl.services.laos import LaoView

app = typer.Typer(help="LAOs of the DLA registry.", no_args_is_help=True)


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
    from lhrctl.services.laos import list_laos, parse_lao_type

    st = state(ctx)
    kind = parse_lao_type(lao_type) if lao_type else None
    laos = list_laos(st.ready_engine(), province=province, lao_type=kind, include_retired=all_)
    if st.json:
        st.ui.emit_json([_record(lao) for lao in laos])
        return
    ui = st.ui
    ui.table(
        [
            ui.t("Code", "รหัส"),
            ui.t("LAO", "อปท."),
            ui.t("District", "อำเภอ"),
            ui.t("Province", "จังหวัด"),
        ],
        [
            (
                lao.code,
                lao.display_name + ("" if lao.active else " †"),
                lao.district,
                lao.province_name,
            )
            for lao in laos
        ],
    )
    ui.info(f"{len(laos)} LAO(s).", f"{len(laos)} แห่ง")


@app.command("show")
def show(
    ctx: typer.Context, code: Annotated[str, typer.Argument(help="7-digit LAO code.")]
) -> None:
    """Show one LAO and the history of its registry entry."""
    from lhrctl.services.laos import get_lao

    st = state(ctx)
    lao, versions = get_lao(st.ready_engine(), code)
    if st.json:
        record = _record(lao)
        record["history"] = [asdict(v) for v in versions]
        st.ui.emit_json(record)
        return
    ui = st.ui
    ui.fields(
        [
            (ui.t("Code", "รหัส"), lao.code),
            (ui.t("Name", "ชื่อ"), lao.display_name),
            (ui.t("Type", "ประเภท"), lao.type),
            (ui.t("District", "อำเภอ"), lao.district),
            (ui.t("Province", "จังหวัด"), f"{lao.province_name} ({lao.province_code})"),
            (ui.t("In the registry since", "อยู่ในทะเบียนตั้งแต่"), ui.date(lao.valid_from)),
            (
                ui.t("Left the registry", "ออกจากทะเบียน"),
                ui.date(lao.valid_to) if lao.valid_to else None,
            ),
        ]
    )
    if versions:
        ui.table(
            [ui.t("From", "ตั้งแต่"), ui.t("To", "ถึง"), ui.t("Name", "ชื่อ"), ui.t("District", "อำเภอ")],
            [
                (
                    ui.date(v.valid_from),
                    ui.date(v.valid_to),
                    v.display_name,
                    v.district,
                )
                for v in versions
            ],
            title=ui.t("Earlier entries", "ข้อมูลเดิม"),
        )


def _record(lao: LaoView) -> dict[str, object]:
    data = asdict(lao)
    data["active"] = data["valid_to"] is None
    return data
