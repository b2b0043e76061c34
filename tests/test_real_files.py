"""Real files as offices send them: no personnel type anywhere, headers lhrctl has never seen,
legacy encodings. What each is read as, and what is written from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cardsim import make_national_id
from tests.conftest import OFFLINE, PASSWORD, Lhr

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

UNTYPED = (
    "เลขประจำตัวประชาชน,ชื่อ-สกุล,วันเกิด,ตำแหน่ง,เงินเดือน\n"
    f"{make_national_id(1)},นายสมชาย ใจดี,15/03/2520,คนงาน,9000\n"
    f"{make_national_id(2)},นางมาลี ศรีสุข,01/01/2530,ผู้ช่วยครูผู้ดูแลเด็ก,9400\n"
)


def test_type_gives_the_personnel_type_a_file_does_not(admin: Lhr, tmp_path: Path) -> None:
    path = tmp_path / "untyped.csv"
    path.write_text(UNTYPED, encoding="utf-8")
    org = ("--org", "6540206")

    r = admin("import", "staff", *org, str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "personnel_type (a column or the sheet's name)" in r.stdout
    r = admin("import", "staff", *org, "--type", "ลูกจ้างชั่วคราว", str(path))
    assert r.exit_code == 2, r
    assert "--type ลูกจ้างชั่วคราว: unknown personnel type; use one of civil_servant" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 0

    r = admin("import", "staff", *org, "--type", "พนักงานจ้างทั่วไป", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert admin.scalar("SELECT count(*) FROM staff WHERE personnel_type = 'contract_general'") == 2


def test_type_gives_way_to_what_the_file_says(tmp_path: Path) -> None:
    path = tmp_path / "typed.csv"
    path.write_text(
        "เลขประจำตัวประชาชน,ชื่อ-สกุล,วันเกิด,ประเภท,ตำแหน่ง,เงินเดือน\n"
        f"{make_national_id(1)},นายสมชาย ใจดี,15/03/2520,ลูกจ้างประจำ,คนงาน,9000\n"
        f"{make_national_id(2)},นางมาลี ศรีสุข,01/01/2530,,ผู้ช่วยครูผู้ดูแลเด็ก,9400\n",
        encoding="utf-8",
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", "--type", "contract_mission", str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 2


PEOPLE: list[list[object]] = [
    [make_national_id(10 + i), title, first, last, birth, "คนงาน", 9000.0 + i]
    for i, (title, first, last, birth) in enumerate(
        [
            ("นาง", "สมหญิง", "ใจดี", "15/03/2520"),  # ญ is byte 0xAD: Latin-1's soft hyphen
            ("นาย", "ประเสริฐ", "ศรีสุข", "01/01/2530"),
            ("นางสาว", "มาลี", "ทองคำ", "๒๐/๑๑/๒๕๒๕"),
        ]
    )
]
HEADER = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]


@pytest.mark.parametrize("codepage", [None, 1252, 874])
def test_an_excel_5_workbook_of_thai_bytes_reads_in_thai(
    admin: Lhr, tmp_path: Path, codepage: int | None
) -> None:
    """Thai systems wrote Excel 5 text as Windows-874 bytes with no code page, or 1252; lhrctl
    reads it again as Thai and says so once. A workbook that declares 874 needs nothing."""
    from tests.biff5 import write_biff5

    path = write_biff5(
        tmp_path / "export.xls",
        {"พนักงานจ้างตามภารกิจ": [HEADER, *PEOPLE]},
        codepage=codepage,
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    findings = json.loads(r.stdout)["findings"]
    said = [(f["rule"], f["row"]) for f in findings]
    assert said == ([] if codepage == 874 else [("LHR206", None)])

    r = admin("import", "staff", "--org", "6540206", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    names = admin.scalar(
        "SELECT first_name || ' ' || last_name || ' ' || personnel_type FROM staff "
        "WHERE national_id = :nid",
        nid=PEOPLE[0][0],
    )
    assert names == "สมหญิง ใจดี contract_mission"


def test_a_csv_of_thai_misread_then_saved_as_utf8_reads_in_thai(tmp_path: Path) -> None:
    """A cp874 file opened as Latin-1 and saved as UTF-8 keeps the Latin letters: read again."""
    text = "\n".join(
        ",".join(map(str, row))
        for row in [[*HEADER, "ประเภท"]] + [[*p, "ลูกจ้างประจำ"] for p in PEOPLE]
    )
    path = tmp_path / "export.csv"
    path.write_text(text.encode("cp874").decode("latin-1"), encoding="utf-8")
    r = OFFLINE("--json", "--lang", "th", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 0, r
    [finding] = json.loads(r.stdout)["findings"]
    assert finding["rule"] == "LHR206"
    assert finding["message"].startswith("ข้อความภาษาไทยเก็บเป็นรหัส Windows-874")


def test_a_name_is_never_cut_short_to_fix_it(tmp_path: Path) -> None:
    """A soft hyphen left in a name is reported (LHR202), not deleted as a repair."""
    path = tmp_path / "soft.csv"
    row = [*PEOPLE[0][:2], "สมห\u00adิง", *PEOPLE[0][3:], "ลูกจ้างประจำ"]
    path.write_text(
        ",".join([*HEADER, "ประเภท"]) + "\n" + ",".join(map(str, row)) + "\n", encoding="utf-8"
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    assert [(f["rule"], f["column"]) for f in json.loads(r.stdout)["findings"]] == [
        ("LHR202", "first_name")
    ]


def _records(
    path: Path, *options: str, org: str | None = "6540206"
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """The records a file gives (as staged for an import) and its findings."""
    from datetime import date

    from lhrctl.staff_files.mapping import read_mapping
    from lhrctl.staff_files.options import ReadOptions, type_option
    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file
    from lhrctl.staff_files.staging import ACCEPTED_COLUMNS

    given = dict(zip(options[::2], options[1::2], strict=True))
    mapping = Path(given["--mapping"]) if "--mapping" in given else None
    checked = read_staff_file(
        path,
        directory=LaoDirectory.bundled(),
        today=date(2026, 12, 2),
        org=org,
        options=ReadOptions(
            mapping=read_mapping(mapping) if mapping else None,
            personnel_type=type_option(given.get("--type")),
        ),
        workers=0,
    )
    records = [
        dict(zip(ACCEPTED_COLUMNS, row, strict=True)) for row in checked.stage.accepted_rows()
    ]
    findings = [f.as_dict("en") for f in checked.findings]
    return records, findings


SYSTEM_EXPORT = [
    ["ID_CARD", "TIT_NAME", "FNAME", "LNAME", "SEX", "BIRTH_DATE", "BEG_DATE", "BEG_POS_NAME",
     "POS_NAME", "DEP_NAME", "SALARY5Y", "SALARY"],
    [make_national_id(21), "นาย", "สมชาย", "ใจดี", 1, "15/03/2520", "01/10/2545", "คนงาน",
     "นักวิชาการเงินและบัญชี", "กองคลัง", 15000, 28000],
    [make_national_id(22), "นาง", "มาลี", "ศรีสุข", 2, "01/01/2530", "01/06/2555", "คนงาน",
     "เจ้าพนักงานธุรการ", "สำนักปลัด", 9000, 18000],
]  # fmt: skip


def test_a_personnel_system_export_reads_by_its_field_names(tmp_path: Path) -> None:
    from tests.biff5 import write_biff5

    path = write_biff5(tmp_path / "dpis.xls", {"ลูกจ้างประจำ": SYSTEM_EXPORT})
    records, findings = _records(path)

    assert [(f["rule"], f["sheet"]) for f in findings] == [("LHR206", None)]
    assert [
        (r["first_name"], r["gender"], r["birth_date"], r["appointed_on"], r["position"],
         r["division"], r["salary"], r["personnel_type"])
        for r in records
    ] == [
        ("สมชาย", "male", "1977-03-15", "2002-10-01", "นักวิชาการเงินและบัญชี", "กองคลัง",
         28000.0, "permanent_employee"),
        ("มาลี", "female", "1987-01-01", "2012-06-01", "เจ้าพนักงานธุรการ", "สำนักปลัด",
         18000.0, "permanent_employee"),
    ]  # fmt: skip


def test_a_form_with_temp_field_names_reads_with_type_given(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    header = "tempCardNo,tempPrename,tempFirstName,tempLastName,tempGender,tempBirthDate,tempStartDate,ชื่อตำแหน่งในสายงาน,เงินเดือน"
    path.write_text(
        f"{header}\n{make_national_id(31)},นางสาว,สุดา,ทองคำ,หญิง,2 ก.พ. 2535,1 ต.ค. 2560,ครูผู้ดูแลเด็ก,15000\n",
        encoding="utf-8",
    )
    records, findings = _records(path, "--type", "teacher")
    assert findings == []
    [record] = records
    assert (record["title"], record["last_name"], record["personnel_type"]) == (
        "นางสาว", "ทองคำ", "teacher"
    )  # fmt: skip


def test_headers_that_say_nothing_are_read_by_what_the_columns_hold(tmp_path: Path) -> None:
    """Column names from an export that mean nothing, and then no header at all: the values
    name each field, and each such column is a warning that names it."""
    rows = [
        [1, make_national_id(41), "นายสมชาย ใจดี", "15 มี.ค. 2520", "คนงาน", "กองช่าง", "9000"],
        [2, make_national_id(42), "นางมาลี ศรีสุข", "1 ม.ค. 2530", "ครูผู้ดูแลเด็ก", "กองการศึกษา", "15000"],
        [3, make_national_id(43), "น.ส.สุดา ทองคำ", "2 ก.พ. 2535", "นักวิชาการศึกษา", "กองการศึกษา", "18000"],
    ]  # fmt: skip
    text = "\n".join(",".join(map(str, r)) for r in rows)
    named = tmp_path / "named.csv"
    named.write_text("F1,F2,F3,F4,F5,F6,F7\n" + text + "\n", encoding="utf-8")
    bare = tmp_path / "bare.csv"
    bare.write_text(text + "\n", encoding="utf-8")

    for path, row in ((named, 1), (bare, None)):
        records, findings = _records(path, "--type", "พนักงานจ้างตามภารกิจ")
        said = {f["column"]: (f["rule"], f["row"], f["message"]) for f in findings}
        assert said["national_id"] == (
            "LHR906",
            row,
            "Column recognised by its values alone (check it): column B",
        )
        assert set(said) == {
            "national_id",
            "full_name",
            "birth_date",
            "position",
            "division",
            "salary",
        }
        assert [(r["title"], r["last_name"], r["birth_date"], r["division"], r["salary"]) for r in records] == [
            ("นาย", "ใจดี", "1977-03-15", "กองช่าง", 9000.0),
            ("นาง", "ศรีสุข", "1987-01-01", "กองการศึกษา", 15000.0),
            ("นางสาว", "ทองคำ", "1992-02-02", "กองการศึกษา", 18000.0),
        ]  # fmt: skip


def test_a_sheet_of_no_staff_is_no_staff_table(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ครุภัณฑ์"
    ws.append(["ลำดับ", "รายการ", "จำนวน", "ราคาต่อหน่วย", "วันที่ซื้อ", "ผู้รับผิดชอบ"])
    for i in range(1, 40):
        ws.append([i, f"เก้าอี้สำนักงาน {i}", 2, 1500 + i, "01/10/2566", "นายสมชาย ใจดี"])
    path = tmp_path / "assets.xlsx"
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]] == ["LHR901"]


def test_a_teacher_form_of_only_drop_down_values_holds_no_staff(tmp_path: Path) -> None:
    """1,900 rows where only the drop-downs were touched (title, type, position, level): no
    person in them, so nothing to read and no 1,900 errors."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "ครู"
    ws.append(["ที่", "เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด",
               "ประเภทบุคลากร", "ตำแหน่ง", "วิทยฐานะ", "เงินเดือน"])  # fmt: skip
    for i in range(1, 1901):
        ws.append([i, None, "นาง", None, None, None, "ข้าราชการครู", "ครู", "ชำนาญการ", None])
    path = tmp_path / "teachers.xlsx"
    wb.save(path)
    r = OFFLINE("--json", "validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    report = json.loads(r.stdout)
    assert [f["rule"] for f in report["findings"]] == ["LHR904"]
    assert report["stats"]["rows"] == 0


def test_inspect_shows_how_a_file_is_read_and_its_mapping_reads_it_again(tmp_path: Path) -> None:
    rows = [
        ["F1", "F2", "F3", "F4", "F5", "F6", "ประเภทบุคลากร", "หมายเหตุของกอง"],
        [make_national_id(51), "นายสมชาย ใจดี", "15 มี.ค. 2520", "คนงาน", "กองช่าง", "9000", "ลูกจ้างประจำ", "x"],
        [make_national_id(52), "นางมาลี ศรีสุข", "1 ม.ค. 2530", "ครูผู้ดูแลเด็ก", "กองการศึกษา", "15000", "ลูกจ้างประจำ", ""],
        ["", "", "", "", "", "", "", "รวม 2 คน"],
    ]  # fmt: skip
    path = tmp_path / "export_6540206.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"

    r = OFFLINE("--json", "inspect", str(path), "--write-mapping", str(mapping))
    assert r.exit_code == 0, r
    [view] = json.loads(r.stdout)["files"]
    [sheet] = view["sheets"]
    columns = {
        c["letter"]: (c["header"], c["field"], c["source"], c["share"]) for c in sheet["columns"]
    }
    assert columns == {
        "A": ("F1", "national_id", "values", 1.0),
        "B": ("F2", "full_name", "values", 1.0),
        "C": ("F3", "birth_date", "values", 1.0),
        "D": ("F4", "position", "values", 1.0),
        "E": ("F5", "division", "values", 1.0),
        "F": ("F6", "salary", "values", 1.0),
        "G": ("ประเภทบุคลากร", "personnel_type", "header", 1.0),
        "H": ("หมายเหตุของกอง", None, None, None),
    }
    assert (
        sheet["columns"][0]["samples"][0]
        == f"{make_national_id(51)[0]}-{make_national_id(51)[1:5]}-xxxxx-xx-{make_national_id(51)[12]}"
    )
    assert (sheet["org_code"], sheet["org_from"], sheet["type_from"]) == (
        "6540206",
        "file_name",
        "column",
    )
    assert (sheet["rows"], sheet["skipped"], sheet["skipped_rows"]) == (
        2,
        {"no_person": 1},
        {"no_person": [4]},
    )
    assert view["encoding"] == "utf-8-sig"
    assert mapping.read_text(encoding="utf-8").splitlines()[3:] == [
        "[columns]",
        '"F1" = "national_id"',
        '"F2" = "full_name"',
        '"F3" = "birth_date"',
        '"F4" = "position"',
        '"F5" = "division"',
        '"F6" = "salary"',
        '"ประเภทบุคลากร" = "personnel_type"',
        "",
        "# not read:",
        '# "หมายเหตุของกอง" = ""',
    ]

    guessed, warned = _records(path)
    assert {f["rule"] for f in warned} == {"LHR906"}
    r = OFFLINE("--json", "inspect", str(path), "--mapping", str(mapping))
    sources = {c["source"] for c in json.loads(r.stdout)["files"][0]["sheets"][0]["columns"]}
    assert sources == {"mapping", None}
    told, said = _records(path, "--mapping", str(mapping))
    assert told == guessed and said == []

    r = OFFLINE("inspect", str(path))  # for people: a table, and the values-only columns said
    assert r.exit_code == 0, r
    assert "values only: check" in r.stdout and "6540206 (from the file's name)" in r.stdout


def test_a_table_under_a_title_row_and_no_header_takes_its_lao_from_the_title(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "บัญชีรายชื่อพนักงานจ้าง อบต.เกาะรัง จังหวัดลพบุรี\n"
        f"1,{make_national_id(61)},นาย,สมชาย,ใจดี,15/03/2520,คนงาน,9000,พนักงานจ้างทั่วไป\n"
        f"2,{make_national_id(62)},นาง,มาลี,ศรีสุข,01/01/2530,คนงาน,9100,พนักงานจ้างทั่วไป\n",
        encoding="utf-8",
    )
    records, _ = _records(path, org=None)
    assert [(r["org_code"], r["first_name"], r["last_name"]) for r in records] == [
        ("6160402", "สมชาย", "ใจดี"),
        ("6160402", "มาลี", "ศรีสุข"),
    ]
    r = OFFLINE("--json", "inspect", str(path))
    [sheet] = json.loads(r.stdout)["files"][0]["sheets"]
    assert (sheet["header_row"], sheet["org_from"]) == (None, "title")


def test_a_name_header_over_first_names_beside_a_surname_is_the_first_name(
    tmp_path: Path,
) -> None:
    path = tmp_path / "english.csv"
    path.write_text(
        "ID,Prefix,Name,Surname,DOB,Job,Pay,Kind\n"
        f"{make_national_id(71)},นาย,สมชาย,ใจดี,15/03/2520,คนงาน,9000,ลูกจ้างประจำ\n"
        f"{make_national_id(72)},นาง,มาลี,ศรีสุข,01/01/2530,คนงาน,9100,ลูกจ้างประจำ\n",
        encoding="utf-8",
    )
    records, findings = _records(path)
    assert [(r["title"], r["first_name"], r["last_name"]) for r in records] == [
        ("นาย", "สมชาย", "ใจดี"),
        ("นาง", "มาลี", "ศรีสุข"),
    ]
    told = sorted(str(f["column"]) for f in findings if f["rule"] == "LHR906")
    assert told == ["national_id", "personnel_type", "position", "salary"]


def test_dates_are_told_apart_by_when_they_fall() -> None:
    """Unnamed date columns: appointments (after birth, not in the future), birth dates (18 to
    61 years back), and retirement dates (in the future: no field of a staff list)."""
    from datetime import date

    from lhrctl.staff_files.columns import recognise

    sample: list[list[object]] = [
        [make_national_id(80 + i), f"01/10/25{50 + i}", f"15/03/25{20 + i}", f"30/09/25{81 + i}"]
        for i in range(5)
    ]
    found = recognise(["", "", "", ""], sample, date(2026, 12, 2))
    assert {f: (e.column, e.source) for f, e in found.items()} == {
        "national_id": (0, "values"),
        "birth_date": (2, "values"),
        "appointed_on": (1, "values"),
    }


def test_ones_and_twos_are_a_gender_only_under_its_header() -> None:
    from datetime import date

    from lhrctl.staff_files.columns import recognise

    sample: list[list[object]] = [[make_national_id(90 + i), 1 + i % 2] for i in range(6)]
    assert set(recognise(["", ""], sample, date(2026, 12, 2))) == {"national_id"}
    sexed = recognise(["", "SEX"], sample, date(2026, 12, 2))
    assert (sexed["gender"].source, sexed["gender"].share) == ("header", 1.0)
