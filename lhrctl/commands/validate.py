"""`lhrctl validate FILE` and `lhrctl rules`: check a staff file without a database or sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._findings import findings_table, row_progress
from lhrctl.commands._options import (
    MappingOption,
    MaxCellsOption,
    MaxColumnsOption,
    SheetOption,
    TypeOption,
)
from lhrctl.commands._ui import Column
from lhrctl.labels import FINDING_LEVELS
from lhrctl.staff_files.limits import MAX_CELLS, MAX_COLUMNS

if TYPE_CHECKING:
    from lhrctl.commands._context import AppState
    from lhrctl.services.staff_validate import StoredCheck
    from lhrctl.services.validation_report import ValidationReport


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
    personnel_type: TypeOption = None,
    max_columns: MaxColumnsOption = MAX_COLUMNS,
    max_cells: MaxCellsOption = MAX_CELLS,
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
    # its help: commands/_index.py
    from lhrctl.errors import Findings
    from lhrctl.services.validation_report import validation_report

    st = state(ctx)
    _check_options(file, org, province, all_, output_format, output, fail_on)
    if file is None:
        stored = _check_stored(st, org, province)
        report = validation_report(
            stored, stored.scope, None, rows=stored.rows, limit=max_findings, fail_on=fail_on
        )
    else:
        from lhrctl.commands._findings import Reading, check_file_here

        reading = Reading.asked(org, sheet, mapping, max_columns, max_cells, personnel_type)
        checked = check_file_here(st, file, reading)
        report = validation_report(
            checked, file.name, checked.org_code, rows=checked.rows, limit=max_findings,
            fail_on=fail_on,
        )  # fmt: skip
        if output_format == "xlsx" and output is not None:  # a marked-up copy, then the table
            from lhrctl.writers.findings import write_findings_workbook

            write_findings_workbook(checked, output, st.lang)
            output_format, output = "table", None
    _render(st, report, "json" if st.json else output_format, output)
    if report.failing:
        raise Findings(
            f"{report.name}: {report.failing} finding(s) at --fail-on {fail_on} or worse.",
            f"{report.name}: พบ {report.failing} รายการในระดับ --fail-on {fail_on} ขึ้นไป",
        )


def _check_options(
    file: Path | None,
    org: str | None,
    province: str | None,
    all_: bool,
    output_format: str,
    output: Path | None,
    fail_on: str,
) -> None:
    from lhrctl.errors import UsageError
    from lhrctl.services.validation_report import FAIL_ON

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
    if fail_on not in FAIL_ON:
        raise UsageError(
            f"--fail-on {fail_on}: use error or warning.", "--fail-on ใช้ error หรือ warning"
        )
    if file is None and not (org or province or all_):
        raise UsageError(
            "Give a FILE to check, or --org CODE, --province NN or --all for stored records.",
            "ระบุไฟล์ที่จะตรวจ หรือ --org, --province, --all เพื่อตรวจข้อมูลในฐานข้อมูล",
        )


def _check_stored(st: AppState, org: str | None, province: str | None) -> StoredCheck:
    st.sign_in_for_server("validate_stored")  # through a server: an officer of that scope
    with row_progress(st, st.ui.t("stored records", "ข้อมูลในฐานข้อมูล")) as progress:
        found: StoredCheck = st.run(
            "validate_stored", org=org, province=province, progress=progress
        )
        return found


def _render(st: AppState, report: ValidationReport, fmt: str, output: Path | None) -> None:
    """The report as JSON or CSV (on stdout or into -o), or as a table; then the summary line."""
    from lhrctl.writers.records import FINDING_FIELDS, csv_text, json_text

    data = report.as_dict(st.lang)
    if fmt in ("json", "csv"):
        text = json_text(data) if fmt == "json" else csv_text(data["findings"], FINDING_FIELDS)
        st.ui.data(text, output)
    elif report.findings:
        findings_table(st, report.findings, report.limit)
    where = f", LAO {report.org_code}" if report.org_code else ""
    st.ui.info(
        f"{report.name}: {report.rows} row(s), {report.errors} error(s), "
        f"{report.warnings} warning(s){where}.",
        f"{report.name}: {report.rows} แถว ผิดพลาด {report.errors} คำเตือน {report.warnings}"
        f"{' อปท. ' + report.org_code if report.org_code else ''}",
    )
    if report.truncated and fmt != "table":  # the table says so itself, under its last row
        st.ui.warn(
            f"Only the first {report.limit} of {len(report.findings)} findings are reported.",
            f"รายงานเพียง {report.limit} จาก {len(report.findings)} รายการ",
        )


def rules(ctx: typer.Context) -> None:
    # its help: commands/_index.py
    from lhrctl.staff_files.rules import RULES

    st = state(ctx)
    st.ui.rows(
        list(RULES.values()),
        [
            Column("Rule", "กฎ", lambda r: r.code),
            Column("Level", "ระดับ", lambda r: st.ui.word(FINDING_LEVELS, r.severity)),
            Column("Checks", "ตรวจสอบ", lambda r: r.th if st.lang == "th" else r.en),
        ],
    )
