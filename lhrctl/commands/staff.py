"""`lhrctl staff export`: staff records with the canonical field names (personal data: signed in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import sign_in

app = typer.Typer(help="Staff records.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this LAO.")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="json, csv or xlsx (xlsx: with -o).")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")
    ] = None,
) -> None:
    """Export staff records with the canonical field names; IDs in full (needs sign-in)."""
    from lhrctl.errors import UsageError
    from lhrctl.schemas.staff import FIELDS
    from lhrctl.services.staff import export_staff
    from lhrctl.writers.records import FORMATS, csv_text, json_text, write_xlsx

    st = state(ctx)
    if output_format not in FORMATS or (output_format == "xlsx" and output is None):
        raise UsageError(
            f"--format {output_format}: use json or csv (or xlsx with -o FILE).",
            "--format ใช้ json หรือ csv (หรือ xlsx พร้อม -o ไฟล์)",
        )
    operator = sign_in(st, "staff_export")
    records = export_staff(st.engine, operator, org=org, province=province)
    if output_format == "xlsx" and output is not None and not st.json:
        write_xlsx(records, FIELDS, output)
    elif output_format == "json" or st.json:
        st.ui.data(json_text(records), output)
    else:
        st.ui.data(csv_text(records, FIELDS), output)
    if output is not None:
        st.ui.success(
            f"{len(records)} record(s) written to {output}.",
            f"บันทึก {len(records)} รายการที่ {output}",
        )


@app.command("list")
def list_(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this LAO.")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
) -> None:
    """List staff records (IDs masked; needs sign-in: it is personal data)."""
    from lhrctl.national_id import mask_national_id
    from lhrctl.services.staff import export_staff

    st = state(ctx)
    operator = sign_in(st, "staff_list")
    records = export_staff(
        st.engine, operator, org=org, province=province, action_name="staff_list"
    )
    rows = [
        {
            "national_id": mask_national_id(r["national_id"]),
            "name": f"{r['title']}{r['first_name']} {r['last_name']}",
            "personnel_type": r["personnel_type"],
            "position": r["position"],
            "org_code": r["org_code"],
        }
        for r in records
    ]
    if st.json:
        st.ui.emit_json(rows)
        return
    ui = st.ui
    ui.table(
        [
            ui.t("National ID", "เลขประจำตัว"),
            ui.t("Name", "ชื่อ"),
            ui.t("Type", "ประเภท"),
            ui.t("Position", "ตำแหน่ง"),
            ui.t("LAO", "อปท."),
        ],
        [tuple(r.values()) for r in rows],
    )
    ui.info(f"{len(rows)} record(s).", f"{len(rows)} ราย")


@app.command("show")
def show(
    ctx: typer.Context,
    national_id: Annotated[str, typer.Argument(help="The person's national ID.")],
) -> None:
    """One person's record and its history (needs sign-in: it is personal data)."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import format_national_id
    from lhrctl.services.staff import show_staff

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "staff_show")
    record, history = show_staff(st.engine, operator, nid)
    if st.json:
        from dataclasses import asdict

        st.ui.emit_json(record | {"history": [asdict(h) for h in history]})
        return
    ui = st.ui
    ui.fields(
        [
            (ui.t("National ID", "เลขประจำตัวประชาชน"), format_national_id(record["national_id"])),
            (ui.t("Name", "ชื่อ"), f"{record['title']}{record['first_name']} {record['last_name']}"),
            (ui.t("Born", "วันเกิด"), ui.date(record["birth_date"])),
            (ui.t("Type", "ประเภท"), record["personnel_type"]),
            (
                ui.t("Position", "ตำแหน่ง"),
                f"{record['position']} {record['position_no'] or ''}".strip(),
            ),
            (ui.t("Division", "ส่วนราชการ"), record["division"]),
            (ui.t("Salary", "เงินเดือน"), f"{record['salary']:,.2f}"),
            (ui.t("Appointed", "วันบรรจุ"), ui.date(record["appointed_on"])),
            (ui.t("LAO", "อปท."), record["org_code"]),
        ]
    )
    ui.table(
        [
            ui.t("When", "เมื่อ"),
            ui.t("Action", "การกระทำ"),
            ui.t("Source", "ที่มา"),
            ui.t("Changes", "การเปลี่ยนแปลง"),
        ],
        [
            (
                ui.datetime(h.at),
                h.action,
                h.source,
                _describe_changes(h.changes) or None,
            )
            for h in history
        ],
        title=ui.t("History", "ประวัติ"),
    )


def _describe_changes(changes: dict[str, object]) -> str:
    """An edit's `field: old → new`; a transfer's or a certification's facts as `key: value`."""

    def one(key: str, value: object) -> str:
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return f"{key}: {value[0]} → {value[1]}"
        return f"{key}: {value}"

    return ", ".join(one(k, v) for k, v in changes.items())


@app.command("template")
def template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
) -> None:
    """Write an empty staff workbook: canonical Thai headers, drop-down lists, date formats."""
    from lhrctl.writers.template import write_template

    st = state(ctx)
    write_template(output)
    st.ui.success(f"Template written to {output}.", f"สร้างแบบฟอร์มที่ {output} แล้ว")
