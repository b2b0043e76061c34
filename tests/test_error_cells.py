"""A cell that holds a spreadsheet error (`#REF!`, `#N/A`) in an .xlsx: python-calamine and
fastexcel read it as empty, so a salary of `#N/A` was reported as missing, and a position of
`#REF!` imported as no position, said nowhere. The readers put the error back (error_cells), on
every way a sheet is read: as columns, cell by cell, in pieces, a record of service's."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from lhrctl.staff_files import error_cells
from tests.conftest import OFFLINE

HEADER = ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"]


def with_errors(path: Path, rows: int = 5) -> Path:
    """A staff sheet of LAO 6540206 whose second person's position is `#REF!` and fourth's
    salary `#N/A`, error cells as Excel writes them (t="e"); a text that begins with `#`."""
    from tests.conftest import person

    wb = Workbook()
    wb.active.append(HEADER)
    for i in range(rows):
        nid = person(500 + i).national_id
        wb.active.append([nid, "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000])
    wb.active["E3"] = "#REF!"
    wb.active["F5"] = "#N/A"
    wb.active["E6"] = "#1 ปลัด"
    wb.save(path)
    return path


def findings(stdout: str) -> list[tuple[Any, ...]]:
    found = json.loads(stdout)["findings"]
    return [(f["rule"], f["row"], f["column"], f["value"]) for f in found if f["rule"] == "LHR903"]


EXPECTED = [("LHR903", 3, "position", "#REF!"), ("LHR903", 5, "salary", "#N/A")]


def test_error_cells_are_found_as_excel_and_other_writers_write_them(tmp_path: Path) -> None:
    """Prefixed tags, single quotes, a reference in small letters, a formula before the value
    (one that begins with # too: the cell found once), cut across the chunks it is read in; a
    cell without a reference is left (it cannot be placed); a text that begins with `#` is no
    error."""
    sheet = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<x:sheetData>"
        b'<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>#1</x:t></x:is></x:c>'
        b"<x:c r='b1' t = 'e'><x:f>VLOOKUP(A1,Z:Z,1)</x:f><x:v>#N/A</x:v></x:c>"
        b'<x:c r="C1" t="e"><x:f>#REF!</x:f><x:v>#REF!</x:v></x:c></x:row>'
        + b'<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>'
        * 3000
        + b'<x:row r="3002"><x:c t="e"><x:v>#DIV/0!</x:v></x:c>'
        b'<x:c s="1" r="AB3002" t="e"><x:v>#REF!</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            b'<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            b'<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            b"</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    for chunk in (1 << 22, 1000):
        error_cells._CHUNK = chunk
        try:
            assert error_cells.error_cells(path, "S") == {
                0: [(1, "#N/A"), (2, "#REF!")],
                3001: [(27, "#REF!")],
            }
        finally:
            error_cells._CHUNK = 1 << 22
    assert error_cells.error_cells(path, "no such sheet") == {}
    assert error_cells.error_cells(tmp_path / "missing.xlsx", "S") == {}


def test_a_staff_sheets_error_cells_are_findings(tmp_path: Path) -> None:
    path = with_errors(tmp_path / "staff_6540206.xlsx")
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    assert findings(r.stdout) == EXPECTED
    rules = {(f["rule"], f["row"]) for f in json.loads(r.stdout)["findings"]}
    assert ("LHR903", 6) not in rules  # the text that begins with # is a name
    r = OFFLINE("--lang", "th", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1 and "ช่องข้อมูลเป็นค่าผิดพลาดของสเปรดชีต" in r.stdout + r.stderr


def test_a_sheet_with_error_cells_is_still_read_as_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its error cells put back in its columns, a sheet is read as columns as before, not cell
    by cell; one whose text begins with `#` but holds no error too."""
    from lhrctl.staff_files import readers

    path = tmp_path / "staff_6540206.xlsx"
    wb = Workbook()
    wb.active.append(HEADER)
    wb.active.append(["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "#1 ปลัด", 45000])
    wb.save(path)
    read_cell_by_cell: list[str] = []
    calamine_sheet = readers._calamine_sheet
    monkeypatch.setattr(
        readers,
        "_calamine_sheet",
        lambda *a, **k: read_cell_by_cell.append(a[2]) or calamine_sheet(*a, **k),
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    with_errors(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert findings(r.stdout) == EXPECTED
    assert read_cell_by_cell == []
    assert read_both_ways(path)


def read_both_ways(path: Path) -> bool:
    """The sheet read as columns and cell by cell gives the same findings (each with its
    errors put back its own way)."""
    from datetime import date

    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file

    def read(columns: bool) -> list[tuple[Any, ...]]:
        checked = read_staff_file(
            path, directory=LaoDirectory.bundled(), today=date(2026, 12, 7), org="6540206",
            workers=0, columns=columns,
        )  # fmt: skip
        checked.stage.close()
        return [(f.rule, f.row, f.column, f.value) for f in checked.findings]

    by_columns, by_rows = read(True), read(False)
    return ("LHR903", 5, "salary", "#N/A") in by_rows and by_columns == by_rows


def test_a_record_of_services_error_cells_are_findings(tmp_path: Path) -> None:
    from datetime import date

    from lhrctl.staff_files.history import read_history_file

    path = tmp_path / "kp7.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "การศึกษา"
    ws.append(["เลขประจำตัวประชาชน", "ระดับการศึกษา", "วุฒิ", "สถานศึกษา", "ปีที่สำเร็จ"])
    ws.append(["1100400012348", "#N/A", "ปริญญาตรี", "#REF!", 2540])
    wb.save(path)
    found = read_history_file(path, date(2026, 12, 7))
    assert [(f.rule, f.row, f.column, f.value) for f in found.findings] == [
        ("LHR903", 2, "level", "#N/A"),
        ("LHR702", 2, "level", None),  # required: what the error leaves
        ("LHR903", 2, "institution", "#REF!"),
    ]


def test_every_error_excel_writes_is_one_and_a_text_like_one_is_not() -> None:
    """Later Excels write errors the first list did not know (#SPILL!, #BLOCKED!): put back
    in its cell, such an error would have been taken for a position's text."""
    from lhrctl.staff_files.row_cells import spreadsheet_error

    errors = ["#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#N/A", "#SPILL!",
              "#CALC!", "#GETTING_DATA", "#BLOCKED!", "#CONNECT!", "#BUSY!", " #N/A "]  # fmt: skip
    assert [e for e in errors if not spreadsheet_error(e)] == []
    texts = ["#1", "#1 ปลัด", "#", "#ref!", "#N/A ค้างส่ง", "N/A", 5.0, None]
    assert [t for t in texts if spreadsheet_error(t)] == []
