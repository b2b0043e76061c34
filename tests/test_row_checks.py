"""`check_batch`: a batch of rows given column by column, each row's record and findings."""

from __future__ import annotations

from datetime import date

from lhrctl.schemas.staff import StaffRecord
from lhrctl.staff_files.checks import RowContext, check_batch
from lhrctl.staff_files.layout import find_layout
from lhrctl.staff_files.rows import SheetPlan, check_rows
from lhrctl.staff_files.rules import Finding
from lhrctl.staff_files.staging import Stage
from tests.cardsim import make_national_id

TODAY = date(2026, 11, 23)
CONTEXT = RowContext("พนักงาน", None, "6540206", TODAY)
IDS = [make_national_id(n) for n in range(6)]

# one row per column entry: a clean row with every value written the legacy way, a full name,
# a row with one of each kind of problem, a title that says no gender, a title and a gender
# that disagree, and a Buddhist-Era year typed into a real date cell
BATCH: dict[str, list[object]] = {
    "national_id": [IDS[0], IDS[1], "#REF!", IDS[3], IDS[4], float(IDS[5])],
    "full_name": [None, "นายสมชาย  ใจดี", None, None, None, None],
    "title": ["น.ส.", None, "นาย", "ดร.", "นาย", "นาง"],
    "first_name": ["สุดา", None, "สม\u200bศรี", "ปรีชา", "สมหญิง", "มาลี"],
    "last_name": ["ทองคำ", None, "มีสุข", "ฉลาด", "ใจดี", "ศรีสุข"],
    "gender": ["หญิง", "ชาย", None, "F", "หญิง", None],
    "birth_date": ["15 มี.ค. 2520", "๑/๑/๒๕", "31/02/2520", 28000, "01/01/2530", date(2520, 3, 15)],
    "personnel_type": ["ข้าราชการ", "ครู", "ข้าราชการ", "ข้าราชการ", "ข้าราชการ", "ข้าราชการ"],
    "position": ["นักวิชาการ", "ครู", "นักวิชาการ", "นักวิชาการ", "คนงาน", "คนงาน"],
    "position_no": ["-", "12-3-001", None, None, None, None],
    "level": ["n/a", "ชำนาญการ", None, None, None, None],
    "salary": ["๑๕,๐๖๐", 30000, "abc", "15,060.-", 9000, "9,500.00"],
    "appointed_on": ["01/10/2545", None, None, None, None, None],
    "org_code": ["๖๕๔๐๒๐๖", None, None, "6600803", None, None],
}


def test_a_batch_gives_each_row_its_record_and_its_findings_in_check_order() -> None:
    checked = check_batch({k: list(v) for k, v in BATCH.items()}, [2, 3, 4, 5, 6, 7], CONTEXT)

    assert checked.records[0] == StaffRecord(
        IDS[0],
        "นางสาว",
        "สุดา",
        "ทองคำ",
        "female",
        date(1977, 3, 15),
        "civil_servant",
        "นักวิชาการ",
        None,  # `-`
        None,  # `n/a`
        None,
        15060.0,
        date(2002, 10, 1),
        "6540206",  # Thai digits in the LAO code column
    )
    second = checked.records[1]
    assert second is not None
    assert (second.title, second.first_name, second.last_name, second.gender) == (
        "นาย",
        "สมชาย",
        "ใจดี",
        "male",
    )
    assert (second.birth_date, second.personnel_type, second.org_code) == (
        date(1982, 1, 1),  # a two-digit BE year
        "teacher",
        "6540206",  # the file's LAO
    )
    assert checked.records[2] is None
    fourth = checked.records[3]
    assert fourth is not None
    assert (fourth.gender, fourth.birth_date, fourth.salary, fourth.org_code) == (
        "female",  # ดร. says nothing: the gender column does
        date(1976, 8, 28),  # an Excel serial
        15060.0,
        "6600803",
    )
    assert checked.records[4] is None
    sixth = checked.records[5]
    assert sixth is not None and sixth.birth_date == date(1977, 3, 15)
    assert checked.national_ids == [IDS[0], IDS[1], None, IDS[3], IDS[4], IDS[5]]

    found = [(f.row, f.rule, f.column, f.value) for f in checked.findings]
    assert found == [
        (4, "LHR903", "national_id", "#REF!"),  # the error cell, then what it leaves
        (4, "LHR102", "national_id", None),
        (4, "LHR204", "first_name", "สม\u200bศรี"),
        (4, "LHR301", "birth_date", "31/02/2520"),
        (4, "LHR404", "salary", "abc"),
        (6, "LHR203", "gender", "หญิง"),
        (7, "LHR302", "birth_date", "15/03/2520"),
    ]
    assert checked.findings[5].detail == "นาย / female"


def check_sheet(
    header: list[str], rows: list[tuple[int, list[object]]]
) -> tuple[int, list[Finding], list[tuple[object, ...]]]:
    """`check_rows` over `rows` under `header`, as a civil servants' sheet of LAO 6540206:
    the data rows seen, the findings, and the accepted rows staged."""
    layout = find_layout([(1, header)], None)
    assert layout is not None
    plan = SheetPlan(layout, RowContext(None, "civil_servant", "6540206", TODAY))
    stage = Stage()
    try:
        seen, found = check_rows(plan, rows, stage, {"6540206": "65"}, 0)
        stage.seal()
        return seen, found, list(stage.accepted_rows())
    finally:
        stage.close()


def test_a_short_row_reads_blank_past_its_end_and_a_long_row_keeps_its_mapped_cells() -> None:
    header = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]
    full: list[object] = [IDS[0], "นาย", "สมชาย", "ใจดี", "01/01/2530", "คนงาน", "9,000"]
    rows: list[tuple[int, list[object]]] = [
        (2, full),
        (3, [IDS[1], "นาง", "มาลี", "ศรีสุข", "01/01/2530", "คนงาน"]),  # CSV: no salary cell
        (4, [IDS[2], *full[1:], "หมายเหตุ", "", "เกิน"]),  # cells beyond the header
    ]
    seen, found, accepted = check_sheet(header, rows)
    staged = [(r[2], r[3], r[14]) for r in accepted]

    assert seen == 3
    assert [(f.row, f.rule, f.column, f.value) for f in found] == [(3, "LHR404", "salary", None)]
    assert staged == [(2, IDS[0], 9000.0), (4, IDS[2], 9000.0)]


def test_a_gender_written_as_the_short_box_of_a_thai_form_is_read() -> None:
    columns: dict[str, list[object]] = {
        "national_id": IDS[:3],
        "title": ["ดร.", "ดร.", "นาย"],
        "first_name": ["สุดา", "ปรีชา", "สมชาย"],
        "last_name": ["ทองคำ", "ฉลาด", "ใจดี"],
        "gender": ["ญ", "ช", "ญ"],
        "birth_date": ["01/01/2530"] * 3,
        "personnel_type": ["ข้าราชการ"] * 3,
        "position": ["นักวิชาการ"] * 3,
        "salary": [9000] * 3,
    }
    checked = check_batch(columns, [2, 3, 4], CONTEXT)

    assert [r.gender if r else None for r in checked.records] == ["female", "male", None]
    assert [(f.row, f.rule, f.detail) for f in checked.findings] == [(4, "LHR203", "นาย / female")]


def test_a_vacant_post_of_a_staffing_list_is_no_person() -> None:
    header = ["ที่", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]
    rows: list[tuple[int, list[object]]] = [
        (2, [1, IDS[0], "นายสมชาย ใจดี", "01/01/2530", "ปลัด", "45,000"]),
        (3, [2, "", "ว่าง", "", "นักจัดการงานทั่วไป", "25,000"]),
        (4, [3, "-", "(ว่าง) เดิม นายสมศักดิ์ รักงาน", "", "นิติกร", ""]),
        (5, [4, "", "- ว่าง -", "", "นักพัฒนาชุมชน", "15,000"]),
        (6, [5, "", "นายว่าง ใจดี", "01/01/2530", "คนงาน", "9,000"]),  # a person: no ID is LHR102
    ]
    seen, found, _ = check_sheet(header, rows)

    assert seen == 2
    assert [(f.row, f.rule) for f in found] == [(6, "LHR102")]


def test_the_row_that_numbers_the_columns_of_a_form_is_no_person() -> None:
    header = ["ที่", "เลขประจำตัวประชาชน", "ชื่อ-สกุล", "วันเกิด", "ตำแหน่ง", "เงินเดือน"]
    person: list[object] = [1, IDS[0], "นายสมชาย ใจดี", "01/01/2530", "ปลัด", "45,000"]
    rows: list[tuple[int, list[object]]] = [
        (2, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]),
        (3, person),
        (40, [*header]),  # the header again on the next printed page, and its numbers
        (41, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        (42, ["๑", "๒", "๓", "๔", "๕", "๖"]),
        (43, [2, 1, 1, 1, 1, 1]),  # not rising: a row of data, however bad
    ]
    seen, found, _ = check_sheet(header, rows)

    assert seen == 2
    assert {(f.row, f.rule) for f in found} >= {(43, "LHR102")}
    assert {f.row for f in found} == {43}


def _people(
    births: list[object], kinds: list[str], appointed: list[object]
) -> dict[str, list[object]]:
    n = len(births)
    return {
        "national_id": IDS[:n],
        "title": ["นาย"] * n,
        "first_name": ["สมชาย"] * n,
        "last_name": ["ใจดี"] * n,
        "birth_date": births,
        "personnel_type": kinds,
        "position": ["คนงาน"] * n,
        "salary": [9000] * n,
        "appointed_on": appointed,
    }


def test_a_two_digit_year_is_read_in_the_century_its_field_allows() -> None:
    # today is 23 Nov 2569: `70` is 2570 (future) or 2470 (aged 99); `15/03/20` is 2520;
    # an appointment on `01/10/69` is 2569 for someone born in 2520 and 2469 for no one
    columns = _people(
        ["15 ม.ค. 70", "15/03/20", "01/01/2530", "15/03/20"],
        ["พนักงานจ้างทั่วไป", "ลูกจ้างประจำ", "พนักงานจ้างตามภารกิจ", "ข้าราชการ"],
        [None, "01/10/69", "01/06/55", "01/05/40"],
    )
    checked = check_batch(columns, [2, 3, 4, 5], CONTEXT)

    assert checked.records[0] is None  # the 99-year-old contract employee of the unseen corpus
    assert [(f.row, f.rule, f.column, f.value) for f in checked.findings] == [
        (2, "LHR306", "birth_date", "15 ม.ค. 70")
    ]
    assert checked.findings[0].message("en") == (
        "Two-digit year gives no possible date in either century: read as 15/01/2470 or 15/01/2570"
    )
    assert "อ่านได้เป็น 15/01/2470 หรือ 15/01/2570" in checked.findings[0].message("th")
    dates = [(r.birth_date, r.appointed_on) if r else None for r in checked.records[1:]]
    assert dates == [
        (date(1977, 3, 15), date(2026, 10, 1)),
        (date(1987, 1, 1), date(2012, 6, 1)),
        (date(1977, 3, 15), date(1997, 5, 1)),
    ]


def test_no_type_of_staff_serves_under_18_or_past_retirement() -> None:
    # retired on 30 Sep 2569 (born Sep 2509); 17 today with no appointment date; hired at 16
    # and appointed ten years before birth
    kinds = ["พนักงานจ้างทั่วไป", "ลูกจ้างประจำ", "พนักงานจ้างตามภารกิจ", "ข้าราชการ", "ครู"]
    columns = _people(
        ["20/09/2509", "01/01/2552", "01/01/2530", "01/10/2509", "01/01/2530"],
        kinds,
        [None, None, "01/01/2546", None, "01/01/2520"],
    )
    checked = check_batch(columns, [2, 3, 4, 5, 6], CONTEXT)

    assert [(f.row, f.rule, f.column) for f in checked.findings] == [
        (2, "LHR303", "birth_date"),
        (3, "LHR304", "birth_date"),
        (4, "LHR304", "appointed_on"),
        (6, "LHR304", "appointed_on"),
    ]
    # the one born in October 2509 turns 60 in fiscal 2570: still in service
    assert [r is None for r in checked.records] == [True, True, True, False, True]
