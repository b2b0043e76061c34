"""Header detection: the labels of real LAO forms find their fields."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from lhrctl.staff_files.layout import Section, find_layout, lao_named_in, section_row
from lhrctl.staff_files.staging import ACCEPTED_COLUMNS
from tests.conftest import OFFLINE


def test_the_labels_of_a_dla_form_map_every_column() -> None:
    header = [
        "ลำดับที่",
        "เลขประจำตัวประชาชน 13 หลัก",
        "ชื่อ – สกุล",  # an en dash, as Word and Excel autocorrect a hyphen
        "วันที่เกิด",
        "ประเภทการจ้าง",
        "ตำแหน่ง",
        "ตำแหน่งเลขที่",
        "กอง",
        "ค่าตอบแทน",  # what a contract employee is paid
        "วันที่เริ่มปฏิบัติงาน",
    ]
    layout = find_layout([(1, ["บัญชีรายชื่อพนักงานจ้าง"]), (2, header)], None)

    assert layout is not None and layout.header_row == 2
    assert layout.columns == {
        "seq": 0,
        "national_id": 1,
        "full_name": 2,
        "birth_date": 3,
        "personnel_type": 4,
        "position": 5,
        "position_no": 6,
        "division": 7,
        "salary": 8,
        "appointed_on": 9,
    }


def test_a_two_row_header_reads_each_child_with_its_parent_where_it_must() -> None:
    parents = ["ที่", "เลขประจำตัวประชาชน", "ชื่อ - สกุล", "", "", "วัน เดือน ปี", ""]
    parents += ["ตำแหน่ง", "", "", "อัตราเงินเดือน"]
    children = ["", "", "คำนำหน้า", "ชื่อ", "สกุล", "เกิด", "บรรจุ"]
    children += ["ชื่อตำแหน่ง", "เลขที่", "ประเภท", "บาท"]
    layout = find_layout([(3, parents), (4, children)], None)

    assert layout is not None and layout.header_row == 4
    assert layout.columns == {
        "seq": 0,
        "national_id": 1,
        "title": 2,
        "first_name": 3,
        "last_name": 4,
        "birth_date": 5,  # วัน เดือน ปี + เกิด
        "appointed_on": 6,  # วัน เดือน ปี + บรรจุ
        "position": 7,
        "position_no": 8,  # ตำแหน่ง + เลขที่
        "level": 9,  # ตำแหน่ง + ประเภท: the position's class, not the personnel type
        "salary": 10,  # บาท is the unit of its parent's column
    }


def test_an_id_column_named_the_short_way_is_found() -> None:
    layout = find_layout([(1, ["ที่", "เลข ปชช.", "ชื่อ", "นามสกุล", "ตำแหน่ง"])], None)
    assert layout is not None and layout.columns["national_id"] == 1


def test_a_missing_column_is_named_as_the_officer_reads_it(tmp_path: Path) -> None:

    path = tmp_path / "staff.csv"
    path.write_text("เลขประจำตัวประชาชน,ชื่อ,นามสกุล,เงินเดือน\n1100400012348,สมชาย,ใจดี,9000\n")

    def message(*lang: str) -> str:
        r = OFFLINE("--json", *lang, "validate", "--org", "6540206", str(path))
        assert r.exit_code == 1, r
        [finding] = json.loads(r.stdout)["findings"]
        assert (finding["rule"], finding["row"]) == ("LHR902", 1)
        return str(finding["message"])

    assert message("--lang", "en") == (
        "A required column is missing: birth_date, position, "
        "personnel_type (a column or the sheet's name)"
    )
    assert message("--lang", "th") == (
        "ไม่มีคอลัมน์ที่จำเป็น: วันเกิด, ตำแหน่ง, ประเภทบุคลากร (เป็นคอลัมน์หรือชื่อชีต)"
    )


def test_a_cell_merged_down_gives_its_value_to_each_row(tmp_path: Path) -> None:
    from datetime import date

    from openpyxl import Workbook

    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file
    from tests.cardsim import make_national_id

    path = tmp_path / "merged.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["ที่", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "ประเภทบุคลากร", "ตำแหน่ง", "ส่วนราชการ",
               "วันเกิด", "เงินเดือน"])  # fmt: skip
    people = [("นายสมชาย ใจดี", "คนงาน"), ("นางมาลี ศรีสุข", "ภารโรง"), ("นายปรีชา ฉลาด", "ยาม")]
    for n, (name, position) in enumerate(people, start=1):
        ws.append([n, make_national_id(n), name, None, position, None, "01/01/2530", 9000])
    ws["D2"], ws["F2"] = "พนักงานจ้างทั่วไป", "กองช่าง"
    ws.merge_cells("D2:D4")  # the type, once for the group
    ws.merge_cells("F2:F3")  # the division, for the first two
    ws.append(["รวม 3 คน"])
    ws.merge_cells("A5:H5")  # a totals line across the table
    wb.save(path)

    checked = read_staff_file(
        path, directory=LaoDirectory.bundled(), today=date(2026, 11, 23), org="6540206"
    )
    try:
        staged = [(r[2], r[9], r[13]) for r in checked.stage.accepted_rows()]
    finally:
        checked.stage.close()

    assert checked.findings == [] and checked.rows == 3
    assert staged == [  # row, personnel type, division
        (2, "contract_general", "กองช่าง"),
        (3, "contract_general", "กองช่าง"),
        (4, "contract_general", None),
    ]


def test_a_sheet_whose_first_rows_are_empty_is_numbered_as_excel_numbers_it(
    tmp_path: Path,
) -> None:
    """A table that starts at B3: each finding names the row Excel shows, and a cell merged
    down is given to the rows it covers."""
    from openpyxl import Workbook

    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file
    from tests.cardsim import make_national_id

    path = tmp_path / "low.xlsx"
    wb = Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["D3"], ws["E3"], ws["F3"], ws["G3"], ws["H3"] = (
        "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "ประเภทบุคลากร", "ตำแหน่ง", "วันเกิด", "เงินเดือน",
        "ส่วนราชการ",
    )  # fmt: skip
    for row, nid in ((4, make_national_id(1)), (5, "1234567890123")):
        for col, value in zip("BCDEFG", (nid, "นายสมชาย ใจดี", "พนักงานจ้างทั่วไป", "คนงาน",
                                         "01/01/2530", 9000), strict=True):  # fmt: skip
            ws[f"{col}{row}"] = value
    ws["H4"] = "กองช่าง"
    ws.merge_cells("H4:H5")
    wb.save(path)

    checked = read_staff_file(
        path, directory=LaoDirectory.bundled(), today=date(2026, 11, 23), org="6540206"
    )
    try:
        staged = [(r[2], r[13]) for r in checked.stage.accepted_rows()]
    finally:
        checked.stage.close()

    assert [(f.rule, f.row) for f in checked.findings] == [("LHR101", 5)]
    assert staged == [(4, "กองช่าง")]


def test_a_section_row_names_the_type_or_the_division_of_the_people_under_it() -> None:
    assert section_row(["ข้าราชการส่วนท้องถิ่น", "", None]) == Section("civil_servant")
    assert section_row(["", "2. พนักงานจ้างตามภารกิจ (5 คน)"]) == Section("contract_mission")
    assert section_row(["๓) ลูกจ้างประจำ จำนวน ๓ ราย"]) == Section("permanent_employee")
    assert section_row(["ประเภท: ครู"]) == Section("teacher")
    assert section_row(["กองคลัง (4 คน)"]) == Section(division="กองคลัง")
    assert section_row(["1. สำนักปลัด"]) == Section(division="สำนักปลัด")
    assert section_row(["ข้าราชการ", "รวม 5 คน"]) is None  # not alone on its row
    assert section_row(["ลงชื่อ ผู้อำนวยการกองคลัง"]) is None  # a signature line
    assert section_row(["รวม 54 คน"]) is None
    assert section_row(["ส่วนที่ 2 ลูกจ้าง"]) is None  # a part of the form, not a division


def test_one_table_of_all_types_takes_each_type_and_division_from_its_section_rows(
    tmp_path: Path,
) -> None:
    import openpyxl

    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file
    from tests.cardsim import make_national_id

    ids = [make_national_id(seed) for seed in range(5)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "บัญชีรายชื่อ"  # the sheet's name gives no type, and no column does
    ws.append(["บัญชีรายชื่อบุคลากร อบต.เกาะรัง จังหวัดลพบุรี"])
    ws.append(["ที่", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"])
    ws.append([1, ids[0], "นายสมชาย ใจดี", "15/03/2520", "ช่างไฟฟ้า", "15,000"])  # no section yet
    ws.append(["1. ข้าราชการส่วนท้องถิ่น"])
    ws.merge_cells("A4:F4")
    ws.append(["สำนักปลัด"])
    ws.append([1, ids[1], "นางสาวมาลี ดีใจ", "15/03/2525", "นักจัดการงานทั่วไป", "25,000"])
    ws.append(["กองคลัง (1 คน)"])
    ws.append([2, ids[4], "นางสุดา ทองคำ", "15/03/2526", "นักวิชาการเงินและบัญชี", "26,000"])
    ws.append(["2. พนักงานจ้างตามภารกิจ (2 คน)"])  # the division goes on: กองคลัง
    ws.merge_cells("A9:F9")
    ws.append([1, ids[2], "นายสมศักดิ์ รักงาน", "15/03/2535", "ผู้ช่วยเจ้าพนักงานธุรการ", "12,000"])
    ws.append([2, ids[3], "นายสมปอง รักงาน", "15/03/2536", "พนักงานขับรถยนต์", "11,000"])
    path = tmp_path / "staff.xlsx"
    wb.save(path)

    checked = read_staff_file(
        path, directory=LaoDirectory.bundled(), today=date(2026, 11, 23), workers=0
    )

    assert [(f.rule, f.row) for f in checked.findings] == [("LHR401", 3)]
    assert checked.rows == 5  # the section rows are not people
    type_at, division_at = (ACCEPTED_COLUMNS.index(f) for f in ("personnel_type", "division"))
    assert [(r[2], r[type_at], r[division_at]) for r in checked.stage.accepted_rows()] == [
        (6, "civil_servant", "สำนักปลัด"),
        (8, "civil_servant", "กองคลัง"),
        (10, "contract_mission", "กองคลัง"),
        (11, "contract_mission", "กองคลัง"),
    ]


def test_the_title_row_names_the_lao_the_long_way_or_the_short_way() -> None:
    from lhrctl.staff_files.reading import LaoDirectory

    directory = LaoDirectory.bundled()

    def lao(title: str) -> str | None:
        named = lao_named_in([title])
        return directory.find(*named) if named else None

    assert lao("บัญชีรายชื่อบุคลากร อบต.เกาะรัง จังหวัดลพบุรี") == "6160402"
    long_way = "บัญชีรายชื่อพนักงานส่วนตำบล องค์การบริหารส่วนตำบลเกาะรัง อำเภอชัยบาดาล จังหวัดลพบุรี"
    assert lao(long_way) == "6160402"
    # two เทศบาลตำบลดอนเจดีย์: the province written short tells them apart
    assert lao("บัญชีรายชื่อ ทต.ดอนเจดีย์ อ.พนมทวน จ.กาญจนบุรี") == "5710909"
    assert lao("บัญชีรายชื่อ ทต.ดอนเจดีย์ จ.สุพรรณบุรี") == "5720601"
    assert lao("เทศบาลตำบลดอนเจดีย์") is None  # and without it, nothing does
    assert lao("องค์การบริหารส่วนจังหวัดลพบุรี") == lao("อบจ.ลพบุรี") == "2160101"


def test_a_column_s_content_counts_each_value_as_often_as_it_comes() -> None:
    """Each distinct value is tested once and counted as often as it comes; `1`, `1.0` and
    `True` are three values (a code, a number cell, a boolean cell), not one."""
    from lhrctl.staff_files.content import column_content

    today = date(2026, 12, 6)
    sex_codes = column_content(["1", "1", "2", True, 1.0, "ชาย"], today)
    assert sex_codes.shares == {"gender": 1 / 6, "gender_or_code": 5 / 6}  # True is no code
    dates = column_content(["01/01/2530", "01/01/2530", "15/03/2520", "นาย"], today)
    assert dates.shares["date"] == 3 / 4
    assert dates.middle_date == date(1987, 1, 1)
