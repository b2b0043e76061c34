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
