"""`lhrctl import history`: a ก.พ.7 workbook into the sections of people on an LAO's staff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CardSlot, Lhr
from tests.kp7 import career, write_kp7
from tests.test_certification import as_user
from tests.test_transfers import (
    DESTINATION,
    DESTINATION_OFFICER,
    ORIGIN,
    ORIGIN_OFFICER,
    laos,  # noqa: F401  (the fixture: two LAOs with their people)
)

POSITIONS = "ตำแหน่งและอัตราเงินเดือน"


def careered(lhr: Lhr, n: int) -> list[str]:
    """People of the origin LAO a `career` fits: appointed by April 2557 BE, born 2507-2530 BE."""
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        query = (
            "SELECT national_id FROM staff WHERE org_code = :o AND appointed_on <= '2014-04-01' "
            "AND birth_date BETWEEN '1965-01-01' AND '1987-12-31' AND national_id NOT IN "
            "(SELECT national_id FROM account) ORDER BY national_id LIMIT :n"
        )
        found = [r[0] for r in conn.execute(text(query), {"o": ORIGIN, "n": n})]
    assert len(found) == n
    return found


def rows_of(lhr: Lhr, table: str, nid: str) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        return [tuple(r) for r in conn.execute(
            text(f"SELECT * FROM {table} WHERE national_id = :n ORDER BY id"), {"n": nid}  # noqa: S608
        )]  # fmt: skip


def imported(lhr: Lhr, slot: CardSlot, card: object, *args: str) -> dict[str, object]:
    r = as_user(lhr, slot, card, "--json", "import", "history", *args)
    assert r.exit_code == 0, r
    return json.loads(r.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_each_rule_rejects_the_file_at_its_sheet_and_row(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from sqlalchemy import text

    lhr = laos
    nid, other, retired = careered(lhr, 3)
    with lhr.engine().begin() as conn:  # born 1 May 2507: retired on 30 September 2567
        conn.execute(text("UPDATE staff SET birth_date = '1964-05-01' WHERE national_id = :n"),
                     {"n": retired})  # fmt: skip
    sheets = career(nid)
    positions = sheets[POSITIONS]
    positions += [
        [
            nid,
            "01/10/2561",
            "เลื่อนขั้นเงินเดือน",
            "นักวิชาการเงินและบัญชี",
            None,
            "ปฏิบัติการ",
            "กองคลัง",
            17000,
            None,
        ],  # row 6: below 18,500 of 2560, no penalty: LHR711
        [nid, "01/01/2500", "อื่น ๆ", "เสมียน", None, None, None, 900, None],  # row 7: LHR712
        [
            nid,
            "01/10/2566",
            "เลื่อนขั้นเงินเดือน",
            "นักวิชาการเงินและบัญชี",
            None,
            "ชำนาญการ",
            "กองคลัง",
            29000,
            None,
        ],  # rows 8-9: one date, two salaries: LHR717
        [
            nid,
            "01/10/2566",
            "เลื่อนขั้นเงินเดือน",
            "นักวิชาการเงินและบัญชี",
            None,
            "ชำนาญการ",
            "กองคลัง",
            29500,
            None,
        ],
        [retired, "01/10/2568", "เลื่อนขั้นเงินเดือน", "คนงาน", None, None, None, 9900, None],
    ]  # fmt: skip  (row 10: after the retirement: LHR713)
    sheets["ประวัติการศึกษา"].append([nid, "มัธยมศึกษาตอนปลาย", None, None, "โรงเรียน", 2512, "ไทย"])
    sheets["เครื่องราชอิสริยาภรณ์"].append([nid, "จ.ม.", "28/07/2568", None])  # after ต.ช.
    sheets["วันลา"].append([nid, "ลากิจส่วนตัว", "03/02/2566", "04/02/2566", 2])  # overlaps
    sheets["การฝึกอบรม"].append([nid, "ภาษีท้องถิ่น", None, "10/06/2559", "08/06/2559"])
    sheets["การเปลี่ยนชื่อ"].append([other, "ไม่ใช่วันที่", None, None, None])  # LHR301
    path = write_kp7(tmp_path / "kp7.xlsx", sheets)

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "import", "history", str(path))
    assert r.exit_code == 1, r  # findings: nothing written
    done = json.loads(r.stdout)
    where = {(f["rule"], f["sheet"], f["row"]) for f in done["findings"]}
    born = next(f for f in done["findings"] if f["rule"] == "LHR715")
    assert {
        ("LHR711", POSITIONS, 6),
        ("LHR712", POSITIONS, 7),
        ("LHR717", POSITIONS, 9),
        ("LHR713", POSITIONS, 10),
        ("LHR715", "ประวัติการศึกษา", 4),
        ("LHR716", "เครื่องราชอิสริยาภรณ์", 5),
        ("LHR714", "วันลา", 4),
        ("LHR718", "การฝึกอบรม", 4),
        ("LHR301", "การเปลี่ยนชื่อ", 4),
    } <= where, where
    assert born["column"] == "graduated_year" and born["value"] == "2512"
    assert done["files"][0]["rejected"] == 9
    assert rows_of(lhr, "position_entry", nid) == [] and rows_of(lhr, "decoration", nid) == []

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--lang", "th", "import", "history", str(path))
    assert r.exit_code == 1
    shown = " ".join((r.stdout + r.stderr).split())
    assert "เงินเดือนลดลงโดยไม่มีโทษลดขั้น/ลดเงินเดือน" in shown and "จาก 18,500.00" in shown
    assert "ได้รับเครื่องราชฯ ชั้นต่ำกว่าหลังจากชั้นที่สูงกว่า" in shown and "หลังจาก ต.ช." in shown
    assert "ไฟล์ที่มีข้อผิดพลาดไม่ถูกนำเข้า" in shown

    # --skip-invalid: the person with errors is left out whole; the other's rows go in
    hired = [other, "01/04/2557", "บรรจุ", "คนงาน", None, None, None, 9000, None]
    sheets = {POSITIONS: [*positions[:3], hired]}
    path = write_kp7(tmp_path / "mixed.xlsx", sheets | {"วันลา": career(nid)["วันลา"] + [
        [nid, "ลากิจส่วนตัว", "03/02/2566", "04/02/2566", 2]]})  # fmt: skip
    r = as_user(
        lhr, slot, ORIGIN_OFFICER, "--json", "import", "history", "--skip-invalid", str(path)
    )
    assert r.exit_code == 1, r
    assert json.loads(r.stdout)["new"] == 1
    assert rows_of(lhr, "position_entry", nid) == [] and rows_of(lhr, "leave_entry", nid) == []
    assert len(rows_of(lhr, "position_entry", other)) == 1


@pytest.mark.parametrize("backend", ["sqlite"])
def test_reimport_changes_nothing_and_a_section_is_replaced_whole(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    lhr = laos
    (nid,) = careered(lhr, 1)
    path = write_kp7(tmp_path / "kp7.xlsx", career(nid))

    dry = imported(lhr, slot, ORIGIN_OFFICER, "--dry-run", str(path))
    assert dry["new"] == 1 and rows_of(lhr, "position_entry", nid) == []
    first = imported(lhr, slot, ORIGIN_OFFICER, str(path))
    assert (first["new"], first["changed"], first["unchanged"]) == (1, 0, 0)
    stored = {t: rows_of(lhr, t, nid) for t in ("position_entry", "education", "training",
                                                 "decoration", "leave_entry", "name_change")}  # fmt: skip
    assert [len(v) for v in stored.values()] == [3, 1, 1, 2, 1, 1]
    (education,) = stored["education"]
    assert education[2:] == ("ปริญญาตรี", "บัญชีบัณฑิต", "การบัญชี", "มหาวิทยาลัยแม่โจ้", 2555, "ไทย")
    again = imported(lhr, slot, ORIGIN_OFFICER, str(path))
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 1)
    assert {t: rows_of(lhr, t, nid) for t in stored} == stored  # not even new row ids

    # the staff record's position and salary are the latest position row's
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "staff", "show", nid)
    record = json.loads(r.stdout)
    assert (record["level"], record["salary"]) == ("ชำนาญการ", 28550)

    # a file with only the leave sheet replaces that section and leaves the others
    leave = write_kp7(tmp_path / "leave.xlsx", {"วันลา": [[nid, "ลาพักผ่อน", "01/12/2566",
                                                          "05/12/2566", 5]]})  # fmt: skip
    changed = imported(lhr, slot, ORIGIN_OFFICER, str(leave))
    assert changed["changed"] == 1
    assert [r[2] for r in rows_of(lhr, "leave_entry", nid)] == ["ลาพักผ่อน"]
    assert rows_of(lhr, "position_entry", nid) == stored["position_entry"]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_people_must_be_on_the_lao_staff_and_in_scope(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    lhr = laos
    (nid,) = careered(lhr, 1)
    stranger = "1101700203450"  # a valid ID on no LAO's staff
    sheets = career(nid)
    sheets["วันลา"].append([stranger, "ลาป่วย", "01/02/2566", "01/02/2566", 1])
    path = write_kp7(tmp_path / "kp7.xlsx", sheets)
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "import", "history", str(path))
    assert r.exit_code == 1, r
    (finding,) = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "LHR701"]
    assert (finding["sheet"], finding["row"]) == ("วันลา", 4)

    # the other LAO's officer may not write the origin's people, nor learn where they work:
    # to them the person is on no staff, as a stranger is; nothing is written
    path = write_kp7(tmp_path / "clean.xlsx", career(nid))
    for org in ((), ("--org", DESTINATION)):
        r = as_user(lhr, slot, DESTINATION_OFFICER, "--json", "import", "history", *org, str(path))
        assert r.exit_code == 1, r
        found = json.loads(r.stdout)["findings"]
        assert {f["rule"] for f in found} == {"LHR701"} and ORIGIN not in r.stdout + r.stderr
    assert rows_of(lhr, "position_entry", nid) == []
    r = as_user(lhr, slot, DESTINATION_OFFICER, "import", "history", "--org", ORIGIN, str(path))
    assert r.exit_code == 4, r  # naming an LAO outside their scope: refused


@pytest.mark.parametrize("backend", ["sqlite"])
def test_report_marks_the_rows_up(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    lhr = laos
    (nid,) = careered(lhr, 1)
    sheets = career(nid)
    sheets["เครื่องราชอิสริยาภรณ์"].append([nid, "จ.ม.", "28/07/2568", None])
    path = write_kp7(tmp_path / "kp7.xlsx", sheets)
    out = tmp_path / "marked.xlsx"
    r = as_user(lhr, slot, ORIGIN_OFFICER, "import", "history", "--report", str(out), str(path))
    assert r.exit_code == 1, r
    ws = load_workbook(out)["เครื่องราชอิสริยาภรณ์"]
    note = ws.cell(row=5, column=5).value
    assert note.startswith("LHR716 (decoration_class) Decoration received after a higher"), note
    assert ws.cell(row=5, column=2).fill.fgColor.rgb.endswith("FFC7CE")


def test_validate_runs_the_record_rules_on_stored_sections(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import text

    lhr = laos
    (nid,) = careered(lhr, 1)
    imported(lhr, slot, ORIGIN_OFFICER, str(write_kp7(tmp_path / "kp7.xlsx", career(nid))))
    r = lhr("--json", "validate", "--org", ORIGIN)
    before = {f["rule"] for f in json.loads(r.stdout)["findings"]}
    assert not before & {"LHR711", "LHR714", "LHR716"}, before

    with lhr.engine().begin() as conn:  # written behind the tool's back
        conn.execute(
            text("INSERT INTO position_entry (national_id, effective_on, movement, position, "
                 "salary) VALUES (:n, '2024-10-01', 'salary_step', 'นักวิชาการเงินและบัญชี', 20000)"),
            {"n": nid},
        )  # fmt: skip
        conn.execute(
            text("INSERT INTO decoration (national_id, decoration_class, received_on) "
                 "VALUES (:n, 'บ.ช.', '2025-07-28')"), {"n": nid},
        )  # fmt: skip
    r = lhr("--json", "validate", "--org", ORIGIN)
    assert r.exit_code == 1, r
    mine = [f for f in json.loads(r.stdout)["findings"] if f["rule"] in ("LHR711", "LHR716")]
    assert [(f["rule"], f["sheet"], f["column"], f["value"]) for f in mine] == [
        ("LHR711", ORIGIN, "salary", "20,000.00"),
        ("LHR716", ORIGIN, "decoration_class", "บ.ช."),
    ]
    assert all(f["national_id"] == f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}" for f in mine)

    # the whole country, its people shared among worker processes, finds the same
    monkeypatch.setattr("lhrctl.services.record_check.PARALLEL_FROM", 1)
    r = lhr("--json", "validate", "--all")
    assert r.exit_code == 1, r
    everywhere = [f for f in json.loads(r.stdout)["findings"] if f["rule"] in ("LHR711", "LHR716")]
    assert everywhere == mine


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_sections_template_is_what_the_import_reads(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from datetime import date

    from openpyxl import load_workbook

    lhr = laos
    (nid,) = careered(lhr, 1)
    template = tmp_path / "kp7-template.xlsx"
    r = lhr("staff", "template", "--sections", "-o", str(template))
    assert r.exit_code == 0, r
    wb = load_workbook(template)
    assert wb.sheetnames == [POSITIONS, "ประวัติการศึกษา", "การฝึกอบรม", "เครื่องราชอิสริยาภรณ์",
                             "วันลา", "โทษทางวินัย", "การเปลี่ยนชื่อ", "รายการ"]  # fmt: skip
    positions = wb[POSITIONS]
    assert [c.value for c in positions[2]][:4] == ["เลขประจำตัวประชาชน", "วันที่มีผล",
                                                    "การเคลื่อนไหว", "ตำแหน่ง"]  # fmt: skip
    (movements,) = [v for v in positions.data_validations.dataValidation if "C3" in str(v.sqref)]
    assert movements.errorStyle == "stop" and movements.formula1 == "=รายการ!$A$1:$A$7"
    assert positions["B3"].number_format == "dd/mm/yyyy"
    for column, value in enumerate(
        [
            nid,
            date(2014, 4, 1),
            "บรรจุ",
            "นักวิชาการเงินและบัญชี",
            None,
            "ปฏิบัติการ",
            "กองคลัง",
            15000,
            "คำสั่ง ที่ 1/2557",
        ],
        start=1,
    ):
        positions.cell(row=3, column=column, value=value)  # fmt: skip
    decorations = wb["เครื่องราชอิสริยาภรณ์"]
    for column, value in enumerate([nid, "บ.ม.", date(2020, 7, 28), None], start=1):
        decorations.cell(row=3, column=column, value=value)
    wb.save(template)

    done = imported(lhr, slot, ORIGIN_OFFICER, str(template))
    assert (done["new"], done["rejected"], done["findings"]) == (1, 0, [])
    assert [(str(r[2]), r[3], r[8]) for r in rows_of(lhr, "position_entry", nid)] == [
        ("2014-04-01", "appointed", 15000.0)
    ]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_export_sections_and_import_them_back_unchanged(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    lhr = laos
    (nid,) = careered(lhr, 1)
    imported(lhr, slot, ORIGIN_OFFICER, str(write_kp7(tmp_path / "kp7.xlsx", career(nid))))
    r = as_user(lhr, slot, ORIGIN_OFFICER, "staff", "export", "--org", ORIGIN, "--sections")
    assert r.exit_code == 0, r
    records = {rec["national_id"]: rec for rec in json.loads(r.stdout)}
    mine = records[nid]
    assert [p["effective_on"] for p in mine["positions"]] == ["2014-04-01", "2017-10-01",
                                                               "2023-03-15"]  # fmt: skip
    assert mine["decorations"][1] == {"decoration_class": "ต.ช.", "received_on": "2024-07-28",
                                      "gazette_ref": "เล่ม 141 ตอนที่ 9 ข"}  # fmt: skip
    assert mine["discipline"] == [] and all(rec["positions"] == [] for k, rec in records.items()
                                            if k != nid)  # fmt: skip

    out = tmp_path / "export.xlsx"
    r = as_user(lhr, slot, ORIGIN_OFFICER, "staff", "export", "--org", ORIGIN, "--sections",
                "--format", "xlsx", "-o", str(out))  # fmt: skip
    assert r.exit_code == 0, r
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "records" and wb.sheetnames[1] == POSITIONS
    assert wb[POSITIONS]["B2"].value == "01/04/2557"  # BE, as people read it
    again = imported(lhr, slot, ORIGIN_OFFICER, str(out))
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 1)
    assert [f["rule"] for f in again["findings"]] == ["LHR705"]  # the staff sheet: not a section

    r = as_user(lhr, slot, ORIGIN_OFFICER, "staff", "export", "--org", ORIGIN, "--sections",
                "--format", "csv")  # fmt: skip
    assert r.exit_code == 2, r


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_staff_import_that_changes_the_position_adds_a_position_row(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from datetime import date

    from openpyxl import load_workbook

    lhr = laos
    (nid,) = careered(lhr, 1)
    imported(lhr, slot, ORIGIN_OFFICER, str(write_kp7(tmp_path / "kp7.xlsx", career(nid))))
    staff = tmp_path / "staff.xlsx"
    r = as_user(lhr, slot, ORIGIN_OFFICER, "staff", "export", "--org", ORIGIN, "--format", "xlsx",
                "-o", str(staff))  # fmt: skip
    assert r.exit_code == 0, r
    wb = load_workbook(staff)
    ws = wb["records"]
    head = [c.value for c in ws[1]]
    (row,) = [r for r in ws.iter_rows(min_row=2) if r[head.index("national_id")].value == nid]
    row[head.index("salary")].value = 29980
    wb.save(staff)
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "import", "staff", "--org", ORIGIN, str(staff))
    assert json.loads(r.stdout)["changed"] == 1, r
    latest = rows_of(lhr, "position_entry", nid)[-1]
    assert (str(latest[2]), latest[3], latest[4], latest[8]) == (
        date.today().isoformat(),
        "other",
        "นักวิชาการเงินและบัญชี",
        29980.0,
    )
    assert len(rows_of(lhr, "position_entry", nid)) == 4
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "import", "staff", "--org", ORIGIN, str(staff))
    assert json.loads(r.stdout)["changed"] == 0 and len(rows_of(lhr, "position_entry", nid)) == 4


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_unlabelled_id_column_is_told_by_its_values(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook

    lhr = laos
    (nid,) = careered(lhr, 1)
    wb = Workbook()
    ws = wb.active
    ws.title = "Leave"  # the English name, and an ID column with no header at all
    ws.append(["No.", None, "Kind", "From", "To", "Days"])
    ws.append([1, nid, "ลาป่วย", "01/02/2566", "03/02/2566", 3])
    ws.append([2, nid, "ลาพักผ่อน", "2023-12-01", "2023-12-05", 5])
    path = tmp_path / "leave.xlsx"
    wb.save(path)
    done = imported(lhr, slot, ORIGIN_OFFICER, str(path))
    assert [(f["rule"], f["sheet"], f["row"], f["message"]) for f in done["findings"]] == [
        ("LHR906", "Leave", 1, "Column recognised by its values alone (check it): column B")
    ]
    assert [(r[2], r[5]) for r in rows_of(lhr, "leave_entry", nid)] == [("ลาป่วย", 3.0),
                                                                       ("ลาพักผ่อน", 5.0)]  # fmt: skip
