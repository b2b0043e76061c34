"""`lhrctl validate FILE` and `lhrctl rules`: check a staff file without a database or sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._options import MappingOption, SheetOption

if TYPE_CHECKING:
    from lhrctl.services.staff_validate import StoredCheck
    from lhrctl.staff_files.reading import StaffFile
from lhrctl.commands._findings import findings_table, row_progress


def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="A staff workbook (.xlsx, .xls) or CSV to check.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="The file's LAO; without FILE: check its records.")
    ] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Without FILE: check a province's records.")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Without FILE: check every stored record (nightly).")
    ] = False,
    sheet: SheetOption = None,
    mapping: MappingOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="table, json, csv or xlsx (a marked-up copy of FILE).")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the report here.")
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help="Exit 1 on findings of this level or worse: error or warning."
        ),
    ] = "error",
    max_findings: Annotated[
        int, typer.Option("--max-findings", min=1, help="Report at most this many findings.")
    ] = 1000,
) -> None:
    """Check a staff file (no database, no sign-in), or the stored records of an LAO, a province
    or the whole country (read-only, no card: for nightly scripts); exit 1 on findings."""
    import csv
    import io
    import json

    from lhrctl.errors import UsageError
    from lhrctl.services.clock import today
    from lhrctl.staff_files.mapping import read_mapping
    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file

    st = state(ctx)
    if output_format not in ("table", "json", "csv", "xlsx"):
        raise UsageError(
            f"--format {output_format}: use table, json, csv or xlsx.",
            "--format ใช้ table, json, csv หรือ xlsx",
        )
    if output_format == "xlsx" and (file is None or output is None):
        raise UsageError(
            "--format xlsx marks up a copy of FILE: give FILE and -o OUT.xlsx.",
            "--format xlsx ต้องระบุไฟล์และ -o OUT.xlsx",
        )
    if fail_on not in ("error", "warning"):
        raise UsageError(
            f"--fail-on {fail_on}: use error or warning.", "--fail-on ใช้ error หรือ warning"
        )
    if file is None and not (org or province or all_):
        raise UsageError(
            "Give a FILE to check, or --org CODE, --province NN or --all for stored records.",
            "ระบุไฟล์ที่จะตรวจ หรือ --org, --province, --all เพื่อตรวจข้อมูลในฐานข้อมูล",
        )
    checked: StaffFile | StoredCheck
    file_check: StaffFile | None = None
    if file is not None:
        with row_progress(st, file.name) as progress:
            checked = file_check = read_staff_file(
                file,
                directory=LaoDirectory.bundled(),
                today=today(),
                org=org,
                sheet=sheet,
                mapping=read_mapping(mapping) if mapping else None,
                progress=progress,
            )
        name, org_code = file.name, checked.org_code
    else:
        from lhrctl.services.staff_validate import validate_stored

        with row_progress(st, st.ui.t("stored records", "ข้อมูลในฐานข้อมูล")) as progress:
            checked = validate_stored(
                st.ready_engine(), today=today(), org=org, province=province, progress=progress
            )
        name, org_code = checked.scope, None
    rows = checked.rows
    findings = checked.findings
    truncated = len(findings) > max_findings
    failing = checked.errors if fail_on == "error" else len(findings)
    report = {
        "valid": failing == 0,
        "stats": {
            "rows": rows,
            "errors": checked.errors,
            "warnings": checked.warnings,
            "truncated": truncated,
        },
        "findings": [f.as_dict(st.lang) for f in findings[:max_findings]],
    }
    fmt = "json" if st.json else output_format
    if output_format == "xlsx" and file_check is not None and output is not None:
        from lhrctl.writers.findings import write_findings_workbook

        write_findings_workbook(file_check, output, st.lang)
        fmt = "json" if st.json else "table"
        output = None if fmt == "table" else output
    if fmt == "json":
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=["rule", "severity", "sheet", "row", "column", "value", "message"]
        )
        writer.writeheader()
        writer.writerows(report["findings"])  # type: ignore[arg-type]
        text = buffer.getvalue()
    else:
        text = ""
    if text and output is not None:
        output.write_text(text, encoding="utf-8")
    elif text:
        typer.echo(text, nl=False)
    elif findings:
        findings_table(st, findings, max_findings)
    ui = st.ui
    ui.info(
        f"{name}: {rows} row(s), {checked.errors} error(s), {checked.warnings} warning(s)"
        f"{', LAO ' + org_code if org_code else ''}.",
        f"{name}: {rows} แถว ผิดพลาด {checked.errors} คำเตือน {checked.warnings}"
        f"{' อปท. ' + org_code if org_code else ''}",
    )
    if truncated and fmt != "table":  # the table says so itself, under its last row
        ui.warn(
            f"Only the first {max_findings} of {len(findings)} findings are reported.",
            f"รายงานเพียง {max_findings} จาก {len(findings)} รายการ",
        )
    if failing:
        raise typer.Exit(1)


def rules(ctx: typer.Context) -> None:
    """List the validation rules: stable codes, levels, what each checks."""
    from lhrctl.staff_files.rules import RULES

    st = state(ctx)
    if st.json:
        st.ui.emit_json(
            [
                {"rule": r.code, "severity": r.severity, "en": r.en, "th": r.th}
                for r in RULES.values()
            ]
        )
        return
    ui = st.ui
    ui.table(
        [ui.t("Rule", "กฎ"), ui.t("Level", "ระดับ"), ui.t("Checks", "ตรวจสอบ")],
        [(r.code, r.severity, r.th if st.lang == "th" else r.en) for r in RULES.values()],
    )
