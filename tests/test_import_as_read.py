"""`import staff` of a large file into SQLite: the officer signs in first, and the rows are
inserted a stretch at a time while the next are checked (services/staff_as_read). Here every
file takes that way, in stretches of ten rows: the records, their ids (file order), the findings
and the audit are what the golden outputs and the other way say; where the way cannot hold (an
LAO with records, an ID recorded elsewhere, an officer of another LAO, errors) the end is the
same as an import of the checked file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from lhrctl.schemas.staff import FIELDS
from tests.conftest import ADMIN, OFFLINE, PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import NEW_PASSWORD, add_user, enrol

SQLITE = pytest.mark.parametrize("backend", ["sqlite"])  # the way is SQLite's alone

DATA = Path(__file__).parent / "data"
FILES = sorted(p for p in (DATA / "legacy").iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))
ROW_BYTES = 400  # a legacy file's row, in its sheet's XML, about
ONE_SHEET = ("01_A_6540206.xlsx", "02_B_6160402.xlsx", "03_C_6640307.xlsx")
TODAY = date(2026, 12, 2)  # the golden outputs' day (the age rules depend on it)


@pytest.fixture
def inserts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file imported as it is read, in stretches of 10 rows (the first of 2), each in a
    file of its own; the schemas inserted from, in turn."""
    from lhrctl.services import clock, staff_as_read
    from lhrctl.staff_files import column_checks

    monkeypatch.setattr(staff_as_read, "signs_in_first", lambda items: True)
    monkeypatch.setattr(staff_as_read, "FILE_ROWS", 2)
    monkeypatch.setattr(column_checks, "CHUNK", 10)
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    done: list[str] = []
    insert = staff_as_read.TakingIn._insert

    def noted(self: Any, schema: str) -> int:
        done.append(schema)
        return insert(self, schema)

    monkeypatch.setattr(staff_as_read.TakingIn, "_insert", noted)
    return done


@pytest.fixture
def pieces(monkeypatch: pytest.MonkeyPatch, inserts: list[str]) -> list[str]:
    """Every workbook of one sheet imported as read in pieces of some 7 rows, shared
    strings or not (sheet_pieces); what befell them, in turn: "piece" for each piece after the
    first, "unfit after N inserts" where the import began again with the sheet read whole."""
    from lhrctl.services import staff_as_read
    from lhrctl.staff_files import sheet_loader, sheet_pieces

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    monkeypatch.setattr(sheet_loader, "PIECE_BYTES", 7 * ROW_BYTES)
    monkeypatch.setattr(sheet_loader, "PIECE_CHUNK", 64)
    monkeypatch.setattr(sheet_pieces, "_SHARED_SHARE", 0)
    befell: list[str] = []
    later = sheet_loader._LaterPieces._next

    def piece(self: Any) -> Any:
        got = later(self)
        befell.extend(["piece"] if got is not None else [])
        return got

    def noted(*args: Any, **kwargs: Any) -> Any:
        try:
            return as_read_in(*args, **kwargs)
        except sheet_pieces.PiecesUnfit:
            befell.append(f"unfit after {len(inserts)} inserts")
            raise

    as_read_in = staff_as_read._as_read
    monkeypatch.setattr(sheet_loader._LaterPieces, "_next", piece)
    monkeypatch.setattr(staff_as_read, "_as_read", noted)
    return befell


def golden(path: Path) -> dict[str, Any]:
    return json.loads((DATA / "golden" / f"{path.name}.json").read_text("utf-8"))


def stored(lhr: Lhr, org: str) -> list[dict[str, Any]]:
    """The LAO's records as the golden outputs hold them, in id order."""
    from sqlalchemy import text

    columns = ", ".join(FIELDS)
    query = (
        f"SELECT imported_sheet, imported_row, {columns} FROM staff WHERE org_code = :o ORDER BY id"  # noqa: S608
    )
    with lhr.engine().connect() as conn:
        rows = conn.execute(text(query), {"o": org}).all()
    iso = [[v.isoformat() if isinstance(v, date) else v for v in row] for row in rows]
    return [dict(zip(("sheet", "row", *FIELDS), row, strict=True)) for row in iso]


def records(path: Path, leaving: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The golden output's records, as `stored` reads them, but those of the IDs `leaving`."""
    return [
        {k: v for k, v in r.items() if k != "seq"}
        for r in golden(path)["records"]
        if r["national_id"] not in leaving
    ]


def scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder where staging files are made from now on (tempfile's)."""
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def assert_left_nothing(lhr: Lhr, scratch: Path) -> None:
    """A failed import: no record, no import record, its failure audited, no staging file."""
    assert lhr.scalar("SELECT count(*) FROM staff") == 0
    assert lhr.scalar("SELECT count(*) FROM imported_file") == 0
    outcome = lhr.scalar("SELECT outcome FROM audit_log WHERE action = 'import_staff'")
    assert outcome == "failed"
    assert list(scratch.iterdir()) == []


def findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("rule", "sheet", "row", "column", "value")
    return [{k: f[k] for k in keys} for f in result["findings"]]


@pytest.mark.parametrize(
    "as_read",
    ["as read", "in pieces", "checked first"],
    ids=["as read", "in pieces", "checked first"],
)
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_legacy_file_imports_as_its_golden_output(
    admin: Lhr, path: Path, as_read: str, backend: str, request: pytest.FixtureRequest
) -> None:
    """The records in file order (the rows the row checks read among the ones the columns
    settled), and the findings, as the golden output has them; and by the other way too, and
    on PostgreSQL, where a large file is read, then imported, its officer signed in first. In
    pieces, the one-sheet workbooks are checked and inserted a piece at a time."""
    done = request.getfixturevalue("inserts") if as_read != "checked first" else []
    befell = request.getfixturevalue("pieces") if as_read == "in pieces" else []
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code in (0, 1), r
    result = json.loads(r.stdout)
    (file,) = result["files"]
    assert stored(admin, file["org_code"]) == records(path)
    assert findings(result) == golden(path)["findings"]
    assert (result["new"], file["outcome"]) == (len(golden(path)["records"]), "written")
    # into SQLite, stretches inserted while the next were checked (PostgreSQL: read, then in)
    if done and path.suffix == ".xlsx" and backend == "sqlite":
        assert len([s for s in done if s.startswith("stretch")]) >= 2, done
    if befell and path.name in ONE_SHEET:
        assert befell.count("piece") >= 5 and not any("unfit" in b for b in befell), befell
    assert admin.scalar("SELECT count(*) FROM imported_file") == 1


@SQLITE
def test_another_officers_write_goes_through_while_the_sheet_loads(
    admin: Lhr, inserts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack on the embedded database's availability: the import takes the write lock with its
    first stretch, not while its file is read up to there (a large sheet loads for most of an
    import). Another officer's write meanwhile, not waiting at all, goes through; the import
    still inserts as it reads. It used to hold the lock from the sign-in on: 15 s, then busy."""
    import sqlite3
    from contextlib import closing

    from lhrctl.services import staff_import
    from lhrctl.staff_files import reading

    wrote: list[int] = []

    def reads(path: Path, **kwargs: Any) -> Any:
        database = admin.db_url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(database, timeout=0, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # refused at once if the import held the lock
            changed = other.execute("UPDATE lao SET name = name WHERE code = '6160402'")
            wrote.append(changed.rowcount)
            other.execute("COMMIT")
        return reading.read_staff_file(path, **kwargs)

    monkeypatch.setattr(staff_import, "read_staff_file", reads)
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert (r.exit_code, wrote) == (1, [1]), r  # its bad rows left out
    assert "stretch0" in inserts
    assert stored(admin, "6160402") == records(path)
    assert admin.scalar("SELECT count(*) FROM imported_file") == 1


@SQLITE
def test_a_file_with_errors_writes_nothing_as_read(admin: Lhr, inserts: list[str]) -> None:
    """Attack: its stretches are inserted before the errors at its end are found (LHR103 on
    row 31); without --skip-invalid all of it is undone, the import's record too."""
    path = DATA / "legacy" / "01_A_6540206.xlsx"
    r = admin("--json", "import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "stretch0" in inserts  # inserted, then undone
    result = json.loads(r.stdout)
    assert result["new"] == 0 and result["files"][0]["outcome"] == "rejected"
    assert admin.scalar("SELECT count(*) FROM staff") == 0
    assert admin.scalar("SELECT count(*) FROM imported_file") == 0
    outcome = admin.scalar("SELECT outcome FROM audit_log WHERE action = 'import_staff'")
    assert outcome == "rejected"


@SQLITE
def test_a_second_import_as_read_goes_the_other_way(admin: Lhr, inserts: list[str]) -> None:
    """The LAO has records: the stretch inserted is undone at once, and the file is compared
    with them as any import does: nothing new, nothing changed, no record twice."""
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    first = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    inserts.clear()
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    again = json.loads(r.stdout)
    assert (again["new"], again["changed"]) == (0, 0), r
    assert again["unchanged"] == json.loads(first.stdout)["new"] == len(records(path))
    assert inserts == []  # its LAO has records: none of it inserted as read
    assert stored(admin, "6160402") == records(path)
    assert admin.scalar("SELECT count(*) FROM imported_file") == 1


@SQLITE
def test_an_id_recorded_at_another_lao_is_a_conflict_as_read(
    admin: Lhr, inserts: list[str], tmp_path: Path
) -> None:
    """Attack: one of the file's people is recorded at another LAO. Their row is never
    inserted (LHR104); without --skip-invalid nothing is, with it everyone else is."""
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    elsewhere = records(path)[5]
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"])
    wb.active.append(
        [elsewhere["national_id"], "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000]
    )
    wb.save(other)
    r = admin("import", "staff", "--org", "6540206", str(other), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r

    r = admin("--json", "import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    conflict = {
        (f["rule"], f["sheet"], f["row"], f["value"])
        for f in json.loads(r.stdout)["findings"]
        if f["rule"] == "LHR104"
    }
    assert conflict == {("LHR104", elsewhere["sheet"], elsewhere["row"], elsewhere["national_id"])}
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = '6160402'") == 0

    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert json.loads(r.stdout)["new"] == len(records(path)) - 1, r
    assert stored(admin, "6160402") == records(path, frozenset({elsewhere["national_id"]}))
    assert (
        admin.scalar(
            "SELECT org_code FROM staff WHERE national_id = :n", n=elsewhere["national_id"]
        )
        == "6540206"
    )


@SQLITE
def test_an_officer_of_another_province_is_refused_as_read(
    admin: Lhr, inserts: list[str], slot: CardSlot
) -> None:
    """Attack: a province officer of Phrae (54) imports Nakhon Sawan's file (61): refused,
    exit 4, as the other way refuses it, and nothing of it stays."""
    officer = person(71)
    enrol(admin, slot, officer, add_user(admin, officer, "province_officer", "54"))
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("import", "staff", "--skip-invalid", str(path), input=f"{NEW_PASSWORD}\n")
    assert r.exit_code == 4, r
    assert "stretch0" not in inserts  # its LAO is not the officer's: not inserted
    assert admin.scalar("SELECT count(*) FROM staff") == 0
    assert admin.scalar("SELECT count(*) FROM imported_file") == 0
    slot.insert(ADMIN)


@SQLITE
def test_a_large_file_asks_for_the_card_before_it_is_read(
    admin: Lhr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file (here any: the size it takes is set to nothing) signs the officer in
    first; a wrong password, and it is not read at all (a small one is read, then refused)."""
    from lhrctl.services import staff_import
    from lhrctl.staff_files import reading, sheet_loader

    read: list[Path] = []

    def reads(path: Path, **kwargs: Any) -> Any:
        read.append(path)
        return reading.read_staff_file(path, **kwargs)

    monkeypatch.setattr(staff_import, "read_staff_file", reads)  # both ways read through it
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("import", "staff", str(path), input="not the password\n")
    assert (r.exit_code, read) == (3, [path]), r  # small: read, then the sign-in refused
    read.clear()
    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    r = admin("import", "staff", str(path), input="not the password\n")
    assert (r.exit_code, read) == (3, []), r
    assert "A large file: sign in first; it is then checked and imported as it is read." in (
        r.message
    )
    assert "Wrong password" in r.message
    r = admin("--lang", "th", "import", "staff", str(path), input="not the password\n")
    assert "ไฟล์ขนาดใหญ่: ยืนยันตัวตนก่อน" in r.message and read == [], r
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert (r.exit_code, read) == (1, [path]), r  # its bad rows left out
    assert json.loads(r.stdout)["new"] == len(records(path))


@SQLITE
def test_a_read_that_fails_after_stretches_were_inserted_leaves_nothing(
    admin: Lhr, inserts: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Attack: the file fails once some of it is inserted (here its read raises at the end,
    as a worker's crash would): the inserts stop, the transaction rolls back, the failure is
    audited, and no staging file is left behind."""
    from lhrctl.errors import InputUnreadable
    from lhrctl.services import staff_import
    from lhrctl.staff_files import reading

    def fails(path: Path, **kwargs: Any) -> Any:
        reading.read_staff_file(path, **kwargs)
        raise InputUnreadable("The file broke.", "ไฟล์เสีย")

    monkeypatch.setattr(staff_import, "read_staff_file", fails)
    scratch = scratch_folder(tmp_path, monkeypatch)
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 7 and "The file broke." in r.message, r
    assert "stretch1" in inserts  # inserted before the read failed
    assert_left_nothing(admin, scratch)


@SQLITE
def test_a_folder_imports_as_read_file_by_file(admin: Lhr, inserts: list[str]) -> None:
    """The six legacy files given as their folder: each file its own transaction, each as its
    golden output says, one import record each."""
    r = admin("--json", "import", "staff", "--skip-invalid", str(DATA / "legacy"),
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 1, r  # the files' bad rows are reported
    result = json.loads(r.stdout)
    assert [Path(f["file"]).name for f in result["files"]] == [p.name for p in FILES]
    for path, file in zip(FILES, result["files"], strict=True):
        assert (file["new"], file["outcome"]) == (len(records(path)), "written"), path.name
        assert stored(admin, file["org_code"]) == records(path), path.name
    assert admin.scalar("SELECT count(*) FROM imported_file") == len(FILES)
    assert inserts.count("staged") == len(FILES)  # each file finished as read


@SQLITE
def test_an_insert_that_fails_midway_leaves_nothing(
    admin: Lhr, inserts: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Attack: the database fails the second stretch's insert (a full disk): the inserts after
    it are dropped, the file's transaction rolls back, the officer reads why, and nothing of
    the file stays, its staging files neither."""
    from sqlalchemy.exc import OperationalError

    from lhrctl.services import staff_as_read

    insert = staff_as_read.TakingIn._insert

    def fails(self: Any, schema: str) -> int:
        if schema == "stretch1":
            raise OperationalError("INSERT INTO staff …", {}, Exception("database or disk is full"))
        return insert(self, schema)

    monkeypatch.setattr(staff_as_read.TakingIn, "_insert", fails)
    scratch = scratch_folder(tmp_path, monkeypatch)
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 8, r
    assert "database or disk is full" in r.message and "Nothing was changed" in r.message
    assert inserts == ["stretch0"]  # stretch1 failed: no stretch after it was inserted
    assert_left_nothing(admin, scratch)


@SQLITE
def test_a_write_lock_held_elsewhere_fails_the_import_once(
    admin: Lhr, inserts: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another officer's work holds the write lock past lhrctl's wait when the first stretch
    comes: the import asks for it once, not again for each stretch (15 s each), says the
    database stayed busy (exit 6), and nothing of the file stays."""
    from sqlalchemy.exc import OperationalError

    from lhrctl.services import staff_as_read

    asked: list[int] = []

    def busy(self: Any) -> None:
        asked.append(1)
        raise OperationalError("INSERT INTO imported_file …", {}, Exception("database is locked"))

    monkeypatch.setattr(staff_as_read.TakingIn, "_begin", busy)
    scratch = scratch_folder(tmp_path, monkeypatch)
    path = DATA / "legacy" / "02_B_6160402.xlsx"
    r = admin("import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 6, r
    assert "stayed busy with another officer's work" in r.message
    assert (asked, inserts) == ([1], [])
    assert_left_nothing(admin, scratch)


@SQLITE
def test_an_lao_with_records_met_midway_undoes_what_was_inserted(
    admin: Lhr, inserts: list[str], tmp_path: Path
) -> None:
    """A file of two LAOs, the second met only in its fourth stretch and holding a record
    already: the stretches of the first, inserted, are undone, and the whole file is imported
    the other way: every row a new record, in file order, the stored one left as it was."""
    header = ["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน", "รหัส อปท."]
    earlier = tmp_path / "earlier.xlsx"
    wb = Workbook()
    wb.active.append(header[:-1])
    wb.active.append(
        [person(200).national_id, "นายเดิม มีอยู่", "01/01/2520", "ข้าราชการ", "ปลัด", 40000]
    )
    wb.save(earlier)
    r = admin("import", "staff", "--org", "6160402", str(earlier), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    inserts.clear()

    both = tmp_path / "both.xlsx"
    wb = Workbook()
    wb.active.append(header)
    people = [(person(300 + i).national_id, "6540206" if i < 30 else "6160402") for i in range(36)]
    for nid, org in people:
        wb.active.append([nid, "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000, org])
    wb.save(both)
    r = admin("--json", "import", "staff", str(both), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    # the fourth stretch brings the LAO with a record: nothing more is inserted as read
    assert inserts == ["stretch0", "stretch1", "stretch2"]
    assert json.loads(r.stdout)["new"] == len(people)
    from sqlalchemy import text

    with admin.engine().connect() as conn:
        rows = conn.execute(text("SELECT national_id, org_code FROM staff ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [(person(200).national_id, "6160402"), *people]
    assert admin.scalar("SELECT count(*) FROM imported_file") == 2


@SQLITE
def test_a_sheet_refused_as_read_leaves_no_staging_file(
    admin: Lhr, inserts: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: a large workbook with a cell in the far corner, imported as read: refused (exit
    7) with nothing written and no staging file left. Its nine files were left: closed by the
    read that failed, they were made anew, empty, when the failure was recorded (its connection
    attaches them)."""
    from lhrctl.staff_files import sheet_loader

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    path = tmp_path / "staff_6540206.xlsx"
    wb = Workbook()
    wb.active.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"])
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    scratch = scratch_folder(tmp_path, monkeypatch)
    r = admin("import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 7 and "spans 1,048,576 rows x 16,384 columns" in r.message, r
    assert_left_nothing(admin, scratch)


def inserted_by_row_250(monkeypatch: pytest.MonkeyPatch, inserts: list[str]) -> None:
    """The pieces from row 250 on (of some 7 rows: `pieces`) are taken up only once a stretch is
    inserted (the inserts keep pace on a thread of their own; the first 200 rows are read
    before any is checked, to tell the encoding): what goes wrong further on has inserted
    rows to undo."""
    import time

    from lhrctl.staff_files import sheet_loader

    taken = sheet_loader._LaterPieces._next
    rows = [0]  # taken up so far

    def waits(self: Any) -> Any:
        deadline = time.monotonic() + 10
        while rows[0] >= 250 and not inserts and time.monotonic() < deadline:
            time.sleep(0.01)
        piece = taken(self)
        rows[0] += 0 if piece is None else piece.height
        return piece

    monkeypatch.setattr(sheet_loader._LaterPieces, "_next", waits)


def said_to_end(path: Path, dimension: bytes) -> None:
    """The workbook's sheet says it ends where `dimension` says (b"": it does not say)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb"<dimension [^>]*>", dimension, parts[sheet])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def staff_workbook(path: Path, rows: int) -> list[str]:
    """A sheet of `rows` people of LAO 6540206 (its name says so): their IDs, in order."""
    wb = Workbook()
    wb.active.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"])
    ids = [person(500 + i).national_id for i in range(rows)]
    for nid in ids:
        wb.active.append([nid, "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000])
    wb.save(path)
    return ids


@SQLITE
@pytest.mark.parametrize(
    "odd", ["a note right of the table", "a date's digits as text", "a cell merged down"]
)
def test_a_sheet_its_pieces_cannot_stand_for_is_imported_again_whole(
    admin: Lhr,
    inserts: list[str],
    pieces: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    odd: str,
) -> None:
    """A late piece holds what only the whole sheet's reading settles (a cell right of the
    first piece's columns; a date column's number written as text, which the sheet is read
    cell by cell for), or the sheet's end says a cell is merged down (the pieces are read as
    if none were): what the pieces inserted is rolled back, and the file read again whole, to
    the end `validate` and the other way give: the same records and findings, one import, one
    audit entry."""
    from openpyxl import load_workbook

    path = tmp_path / "staff_6540206.xlsx"
    ids = staff_workbook(path, 300)
    wb = load_workbook(path)
    if odd == "a note right of the table":
        wb.active["H290"] = "ย้ายไปแล้ว"
    elif odd == "a date's digits as text":
        wb.active["C290"] = "4300"
    else:
        wb.active.merge_cells("E289:E290")
    wb.save(path)
    inserted_by_row_250(monkeypatch, inserts)
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code in (0, 1), r
    unfit = [b for b in pieces if "unfit" in b]
    assert len(unfit) == 1 and unfit[0] != "unfit after 0 inserts", pieces
    assert pieces.index(unfit[0]) >= 20  # pieces were checked and inserted before
    checked = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    expected = json.loads(checked.stdout)["findings"]
    assert findings(json.loads(r.stdout)) == findings({"findings": expected})
    left_out = {ids[288]} if odd == "a date's digits as text" else set()
    stored_ids = [r["national_id"] for r in stored(admin, "6540206")]
    assert stored_ids == [nid for nid in ids if nid not in left_out]
    assert admin.scalar("SELECT count(*) FROM imported_file") == 1
    audited = "SELECT count(*) FROM audit_log WHERE action = 'import_staff' AND outcome = 'ok'"
    assert admin.scalar(audited) == 1
    assert admin.scalar("SELECT count(*) FROM audit_log WHERE action = 'import_staff'") == 1


@SQLITE
def test_a_piece_beyond_the_limits_is_refused_and_nothing_is_written(
    admin: Lhr,
    inserts: list[str],
    pieces: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Attack: in pieces, the sheet's extent is not read before it loads (that pass would
    cost the time the pieces save), where its `<dimension>` does not say it is beyond the
    limits (here it says nothing): each piece says how far the sheet reaches, and the first
    beyond --max-cells stops the import, exit 7, what was inserted rolled back."""
    path = tmp_path / "staff_6540206.xlsx"
    staff_workbook(path, 300)
    said_to_end(path, b"")
    scratch = scratch_folder(tmp_path, monkeypatch)
    inserted_by_row_250(monkeypatch, inserts)
    r = admin("import", "staff", "--max-cells", "1600", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 7, r
    assert "spans" in r.message and "rows x 6 columns" in r.message and "--max-cells" in r.message
    assert pieces.count("piece") >= 20 and "stretch0" in inserts  # refused once some were in
    assert_left_nothing(admin, scratch)


@SQLITE
def test_a_small_limit_loads_on_a_machine_of_many_cores(
    admin: Lhr, pieces: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The loader may take 1 GB and 500 bytes a cell of --max-cells: where that limited its
    address space, the allocators' reservations for each thread (unwritten) took it past 1 GB
    on a machine of 8 cores or more, and a sheet well within the limits was refused as taking
    more than 1.0 GB (seen in CI too, with 2 cores, one run in some twenty). Here 32 threads."""
    monkeypatch.setenv("POLARS_MAX_THREADS", "32")
    path = tmp_path / "staff_6540206.xlsx"
    ids = staff_workbook(path, 300)
    r = admin("import", "staff", "--max-cells", "2000", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert pieces.count("piece") >= 40
    assert [r["national_id"] for r in stored(admin, "6540206")] == ids


@SQLITE
def test_error_cells_in_a_sheet_imported_in_pieces_are_findings(
    admin: Lhr, pieces: list[str], tmp_path: Path
) -> None:
    """In pieces, a piece's error cells (read as empty ones: test_error_cells) are put back in
    its columns, and the sheet is read on in pieces; nothing is imported, since a salary is an
    error."""
    from openpyxl import load_workbook

    from tests.test_error_cells import EXPECTED, findings, with_errors

    path = with_errors(tmp_path / "staff_6540206.xlsx", rows=300)
    wb = load_workbook(path)
    wb.active["E250"] = "#NAME?"  # a later piece's
    wb.save(path)
    r = admin("--json", "import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert findings(r.stdout) == [*EXPECTED, ("LHR903", 250, "position", "#NAME?")]
    assert pieces.count("piece") >= 40 and not any(b.startswith("unfit") for b in pieces)
    assert stored(admin, "6540206") == []


@SQLITE
def test_a_cell_in_the_far_corner_of_a_sheet_in_pieces_is_refused(
    admin: Lhr, pieces: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: the far corner's cell (XFD1048576) in a sheet loaded in pieces, its
    `<dimension>` saying the sheet ends at F41 (one saying otherwise has the sheet's extent
    read first, and refused as it spans): the piece that holds the cell takes the loader past
    its memory, which stops it; the import is refused, exit 7, nothing written, no loader
    left running, nor its folder of pieces (which was left, when the loader died on a piece
    the reading asked for to tell the encoding); and a killed process's is swept."""
    from openpyxl import load_workbook

    from tests.test_bounds import loaders_running

    path = tmp_path / "staff_6540206.xlsx"
    staff_workbook(path, 40)
    wb = load_workbook(path)
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    said_to_end(path, b'<dimension ref="A1:F41"/>')
    scratch = scratch_folder(tmp_path, monkeypatch)
    from lhrctl.staff_files import sheet_loader

    shm = tmp_path / "shm"
    (shm / "lhrctl-sheets-999999999-abc").mkdir(parents=True)  # no such process
    (shm / "lhrctl-sheets-999999999-abc" / "0.arrow").write_bytes(b"rows")
    monkeypatch.setattr(sheet_loader, "_SCRATCH", str(shm))
    r = admin("import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 7, r
    assert "of memory to lay out" in r.message, r.message
    assert loaders_running() == []
    assert list(shm.iterdir()) == []
    assert_left_nothing(admin, scratch)


@SQLITE
def test_an_import_interrupted_in_pieces_stops_its_loader_whatever_fails_next(
    admin: Lhr, pieces: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C while the third piece is checked: exit 130, nothing written, no loader left
    running, nor its folder of pieces (in /dev/shm, memory). It was left where the row checks'
    close, which came first, failed in turn: a Ctrl+C amid polars importing a module of its
    own leaves polars half imported for whatever uses it next (here that close fails so)."""
    from lhrctl.staff_files import column_checks, sheet_loader, workers
    from tests.test_bounds import loaders_running

    def half_imported(self: Any) -> None:
        raise ImportError("cannot import name 'Series' from partially initialized module")

    monkeypatch.setattr(workers.Deferred, "close", half_imported)

    path = tmp_path / "staff_6540206.xlsx"
    staff_workbook(path, 300)
    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(sheet_loader, "_SCRATCH", str(shm))
    scratch = scratch_folder(tmp_path, monkeypatch)
    checks = column_checks.ColumnChecks.__init__
    made: list[int] = []

    def interrupted(self: Any, *args: Any) -> None:
        made.append(1)
        if len(made) == 3:
            raise KeyboardInterrupt
        checks(self, *args)

    monkeypatch.setattr(column_checks.ColumnChecks, "__init__", interrupted)
    r = admin("import", "staff", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 70, r  # the close's error is the one said (unforeseen), not Ctrl+C
    assert loaders_running() == [] and list(shm.iterdir()) == []
    assert admin.scalar("SELECT count(*) FROM staff") == 0
    assert list(scratch.iterdir()) == []
