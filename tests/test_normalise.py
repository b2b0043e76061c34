"""Value normalisers, property-tested: whatever way a value is written, the same value comes out."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.checks import retirement_date

TODAY = date(2026, 11, 22)
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
MONTHS_LONG = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]


@st.composite
def national_ids(draw: st.DrawFn) -> str:
    first12 = str(draw(st.integers(1, 8))) + "".join(
        str(draw(st.integers(0, 9))) for _ in range(11)
    )
    check = (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10
    return first12 + str(check)


@given(
    national_ids(),
    st.sampled_from(
        [
            *("plain", "dashes", "en_dashes", "spaces", "thai", "number", "quoted", "formula"),
            *("number_as_text", "exponent_as_text"),
        ]
    ),
)
def test_national_id_in_any_spelling(nid: str, style: str) -> None:
    written: object = {
        "plain": nid,
        "dashes": f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}",
        "en_dashes": f"{nid[0]}\u2013{nid[1:5]}\u2013{nid[5:10]}\u2013{nid[10:12]}\u2013{nid[12]}",
        "spaces": f"{nid[0]} {nid[1:5]} {nid[5:10]} {nid[10:12]} {nid[12]}",
        "thai": nid.translate(THAI),
        "number": float(nid),
        "quoted": f"'{nid}",  # typed so that the spreadsheet keeps it as text
        "formula": f'="{nid}"',  # the same, the way exported CSV files do it
        "number_as_text": f"{nid}.0",  # a number cell written out by another program
        "exponent_as_text": f"{nid[0]}.{nid[1:]}E+12",  # the same, every digit kept
    }[style]
    assert norm.national_id(written) == (nid, None)


@given(national_ids(), st.integers(1, 9))
def test_a_wrong_check_digit_is_lhr101(nid: str, delta: int) -> None:
    wrong = nid[:12] + str((int(nid[12]) + delta) % 10)
    assert norm.national_id(wrong) == (wrong, "LHR101")


def test_an_id_written_out_as_a_number_in_thai_digits_reads_in_ascii_ones() -> None:
    assert norm.national_id("๑๑๐๐๔๐๐๐๑๒๓๔๘.๐") == ("1100400012348", None)


def test_lost_digits_are_lhr102() -> None:
    assert norm.national_id("1.23457E+12") == (None, "LHR102")
    assert norm.national_id("33373703415") == (None, "LHR102")
    assert norm.national_id(None) == (None, "LHR102")


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 11, 22)), st.integers(0, 9))
def test_a_date_in_any_thai_spelling(day: date, style: int) -> None:
    be = day.year + 543
    written: object = [
        f"{day.day:02d}/{day.month:02d}/{be}",
        f"{day.day} {MONTHS_SHORT[day.month - 1]} {be}",
        f"{day.day} {MONTHS_LONG[day.month - 1]} พ.ศ. {be}",
        f"{day.day}/{day.month}/{be}".translate(THAI),
        day.replace(year=be) if not (day.month == 2 and day.day == 29) else day,
        day,
        f"{day.day}-{MONTHS_SHORT[day.month - 1]}-{be}",
        f"วันที่ {day.day} {MONTHS_LONG[day.month - 1]} พ.ศ. {be}",
        f"{be}/{day.month:02d}/{day.day:02d}",
        f"{day.day}-{ENGLISH_MONTHS[day.month - 1]}-{day.year % 100:02d}",  # Excel's d-mmm-yy
    ][style]
    parsed = norm.parse_date(written, TODAY)
    assert parsed.value == day and parsed.problem is None
    assert parsed.be_in_date_cell == (style == 4 and written != day)


def test_two_digit_be_years_and_serials() -> None:
    assert norm.parse_date("15/03/20", TODAY).value == date(1977, 3, 15)
    assert norm.parse_date("15/03/68", TODAY).value == date(2025, 3, 15)
    assert norm.parse_date(44927.0, TODAY).value == date(2023, 1, 1)
    assert norm.parse_date("28199", TODAY).value == date(1977, 3, 15)  # a serial in a CSV file
    assert norm.parse_date("2520", TODAY).problem == "LHR301"  # a year alone is no date
    assert norm.parse_date("29/02/2543", TODAY).value == date(2000, 2, 29)
    assert norm.parse_date("ไม่ทราบ", TODAY).problem == "LHR301"
    assert norm.parse_date("31/02/2540", TODAY).problem == "LHR301"


def test_a_time_of_day_or_a_full_stop_after_a_date_is_no_part_of_it() -> None:
    for text in ("15/03/2520 00:00:00", "15/03/2520 8:30 น.", "15 มี.ค. 2520.", "๑๕/๐๓/๒๕๒๐ ๐:๐๐"):
        assert norm.parse_date(text, TODAY) == norm.DateValue(date(1977, 3, 15)), text
    assert norm.parse_date("15 มี.ค.", TODAY).problem == "LHR301"  # no year is still no date


@given(
    st.integers(0, 300_000),
    st.sampled_from(
        ["{:,}.00", "{:,}", "{:,}.-", "{} บาท", "{:,}.00 บาท", "{:,}.00 บาท/เดือน", "{:,} บาทต่อเดือน"]
    ),
    st.booleans(),
)
def test_salary_written_as_text(amount: int, pattern: str, thai: bool) -> None:
    text = pattern.format(amount)
    assert norm.salary(text.translate(THAI) if thai else text) == float(amount)


def test_salary_that_is_not_an_amount() -> None:
    for text in ("inf", "-inf", "nan", "-15,060", "ไม่ระบุ", "350 บาท/วัน", "1e400"):
        assert norm.salary(text) is None, text
    assert norm.salary(" 15060 ") == 15060.0
    assert norm.salary("15060\u00a0บาท") == 15060.0


def test_a_comma_reads_as_a_thousands_separator_only_where_one_goes() -> None:
    assert norm.salary("15.060,00") == 15060.0  # from Excel set to a European locale
    assert norm.salary("1.234.567,5") == 1234567.5
    for typo in ("150,60", "15,060,00", "1,5060", "15060,5"):  # 15,060? 150.60? nobody knows
        assert norm.salary(typo) is None, typo


@given(st.text(alphabet="กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะาิีึืุูเแโใไ่้๊๋ ็์ำ", min_size=1, max_size=20))
def test_clean_text_is_idempotent_and_normal(text: str) -> None:
    noisy = "\u200b" + text.replace("ำ", "\u0e4d\u0e32") + "\xa0"
    once = norm.clean_text(noisy).value
    assert norm.clean_text(once).value == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u200b" not in once and "\xa0" not in once and "\u0e4d\u0e32" not in once


def test_full_names_and_titles() -> None:
    assert norm.split_full_name("ว่าที่ร้อยตรีสำราญ  ยิ่งพันธ์") == ("ว่าที่ร้อยตรี", "สำราญ", "ยิ่งพันธ์")
    assert norm.split_full_name("น.ส.มาลี เพชรคำ") == ("นางสาว", "มาลี", "เพชรคำ")
    assert norm.split_full_name("ว่าที่ ร.ต.หญิงสมศรี ดี") == ("ว่าที่ ร.ต.หญิง", "สมศรี", "ดี")
    assert norm.gender_of_title("ว่าที่ ร.ต.หญิง") == "female"
    assert norm.gender_of_title("นาย") == "male"


def test_ranks_open_names_in_full_and_abbreviated() -> None:
    assert norm.split_full_name("จ่าสิบเอกสมชาย ใจดี") == ("จ่าสิบเอก", "สมชาย", "ใจดี")
    assert norm.split_full_name("ส.ต.ต. ประยุทธ์ ทองดี") == ("ส.ต.ต.", "ประยุทธ์", "ทองดี")
    assert norm.split_full_name("ดาบตำรวจวิชัย รักดี") == ("ดาบตำรวจ", "วิชัย", "รักดี")
    title, first, _ = norm.split_full_name("จ.ส.อ.หญิงสมศรี มีสุข")
    assert (title, first, norm.gender_of_title(title)) == ("จ.ส.อ.หญิง", "สมศรี", "female")
    assert norm.gender_of_title("พ.จ.อ.") == "male"


def test_retirement_is_the_end_of_the_fiscal_year_at_60() -> None:
    assert retirement_date(date(1966, 9, 30)) == date(2026, 9, 30)
    assert retirement_date(date(1966, 10, 2)) == date(2027, 9, 30)


def test_personnel_type_labels_with_their_qualifiers() -> None:
    assert norm.personnel_type("พนักงานจ้างตามภารกิจ (ผู้มีคุณวุฒิ)") == "contract_mission"
    assert norm.personnel_type("พนักงานจ้างตามภารกิจ(ผู้มีทักษะ)") == "contract_mission"
    assert norm.personnel_type("ลูกจ้าง (ประจำ)") == "permanent_employee"  # brackets read away
    assert norm.personnel_type("พนักงานครูเทศบาล") == "teacher"
    assert norm.personnel_type("ผู้รับจ้าง (รายวัน)") is None


def test_personnel_types_written_short_or_as_two_names_of_one_type() -> None:
    assert norm.personnel_type("ขรก.") == "civil_servant"
    assert norm.personnel_type("ขรก.ครู") == "teacher"
    assert norm.personnel_type("พนง.จ้างตามภารกิจ") == "contract_mission"
    assert norm.personnel_type("ลจ.ประจำ") == "permanent_employee"
    assert norm.personnel_type("พนักงานจ้างฯ ทั่วไป") == "contract_general"
    assert norm.personnel_type("ข้าราชการ/พนักงานส่วนตำบล") == "civil_servant"
    assert norm.personnel_type("ข้าราชการ/ลูกจ้างประจำ") is None  # two types: which one?
    assert norm.personnel_type("พนักงานจ้าง") is None  # by mission or general?


def test_doctors_and_royal_descent_open_names_too() -> None:
    assert norm.split_full_name("นพ.สมชาย ใจดี") == ("นายแพทย์", "สมชาย", "ใจดี")
    assert norm.split_full_name("ทพญ. มาลี ศรีสุข") == ("ทันตแพทย์หญิง", "มาลี", "ศรีสุข")
    assert norm.gender_of_title("ทันตแพทย์หญิง") == "female"
    assert norm.gender_of_title(norm.canonical_title("ภก.")) == "male"
    title, first, _ = norm.split_full_name("ม.ล.สุดา ทองคำ")
    assert (title, first, norm.gender_of_title(title)) == ("ม.ล.", "สุดา", None)  # either
    assert norm.split_full_name("นพดล ใจดี") == ("", "นพดล", "ใจดี")  # a name, not นพ.
