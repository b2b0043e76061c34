"""The column checks (issue 22) against the row checks: a sheet read a column at a time gives the
same records and the same findings (rule, sheet, row, column, value, detail) as every row
through the row checks, whatever mix of common and odd cells it holds."""

from __future__ import annotations

import csv
import json
import sqlite3
import tempfile
import threading
from datetime import date, datetime
from pathlib import Path
from unittest import mock

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lhrctl.staff_files import column_checks, sheet_loader
from lhrctl.staff_files.column_checks import _trimmed, plain_text
from lhrctl.staff_files.normalise import clean_text
from lhrctl.staff_files.reading import LaoDirectory, StaffFile, read_staff_file
from lhrctl.staff_files.staging import ACCEPTED_COLUMNS, Stage
from tests.cardsim import make_national_id

TODAY = date(2026, 12, 2)
DIRECTORY = LaoDirectory.bundled()
HEADER = ["ที่", "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ประเภทบุคลากร",
          "ตำแหน่ง", "เลขที่ตำแหน่ง", "ส่วนราชการ", "เงินเดือน", "วันบรรจุ", "เพศ"]  # fmt: skip
IDS = [make_national_id(n) for n in range(8)]


def _dashed(nid: str) -> str:
    return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"


# each column's cells: the common shapes first (the columns settle them), then odd ones
CELLS: dict[str, list[object]] = {
    "id": [*IDS, *map(_dashed, IDS), float(IDS[0]), IDS[1][:12] + "0", "1 2345 67890 12 3",
           "๑๑๐๐๔๐๐๐๑๒๓๔๘", "#REF!", "", None, "รวม 54 คน", "12345",
           " ".join((IDS[2][0], IDS[2][1:5], IDS[2][5:10], IDS[2][10:12], IDS[2][12])),
           IDS[3] + "7", "1-" + IDS[4]],
    "title": ["นาย", "นาง", "นางสาว", "น.ส.", "ว่าที่ร้อยตรี", "ดร.", "", "สิบเอกหญิง", " นาย ", "นาย\u00a0", "\ufeffนาง"],
    "first": ["สมชาย", "สุภาพร", "สม\u200bศรี", "John", "=cmd", "12", "", "สม  ชาย", "กุ่", "ก\u0e48\u0e38", "\u200b", "\u200b=cmd", "สม\u00a0ชาย", "สม\tชาย"],
    "last": ["ใจดี", "ทองคำ", "ศรี-สุข", "", "O'Neil", "ใจดี ", "คํา", "ใจ\u200cดี", "\u200b "],
    "birth": ["01/01/2530", "15/03/2520", "29/02/2559", "31/02/2520", "1/1/25", "๑/๑/๒๕๓๐",
              "15 มี.ค. 2520", datetime(1987, 1, 1), "01/01/2565", "01/01/2580", "",
              "01.01.2530", "1-1-2530", "28000", datetime(2530, 1, 1), "1987-01-01 00:00:00",
              datetime(1987, 1, 1, 8, 30), 28000.0, True, "4300", 4300],
    "type": ["ข้าราชการส่วนท้องถิ่น", "พนักงานจ้างทั่วไป", "ครู", "ลูกจ้างประจำ", "", "ผู้รับเหมา",
             "ขรก.", "พนักงานจ้างตามภารกิจ (ผู้มีทักษะ)"],
    "position": ["เจ้าพนักงานธุรการ", "คนงาน", "", "-", "นักวิชาการ  การเงิน", True, "true",
                 datetime(2020, 1, 1), "ผู้ช่วยนักวิชาการ\u2007การเงิน", "\u200b#REF!"],
    "position_no": ["54-6-01-0000001", "", "-", "n/a", "N/A", "54-6-01-0000002", 12.0, "54-6-01\u200b-0000003", "n/a\u00a0"],
    "division": ["สำนักปลัด", "กองคลัง", "", "—", "#N/A", "+กองช่าง", "กองคลัง\u200d", "ก\u0e4d\u0e32นัก"],
    "salary": ["15,060.00", "9000", 9000.0, "15060.5", "๑๕,๐๖๐", "15,060.-", "abc", "", "-5",
               "1,5000"],
    "appointed": ["01/10/2555", "", "01/01/2570", "01/10/2545", "1/10/55", "01/13/2555"],
    "gender": ["", "ชาย", "หญิง", "F", "M", "x"],
}  # fmt: skip


def cell_strategy(column: str) -> st.SearchStrategy[object]:
    """Mostly one of the column's first, common cells; else any of its cells."""
    cells = CELLS[column]
    return st.one_of(st.sampled_from(cells[:3]), st.sampled_from(cells))


rows = st.lists(st.tuples(*(cell_strategy(c) for c in CELLS)), min_size=1, max_size=25)


def write_sheet(path: Path, body: list[tuple[object, ...]], *, title_rows: int = 1) -> None:
    wb = Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["บัญชีรายชื่อบุคลากร อบต.แม่ยางตาล จังหวัดแพร่"])
    ws.append(HEADER)
    for n, row in enumerate(body, start=1):
        ws.append([n, *row])
    wb.save(path)


def read(path: Path, columns: bool) -> tuple[StaffFile, str]:
    checked = read_staff_file(
        path, directory=DIRECTORY, today=TODAY, org="6540206", workers=0, columns=columns
    )
    try:
        records = [
            dict(zip(ACCEPTED_COLUMNS, r, strict=True)) for r in checked.stage.accepted_rows()
        ]
    finally:
        checked.stage.close()
    findings = [f.as_dict("en") for f in checked.findings]
    seen = {"rows": checked.rows, "records": records, "findings": findings}
    return checked, json.dumps(seen, ensure_ascii=False, default=str, indent=0)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=rows, title_rows=st.integers(0, 2))
def test_a_sheet_reads_the_same_by_columns_as_row_by_row(
    body: list[tuple[object, ...]], title_rows: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.xlsx"
        write_sheet(path, body, title_rows=title_rows)
        seen = read(path, columns=True)[1]
        expected = read(path, columns=False)[1]
    assert seen == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(st.tuples(*(cell_strategy(c) for c in CELLS)), min_size=4, max_size=25))
def test_a_sheet_settled_a_few_rows_at_a_time_reads_the_same_as_row_by_row(
    body: list[tuple[object, ...]],
) -> None:
    """What the columns hold is worked out once for the whole sheet (ColumnChecks), its rows
    settled a stretch at a time (here one row, then three at a time, as 10,000 then 50,000 are):
    each stretch's records, odd rows and repairs said are its own rows', at their rows."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.object(column_checks, "CHUNK", 3):
        path = Path(folder) / "staff.xlsx"
        write_sheet(path, body)
        seen = read(path, columns=True)[1]
        expected = read(path, columns=False)[1]
    assert seen == expected


def write_csv(path: Path, body: list[tuple[object, ...]], cuts: list[int], title_rows: int) -> None:
    """The sheet of `write_sheet` as a CSV file, each row cut to its length in `cuts` (a row
    short of cells, as hand-edited files have them), the last one cycling."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        for _ in range(title_rows):
            out.writerow(["บัญชีรายชื่อบุคลากร อบต.แม่ยางตาล จังหวัดแพร่"])
        out.writerow(HEADER)
        for n, row in enumerate(body, start=1):
            cells = [n, *("" if v is None else v for v in row)]
            out.writerow(cells[: cuts[n % len(cuts)]])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=rows,
    cuts=st.lists(st.sampled_from([len(HEADER)] * 6 + list(range(1, len(HEADER)))), min_size=1),
    title_rows=st.integers(0, 2),
)
def test_a_csv_file_reads_the_same_by_columns_as_row_by_row(
    body: list[tuple[object, ...]], cuts: list[int], title_rows: int
) -> None:
    """Every cell of a CSV file is text, as the file holds it (`15060`, `2530-01-01 00:00:00`,
    `True`): the columns read it so, short rows and all."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "staff.csv"
        write_csv(path, body, cuts, title_rows)
        seen = read(path, columns=True)[1]
        expected = read(path, columns=False)[1]
    assert seen == expected


def test_a_csv_file_of_common_cells_is_settled_by_its_columns(tmp_path: Path) -> None:
    """Guards the test above from passing on a path never taken."""
    body = [(IDS[n], *(cells[0] for cells in list(CELLS.values())[1:])) for n in range(5)]
    write_csv(tmp_path / "staff.csv", body, [len(HEADER)], 1)
    by_columns, seen = read(tmp_path / "staff.csv", columns=True)
    assert (by_columns.settled, by_columns.rows) == (5, 5)
    assert seen == read(tmp_path / "staff.csv", columns=False)[1]


def test_every_odd_cell_reads_the_same_by_columns(tmp_path: Path) -> None:
    """Each cell of CELLS alone on a row of common cells, a sheet each (what sends one sheet
    through python-calamine leaves the others read as columns): the same records and findings
    as row by row. The generated sheets above seldom draw the rarest cells."""
    wb = Workbook()
    wb.remove(wb.active)
    common = tuple(cells[0] for cells in CELLS.values())[1:]  # all but the ID
    for c, cells in enumerate(CELLS.values()):
        for v, value in enumerate(cells):
            ws = wb.create_sheet(f"S{c}-{v}")
            ws.append(HEADER)
            own = make_national_id(len(wb.sheetnames))  # no ID on two sheets
            row = [own, *common]
            odd = (*row[:c], value, *row[c + 1 :])
            other = (make_national_id(10_000 + len(wb.sheetnames)), *common)
            for n, row in enumerate((other, odd), start=1):
                ws.append([n, *row])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    checked, seen = read(path, columns=True)

    assert checked.settled > len(wb.sheetnames)  # most sheets were read as columns
    assert seen == read(path, columns=False)[1]


def test_odd_cells_in_columns_that_repeat_read_the_same_by_columns(tmp_path: Path) -> None:
    """A column of few distinct values (a title, a division) is checked a distinct value at a
    time (_Columns.of_each): every text cell of CELLS in the text columns, each on many rows,
    reads as row by row (the other columns' common cells keep the sheet read as columns, and
    so does leaving out the text `true`, which reads as a boolean cell's)."""
    text = {k: [v for v in CELLS[k] if isinstance(v, str) and v != "true"] for k in ("title",
            "first", "last", "type", "position", "position_no", "division", "gender")}  # fmt: skip
    body = [
        (make_national_id(20_000 + n),
         *(text[k][n % len(text[k])] if k in text else CELLS[k][0] for k in list(CELLS)[1:]))
        for n in range(10 * 8)  # no text column has more than 10 distinct values
    ]  # fmt: skip
    path = tmp_path / "staff.xlsx"
    write_sheet(path, body)
    checked, seen = read(path, columns=True)

    assert 0 < checked.settled < checked.rows == len(body)
    assert seen == read(path, columns=False)[1]


def test_a_sheet_of_common_cells_is_settled_by_its_columns(tmp_path: Path) -> None:
    """Guards the test above from passing on a path never taken: the common rows are settled
    by the columns, the odd ones by the row checks, and the two give the same."""
    body = [
        (IDS[0], "นาย", "สมชาย", "ใจดี", "01/01/2530", "ครู", "ครู", "", "กองการศึกษา",
         "15,060.00", "01/10/2555", ""),
        (_dashed(IDS[1]), "น.ส.", "สุภาพร", "ทองคำ", "15/03/2520", "พนักงานจ้างทั่วไป", "คนงาน",
         "54-6-01-0000001", "สำนักปลัด", "9000", "", "หญิง"),
        (IDS[2], "นาย", "สม\u200bศรี", "ใจดี", "1/1/25", "ครู", "ครู", "", "", "9000", "", ""),
    ]  # fmt: skip
    path = tmp_path / "staff.xlsx"
    write_sheet(path, body)
    by_columns, seen = read(path, columns=True)
    by_rows, expected = read(path, columns=False)

    assert (by_columns.settled, by_columns.rows) == (2, 3)
    assert by_rows.settled == 0
    assert seen == expected
    assert [f.rule for f in by_columns.findings] == ["LHR204"]


def test_text_the_row_checks_repair_is_repaired_by_the_columns_too(tmp_path: Path) -> None:
    """A zero-width space in a name, Nikhahit and Sara Aa in a division: repaired and said
    (LHR204); a non-breaking space after a title: read as the title, not said (nothing of its
    words changed); each row settled by the columns, a distinct cell once (such rows were 1% of
    a 200,000-row workbook's, and most of its row checks' time)."""
    body = [
        (IDS[0], "นาย\u00a0", "สม\u200bชาย", "ใจ\u200cดี", "01/01/2530", "ครู", "ครู", "",
         "กองการศึกษา", "15,060.00", "01/10/2555", ""),
        (IDS[1], "นาง", "สุภาพร", "ทองคำ", "15/03/2520", "ครู", "ครู", "", "ก\u0e4d\u0e32นัก",
         "9000", "", ""),
        (IDS[2], "นาย", "สม\u200bชาย", "ใจดี", "15/03/2520", "ครู", "ครู", "", "", "9000", "", ""),
    ]  # fmt: skip
    path = tmp_path / "staff.xlsx"
    write_sheet(path, body)
    by_columns, seen = read(path, columns=True)

    assert (by_columns.settled, by_columns.rows) == (3, 3)
    assert seen == read(path, columns=False)[1]
    assert [(f.rule, f.row, f.column, f.value) for f in by_columns.findings] == [
        ("LHR204", 3, "first_name", "สม\u200bชาย"),
        ("LHR204", 3, "last_name", "ใจ\u200cดี"),
        ("LHR204", 4, "division", "ก\u0e4d\u0e32นัก"),
        ("LHR204", 5, "first_name", "สม\u200bชาย"),
    ]


def test_a_number_that_reads_otherwise_as_text_sends_the_sheet_through_calamine(
    tmp_path: Path,
) -> None:
    """`4300` written as text is no date (LHR301); the number 4300 is a day of 1911 (LHR303).
    A text column does not tell them apart, so such a sheet is read again cell by cell."""
    body = [(IDS[0], "นาย", "สมชาย", "ใจดี", "4300", "ครู", "ครู", "", "", "9000", "", ""),
            (IDS[1], "นาย", "สมชาย", "ใจดี", 4300, "ครู", "ครู", "", "", "9000", "", "")]  # fmt: skip
    path = tmp_path / "numbers.xlsx"
    write_sheet(path, body)
    checked, seen = read(path, columns=True)

    assert checked.settled == 0
    assert [(f.rule, f.row) for f in checked.findings] == [("LHR301", 3), ("LHR303", 4)]
    assert seen == read(path, columns=False)[1]


def test_a_table_that_starts_at_c4_reads_the_same_by_columns(tmp_path: Path) -> None:
    """The columns start at the sheet's first used column and its rows at row 1, as
    python-calamine's cells do: a table at C4 is settled, each row named as Excel names it."""
    wb = Workbook()
    ws = wb.active
    rows = [HEADER, *([n, *row] for n, row in enumerate([
        (IDS[0], "นาย", "สมชาย", "ใจดี", "01/01/2530", "ครู", "ครู", "", "", "9000", "", ""),
        (IDS[0], "นาง", "สุดา", "ใจดี", "01/01/2531", "ครู", "ครู", "", "", "9000", "", ""),
    ], start=1))]  # fmt: skip
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=3):
            ws.cell(row=r, column=c, value=value)
    path = tmp_path / "c4.xlsx"
    wb.save(path)
    checked, seen = read(path, columns=True)

    assert checked.settled == 2
    assert [(f.rule, f.row) for f in checked.findings] == [("LHR103", 5), ("LHR103", 6)]
    assert seen == read(path, columns=False)[1]


@pytest.mark.parametrize("apart", [False, True], ids=["loaded here", "loaded apart"])
def test_date_cells_are_settled_unless_a_text_cell_reads_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    """A date cell writes out as `1987-01-01 00:00:00`: told back as a date cell where no text
    cell of the workbook reads the same, else the sheet is read cell by cell, as before. Loaded
    apart (as a large workbook is), the loader says the sheet has such cells (odd_cells)."""
    if apart:
        monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    dated = [(IDS[0], "นาย", "สมชาย", "ใจดี", datetime(1987, 1, 1), "ครู", "ครู", "", "",
              "9000", datetime(2012, 10, 1, 8, 30), ""),
             (IDS[1], "นาย", "สมชาย", "ใจดี", datetime(2530, 1, 1), "ครู", "ครู", "", "",
              "9000", "", "")]  # fmt: skip
    path = tmp_path / "dated.xlsx"
    write_sheet(path, dated)
    checked, seen = read(path, columns=True)

    assert (checked.settled, checked.rows) == (1, 2)  # the BE year in a date cell is flagged
    assert [f.rule for f in checked.findings] == ["LHR302"]
    assert seen == read(path, columns=False)[1]

    texted = [(*dated[0][:4], "1987-01-01 00:00:00", *dated[0][5:])]
    write_sheet(path, [*dated, *texted])
    checked, seen = read(path, columns=True)

    assert (checked.settled, checked.rows) == (0, 3)
    assert seen == read(path, columns=False)[1]


def test_plain_text_is_what_clean_text_leaves_but_for_its_spaces() -> None:
    """Every pair of characters of the plain set (ASCII and the Thai block), and each with
    spaces around: `plain_text` holds exactly where clean_text repairs nothing, and the column's
    value is clean_text's."""
    alphabet = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x0E01, 0x0E5C)]
    texts = [a + b for a in alphabet for b in alphabet if (a + b)[0] not in "=+@#-"]
    texts += [f"  {t} " for t in texts[::97]]
    frame = pl.DataFrame({"text": texts}).select(
        plain=plain_text(pl.col("text")), value=_trimmed(pl.col("text"))
    )
    for text, plain, value in zip(texts, frame["plain"], frame["value"], strict=True):
        cleaned = clean_text(text)
        if plain:
            assert not cleaned.repaired and cleaned.value == value, repr(text)
        elif not any(0x0E01 <= ord(c) <= 0x0E5B for c in text) or value[:1] in "=+@#-":
            continue  # ASCII needs no repair; a mark is for the row checks to tell
        else:
            assert cleaned.repaired or cleaned.value != value, repr(text)


def test_rows_the_writer_could_not_write_fail_the_file() -> None:
    """An error of the thread writing the settled rows ahead is raised where the file is next
    used, not lost with the thread (the file has no journal: the import must not go on)."""
    stage = Stage()
    try:
        stage.write_ahead()
        stage.add_settled(pl.DataFrame({"seq": [1], "no_such_column": ["x"]}))
        with pytest.raises(Exception, match="no_such_column"):
            stage.written()
    finally:
        stage.close()
    assert not stage.path.exists()


def three_chunks(path: Path) -> Path:
    """3,000 rows (three chunks, with CHUNK at 1,000): one for the row checks, and an ID on two
    rows, 1003 and 2003 of the sheet, both rejected by the rules over the whole file."""
    body = [(make_national_id(100 + n), "นาย", "สมชาย", "ใจดี", "01/01/2530", "ครู", "ครู",
             f"54-6-01-{n}", "กองการศึกษา", "15,060.00", "01/10/2555", "")
            for n in range(3000)]  # fmt: skip
    body[7] = (*body[7][:4], "1/1/25", *body[7][5:])  # a row for the row checks
    body[2000] = (body[1000][0], *body[2000][1:])  # an ID on two rows: both rejected
    write_sheet(path, body)
    return path


def test_rows_written_ahead_are_the_rows_an_import_attaches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stage.write_ahead (an import into SQLite follows): the settled rows are written by a
    thread as they are settled (or from when it is asked, once the file is read); the staging
    file then holds what it holds when written at the import, rows rejected by the rules over
    the whole file (IDs on two rows, found after both were written) included, and those rules
    see every row once."""
    monkeypatch.setattr(column_checks, "CHUNK", 1000)  # three chunks, written one by one
    path = three_chunks(tmp_path / "staff.xlsx")

    def staged(ahead: str) -> tuple[object, ...]:
        checked = read_staff_file(
            path,
            directory=DIRECTORY,
            today=TODAY,
            org="6540206",
            workers=0,
            write_ahead=ahead == "reading",
        )
        stage = checked.stage
        if ahead == "read":
            stage.write_ahead()
        try:
            keys = (stage.orgs(), stage.duplicate_ids(), stage.duplicate_positions())
            with sqlite3.connect(stage.written()) as db:
                rows = db.execute("SELECT * FROM stage ORDER BY seq").fetchall()
            assert stage.orgs() == keys[0]  # read from the file alone, once written
            findings = [f.as_dict("en") for f in checked.findings]
            return checked.settled, keys, rows, findings
        finally:
            stage.close()
            assert not stage.path.exists()

    reading, read, at_import = staged("reading"), staged("read"), staged("import")
    settled, keys, rows, _ = reading
    assert settled == 2999 and len(rows) == 3000 and len(keys[1]) == 1  # the ID on two rows
    assert [row[2] for row in rows if not row[4]] == [1003, 2003]  # their sheet rows, rejected
    assert reading == at_import and read == at_import


def test_the_reading_ends_while_the_writer_writes_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules over the whole file and the end of the reading do not wait for the thread
    writing the settled rows ahead (they waited 0.15-0.29 s of 200,000 rows, before the sign-in
    the writing was meant to overlap): the writes the reading makes meanwhile (a row the row
    checks read, two rows rejected) go to the file after it, in order, and an import waits for
    them all at `written`: the file holds what it holds written at the import."""
    monkeypatch.setattr(column_checks, "CHUNK", 1000)
    path = three_chunks(tmp_path / "staff.xlsx")

    def rows(checked: StaffFile) -> list[tuple[object, ...]]:
        with sqlite3.connect(checked.stage.written()) as db:
            return db.execute("SELECT * FROM stage ORDER BY seq").fetchall()

    def read(ahead: bool) -> StaffFile:
        return read_staff_file(
            path, directory=DIRECTORY, today=TODAY, org="6540206", workers=0, write_ahead=ahead
        )

    expected = read(ahead=False)
    release = threading.Event()
    ingest = Stage._ingest

    def held_up(self: Stage, frames: list[pl.DataFrame], settled: int | None = 1) -> None:
        assert release.wait(30), "never let go"
        ingest(self, frames, settled)

    monkeypatch.setattr(Stage, "_ingest", held_up)
    done: list[StaffFile] = []
    reading = threading.Thread(target=lambda: done.append(read(ahead=True)))
    reading.start()
    reading.join(10)
    ended_first = bool(done)  # before the writer could write a row
    release.set()
    reading.join()
    try:
        assert ended_first, "the reading waited for the writer"
        assert rows(done[0]) == rows(expected)
        assert [f.as_dict("en") for f in done[0].findings] == [
            f.as_dict("en") for f in expected.findings
        ]
    finally:
        expected.stage.close()
        if done:
            done[0].stage.close()


def test_a_csv_file_read_ahead_of_its_writer_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack on the write-ahead: a CSV file is read as a stream, its settled rows spooled into
    the staging file and not held. Were the writer slower than the reading, every spool not yet
    written would wait in memory, the whole file at worst; the reading waits once the writer is
    _BEHIND writes behind. The file then holds what it holds written without the writer."""
    from lhrctl.staff_files import staging

    monkeypatch.setattr(column_checks, "TEXT_CHUNK", 100)
    monkeypatch.setattr(staging, "_SPOOL_ROWS", 100)  # a spool a chunk: ten
    body = [(make_national_id(500 + n), *(cells[0] for cells in list(CELLS.values())[1:]))
            for n in range(1000)]  # fmt: skip
    path = tmp_path / "staff.csv"
    write_csv(path, body, [len(HEADER)], 1)

    def read(ahead: bool) -> StaffFile:
        return read_staff_file(
            path, directory=DIRECTORY, today=TODAY, org="6540206", workers=0, write_ahead=ahead
        )

    expected = read(ahead=False)
    release, started = threading.Event(), []
    ingest = Stage._ingest

    def held_up(self: Stage, frames: list[pl.DataFrame], settled: int | None = 1) -> None:
        started.append(sum(frame.height for frame in frames))
        assert release.wait(30), "never let go"
        ingest(self, frames, settled)

    spooled = []
    add_settled = Stage.add_settled

    def counted(self: Stage, rows: pl.DataFrame, *, held: bool = True) -> None:
        spooled.append(rows.height)
        add_settled(self, rows, held=held)

    monkeypatch.setattr(Stage, "_ingest", held_up)
    monkeypatch.setattr(Stage, "add_settled", counted)
    done: list[StaffFile] = []
    reading = threading.Thread(target=lambda: done.append(read(ahead=True)))
    reading.start()
    reading.join(3)
    waited_at = len(spooled) if reading.is_alive() else None
    release.set()
    reading.join()
    try:
        assert started[0] == 100 and waited_at == staging._BEHIND + 1, (waited_at, spooled)
        with (
            sqlite3.connect(done[0].stage.written()) as found,
            sqlite3.connect(expected.stage.written()) as wanted,
        ):
            query = "SELECT * FROM stage ORDER BY seq"
            assert found.execute(query).fetchall() == wanted.execute(query).fetchall()
        assert done[0].settled == expected.settled == 1000
    finally:
        expected.stage.close()
        if done:
            done[0].stage.close()
