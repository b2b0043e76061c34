"""`lhrctl inspect FILE…`: how lhrctl sees staff files (no database, no sign-in)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._options import (
    FilesOrgOption,
    MappingOption,
    MaxCellsOption,
    MaxColumnsOption,
    SheetOption,
    StaffFilesArgument,
    TypeOption,
)
from lhrctl.staff_files.limits import MAX_CELLS, MAX_COLUMNS

if TYPE_CHECKING:
    from lhrctl.commands._context import AppState
    from lhrctl.staff_files.inspection import FileView, SheetView

_SOURCES = {
    "mapping": ("--mapping", "--mapping"),
    "header": ("header", "หัวคอลัมน์"),
    "values": ("values only: check", "จากข้อมูลเท่านั้น: โปรดตรวจ"),
}
_TYPE_FROM = {
    "column": ("a column", "คอลัมน์"),
    "sections": ("section rows", "แถวหัวกลุ่ม"),
    "sheet_name": ("the sheet's name", "ชื่อชีต"),
    "option": ("--type", "--type"),
}
_ORG_FROM = {
    "option": ("--org", "--org"),
    "title": ("a title row", "แถวชื่อเรื่อง"),
    "file_name": ("the file's name", "ชื่อไฟล์"),
}
_SKIPPED = {
    "no_person": ("no ID and at most one value", "ไม่มีเลขประจำตัวและมีข้อมูลไม่เกินหนึ่งช่อง"),
    "header_again": ("the header again", "หัวตารางซ้ำ"),
    "vacant": ("a vacant post", "ตำแหน่งว่าง"),
    "column_numbers": ("column numbers", "แถวเลขลำดับคอลัมน์"),
}


def inspect(
    ctx: typer.Context,
    files: StaffFilesArgument,
    org: FilesOrgOption = None,
    sheet: SheetOption = None,
    mapping: MappingOption = None,
    personnel_type: TypeOption = None,
    max_columns: MaxColumnsOption = MAX_COLUMNS,
    max_cells: MaxCellsOption = MAX_CELLS,
    write_mapping: Annotated[
        Path | None,
        typer.Option(
            "--write-mapping",
            help="Write the header meanings used to this TOML file, to correct and pass back "
            "with --mapping.",
        ),
    ] = None,
) -> None:
    # its help: commands/_index.py
    from lhrctl.commands._findings import Reading
    from lhrctl.services.clock import today
    from lhrctl.staff_files.inspection import inspect_file
    from lhrctl.staff_files.readers import staff_file_paths
    from lhrctl.staff_files.reading import LaoDirectory

    st = state(ctx)
    reading = Reading.asked(org, sheet, mapping, max_columns, max_cells, personnel_type)
    directory = LaoDirectory.bundled()
    views = [
        inspect_file(path, directory=directory, today=today(), **reading.arguments())
        for path in staff_file_paths(files)
    ]
    if write_mapping is not None:
        _write_mapping(st, views, write_mapping)
    st.ui.present(views, lambda: [_draw(st, view) for view in views], json=_as_json)


def _as_json(views: list[FileView]) -> dict[str, object]:
    from dataclasses import asdict

    return {"files": [asdict(v) for v in views]}


def _write_mapping(st: AppState, views: list[FileView], path: Path) -> None:
    from lhrctl.writers.mapping_file import write_mapping

    columns: dict[str, str] = {}
    for view in views:
        columns |= {k: v for k, v in view.mapping().items() if k not in columns}
    unread = sorted(
        {c.header for v in views for s in v.sheets for c in s.columns if c.header and not c.field}
        - set(columns)
    )
    write_mapping(path, columns, unread)
    st.ui.info(f"Wrote {path}.", f"บันทึก {path} แล้ว")


def _draw(st: AppState, view: FileView) -> None:
    ui = st.ui
    encoding = view.encoding or ui.t("the workbook's own", "ตามไฟล์ตารางคำนวณ")
    if view.redecoded:
        encoding += ui.t(
            " (Thai misread as Latin letters, read again: LHR206)",
            " (ภาษาไทยที่ถูกอ่านเป็นอักษรละติน อ่านใหม่แล้ว: LHR206)",
        )
    ui.fields([(ui.t("File", "ไฟล์"), view.file), (ui.t("Encoding", "รหัสอักขระ"), encoding)])
    if (other := view.not_staff_list()) is not None:  # a ก.พ.7 workbook, a manpower plan
        ui.warn(f"{other.message('en')} ({other.rule}).", f"{other.message('th')} ({other.rule})")
        return
    for sheet in view.sheets:
        _draw_sheet(st, sheet)
    if view.tableless:
        names = ", ".join(name or "-" for name in view.tableless)
        ui.info(f"No staff table on: {names}.", f"ไม่มีตารางรายชื่อบุคลากรในชีต: {names}")
    if not view.sheets:
        ui.warn("No staff table found (LHR901).", "ไม่พบตารางรายชื่อบุคลากร (LHR901)")


def _draw_sheet(st: AppState, sheet: SheetView) -> None:
    from lhrctl.staff_files.rules import field_label

    ui = st.ui
    header = str(sheet.header_row) if sheet.header_row else ui.t("none", "ไม่มี")
    ui.table(
        [
            ui.t("Column", "คอลัมน์"),
            ui.t("Header", "หัวคอลัมน์"),
            ui.t("Read as", "อ่านเป็น"),
            ui.t("Told by", "ระบุจาก"),
            ui.t("Fit", "ตรงรูปแบบ"),
            ui.t("Samples", "ตัวอย่าง"),
        ],
        [
            (
                c.letter,
                c.header or None,
                field_label(c.field, st.lang) if c.field else ui.t("(not read)", "(ไม่อ่าน)"),
                ui.t(*_SOURCES[c.source]) if c.source else None,
                f"{c.share:.0%}" if c.share is not None else None,
                " | ".join(c.samples) or None,
            )
            for c in sheet.columns
        ],
        title=ui.t(
            f"Sheet {sheet.name or '-'}: header row {header}",
            f"ชีต {sheet.name or '-'}: หัวตารางแถว {header}",
        ),
    )
    ui.fields(_sheet_facts(st, sheet))


def _sheet_facts(st: AppState, sheet: SheetView) -> list[tuple[str, object]]:
    from lhrctl.staff_files.rules import field_label

    ui = st.ui
    kind_from = ui.t(*_TYPE_FROM[sheet.type_from]) if sheet.type_from else None
    facts: list[tuple[str, object]] = [
        (ui.t("LAO", "อปท."), _from(st, sheet.org_code, _ORG_FROM.get(sheet.org_from or ""))),
        (ui.t("Personnel type", "ประเภทบุคลากร"), _from(st, sheet.personnel_type, None, kind_from)),
    ]
    if sheet.missing:
        missing = ", ".join(field_label(f, st.lang) for f in sheet.missing)
        facts.append((ui.t("Missing (not read)", "ขาดคอลัมน์ (ไม่อ่าน)"), missing))
        return facts
    facts.append((ui.t("Rows of people", "แถวบุคลากร"), sheet.rows))
    for reason, count in sheet.skipped.items():
        rows = ", ".join(map(str, sheet.skipped_rows[reason]))
        more = "…" if count > len(sheet.skipped_rows[reason]) else ""
        facts.append(
            (ui.t("Skipped", "ข้าม"), f"{count} · {ui.t(*_SKIPPED[reason])} ({rows}{more})")
        )
    return facts


def _from(
    st: AppState, value: str | None, source: tuple[str, str] | None, told: str | None = None
) -> str:
    ui = st.ui
    where = told or (ui.t(*source) if source else None)
    if value is None and where is None:
        return ui.t("not found", "ไม่พบ")
    if value is None:
        return ui.t(f"from {where}", f"จาก{where}")
    return f"{value} ({ui.t('from', 'จาก')} {where})" if where else value
