"""Bounded reading: a sheet's extent is read before it is loaded, and a sheet larger than a staff
list can be is refused with one line naming the limit and its option (issue 18, item 5)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from lhrctl.staff_files.bounds import Extent, _extent
from tests.conftest import OFFLINE, PASSWORD, Lhr, run_cli

LEGACY = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
HEADER = ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"]


def workbook(path: Path, *cells: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000])
    for ref in cells:
        ws[ref] = "x"
    wb.save(path)
    return path


def test_a_cell_in_the_far_corner_is_refused_at_once(tmp_path: Path) -> None:
    """Attack: a 5 KB workbook with one cell at XFD1048576 (the reader aborted the process,
    exit 134, leaving its staging file). Refused, exit 7, nothing left behind."""
    path = workbook(tmp_path / "corner.xlsx", "XFD1048576")
    assert path.stat().st_size < 10_000
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    started = time.monotonic()
    r = run_cli("validate", "--org", "6540206", str(path), env={"TMPDIR": str(scratch)})
    assert r.exit_code == 7, r
    assert time.monotonic() - started < 20
    assert (
        "corner.xlsx: sheet 'Sheet' spans 1,048,576 rows x 16,384 columns, more than a staff list "
        "can be (at most 256 columns and 10,000,000 cells)." in r.message
    )
    assert "Ctrl+End" in r.message and "--max-columns or --max-cells" in r.message
    assert list(scratch.iterdir()) == []  # no staging file left behind
    r = OFFLINE("--lang", "th", "validate", str(path))
    assert r.exit_code == 7 and "เกินกว่าที่บัญชีรายชื่อบุคลากรจะมีได้" in r.message


def test_the_limits_are_options(tmp_path: Path) -> None:
    wide = workbook(tmp_path / "wide.xlsx", "KZ2")  # 312 columns: a stray cell to the right
    r = OFFLINE("validate", "--org", "6540206", str(wide))
    assert r.exit_code == 7, r
    assert "spans 2 rows x 312 columns" in r.message
    r = OFFLINE("--json", "validate", "--org", "6540206", "--max-columns", "400", str(wide))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 1
    r = OFFLINE("validate", "--max-cells", "100", str(LEGACY))
    assert r.exit_code == 7, r
    assert (
        "sheet 'Sheet1' spans" in r.message and "(at most 256 columns and 100 cells)" in r.message
    )


def sheet_xml(rows: str) -> bytes:
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def extent_of(tmp_path: Path, xml: bytes) -> Extent:
    path = tmp_path / "hand-made.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as archive:
        return _extent(archive, "xl/worksheets/sheet1.xml")[0]


def test_an_extent_that_its_rows_do_not_tell(tmp_path: Path) -> None:
    """What a reader lays out follows the cells' own references: a cell far below inside row 2,
    cells to the right, rows without numbers."""
    cell = '<c r="{}" t="inlineStr"><is><t>x</t></is></c>'
    lying = f'<row r="1">{cell.format("A1")}</row><row r="2">{cell.format("C1048576")}</row>'
    assert extent_of(tmp_path, sheet_xml(lying)) == Extent(1_048_576, 3)
    right = f'<row r="1">{cell.format("A1")}{cell.format("AB1")}</row>'
    assert extent_of(tmp_path, sheet_xml(right)) == Extent(1, 28)
    unnumbered = "<row><c><v>1</v></c></row>" * 5000
    assert extent_of(tmp_path, sheet_xml(unnumbered)) == Extent(5000, 1)
    # across the 4 MB chunks it is read in, references are not cut in two unseen
    filler = f'<row r="{{}}">{cell.format("A{}")}</row>'
    many = "".join(filler.format(n, n) for n in range(1, 120_001))
    assert extent_of(
        tmp_path, sheet_xml(many + f'<row r="120001">{cell.format("ZZ120001")}</row>')
    ) == Extent(120_001, 702)


def test_a_workbook_that_unpacks_beyond_its_limits(tmp_path: Path) -> None:
    """Attack: a zip bomb named .xlsx: refused from the sizes its parts declare, unread."""
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    assert path.stat().st_size < 100_000
    r = OFFLINE("validate", "--max-cells", "100000", str(path))
    assert r.exit_code == 7, r
    assert (
        "bomb.xlsx: it unpacks to 60 MB, more than a staff list can be (at most 256 "
        "columns and 100,000 cells)." in r.message
    )
    assert os.path.exists(path)


def ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet of one table, its rows given as they are written."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="บุคลากร">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
            '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
    return path


def _cells(*values: str, repeat: int = 1) -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values
    )
    return f'<table:table-row table:number-rows-repeated="{repeat}">{cells}</table:table-row>'


def test_an_ods_whose_cells_repeat_beyond_a_staff_list_is_refused_before_it_is_opened(
    tmp_path: Path,
) -> None:
    """Attack: one cell repeated 1,000 times across, on a row repeated 99,000 times down: the
    reader asked for 4 GB and aborted the process (exit 134). Refused, exit 7, from the XML."""
    wide = '<table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell>'
    bomb = ods(
        tmp_path / "bomb.ods",
        _cells(*HEADER)
        + f'<table:table-row table:number-rows-repeated="99000">{wide}</table:table-row>',
    )
    assert bomb.stat().st_size < 2_000
    r = OFFLINE("validate", "--org", "6540206", str(bomb))
    assert r.exit_code == 7, r
    assert "bomb.ods: sheet 'บุคลากร' spans 99,001 rows x 1,000 columns" in r.message

    person = ["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", "45000"]
    empty_tail = '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
    fine = ods(tmp_path / "fine.ods", _cells(*HEADER) + _cells(*person) + empty_tail)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(fine))
    assert r.exit_code == 0, r  # repeated empty cells span nothing
    assert json.loads(r.stdout)["stats"]["rows"] == 1


def test_a_far_cell_formatted_and_left_empty_is_no_part_of_the_sheet(tmp_path: Path) -> None:
    """Excel keeps formatting far from the table (a whole row made bold): readers skip such
    empty cells, and so does the bound, so the staff in the file are read."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    path = workbook(tmp_path / "styled.xlsx")
    wb = load_workbook(path)
    wb.active["XFD1048576"].font = Font(bold=True)
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 1
    workbook(path, "XFD1048576")  # the same cell holding a value: refused
    assert OFFLINE("validate", "--org", "6540206", str(path)).exit_code == 7


def test_the_extent_pass_finds_the_merged_cells_as_python_calamine_does(tmp_path: Path) -> None:
    """Merged cells come after the cells in a sheet's XML: the pass that bounds the sheet finds
    them too, for the reader that loads the sheet as columns (it does not see them)."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from lhrctl.staff_files.bounds import check_sheets
    from lhrctl.staff_files.limits import SheetLimits

    path = tmp_path / "merged.xlsx"
    wb = Workbook()
    ws = wb.active
    ws["B2"] = "mergeCells"  # the word in a cell's text is no tag
    for cells in ("D2:D4", "A5:H5", "AA10:AB12"):
        ws.merge_cells(cells)
    wb.save(path)

    found = check_sheets(path, [ws.title], SheetLimits())[ws.title].merges
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(ws.title)
    assert sorted(found) == sorted(calamine.merged_cell_ranges)
    assert ((1, 3), (3, 3)) in found


def rewritten(path: Path, old: str, new: str) -> Path:
    """The workbook with its sheet's XML changed by hand, as an attacker's tool would write it."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old.encode() in parts[sheet]
    parts[sheet] = parts[sheet].replace(old.encode(), new.encode())
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


# the far corner's reference as XML also allows it, and python-calamine reads each the same
FAR_CORNER = [
    " r='XFD1048576'",  # single quotes
    '\nr="XFD1048576"',  # a line break before it
    '\tr\t=\t"XFD1048576"',  # tabs around its `=`
    ' r = "XFD1048576"',  # spaces around its `=`
    ' r="xfd1048576"',  # small letters
]


@pytest.mark.parametrize("reference", FAR_CORNER, ids=repr)
def test_the_far_corner_written_otherwise_is_refused_too(tmp_path: Path, reference: str) -> None:
    """Attack: the one stray cell of test_a_cell_in_the_far_corner…, its reference in another
    form XML allows (the extent pass looked for r="…" alone: the reader aborted, exit 134)."""
    path = rewritten(workbook(tmp_path / "corner.xlsx", "XFD1048576"), ' r="XFD1048576"', reference)
    xml = sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c{reference} t="inlineStr"><is><t>x</t></is></c></row>')  # fmt: skip
    assert extent_of(tmp_path, xml) == Extent(1_048_576, 16_384)
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "sheet 'Sheet' spans 1,048,576 rows x 16,384 columns" in r.message


def test_a_far_cell_behind_a_formatted_one_is_refused(tmp_path: Path) -> None:
    """Attack: an empty formatted cell far away sends the sheet to the exact pass over the cells
    that hold something; a cell far away holding a value, its `r` after another attribute, was
    not one of them (the pass looked for `<c r=` alone)."""
    path = workbook(tmp_path / "behind.xlsx", "XFD1048576", "ZZ1000000")
    rewritten(path, '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', '<c r="XFD1048576" s="0"/>')  # fmt: skip
    rewritten(path, '<c r="ZZ1000000" t="inlineStr">', '<c t="inlineStr" r="ZZ1000000">')
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "sheet 'Sheet' spans 1,000,000 rows x 702 columns" in r.message


def test_cells_without_references_are_counted_across(tmp_path: Path) -> None:
    """Attack: cells may carry no reference, and the reader lays each right of the one before:
    one row of 20,000 such cells under 1,048,575 short rows unpacks to 30 MB, a grid of 2e10
    cells, and was read as one column wide (the reader aborted). A table written so is read."""
    wide = "<row>" + "<c><v>1</v></c>" * 20_000 + "</row>"
    rows = wide + "<row><c><v>2</v></c></row>" * 1_048_575
    assert extent_of(tmp_path, sheet_xml(rows)) == Extent(1_048_576, 20_000, counted=True)
    long_row = "<row>" + '<c t="n"><v>1</v></c>' * 400_000 + "</row>"  # across 4 MB chunks
    assert extent_of(tmp_path, sheet_xml(long_row)) == Extent(1, 400_000, counted=True)
    prefixed = '<x:row><x:c r="A1"><x:v>1</x:v></x:c><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    assert extent_of(tmp_path, sheet_xml(prefixed)).columns == 16_384
    table = "<row>" + "<c><v>1</v></c>" * 13 + "</row>"
    assert extent_of(tmp_path, sheet_xml(table * 300_000)) == Extent(300_000, 13, counted=True)
    # a far cell whose tag is cut where a chunk ends, after more than the overlap of old
    padded = '<c s="1" cm="1" vm="1" ph="1" ' + 'x=""' * 40 + ' r="XFD9"><v>1</v></c>'
    near = '<row r="1"><c r="A1"><v>1</v></c></row>'
    for shift in range(0, 200, 7):
        filler = f'<row r="2"><c r="A2"><is><t>{"x" * (4 * 2**20 - 80 - shift)}</t></is></c></row>'
        xml = sheet_xml(near + filler + f'<row r="3">{padded}</row>')
        assert extent_of(tmp_path, xml).columns == 16_384, shift
    path = rewritten(workbook(tmp_path / "unreferenced.xlsx"), "</row></sheetData>", f"</row>{wide}</sheetData>")  # fmt: skip
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "sheet 'Sheet' spans 3 rows x 20,000 columns" in r.message


def test_a_large_workbook_loads_apart_while_its_extent_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the far corner of test_a_cell_in_the_far_corner…, in a workbook large enough to
    be loaded in a child process while the extent pass reads it: refused all the same, the
    child stopped and what it wrote removed."""
    from lhrctl.staff_files import sheet_loader

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    path = workbook(tmp_path / "corner.xlsx", "XFD1048576")
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "sheet 'Sheet' spans 1,048,576 rows x 16,384 columns" in r.message
    assert list((tmp_path / "scratch").iterdir()) == []
    assert loaders_running() == []


def test_the_loader_is_gone_before_its_sheets_take_this_process_s_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its sheets read while the child still freed its grid put both in memory at once: the
    import of 500,000 rows peaked at 1.0 GB, not 0.82. Each sheet is read once the child is
    stopped, and the child is not waited for to exit on its own."""
    import polars as pl

    from lhrctl.staff_files import sheet_loader
    from lhrctl.staff_files.limits import SheetLimits

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    running_at_read: list[list[int]] = []
    read_ipc = pl.read_ipc

    def read(*args: Any, **kwargs: Any) -> Any:
        running_at_read.append(loaders_running())
        return read_ipc(*args, **kwargs)

    monkeypatch.setattr(pl, "read_ipc", read)
    path = workbook(tmp_path / "staff.xlsx")
    frames, errors = sheet_loader.load_frames(path, ["Sheet"], SheetLimits())
    assert list(frames) == ["Sheet"] and errors == {"Sheet": {}}
    assert running_at_read == [[]]


def loaders_running() -> list[int]:
    """The sheet loader processes this one started that still run."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            parent = re.search(r"PPid:\s+(\d+)", status.read_text())
            command = (status.parent / "cmdline").read_bytes()
            if parent and int(parent[1]) == os.getpid() and b"sheet_loader" in command:
                found.append(int(status.parent.name))
    return found


@pytest.mark.parametrize("at", ["start", "request"])
def test_ctrl_c_as_the_loader_starts_leaves_no_child_and_no_folder(
    at: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officer's Ctrl+C while the child is started, or while it is sent its request: no
    one holds the half-made loader to close it, so it closes itself."""
    from lhrctl.staff_files import sheet_loader
    from lhrctl.staff_files.limits import SheetLimits

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    if at == "start":
        monkeypatch.setattr(sheet_loader.subprocess, "Popen", interrupted)
    else:
        monkeypatch.setattr(sheet_loader.json, "dumps", interrupted)
    path = workbook(tmp_path / "staff.xlsx")
    with pytest.raises(KeyboardInterrupt):
        sheet_loader._Apart.start(path, ["Sheet"], SheetLimits(), "load")
    assert [p.name for p in tmp_path.iterdir()] == ["staff.xlsx"]
    assert loaders_running() == []


def test_a_sheet_the_extent_pass_let_through_aborts_only_its_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: a far cell the extent pass did not see (as those of the FAR_CORNER forms were
    not, once), in a workbook loaded apart: the loader, limited in memory, dies laying out its
    grid of 17 billion cells, and the sheet is refused; this process carries on."""
    from lhrctl.staff_files import sheet_loader
    from lhrctl.staff_files.bounds import SheetMarks

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    unmarked = {"Sheet": SheetMarks([], errors={})}
    monkeypatch.setattr(sheet_loader, "check_sheets", lambda path, sheets, limits: unmarked)
    path = workbook(tmp_path / "corner.xlsx", "XFD1048576")
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "corner.xlsx: sheet 'Sheet' takes more than 5.7 GB of memory to lay out" in r.message
    assert list(tmp_path.glob("core*")) == [] and loaders_running() == []
    r = OFFLINE("--lang", "th", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 7 and "ชีต 'Sheet' ใช้หน่วยความจำเกิน 5.7 GB ในการอ่าน" in r.message


def far_xls(path: Path, rows: int = 65_536, columns: int = 256) -> Path:
    """A 6 KB .xls: one person, and one cell typed at IV65536, the last an .xls has (or at
    the last of `rows` and `columns`)."""
    from tests.biff5 import write_biff5

    far: list[list[str | int | float | None]] = [[None] * (columns - 1) + ["x"]]
    table = [HEADER, ["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000]]
    return write_biff5(path, {"Sheet1": table + [[]] * (rows - 3) + far}, codepage=874)


def test_an_xls_with_a_far_cell_is_measured_apart_and_refused(tmp_path: Path) -> None:
    """Attack: the .xls format bounds a sheet at 65,536 x 256 cells, more than a staff list can
    be; one far cell made lhrctl lay out and read 16.7 million cells (1.1 GB, in this process).
    Measured in a child process, the sheet is refused; the table alone is read."""
    path = far_xls(tmp_path / "far.xls")
    assert path.stat().st_size < 10_000
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 7, r
    assert "far.xls: sheet 'Sheet1' spans 65,536 rows x 256 columns" in r.message
    assert loaders_running() == []
    # the options' limits, on a sheet of 2,000 x 8 (not laid out again at 16.7 million cells)
    path = far_xls(tmp_path / "near.xls", rows=2_000, columns=8)
    r = OFFLINE("--lang", "th", "validate", "--org", "6540206", "--max-cells", "15999", str(path))
    assert r.exit_code == 7 and "ชีต 'Sheet1' มี 2,000 แถว x 8 คอลัมน์" in r.message
    r = OFFLINE("--json", "validate", "--org", "6540206", "--max-cells", "16000", str(path))
    assert r.exit_code == 0, r  # as large as the options allow: read


def test_an_xls_the_measure_dies_on_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child that measures a sheet by laying it out dies when that takes more memory than
    it may: the sheet is refused, and this process never lays it out."""
    from lhrctl.staff_files.limits import SheetLimits

    monkeypatch.setattr(SheetLimits, "load_memory", property(lambda self: 300 << 20))
    r = OFFLINE("validate", "--org", "6540206", str(far_xls(tmp_path / "far.xls")))
    assert r.exit_code == 7, r
    assert "far.xls: sheet 'Sheet1' takes more than 0.3 GB of memory to lay out" in r.message


def test_an_xlsb_with_a_far_cell_is_refused(tmp_path: Path) -> None:
    """Attack: a 2 KB .xlsb with one cell at XFD1048576 aborted the process that read it (exit
    134, a grid of 17 billion cells); the child that measures it dies instead, and the sheet is
    refused. A table written so is read."""
    from tests.xlsb import write_xlsb

    person = ["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000.0]
    table = [(r, c, v) for r, row in enumerate([HEADER, person]) for c, v in enumerate(row)]
    far = write_xlsb(tmp_path / "far.xlsb", [*table, (1_048_575, 16_383, 1.0)])
    assert far.stat().st_size < 10_000
    r = OFFLINE("validate", "--org", "6540206", str(far))
    assert r.exit_code == 7, r
    assert "far.xlsb: sheet 'Sheet1' takes more than 5.7 GB of memory to lay out" in r.message
    assert loaders_running() == []
    r = OFFLINE(
        "--json", "validate", "--org", "6540206", str(write_xlsb(tmp_path / "ok.xlsb", table))
    )
    assert r.exit_code == 0 and json.loads(r.stdout)["stats"]["rows"] == 1, r


def _watched_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happens, in order: each sheet loader started, the LAO registry read (bundled or
    stored), the database opened."""
    from lhrctl.commands import _context
    from lhrctl.services import staff_as_read, staff_import
    from lhrctl.staff_files import reading, sheet_loader

    happened: list[str] = []

    def noted(what: str, call: Any) -> Any:
        def note(*args: Any, **kwargs: Any) -> Any:
            happened.append(what)
            return call(*args, **kwargs)

        return note

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    monkeypatch.setattr(sheet_loader.subprocess, "Popen", noted("loader", subprocess.Popen))
    bundled = reading.LaoDirectory.bundled
    monkeypatch.setattr(reading.LaoDirectory, "bundled", noted("registry", bundled))
    for importing in (staff_import, staff_as_read):
        directory = noted("registry", staff_import.lao_directory)
        monkeypatch.setattr(importing, "lao_directory", directory)
    ready = _context.AppState.ready_engine
    monkeypatch.setattr(_context.AppState, "ready_engine", noted("database", ready))
    return happened


def test_a_large_workbook_loads_while_the_command_gets_ready(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet loader starts first thing, its one child taken up by the read: what the
    command does first (the registry, the database) no longer holds up the load."""
    happened = _watched_loads(monkeypatch)
    path = workbook(tmp_path / "staff.xlsx")
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0 and json.loads(r.stdout)["stats"]["rows"] == 1, r
    assert happened == ["loader", "registry"] and loaders_running() == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_large_workbook_loads_while_the_import_opens_the_database(
    admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One loader, started first, taken up by the read: into SQLite in pieces (the import as
    read), into PostgreSQL whole (read, then imported), as the read then asks."""
    happened = _watched_loads(monkeypatch)
    path = workbook(tmp_path / "staff.xlsx")
    r = admin("--json", "import", "staff", "--org", "6540206", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0 and json.loads(r.stdout)["new"] == 1, r
    # signed in first (a large file is imported as it is read): the database opened twice
    assert happened[:4] == ["loader", "database", "database", "registry"]
    assert happened.count("loader") == 1 and loaders_running() == []


def test_a_command_refused_before_it_reads_stops_the_loader_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown --org is refused before the file is read: the load begun ahead of it stops,
    and what it wrote is removed."""
    happened = _watched_loads(monkeypatch)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    path = workbook(tmp_path / "staff.xlsx")
    r = OFFLINE("validate", "--org", "9999999", str(path))
    assert r.exit_code == 2 and "--org 9999999: unknown LAO code." in r.message, r
    assert happened == ["loader", "registry"]
    assert list((tmp_path / "scratch").iterdir()) == [] and loaders_running() == []


def test_a_sheet_not_in_the_workbook_starts_no_loader_and_is_said_in_its_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    happened = _watched_loads(monkeypatch)
    path = workbook(tmp_path / "staff.xlsx")
    r = OFFLINE("validate", "--org", "6540206", "--sheet", "Other", str(path))
    assert r.exit_code == 7 and "staff.xlsx has no sheet 'Other'; its sheets: Sheet." in r.message
    assert happened == ["registry"]
