"""`lhrctl staff export`: staff records with the canonical field names (personal data: signed in)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column, Ui
from lhrctl.labels import ACTIONS, PERSONNEL_TYPES

if TYPE_CHECKING:
    from lhrctl.writers.records import Sheet

app = typer.Typer(no_args_is_help=True)


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
    sections: Annotated[
        bool,
        typer.Option(
            "--sections",
            help="With the record of service: JSON, a list under each section's name; xlsx, a "
            "sheet per section.",
        ),
    ] = False,
) -> None:
    """Export staff records with the canonical field names; IDs in full (needs sign-in)."""
    from lhrctl.commands._findings import row_progress
    from lhrctl.schemas.staff import DATE_FIELDS, FIELDS
    from lhrctl.writers.records import csv_text, json_text, write_xlsx

    st = state(ctx)
    _check_format(output_format, output, sections)
    operator = sign_in(st, "staff_export")
    with row_progress(st, st.ui.t("records", "รายการ")) as progress:
        records = st.run(
            "staff_export", operator, org=org, province=province, progress=progress,
            sections=sections,
        )  # fmt: skip
    if output_format == "xlsx" and output is not None and not st.json:
        write_xlsx(records, FIELDS, output, dates=DATE_FIELDS, more=_section_sheets(records))
    elif output_format == "json" or st.json:
        st.ui.data(json_text(records), output)
    else:
        st.ui.data(csv_text(records, FIELDS), output)
    if output is not None:
        st.ui.success(
            f"{len(records)} record(s) written to {output}.",
            f"บันทึก {len(records)} รายการที่ {output}",
        )


def _check_format(output_format: str, output: Path | None, sections: bool) -> None:
    from lhrctl.errors import UsageError
    from lhrctl.writers.records import FORMATS

    if output_format not in FORMATS or (output_format == "xlsx" and output is None):
        raise UsageError(
            f"--format {output_format}: use json or csv (or xlsx with -o FILE).",
            "--format ใช้ json หรือ csv (หรือ xlsx พร้อม -o ไฟล์)",
        )
    if sections and output_format == "csv":
        raise UsageError(
            "--sections: a record of service has a table per section; use json or xlsx.",
            "--sections: ทะเบียนประวัติมีหลายตาราง ใช้ json หรือ xlsx",
        )


def _section_sheets(records: list[dict[str, Any]]) -> dict[str, Sheet]:
    """A sheet per section, named as `import history` reads it, of every record's rows."""
    from lhrctl.schemas.sections import SECTIONS
    from lhrctl.staff_files.history import KINDS

    if not records or "positions" not in records[0]:
        return {}
    sheets: dict[str, Sheet] = {}
    for name, _model, _en, th in SECTIONS:
        rows = [{"national_id": r["national_id"]} | row for r in records for row in r[name]]
        fields = ["national_id", *KINDS[name]]
        sheets[th] = (rows, fields, {f for f in fields if f.endswith("_on")})
    return sheets


@app.command("list")
def list_(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this LAO.")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
) -> None:
    """List staff records (IDs masked; needs sign-in: it is personal data)."""

    st = state(ctx)
    operator = sign_in(st, "staff_list")
    lines = st.run("staff_list", operator, org=org, province=province)
    st.ui.rows(
        lines,
        [
            Column("National ID", "เลขประจำตัว", lambda p: p.national_id),
            Column("Name", "ชื่อ", lambda p: p.name),
            Column("Type", "ประเภท", lambda p: st.ui.word(PERSONNEL_TYPES, p.personnel_type)),
            Column("Position", "ตำแหน่ง", lambda p: p.position),
            Column("LAO", "อปท.", lambda p: p.org_code),
        ],
    )
    st.ui.info(f"{len(lines)} record(s).", f"{len(lines)} ราย")


@app.command("show")
def show(
    ctx: typer.Context,
    national_id: Annotated[str, typer.Argument(help="The person's national ID.")],
) -> None:
    """One person's record and its history (needs sign-in: it is personal data)."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.national_id import format_national_id
    from lhrctl.services.staff import full_name
    from lhrctl.staff_files.checks import retirement_date

    st = state(ctx)
    nid = parse_national_id(national_id)
    operator = sign_in(st, "staff_show")
    person = st.run("staff_show", operator, national_id=nid)
    ui = st.ui
    ui.record(
        person.record,
        [
            Column(
                "National ID", "เลขประจำตัวประชาชน", lambda r: format_national_id(r["national_id"])
            ),
            Column("Name", "ชื่อ", full_name),
            Column("Born", "วันเกิด", lambda r: ui.date(r["birth_date"])),
            Column("Type", "ประเภท", lambda r: ui.word(PERSONNEL_TYPES, r["personnel_type"])),
            Column(
                "Position", "ตำแหน่ง", lambda r: f"{r['position']} {r['position_no'] or ''}".strip()
            ),
            Column("Division", "ส่วนราชการ", lambda r: r["division"]),
            Column("Salary", "เงินเดือน", lambda r: f"{r['salary']:,.2f}"),
            Column("Appointed", "วันบรรจุ", lambda r: ui.date(r["appointed_on"])),
            Column("Retires", "วันครบเกษียณอายุ", lambda r: ui.date(retirement_date(r["birth_date"]))),
            Column("LAO", "อปท.", lambda r: f"{person.lao_name or ''} {r['org_code']}".strip()),
        ],
        json=lambda _: person.as_dict(),
    )
    ui.rows(
        person.history,
        [
            Column("When", "เมื่อ", lambda h: ui.datetime(h.at)),
            Column("Action", "การกระทำ", lambda h: ui.word(ACTIONS, h.action)),
            Column("Source", "ที่มา", lambda h: _source(ui, h.source)),
            Column("Changes", "การเปลี่ยนแปลง", lambda h: _describe_changes(ui, h.changes) or None),
        ],
        title=ui.t("History", "ประวัติ"),
        json=None,
    )
    _show_sections(ui, person.sections)


@app.command("kp7")
def kp7(
    ctx: typer.Context,
    national_id: Annotated[str, typer.Argument(help="The person's national ID.")],
    out: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the form: th or en (default: the messages')."),
    ] = None,
) -> None:
    """Print the person's ก.พ.7 form (record of service) to a PDF on A4: every section, the
    retirement date and the owner's signature line. Needs sign-in; the print is audited."""
    from lhrctl.commands._arguments import parse_national_id
    from lhrctl.errors import UsageError
    from lhrctl.services.clock import today
    from lhrctl.writers.kp7 import write_kp7

    st = state(ctx)
    nid = parse_national_id(national_id)
    form_lang = lang or st.lang
    if form_lang not in ("th", "en"):
        raise UsageError(
            f"--lang takes th or en, not {lang!r}.", f"--lang ต้องเป็น th หรือ en ไม่ใช่ {lang!r}"
        )
    operator = sign_in(st, "staff_kp7")
    person = st.run("staff_kp7", operator, national_id=nid)
    write_kp7(
        person.record, person.sections, person.lao_name, out, lang=form_lang, printed_on=today()
    )
    st.ui.present(
        {"national_id": nid, "file": str(out)},
        lambda: st.ui.info(f"The ก.พ.7 form is in {out}.", f"แบบ ก.พ.7 อยู่ที่ {out}"),
    )


def _show_sections(ui: Ui, sections: dict[str, list[dict[str, object]]]) -> None:
    """Each section of the record of service that holds rows, as a table; the others named."""
    from lhrctl.commands._audit_text import value_text
    from lhrctl.labels import MOVEMENTS, SECTION_FIELDS
    from lhrctl.schemas.sections import SECTIONS

    def shown(key: str, value: object) -> str:
        if key == "movement":
            return ui.word(MOVEMENTS, str(value))
        if key == "salary" and isinstance(value, (int, float)):
            return f"{value:,.2f}"
        if isinstance(value, float) and value.is_integer():  # days of leave
            return str(int(value))
        return "-" if value is None else value_text(ui, value)

    empty = []
    for name, _model, en, th in SECTIONS:
        rows = sections.get(name, [])
        if not rows:
            empty.append(ui.t(en, th))
            continue
        keys = list(rows[0])
        ui.table(
            [ui.word(SECTION_FIELDS, k) for k in keys],
            [[shown(k, row[k]) for k in keys] for row in rows],
            title=ui.t(en, th),
        )
    if empty:
        ui.value(ui.t("No rows yet: ", "ยังไม่มีข้อมูล: ") + ", ".join(empty))


def _describe_changes(ui: Ui, changes: dict[str, object]) -> str:
    """An edit's `field: old → new`; a transfer's or a certification's facts as `key: value`,
    named and dated as the reader reads them."""
    from lhrctl.commands._audit_text import value_text
    from lhrctl.labels import DETAIL_KEYS
    from lhrctl.staff_files.rules import FIELD_LABELS_TH

    def name(key: str) -> str:
        if ui.lang == "th" and key in FIELD_LABELS_TH:
            return FIELD_LABELS_TH[key]
        return ui.word(DETAIL_KEYS, key) if key in DETAIL_KEYS else key

    def one(key: str, value: object) -> str:
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return f"{name(key)}: {value_text(ui, value[0])} → {value_text(ui, value[1])}"
        return f"{name(key)}: {value_text(ui, value)}"

    return ", ".join(one(k, v) for k, v in changes.items())


@app.command("template")
def template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
    sections: Annotated[
        bool,
        typer.Option(
            "--sections", help="The ก.พ.7 workbook instead: a sheet per section of the record."
        ),
    ] = False,
) -> None:
    """Write an empty staff workbook: canonical Thai headers, drop-down lists, date formats."""
    from lhrctl.writers.history_template import write_history_template
    from lhrctl.writers.template import write_template

    st = state(ctx)
    (write_history_template if sections else write_template)(output)
    st.ui.success(f"Template written to {output}.", f"สร้างแบบฟอร์มที่ {output} แล้ว")


def _source(ui: Ui, source: str | None) -> str | None:
    """Where a change came from: `FILE SHEET row N`, or an audit target (`transfer 5`), in the
    reader's language."""
    from lhrctl.commands._audit_text import target_text

    if source is None:
        return None
    text = target_text(ui, source)
    return text.replace(" row ", " แถว ") if ui.lang == "th" else text
