"""`lhrctl import orgs [FILE]`: the DLA registry of LAOs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import AppState, state
from lhrctl.commands._options import (
    DryRunOption,
    FilesOrgOption,
    MappingOption,
    MaxCellsOption,
    MaxColumnsOption,
    MaxFindingsOption,
    ReportOption,
    SheetOption,
    StaffFilesArgument,
    TypeOption,
)
from lhrctl.commands._signin import sign_in
from lhrctl.commands._ui import Column
from lhrctl.staff_files.limits import MAX_CELLS, MAX_COLUMNS

if TYPE_CHECKING:
    from lhrctl.commands._findings import Reading
    from lhrctl.services.staff_import import ImportSummary
    from lhrctl.staff_files.history import HistoryFile
    from lhrctl.staff_files.reading import StaffFile

app = typer.Typer(no_args_is_help=True)


@app.command("orgs")
def orgs(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A newer registry CSV as DLA publishes it (default: the bundled copy)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the registry is valid from, BE or CE (default: today)."),
    ] = None,
) -> None:
    """Load DLA's registry of LAOs. Renamed, upgraded or merged LAOs get new effective dates;
    none is deleted. Importing the same registry twice changes nothing. Needs a DLA admin."""
    from lhrctl.commands._arguments import parse_date_arg
    from lhrctl.registry_file import read_registry
    from lhrctl.services.clock import today

    st = state(ctx)
    ui = st.ui
    effective = parse_date_arg(as_of, "--as-of") if as_of else today()
    entries = read_registry(file)  # a bad file fails here, before anyone taps a card
    source = str(file) if file else "bundled:lao-registry.csv"
    operator = sign_in(st, "import_orgs")
    changes = st.run("import_orgs", operator, entries=entries, source=source, as_of=effective)

    def draw() -> None:
        ui.info(
            f"LAO registry {source}, valid from {ui.date(effective)}:",
            f"ทะเบียน อปท. {source} มีผลตั้งแต่ {ui.date(effective)}:",
        )
        ui.rows(
            [changes],
            [
                Column("New", "ใหม่", lambda c: c.new),
                Column("Changed", "เปลี่ยนแปลง", lambda c: c.changed),
                Column("Left", "ออกจากทะเบียน", lambda c: c.retired),
                Column("Unchanged", "คงเดิม", lambda c: c.unchanged),
            ],
        )

    ui.present(changes, draw)


@app.command("staff")
def staff(
    ctx: typer.Context,
    files: StaffFilesArgument,
    org: FilesOrgOption = None,
    sheet: SheetOption = None,
    mapping: MappingOption = None,
    personnel_type: TypeOption = None,
    max_columns: MaxColumnsOption = MAX_COLUMNS,
    max_cells: MaxCellsOption = MAX_CELLS,
    dry_run: DryRunOption = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows of a file with errors.")
    ] = False,
    max_findings: MaxFindingsOption = 200,
    report: ReportOption = None,
) -> None:
    """Import staff records (upserted by national ID). A file with errors writes nothing unless
    --skip-invalid; re-importing a file changes nothing; one transaction per file. A large file
    (4 MB or more) asks for the card and password first, then is imported as it is read."""
    from functools import partial

    from lhrctl.commands._findings import Reading, row_progress

    st = state(ctx)
    reading = Reading.asked(org, sheet, mapping, max_columns, max_cells, personnel_type)
    if st.server_url:
        done = _import_on_server(st, files, reading, skip_invalid, dry_run, report)
    else:
        # the first file loads while the database's modules are imported (half a second) and it
        # opens: imported before, they held up the load by as much
        with reading.ahead(files, pieces=_as_read(st, dry_run)):
            from lhrctl.services.clock import today
            from lhrctl.services.staff_as_read import import_staff_as_read, signs_in_first
            from lhrctl.services.staff_import import check_staff_files, import_staff_files

            engine = st.ready_engine()
            progress = partial(row_progress, st)
            early = signs_in_first(files)
            if early:  # a large file: imported as it is read, the officer signed in first
                st.ui.info(
                    "A large file: sign in first; it is then checked and imported as it is read.",
                    "ไฟล์ขนาดใหญ่: ยืนยันตัวตนก่อน แล้วจึงตรวจและบันทึกไปพร้อมกับการอ่าน",
                )
                operator = sign_in(st, "import_staff")
                checked, imported = import_staff_as_read(
                    engine, operator, files, today=today(), progress=progress,
                    skip_invalid=skip_invalid, dry_run=dry_run, **reading.arguments(),
                )  # fmt: skip
            else:  # every file checked before a card is asked
                directory, checked = check_staff_files(
                    engine, files, today=today(), progress=progress, **reading.arguments()
                )
        if not early:
            operator = sign_in(st, "import_staff")
            imported = import_staff_files(
                engine, operator, checked, directory, skip_invalid=skip_invalid, dry_run=dry_run
            )
        done = imported.summary()
        if report is not None:
            _write_reports(st, checked, done, report)

    _show_import(st, done, max_findings)


def _as_read(st: AppState, dry_run: bool) -> bool:
    """Whether a large file is imported as it is read (staff_as_read): into SQLite, written."""
    from lhrctl.db import resolve_url

    return not dry_run and resolve_url(st.db_url).startswith("sqlite")


@app.command("history")
def history(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(help="ก.พ.7 workbooks: one sheet per section of the record of service."),
    ],
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            help="LAO code: the people must be on its staff (default: each where they are).",
        ),
    ] = None,
    dry_run: DryRunOption = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Import the people of a file whose rows have no error."
        ),
    ] = False,
    max_findings: MaxFindingsOption = 200,
    report: ReportOption = None,
) -> None:
    """Import the sections of each person's record of service (ก.พ.7): positions and salaries,
    education, training, decorations, leave, discipline, name changes. A person's rows in a
    section replace their stored ones; the people must already be on staff. A file with errors
    writes nothing unless --skip-invalid; re-importing a file changes nothing."""
    from lhrctl.services.clock import today
    from lhrctl.services.staff_uploads import Upload
    from lhrctl.staff_files.history import read_history_file
    from lhrctl.staff_files.readers import require_readable

    st = state(ctx)
    for path in files:  # an unreadable file fails before a card is asked; its rows are read once
        require_readable(path)
    uploads = [Upload(str(p), p.read_bytes()) for p in files]
    if st.server_url:
        st.server.require_room_for(sum(len(u.content) for u in uploads) * 4 // 3)
    operator = sign_in(st, "import_history")
    done: ImportSummary = st.run(
        "import_history", operator, files=uploads, org=org, skip_invalid=skip_invalid,
        dry_run=dry_run,
    )  # fmt: skip
    if report is not None:  # the copy is marked up from this machine's reading of each file
        checked = [read_history_file(path, today()) for path in files]
        _write_reports(st, checked, done, report)
    _show_import(
        st, done, max_findings,
        counted=("New, changed and unchanged count people (their record of service).",
                 "ใหม่ เปลี่ยน และคงเดิม นับเป็นจำนวนคน (ทะเบียนประวัติของแต่ละคน)"),
    )  # fmt: skip


def _show_import(
    st: AppState, done: ImportSummary, max_findings: int, counted: tuple[str, str] | None = None
) -> None:
    """Each file's outcome and findings; exit 3 when a file had errors. `counted`: what the
    new/changed/unchanged counts count, when not records (English, Thai sentences)."""
    from lhrctl.errors import Findings
    from lhrctl.labels import IMPORT_OUTCOMES

    ui = st.ui

    def draw() -> None:
        _findings_by_file(st, done, max_findings)
        if counted:
            ui.info(*counted)
        ui.rows(
            done.files,
            [
                Column("File", "ไฟล์", lambda r: Path(r.file).name),
                Column("LAO", "อปท.", lambda r: r.org_code),
                Column("Rows", "แถว", lambda r: r.rows),
                Column("New", "ใหม่", lambda r: r.new),
                Column("Changed", "เปลี่ยน", lambda r: r.changed),
                Column("Unchanged", "คงเดิม", lambda r: r.unchanged),
                Column("Rejected", "ไม่ผ่าน", lambda r: r.rejected),
                Column("Result", "ผล", lambda r: ui.word(IMPORT_OUTCOMES, r.outcome)),
            ],
        )
        if done.held_back:
            ui.info(
                "A file with errors is imported all or nothing: fix the rows above, or pass "
                "--skip-invalid to import its valid rows.",
                "ไฟล์ที่มีข้อผิดพลาดจะไม่ถูกนำเข้าเลย แก้ไขแถวข้างต้น หรือใช้ --skip-invalid "
                "เพื่อนำเข้าเฉพาะแถวที่ถูกต้อง",
            )

    ui.present(done, draw, json=lambda d: d.as_dict(st.lang))
    if done.has_errors:
        rejected = done.rejected
        if done.held_back:
            raise Findings(
                f"Nothing was imported from a file with errors ({rejected} row(s) to fix).",
                f"ไฟล์ที่มีข้อผิดพลาดไม่ถูกนำเข้า (ต้องแก้ไข {rejected} แถว)",
            )
        other = [_OTHER_KIND[f.outcome] for f in done.files if f.outcome in _OTHER_KIND]
        if not rejected and other:
            rest = [f.outcome for f in done.files if f.outcome not in _OTHER_KIND]
            raise Findings(*_the_others(*other[0], rest))
        raise Findings(
            f"{rejected} row(s) with errors were left out; the others were imported.",
            f"ข้าม {rejected} แถวที่มีข้อผิดพลาด แถวอื่นนำเข้าแล้ว",
        )


# a file given to the wrong import (staff_import.NOT_STAFF_LIST, NOT_RECORD_OF_SERVICE, their
# words here: a server's client has no database modules to import them from)
_OTHER_KIND = {
    "not_staff_list": (
        "A file given is not a staff list (see its finding);",
        "มีไฟล์ที่ไม่ใช่บัญชีรายชื่อบุคลากร (ดูรายการข้างต้น)",
    ),
    "not_record_of_service": (
        "A file given is not a ก.พ.7 workbook (see its finding);",
        "มีไฟล์ที่ไม่ใช่แฟ้ม ก.พ.7 (ดูรายการข้างต้น)",
    ),
}


def _the_others(en: str, th: str, outcomes: list[str]) -> tuple[str, str]:
    """What a file given to the wrong import is said with, by what became of the others."""
    if not outcomes:
        return f"{en} nothing was imported.", f"{th} ไม่มีไฟล์ใดถูกนำเข้า"
    if "dry_run" in outcomes:
        return (
            f"{en} the others were checked only (--dry-run).",
            f"{th} ไฟล์อื่นตรวจอย่างเดียว (--dry-run)",
        )
    return f"{en} the others were imported.", f"{th} ไฟล์อื่นนำเข้าแล้ว"


def _findings_by_file(st: AppState, done: ImportSummary, max_findings: int) -> None:
    """The findings; of files imported together, a table a file under its name (a row's place
    names its sheet and row, not its file), each cut at `max_findings`."""
    from lhrctl.commands._findings import findings_table

    found = [f for f in done.files if f.findings]
    for file in found:
        title = Path(file.file).name if len(found) > 1 else None
        findings_table(st, file.findings, max_findings, title=title)


def _import_on_server(
    st: AppState,
    files: list[Path],
    reading: Reading,
    skip_invalid: bool,
    dry_run: bool,
    report: Path | None,
) -> ImportSummary:
    """The files go to the server, which checks and imports them as it would its own."""
    from lhrctl.commands._findings import check_file_here, row_progress
    from lhrctl.services.staff_uploads import Upload
    from lhrctl.staff_files.readers import staff_file_paths

    paths = staff_file_paths(files)
    uploads = [Upload(str(p), p.read_bytes()) for p in paths]
    st.server.require_room_for(sum(len(u.content) for u in uploads) * 4 // 3)  # as Base64
    operator = sign_in(st, "import_staff")
    with row_progress(st, st.ui.t("on the server", "ที่เครื่องแม่ข่าย")) as progress:
        summary: ImportSummary = st.run(
            "import_staff", operator, files=uploads, skip_invalid=skip_invalid, dry_run=dry_run,
            progress=progress, **reading.arguments(),
        )  # fmt: skip
    if report is not None:  # the server sends findings, not files: each file's layout is read here
        here = [check_file_here(st, path, reading) for path in paths]
        _write_reports(st, here, summary, report)
    return summary


def _write_reports(
    st: AppState, checked: Sequence[StaffFile | HistoryFile], done: ImportSummary, report: Path
) -> None:
    """Each file marked up in a copy (`REPORT-<file>.xlsx` for several files) with what its
    import found: the file's own findings and the database's (a person held by another LAO)."""
    from dataclasses import replace

    from lhrctl.writers.findings import write_findings_workbook

    for f, outcome in zip(checked, done.files, strict=True):
        out = report if len(checked) == 1 else report.with_name(f"{report.stem}-{f.path.stem}.xlsx")
        write_findings_workbook(replace(f, findings=outcome.findings), out, st.lang)
        st.ui.info(
            f"Findings of {f.path.name} marked up in {out}.",
            f"ผลการตรวจ {f.path.name} อยู่ที่ {out}",
        )
