"""`lhrctl import staff`, `validate FILE` and `staff export` on the six legacy files of truth.json,
plus corrupt and hostile inputs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OFFLINE, PASSWORD, Lhr, Run

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

LEGACY = Path(__file__).parent / "data" / "legacy"
TRUTH = {entry["file"]: entry for entry in json.loads((LEGACY / "truth.json").read_text())}


def canonical(record: dict[str, object], keys: list[str]) -> dict[str, object]:
    out = {k: record.get(k) for k in keys}
    out["position_no"] = out["position_no"] or None  # empty and null position numbers are the same
    return out


@pytest.mark.pcsc
def test_all_six_legacy_files_import_as_truth_says(admin: Lhr) -> None:
    r = admin("--json", "import", "staff", "--skip-invalid", str(LEGACY), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r  # rows were rejected: findings
    result = json.loads(r.stdout)
    assert result["new"] == sum(len(t["expect_valid"]) for t in TRUTH.values())
    rejected = {
        (f["sheet"], f["row"], f["rule"]) for f in result["findings"] if f["severity"] == "error"
    }
    for name, truth in TRUTH.items():
        file_info = next(f for f in result["files"] if f["file"].endswith(name))
        assert file_info["org_code"] == truth["org"]
        assert file_info["rejected"] == len(truth["expect_invalid"]), name
        for bad in truth["expect_invalid"]:
            assert (bad["sheet"], bad["row"], bad["reason"]) in rejected, (name, bad)

        r = admin(
            "staff", "export", "--org", truth["org"], "--format", "json", input=f"{PASSWORD}\n"
        )
        assert r.exit_code == 0, r
        keys = list(truth["expect_valid"][0])
        exported = sorted(
            (canonical(x, keys) for x in json.loads(r.stdout)), key=lambda x: x["national_id"]
        )
        expected = sorted(
            (canonical(x, keys) for x in truth["expect_valid"]), key=lambda x: x["national_id"]
        )
        assert exported == expected, name

    # The same files again: nothing new, nothing changed.
    r = admin("--json", "import", "staff", "--skip-invalid", str(LEGACY), input=f"{PASSWORD}\n")
    again = json.loads(r.stdout)
    assert (again["new"], again["changed"]) == (0, 0)
    assert again["unchanged"] == result["new"]


def test_a_file_with_errors_writes_nothing_without_skip_invalid(admin: Lhr) -> None:
    r = admin("import", "staff", str(LEGACY / "01_A_6540206.xlsx"), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "nothing written: errors" in r.stdout
    assert "LHR103" in r.stdout and "Sheet1!31" in r.stdout
    assert "Error: Nothing was imported from a file with errors" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 0
    outcome = admin.scalar("SELECT outcome FROM audit_log WHERE action = 'import_staff'")
    assert outcome == "rejected"
    r = admin("import", "staff", "--skip-invalid", str(LEGACY / "01_A_6540206.xlsx"),
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 1, r
    assert "row(s) with errors were left out; the others were imported." in r.message


def test_changes_are_recorded_in_history(admin: Lhr, tmp_path: Path) -> None:
    source = LEGACY / "06_F_6600803.csv"
    assert (
        admin("import", "staff", "--skip-invalid", str(source), input=f"{PASSWORD}\n").exit_code
        == 1
    )
    edited = tmp_path / "06_F_6600803.csv"
    text = source.read_bytes().decode("cp874").replace('"๑๒,๗๘๐"', '"๑๓,๐๐๐"')
    edited.write_bytes(text.encode("cp874"))
    r = admin("--json", "import", "staff", "--skip-invalid", str(edited), input=f"{PASSWORD}\n")
    result = json.loads(r.stdout)
    assert (result["new"], result["changed"]) == (0, 1)
    assert admin.scalar("SELECT salary FROM staff WHERE national_id = '3036510687385'") == 13000.0
    change = admin.scalar(
        "SELECT changes FROM staff_history WHERE national_id = '3036510687385' AND action = 'changed'"
    )
    assert json.loads(str(change)) == {"salary": [12780.0, 13000.0]}
    source_row = admin.scalar("SELECT source FROM staff_history WHERE action = 'changed'")
    assert str(source_row).endswith("06_F_6600803.csv row 2")
    r = admin("--json", "staff", "show", "3-0365-10687-38-5", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    shown = json.loads(r.stdout)
    assert shown["salary"] == 13000.0
    assert [h["action"] for h in shown["history"]] == ["imported", "changed"]
    r = admin("staff", "show", "3036510687385", input=f"{PASSWORD}\n")
    assert "salary: 12780.0 → 13000.0" in r.stdout
    r = admin("staff", "show", "1100400012348", input=f"{PASSWORD}\n")
    assert r.exit_code == 2 and "is not in the staff records" in r.message
    r = admin("--json", "staff", "list", "--org", "6600803", input=f"{PASSWORD}\n")
    listed = json.loads(r.stdout)
    assert len(listed) == 64 and listed[0]["national_id"].count("x") == 7  # masked
    assert admin.scalar("SELECT count(*) FROM audit_log WHERE action = 'staff_list'") == 1


def test_a_list_without_a_column_leaves_what_is_stored_of_it(admin: Lhr, tmp_path: Path) -> None:
    """A field a file has no column for (a level, a position number, a division, an appointment
    date: the record of service may have given them) is the file's to leave, not to erase; a
    column it has, left blank, still clears it. Per sheet, and for a CSV file (no sheet)."""
    from openpyxl import Workbook

    from tests.cardsim import make_national_id

    first, second = make_national_id(601), make_national_id(602)
    head = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ประเภทบุคลากร", "ตำแหน่ง"]
    full = [*head, "เลขที่ตำแหน่ง", "ระดับ", "สังกัด", "วันบรรจุ", "เงินเดือน"]
    person = ["นาย", "สมชาย", "ใจดี", "01/01/2520", "ข้าราชการส่วนท้องถิ่น", "นักวิชาการเงินและบัญชี"]
    given = ["12-3-001", "ชำนาญการ", "กองคลัง", "01/10/2555"]

    def run(path: Path) -> dict[str, int]:
        r = admin("--json", "import", "staff", "--org", "6600803", str(path), input=f"{PASSWORD}\n")
        assert r.exit_code == 0, r.stdout
        return json.loads(r.stdout)

    def stored(nid: str) -> tuple[object, ...]:
        from sqlalchemy import text

        query = "SELECT position_no, level, division, appointed_on, salary FROM staff WHERE "
        with admin.engine().connect() as conn:
            found = conn.execute(text(query + "national_id = :nid"), {"nid": nid}).one()
        return tuple(None if v is None else str(v) for v in found)

    complete = tmp_path / "complete.csv"
    complete.write_text("\n".join(",".join(cells) for cells in [
        full, [first, *person, *given, "30000"], [second, *person, "12-3-002", *given[1:], "31000"],
    ]) + "\n", encoding="utf-8")  # fmt: skip
    assert run(complete)["new"] == 2

    short = tmp_path / "short.csv"  # no position number, level, division, appointment date
    short.write_text("\n".join(",".join(cells) for cells in [
        [*head, "เงินเดือน"], [first, *person, "30500"], [second, *person, "31000"],
    ]) + "\n", encoding="utf-8")  # fmt: skip
    result = run(short)
    assert (result["new"], result["changed"], result["unchanged"]) == (0, 1, 1)
    assert stored(first) == ("12-3-001", "ชำนาญการ", "กองคลัง", "2012-10-01", "30500.0")
    assert stored(second) == ("12-3-002", "ชำนาญการ", "กองคลัง", "2012-10-01", "31000.0")
    change = admin.scalar("SELECT changes FROM staff_history WHERE action = 'changed'")
    assert json.loads(str(change)) == {"salary": [30000.0, 30500.0]}  # nothing else said changed

    book = Workbook()  # one sheet with a level column, blank; the other without one
    with_level = book.active
    with_level.title = "ข้าราชการ"
    without = book.create_sheet("อื่น")
    with_level.append([*head, "ระดับ", "เงินเดือน"])
    with_level.append([first, *person, None, 30500])
    without.append([*head, "เงินเดือน"])
    without.append([second, *person, 31000])
    sheets = tmp_path / "sheets.xlsx"
    book.save(sheets)
    result = run(sheets)
    assert (result["changed"], result["unchanged"]) == (1, 1)
    assert stored(first) == ("12-3-001", None, "กองคลัง", "2012-10-01", "30500.0")  # stated blank
    assert stored(second) == ("12-3-002", "ชำนาญการ", "กองคลัง", "2012-10-01", "31000.0")


def test_a_record_s_history_says_which_import_made_it_from_where(
    admin: Lhr, tmp_path: Path
) -> None:
    """Who, when and the file are kept once an import (`imported_file`), each record it made
    pointing to it with its sheet and row: no history row a record, the same history shown."""
    from openpyxl import Workbook

    path = tmp_path / "two-sheets.xlsx"
    wb = Workbook()
    header = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]
    people = (("ข้าราชการ", "1100400012348"), ("พนักงานจ้างทั่วไป", "3036510687385"))
    for ws, (name, nid) in zip((wb.active, wb.create_sheet()), people, strict=True):
        ws.title = name
        ws.append(["บัญชีรายชื่อ"])  # a title row: the person is on the sheet's row 3
        ws.append(header)
        ws.append([nid, "นาย", "สมชาย", "ใจดี", "15/03/2520", "คนงาน", 9000])
    wb.save(path)
    r = admin("import", "staff", "--org", "6540206", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert admin.scalar("SELECT count(*) FROM staff_history") == 0
    assert admin.scalar("SELECT file FROM imported_file") == str(path)
    assert admin.scalar("SELECT target FROM audit_log WHERE action = 'import_staff'") == str(path)
    r = admin("--json", "staff", "show", "3036510687385", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    (entry,) = json.loads(r.stdout)["history"]
    assert (entry["action"], entry["source"]) == ("imported", f"{path} พนักงานจ้างทั่วไป row 3")
    assert entry["actor"] == admin.scalar("SELECT actor FROM imported_file")
    assert entry["changes"] == {}
    r = admin("staff", "show", "1100400012348", input=f"{PASSWORD}\n")
    assert f"{path} ข้าราชการ row 3" in r.stdout.replace("\n", "")


def test_a_person_at_another_lao_is_a_conflict(admin: Lhr, tmp_path: Path) -> None:
    source = LEGACY / "06_F_6600803.csv"
    assert (
        admin("import", "staff", "--skip-invalid", str(source), input=f"{PASSWORD}\n").exit_code
        == 1
    )
    moved = tmp_path / "other.csv"
    moved.write_bytes(source.read_bytes())
    marked = tmp_path / "marked.xlsx"
    r = admin("--json", "import", "staff", "--org", "6540206", "--skip-invalid", str(moved),
              "--report", str(marked), input=f"{PASSWORD}\n")  # fmt: skip
    result = json.loads(r.stdout)
    assert result["new"] == 0
    assert {f["rule"] for f in result["findings"] if f["severity"] == "error"} >= {"LHR104"}
    elsewhere = next(f for f in result["findings"] if f["rule"] == "LHR104")
    assert elsewhere["message"].endswith(": recorded at 6600803")
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = '6540206'") == 0
    # the marked-up copy carries what the import found in the database, not only in the file
    # (through a server: its findings, marked up in a copy made on the workstation)
    assert "Findings of other.csv marked up in" in r.message
    from openpyxl import load_workbook

    ws = load_workbook(marked).worksheets[0]
    notes = {row[-1] for row in ws.iter_rows(values_only=True)}
    told = f"LHR104 (national_id) {elsewhere['message']}"
    assert told in {str(n).split(" | ")[0] for n in notes}


def test_validate_a_file_needs_no_database() -> None:
    from tests.conftest import run_cli

    r = run_cli("--json", "validate", str(LEGACY / "04_D_6510410.xlsx"))
    assert r.exit_code == 1, r
    report = json.loads(r.stdout)
    assert report["valid"] is False
    assert report["stats"]["rows"] == 55 and report["stats"]["errors"] == 5
    assert {
        (f["sheet"], f["row"], f["rule"]) for f in report["findings"] if f["severity"] == "error"
    } == {(b["sheet"], b["row"], b["reason"]) for b in TRUTH["04_D_6510410.xlsx"]["expect_invalid"]}


def test_validate_limits_and_formats(tmp_path: Path) -> None:

    r = OFFLINE("--json", "validate", "--max-findings", "2", str(LEGACY / "02_B_6160402.xlsx"))
    report = json.loads(r.stdout)
    assert report["stats"]["truncated"] is True and len(report["findings"]) == 2
    out = tmp_path / "report.csv"
    r = OFFLINE("validate", "--format", "csv", "-o", str(out), str(LEGACY / "02_B_6160402.xlsx"))
    assert r.exit_code == 1
    assert (
        out.read_text(encoding="utf-8").splitlines()[0]
        == "rule,severity,sheet,row,column,value,message"
    )


def resave(text: str, delimiter: str) -> str:
    """`text`, a CSV, as a spreadsheet program saves it with another delimiter."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(text))
    )
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("unicode-text.txt", "utf-16", "\t"),  # Excel: Save as "Unicode Text"
        ("tab-delimited.txt", "cp874", "\t"),  # Excel: Save as "Text (Tab delimited)"
        ("semicolons.csv", "utf-8-sig", ";"),  # Excel where the decimal mark is a comma
        ("web-export.xls", "utf-8", "\t"),  # a web system's "Excel" button: text named .xls
    ],
)
def test_a_text_file_saved_another_way_reads_as_the_csv(
    tmp_path: Path, name: str, encoding: str, delimiter: str
) -> None:

    source = LEGACY / "06_F_6600803.csv"
    copy = tmp_path / name
    copy.write_bytes(resave(source.read_bytes().decode("cp874"), delimiter).encode(encoding))

    def report(path: Path) -> dict[str, object]:
        r = OFFLINE("validate", "--org", "6600803", "--format", "json", str(path))
        assert r.exit_code == 1, r  # the file has rows to fix
        return json.loads(r.stdout)

    original, saved = report(source), report(copy)
    assert saved == original
    assert original["stats"]["rows"] == 69


def test_a_web_page_of_tables_named_xls_reads_as_the_csv(tmp_path: Path) -> None:
    """What many web systems export as Excel: an HTML table, here in Thai Windows-874, under
    a layout table of the page, with a title across the columns."""
    import csv
    import html
    import io

    source = LEGACY / "06_F_6600803.csv"
    rows = list(csv.reader(io.StringIO(source.read_bytes().decode("cp874"))))
    width = max(map(len, rows))

    def tr(cells: list[str]) -> str:
        return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>\n"

    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-874">'
        "</head><body><table><tr><td>ระบบสารสนเทศ</td><td>ออกจากระบบ</td></tr></table>\n"
        f"<table border=1>{tr(rows[0])}".replace(  # the title row: one cell across the table
            "<td>", f'<td colspan="{width}">', 1
        )
        + "".join(tr(r) for r in rows[1:])
        + "</table></body></html>"
    )
    web = tmp_path / "export.xls"
    web.write_bytes(page.encode("cp874"))

    def report(path: Path) -> dict[str, object]:
        r = OFFLINE("validate", "--org", "6600803", "--format", "json", str(path))
        assert r.exit_code == 1, r  # the file has rows to fix
        return json.loads(r.stdout)

    original, saved = report(source), report(web)

    def found(run: dict[str, object], sheet: str | None) -> list[tuple[object, ...]]:
        return [
            (f["rule"], f["row"], f["column"], f["value"])
            for f in run["findings"]  # type: ignore[attr-defined]
            if f["sheet"] == sheet
        ]

    assert found(saved, "Table2") == found(original, None)  # the table: every finding the same
    assert found(saved, "Table1") == [("LHR905", None, None, None)]  # the page's layout table
    assert saved["stats"]["rows"] == original["stats"]["rows"] == 69  # type: ignore[index]


def make_hostile(tmp_path: Path, kind: str) -> Path:
    good = (LEGACY / "01_A_6540206.xlsx").read_bytes()
    if kind == "truncated":
        path = tmp_path / "truncated.xlsx"
        path.write_bytes(good[: len(good) // 2])
    elif kind == "random":
        path = tmp_path / "random.xlsx"
        path.write_bytes(bytes((i * 7919) % 256 for i in range(5000)))
    elif kind == "password":  # Excel wraps a protected .xlsx in a compound file, as .xls is
        path = tmp_path / "protected.xlsx"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    elif kind == "empty":
        path = tmp_path / "empty.csv"
        path.write_bytes(b"")
    elif kind == "utf16_no_bom":  # with its BOM, UTF-16 is Excel's "Unicode Text"
        path = tmp_path / "utf16.csv"
        path.write_bytes(
            (LEGACY / "06_F_6600803.csv").read_bytes().decode("cp874").encode("utf-16-le")
        )
    elif kind == "million_empty_rows":
        from openpyxl import Workbook

        path = tmp_path / "sparse.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน", "ประเภทบุคลากร"])
        ws.cell(row=1_000_000, column=1).number_format = "0"
        wb.save(path)
    elif kind == "formulas":
        from openpyxl import Workbook

        path = tmp_path / "formulas.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.append(
            [
                "เลขประจำตัวประชาชน",
                "คำนำหน้า",
                "ชื่อ",
                "นามสกุล",
                "วันเกิด",
                "ประเภทบุคลากร",
                "ตำแหน่ง",
                "เงินเดือน",
            ]
        )
        ws.append(["=A5", "นาย", "=B2&C2", "x", "=1/0", "ข้าราชการ", "=REF!", "=SUM(A1:A3)"])
        wb.save(path)
    else:
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("truncated", 7, "not a readable workbook"),
        ("random", 7, "not a readable workbook"),
        ("password", 7, "the workbook is password-protected (or an old .xls renamed)"),
        ("empty", 7, "the file is empty"),
        ("utf16_no_bom", 7, "not a text file in UTF-8, UTF-16 or Thai Windows-874"),
        ("million_empty_rows", 1, "No staff rows under the header"),
        # openpyxl stores no cached values: formula cells read as empty, as Excel would show
        # a workbook that was never calculated
        ("formulas", 1, "No staff rows under the header"),
    ],
)
def test_hostile_files_are_one_clear_line(
    tmp_path: Path, kind: str, code: int, message: str
) -> None:

    path = make_hostile(tmp_path, kind)
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == code, r
    assert message in r.message + " ".join(r.stdout.split())
    assert "Traceback" not in r.stderr


def test_hostile_files_leave_the_database_unchanged(admin: Lhr, tmp_path: Path) -> None:
    for kind in ("truncated", "random", "empty", "utf16_no_bom", "formulas"):
        path = make_hostile(tmp_path, kind)
        r = admin(
            "import",
            "staff",
            "--org",
            "6540206",
            "--skip-invalid",
            str(path),
            input=f"{PASSWORD}\n",
        )
        assert r.exit_code in (1, 7), r
        assert "Traceback" not in r.stderr
    assert admin.scalar("SELECT count(*) FROM staff") == 0


LETTERS = str.maketrans("0123456789", "กขคงจฉชซฌญ")  # names hold no digits


def write_big_csv(path: Path, rows: int, *, thai_digits: bool = False) -> None:
    """`rows` people; their IDs in Thai digits where asked (each row then goes through the row
    checks, the column checks settling none)."""
    from tests.cardsim import make_national_id

    digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙") if thai_digits else {}
    lines = ["เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,ประเภทบุคลากร,ตำแหน่ง,เงินเดือน,วันบรรจุ"]
    lines += [
        f"{make_national_id(1000 + i).translate(digits)},นาย,สมชาย{str(i).translate(LETTERS)},ใจดี,01/01/2520,"
        "พนักงานจ้างทั่วไป,คนงาน,9000,01/01/2550"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_conflict_on_the_last_row_writes_nothing_then_pages_of_changes(
    admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lhrctl.services.staff_import.PAGE", 500)  # pages of 500, not 5,000
    big = tmp_path / "big.csv"
    write_big_csv(big, 1_200)  # three pages of changed records
    header, *lines = big.read_text(encoding="utf-8").splitlines()
    elsewhere = tmp_path / "one.csv"
    elsewhere.write_text(f"{header}\n{lines[-1]}\n", encoding="utf-8")
    r = admin("import", "staff", "--org", "6540206", str(elsewhere), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r

    r = admin("--json", "import", "staff", "--org", "6600803", str(big), input=f"{PASSWORD}\n")
    assert r.exit_code == 1
    result = json.loads(r.stdout)
    assert [(f["rule"], f["row"]) for f in result["findings"]] == [("LHR104", 1_201)]
    assert result["new"] == 0 and result["files"][0]["written"] is False
    assert admin.scalar("SELECT count(*) FROM staff") == 1
    assert admin.scalar("SELECT count(*) FROM imported_file") == 1  # the first import's
    assert admin.scalar("SELECT count(*) FROM staff_history") == 0

    def import_skipping(path: Path) -> Run:
        args = ("--json", "import", "staff", "--org", "6600803", "--skip-invalid", str(path))
        return admin(*args, input=f"{PASSWORD}\n")

    r = import_skipping(big)
    assert r.exit_code == 1  # the conflict is still reported
    assert json.loads(r.stdout)["new"] == 1_199
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = '6600803'") == 1_199
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = '6540206'") == 1

    raised = tmp_path / "raised.csv"
    raised.write_text(big.read_text(encoding="utf-8").replace(",9000,", ",9500,"), encoding="utf-8")
    r = import_skipping(raised)
    result = json.loads(r.stdout)
    assert (result["new"], result["changed"], result["unchanged"]) == (0, 1_199, 0)
    assert admin.scalar("SELECT count(*) FROM staff WHERE salary = 9500") == 1_199
    changes = admin.scalar("SELECT count(*) FROM staff_history WHERE action = 'changed'")
    assert changes == 1_199
    last = admin.scalar(
        "SELECT changes FROM staff_history WHERE action = 'changed' ORDER BY id DESC LIMIT 1"
    )
    assert json.loads(str(last)) == {"salary": [9000.0, 9500.0]}


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite lets one writer in at a time
def test_a_person_imported_meanwhile_by_another_import_is_a_conflict(
    admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another office's import commits one of this file's new people after this import counted
    them: this one writes nothing and says so, rather than report a count it did not write."""
    from sqlalchemy import text

    from lhrctl import db

    big = tmp_path / "big.csv"
    write_big_csv(big, 30)
    first = big.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    insert_new = db.insert_new

    def meanwhile(*args: Any) -> Any:  # the new records counted, about to be inserted
        with admin.engine().begin() as other:
            other.execute(
                text(
                    "INSERT INTO staff (national_id, org_code, title, first_name, last_name, "
                    "birth_date, personnel_type, position, salary, created_at, updated_at) "
                    "VALUES (:nid, '6600803', 'นาย', 'ก', 'ข', '1977-01-01', 'contract_general', "
                    "'คนงาน', 9000, now(), now())"
                ),
                {"nid": first},
            )
        return insert_new(*args)

    monkeypatch.setattr(db, "insert_new", meanwhile)
    r = admin("import", "staff", "--org", "6600803", str(big), input=f"{PASSWORD}\n")
    assert r.exit_code == 6, r
    assert "Another import wrote some of these records at the same time" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 1  # the other import's, alone
    assert admin.scalar("SELECT count(*) FROM imported_file") == 0


def write_positions_csv(path: Path, people: list[tuple[int, str]]) -> None:
    """One row per (seed of the ID, position number), all at the same LAO."""
    from tests.cardsim import make_national_id

    lines = ["เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,ประเภทบุคลากร,ตำแหน่ง,เลขที่ตำแหน่ง,เงินเดือน"]
    lines += [
        f"{make_national_id(seed)},นาย,สมชาย,ใจดี,01/01/2520,พนักงานจ้างทั่วไป,คนงาน,{no},9000"
        for seed, no in people
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_position_number_held_in_the_database_is_a_conflict(admin: Lhr, tmp_path: Path) -> None:
    from tests.cardsim import make_national_id

    def run(people: list[tuple[int, str]]) -> tuple[int, dict[str, object]]:
        path = tmp_path / "positions.csv"
        write_positions_csv(path, people)
        r = admin("--json", "import", "staff", "--org", "6600803", str(path), input=f"{PASSWORD}\n")
        return r.exit_code, json.loads(r.stdout)

    assert run([(501, "12-3-001")])[0] == 0
    holder = make_national_id(501)

    code, result = run([(502, "12-3-001")])  # someone else, on the holder's number
    assert code == 1
    finding = result["findings"][0]
    assert (finding["rule"], finding["row"], finding["value"]) == ("LHR403", 2, "12-3-001")
    assert finding["message"].endswith(f"held by {holder[0]}-xxxx")
    assert admin.scalar("SELECT count(*) FROM staff") == 1

    code, result = run([(502, "12-3-001"), (501, "12-3-002")])  # the holder moves on
    assert code == 0, result
    assert (result["new"], result["changed"]) == (1, 1)
    where = "SELECT national_id FROM staff WHERE position_no = '12-3-001'"
    assert admin.scalar(where) == make_national_id(502)


@pytest.mark.pcsc  # a separate lhrctl process signs in: the card goes through pcscd
def test_killing_an_import_leaves_the_database_as_it_was(admin: Lhr, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    big = tmp_path / "big.csv"
    write_big_csv(big, 60_000)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lhrctl",
            "--db",
            admin.db_url,
            "import",
            "staff",
            "--org",
            "6540206",
            str(big),
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(f"{PASSWORD}\n")
    proc.stdin.close()
    said = [proc.stderr.readline()]
    while said[-1] and not said[-1].startswith("Signed in"):
        said.append(proc.stderr.readline())
    # a large file (4 MB): signed in first, its transaction now open while it is read and written
    assert said[0].startswith("A large file: sign in first") and said[-1], said
    time.sleep(0.15)  # reading and writing take about a second here: kill it early in them
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the import ended before it could be killed"
    assert admin.scalar("SELECT count(*) FROM staff") == 0
    assert admin.scalar("SELECT count(*) FROM imported_file") == 0

    small = tmp_path / "small.csv"
    write_big_csv(small, 10)
    r = admin("--json", "import", "staff", "--org", "6540206", str(small), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert admin.scalar("SELECT count(*) FROM staff") == 10
    import tempfile  # the killed process's staging file went with the next import

    assert not list(Path(tempfile.gettempdir()).glob(f"lhrctl-stage-{proc.pid}-*"))


def test_validate_stored_records_finds_changes_behind_the_tools_back(admin: Lhr) -> None:
    from sqlalchemy import text

    r = admin(
        "import",
        "staff",
        "--skip-invalid",
        str(LEGACY / "01_A_6540206.xlsx"),
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 1, r
    r = admin("--json", "validate", "--all", input=admin.reads())
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"] == {
        "rows": 51,
        "errors": 0,
        "warnings": 0,
        "truncated": False,
    }

    with admin.engine().begin() as conn:  # edits made straight in the database
        conn.execute(
            text("UPDATE staff SET birth_date = '2090-01-01' WHERE national_id = '3357143217851'")
        )
        conn.execute(
            text(
                "UPDATE staff SET national_id = '3636166073810' WHERE national_id = '3636166073819'"
            )
        )
        conn.execute(
            text(
                "UPDATE staff SET position_no = 'X-1' WHERE national_id IN ('1420069790536', '1038132125159')"
            )
        )
    r = admin("--json", "validate", "--org", "6540206", input=admin.reads())
    assert r.exit_code == 1, r
    found = {(f["rule"], f["national_id"]) for f in json.loads(r.stdout)["findings"]}
    # no sign-in, so the people are named by their masked IDs (issue 16)
    assert ("LHR305", "3-3571-xxxxx-xx-1") in found
    assert ("LHR101", "3-6361-xxxxx-xx-0") in found
    assert {("LHR403", "1-4200-xxxxx-xx-6"), ("LHR403", "1-0381-xxxxx-xx-9")} <= found
    assert not re.search(r"\d{13}", r.stdout), "no full ID without sign-in"
    r = admin("validate", "--province", "54", input=admin.reads())
    assert r.exit_code == 1
    assert "1-4200-xxxxx-xx-6" in r.stdout and "1420069790536" not in r.stdout  # masked
    assert admin("validate", "--province", "99", input=admin.reads()).exit_code == 2
    assert admin("validate").exit_code == 2


def test_the_template_reads_back_clean(tmp_path: Path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    path = tmp_path / "template.xlsx"
    r = OFFLINE("staff", "template", "-o", str(path))
    assert r.exit_code == 0, r
    wb = load_workbook(path)
    ws = wb["บุคลากร"]
    assert [c.value for c in ws[2]][:4] == ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล"]
    checks = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert checks["F3"].showErrorMessage and checks["F3"].errorStyle == "stop"  # types: enforced
    assert checks["B3"].showErrorMessage and checks["B3"].errorStyle == "warning"  # titles: asked
    ws.append(["1100400012348", "นาย", "สมชาย", "ใจดี", date(1977, 3, 15), "พนักงานส่วนตำบล",
               "นักจัดการงานทั่วไป", "54-3-01-1234-001", "ปฏิบัติการ", "สำนักปลัด", 15060, date(2000, 10, 1)])  # fmt: skip
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    report = json.loads(r.stdout)
    assert r.exit_code == 0, r
    assert report["stats"]["rows"] == 1 and report["valid"] is True


def test_an_id_on_two_sheets_names_the_other_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "two-sheets.xlsx"
    wb = Workbook()
    header = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]
    for ws, name in ((wb.active, "ข้าราชการ"), (wb.create_sheet(), "พนักงานจ้างทั่วไป")):
        ws.title = name
        ws.append(header)
        ws.append(["1100400012348", "นาย", "สมชาย", "ใจดี", "15/03/2520", "คนงาน", 9000])
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    found = [(f["sheet"], f["row"], f["message"]) for f in json.loads(r.stdout)["findings"]]
    twice = "National ID appears more than once in the file: also on row"
    assert found == [
        ("ข้าราชการ", 2, f"{twice} พนักงานจ้างทั่วไป!2"),
        ("พนักงานจ้างทั่วไป", 2, f"{twice} ข้าราชการ!2"),
    ]
    r = OFFLINE("--json", "--lang", "th", "validate", "--org", "6540206", str(path))
    messages = [f["message"] for f in json.loads(r.stdout)["findings"]]
    assert messages[0] == "เลขประจำตัวประชาชนซ้ำกันในไฟล์: พบอีกที่แถว พนักงานจ้างทั่วไป!2"


def test_a_summary_sheet_next_to_the_staff_is_said_not_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "with-summary.xlsx"
    wb = Workbook()
    summary = wb.active
    summary.title = "สรุป"
    for line in (["สรุปจำนวนบุคลากร"], ["ประเภท", "จำนวน (คน)"], ["ข้าราชการ", 1], ["รวม", 1]):
        summary.append(line)
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r  # no staff table anywhere: the file is not what it should be
    found = [(f["rule"], f["sheet"]) for f in json.loads(r.stdout)["findings"]]
    assert found == [("LHR901", "สรุป")]

    staff = wb.create_sheet("ข้าราชการ")
    staff.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"])
    staff.append(["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "คนงาน", 9000])
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    report = json.loads(r.stdout)
    assert report["stats"] == {"rows": 1, "errors": 0, "warnings": 1, "truncated": False}
    [finding] = report["findings"]
    assert (finding["rule"], finding["sheet"], finding["severity"]) == ("LHR905", "สรุป", "warning")
    assert finding["message"] == "Sheet holds no staff table (not read)"


def test_findings_workbook_marks_the_bad_cells(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    r = OFFLINE("validate", "--format", "xlsx", "-o", str(out), str(LEGACY / "01_A_6540206.xlsx"))
    assert r.exit_code == 1, r
    ws = load_workbook(out)["Sheet1"]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Problems found"
    note = ws.cell(row=31, column=len(header)).value
    assert note == (
        "LHR103 (national_id) National ID appears more than once in the file: also on row Sheet1!41"
    )
    id_cell = ws.cell(row=31, column=2)
    assert id_cell.fill.fgColor.rgb.endswith("FFC7CE")  # the ID cell, in red
    assert ws.cell(row=30, column=len(header)).value in (None, "")  # a good row: no note
    r = OFFLINE("--lang", "th", "validate", "--format", "xlsx", "-o", str(out),
                str(LEGACY / "01_A_6540206.xlsx"))  # fmt: skip
    ws = load_workbook(out)["Sheet1"]
    assert ws.cell(row=1, column=len(header)).value == "ปัญหาที่พบ"
    assert ws.cell(row=16, column=len(header)).value == (
        "LHR201 (นามสกุล) ไม่มีคำนำหน้า ชื่อ หรือนามสกุล: นามสกุล"
    )


def test_mapping_file_names_unknown_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "odd.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["รหัสบุคคล 13 หลัก", "ชื่อผู้ปฏิบัติงาน", "เกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"])
    ws.append(["1100400012348", "นายสมชาย ใจดี", "15/03/2520", "ลูกจ้างประจำ", "คนงาน", "9,000"])
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r  # the values tell: each such column a warning to check
    told = {(f["rule"], f["column"]) for f in json.loads(r.stdout)["findings"]}
    assert told == {("LHR906", "national_id"), ("LHR906", "full_name")}  # `เกิด`: birth
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"รหัสบุคคล 13 หลัก" = "national_id"\n"ชื่อผู้ปฏิบัติงาน" = "full_name"\n"เกิด" = "birth_date"\n',
        encoding="utf-8",
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", "--mapping", str(mapping), str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 1
    assert json.loads(r.stdout)["findings"] == []  # the officer said what they are
    mapping.write_text('[columns]\n"เกิด" = "birthday"\n', encoding="utf-8")
    r = OFFLINE("validate", "--org", "6540206", "--mapping", str(mapping), str(path))
    assert r.exit_code == 2 and "unknown field(s) birthday" in r.message


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])  # roles are a PostgreSQL matter
def test_nightly_check_runs_with_a_read_only_role(admin: Lhr) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    assert (
        admin(
            "import",
            "staff",
            "--skip-invalid",
            str(LEGACY / "02_B_6160402.xlsx"),
            input=f"{PASSWORD}\n",
        ).exit_code
        == 1
    )
    url = make_url(admin.db_url)
    with admin.engine().connect() as conn:
        conn.execute(text("DROP ROLE IF EXISTS lhr_nightly_test"))  # left by an earlier run
    with admin.engine().begin() as conn:
        conn.execute(text("CREATE ROLE lhr_nightly_test LOGIN"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO lhr_nightly_test"))
        conn.execute(text("GRANT SELECT ON ALL TABLES IN SCHEMA public TO lhr_nightly_test"))
    try:
        reader = Lhr(url.set(username="lhr_nightly_test").render_as_string(hide_password=False))
        r = reader("--json", "validate", "--all")
        assert r.exit_code == 0, r
        assert json.loads(r.stdout)["stats"]["rows"] == 49
        r = reader("import", "orgs", input=f"{PASSWORD}\n")  # writing is not for this role
        assert r.exit_code != 0
    finally:
        with admin.engine().begin() as conn:
            conn.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM lhr_nightly_test"))
            conn.execute(text("REVOKE USAGE ON SCHEMA public FROM lhr_nightly_test"))
            conn.execute(text("DROP ROLE lhr_nightly_test"))


def test_export_writes_the_same_records_as_json_csv_and_xlsx(admin: Lhr, tmp_path: Path) -> None:
    import csv

    from openpyxl import load_workbook

    from lhrctl.schemas.staff import FIELDS

    source = str(LEGACY / "06_F_6600803.csv")
    r = admin("import", "staff", "--skip-invalid", source, input=f"{PASSWORD}\n")
    assert r.exit_code in (0, 1), r
    args = ("staff", "export", "--org", "6600803")
    as_json = json.loads(admin(*args, input=f"{PASSWORD}\n").stdout)
    assert as_json and list(as_json[0]) == list(FIELDS)
    r = admin(*args, "--format", "csv", "-o", str(tmp_path / "x.csv"), input=f"{PASSWORD}\n")
    assert r.exit_code == 0 and f"{len(as_json)} record(s) written" in r.message, r
    with (tmp_path / "x.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.DictReader(f)) == [
            {k: str(v or "") for k, v in row.items()} for row in as_json
        ]
    r = admin(*args, "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    header, *rows = load_workbook(tmp_path / "x.xlsx").active.iter_rows(values_only=True)
    assert header == FIELDS
    be = {"birth_date", "appointed_on"}  # a workbook is read by people: Buddhist-Era dates
    assert [dict(zip(FIELDS, row, strict=True)) for row in rows] == [
        {k: _be_text(v) if k in be and v else v for k, v in row.items()} for row in as_json
    ]
    # and `import staff` reads the export back to the same records: nothing changes
    r = admin("--json", "import", "staff", "--org", "6600803", str(tmp_path / "x.xlsx"),
              input=f"{PASSWORD}\n")  # fmt: skip
    again = json.loads(r.stdout)
    assert (r.exit_code, again["new"], again["changed"]) == (0, 0, 0), r
    assert again["unchanged"] == len(as_json)
    r = admin(*args, "--format", "xlsx", input=f"{PASSWORD}\n")  # a workbook needs a file
    assert r.exit_code == 2 and "xlsx with -o" in r.message, r


def _be_text(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{int(year) + 543}"


def test_an_id_kept_as_a_number_is_shown_as_its_digits(tmp_path: Path) -> None:
    """A number cell holds the ID 9999999999999 (wrong check digit): the finding shows the
    digits the person typed, not the float `9999999999999.0` the cell holds."""
    from openpyxl import Workbook

    from lhrctl.staff_files.normalise import national_id

    assert national_id(9999999999999.0) == ("9999999999999", "LHR101")
    wb = Workbook()
    ws = wb.active
    ws.append(["เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ประเภท", "ตำแหน่ง", "เงินเดือน"])
    ws.append([9999999999999, "นายสมชาย ใจดี", "15/03/2520", "ข้าราชการ", "ปลัด", 45000])
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    [bad_id] = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "LHR101"]
    assert bad_id["value"] == "9999999999999"
    assert ".0" not in r.stdout


def test_a_sheet_beyond_the_limits_writes_nothing(admin: Lhr) -> None:
    """The limits go with the file wherever it is read: here, or on the server it is sent to."""
    source = str(LEGACY / "01_A_6540206.xlsx")
    r = admin("import", "staff", "--max-cells", "100", source, input=f"{PASSWORD}\n")
    assert r.exit_code == 7, r
    assert "01_A_6540206.xlsx: sheet 'Sheet1' spans" in r.message
    assert "(at most 256 columns and 100 cells)" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 0


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_is_sent_the_settled_rows_from_their_columns(
    admin: Lhr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of a workbook the columns settled go to PostgreSQL by COPY from the columns
    held: none is written into the staging file first (and read back a tuple at a time, 3 s of
    200,000 rows), which only SQLite attaches."""
    from lhrctl.staff_files.staging import Stage

    ingested: list[int] = []
    ingest = Stage._ingest

    def counted(stage: Stage, frames: list[Any], settled: int | None = 1) -> None:
        ingested.append(sum(frame.height for frame in frames))
        ingest(stage, frames, settled)

    monkeypatch.setattr(Stage, "_ingest", counted)
    path = LEGACY / "01_A_6540206.xlsx"
    r = admin("--json", "import", "staff", "--skip-invalid", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r  # rows rejected: findings
    new = json.loads(r.stdout)["new"]
    assert new == len(TRUTH[path.name]["expect_valid"])
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = '6540206'") == new
    assert ingested == []
