"""The words legacy sheets use: column headers, titles and ranks, personnel types, Thai months.

Keys are compared after `label_key` (no spaces, punctuation or case), so `เลขประจำตัว
ประชาชน`, `เลขประจำตัวประชาชน (Citizen ID)` and `Citizen-ID` all find the same field.
"""

from __future__ import annotations

import re
import unicodedata

from lhrctl.thai import MONTHS, MONTHS_SHORT

# the title of the column of findings a marked-up copy adds (writers/findings.py), by language:
# the copy, fixed, is imported again, and its title (followed there by the findings of the
# header row, "ปัญหาที่พบ: LHR902 … เงินเดือน") names no field
NOTE_TITLES = {"en": "Problems found", "th": "ปัญหาที่พบ"}

# canonical field -> header labels seen in the wild (Thai and English)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("ลำดับ", "ลำดับที่", "ที่", "no", "no.", "seq"),
    "national_id": (
        "เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "เลขที่บัตรประชาชน",
        "รหัสประจำตัวประชาชน", "หมายเลขบัตรประชาชน", "หมายเลขประจำตัวประชาชน",
        "เลขที่บัตรประจำตัวประชาชน", "เลขประจำตัวประชาชน 13 หลัก", "เลขบัตรประชาชน 13 หลัก",
        "เลข ปชช.", "เลขบัตร ปชช.", "เลขที่บัตร ปชช.",
        "citizen id", "national id", "id card", "id number", "pid", "national_id",
        "รหัสบัตรประชาชน", "หมายเลขบัตรประจำตัว", "เลขบัตรประจำตัว", "เลขที่บัตรประจำตัว",
        "card no", "citizen_id", "personal id",
    ),
    "full_name": ("ชื่อ-สกุล", "ชื่อ - นามสกุล", "ชื่อ-นามสกุล", "ชื่อสกุล", "ชื่อ นามสกุล", "full name", "name"),
    "title": ("คำนำหน้า", "คำนำหน้าชื่อ", "คำนำหน้านาม", "title", "prefix", "tit_name", "prename", "title name"),
    "first_name": ("ชื่อ", "ชื่อตัว", "first name", "firstname", "given name", "first_name",
        "ชื่อจริง", "ชื่อ(ไทย)", "fname"),
    "last_name": ("นามสกุล", "สกุล", "last name", "lastname", "surname", "family name", "last_name", "lname"),
    "gender": ("เพศ", "gender", "sex"),
    "birth_date": (
        "วันเดือนปีเกิด", "วัน เดือน ปีเกิด", "วันเกิด", "วัน/เดือน/ปีเกิด", "ว.ด.ป.เกิด",
        "วันที่เกิด", "วันเดือนปีที่เกิด",
        "birth date", "date of birth", "dob", "birth_date", "birthday",
    ),
    "personnel_type": (
        "ประเภทบุคลากร", "ประเภท", "ประเภทพนักงาน", "ประเภทการจ้าง",
        "type", "personnel type", "personnel_type",
    ),
    "position": (
        "ตำแหน่ง", "ชื่อตำแหน่ง", "ชื่อตำแหน่งในสายงาน", "ตำแหน่งในสายงาน",
        "position", "position name", "pos_name",
    ),
    "position_no": (
        "เลขที่ตำแหน่ง", "ตำแหน่งเลขที่", "เลขตำแหน่ง",
        "position no", "position no.", "position number", "position_no",
    ),
    "level": (
        "ระดับ", "ประเภท/ระดับ", "ระดับ/ประเภท", "ระดับตำแหน่ง", "ประเภทตำแหน่ง",
        "ประเภท/ระดับตำแหน่ง", "ตำแหน่งประเภท", "ตำแหน่งระดับ", "level",
        "วิทยฐานะ",  # a teacher's academic standing: their level
    ),
    "division": (
        "ส่วนราชการ", "สังกัด", "กอง/สำนัก", "สำนัก/กอง", "ส่วนราชการ/กอง", "กอง", "หน่วยงาน",
        "แผนก", "ฝ่าย", "แผนก/ฝ่าย",  # a company's or a school's words for it
        "division", "department", "dep_name",
    ),
    "salary": (  # contract employees are paid ค่าตอบแทน, daily workers ค่าจ้าง
        "เงินเดือน", "เงินเดือน (บาท)", "อัตราเงินเดือน", "เงินเดือนปัจจุบัน", "อัตราเงินเดือนปัจจุบัน",
        "เงินเดือน/ค่าจ้าง", "ค่าจ้าง", "อัตราค่าจ้าง", "ค่าตอบแทน", "อัตราค่าตอบแทน",
        "salary", "salary (baht)",
    ),
    "appointed_on": (
        "วันบรรจุ", "วันที่บรรจุ", "วันบรรจุแต่งตั้ง", "วันที่บรรจุแต่งตั้ง", "วันที่ได้รับการบรรจุ",
        "วันเริ่มจ้าง", "วันที่เริ่มจ้าง", "วันเริ่มปฏิบัติงาน", "วันที่เริ่มปฏิบัติงาน",
        "วันเข้ารับราชการ", "วันที่เข้ารับราชการ",
        "วันเดือนปีบรรจุ", "วันเดือนปีที่บรรจุ", "ว.ด.ป.บรรจุ", "วันเดือนปีที่เริ่มจ้าง",
        "appointment date", "appointed on", "date appointed", "appointed_on",
        "beg_date", "start date", "start_date", "hire date",
    ),
    "org_code": ("รหัส อปท.", "รหัสอปท", "รหัสองค์กรปกครองส่วนท้องถิ่น", "lao code", "org code", "org_code"),
    "note": ("หมายเหตุ", "note", "notes", "remark", "remarks"),
}  # fmt: skip

# Ranks that open many names (army, navy, air force, police, and ว่าที่ reserve officers), in
# full and abbreviated: male, unless หญิง follows the rank.
_RANKS = (
    "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.", "ว่าที่ร.ต.", "ว่าที่ร้อยโท", "ว่าที่ ร.ท.", "ว่าที่ร.ท.",
    "ว่าที่ร้อยเอก", "ว่าที่ ร.อ.", "ว่าที่ร.อ.",
    "ร้อยตรี", "ร.ต.", "ร้อยโท", "ร.ท.", "ร้อยเอก", "ร.อ.", "พันตรี", "พ.ต.",
    "จ่าสิบเอก", "จ.ส.อ.", "จ่าสิบโท", "จ.ส.ท.", "จ่าสิบตรี", "จ.ส.ต.",
    "สิบเอก", "ส.อ.", "สิบโท", "ส.ท.", "สิบตรี", "ส.ต.", "พลทหาร",
    "พันจ่าเอก", "พ.จ.อ.", "พันจ่าโท", "พ.จ.ท.", "พันจ่าตรี", "พ.จ.ต.",
    "จ่าเอก", "จ.อ.", "จ่าโท", "จ.ท.", "จ่าตรี", "จ.ต.",
    "พันจ่าอากาศเอก", "พ.อ.อ.", "พันจ่าอากาศโท", "พ.อ.ท.", "พันจ่าอากาศตรี", "พ.อ.ต.",
    "จ่าอากาศเอก", "จ.อ.อ.", "จ่าอากาศโท", "จ.อ.ท.", "จ่าอากาศตรี", "จ.อ.ต.",
    "ดาบตำรวจ", "ด.ต.", "สิบตำรวจเอก", "ส.ต.อ.", "สิบตำรวจโท", "ส.ต.ท.", "สิบตำรวจตรี", "ส.ต.ต.",
    "ร้อยตำรวจตรี", "ร.ต.ต.", "ร้อยตำรวจโท", "ร.ต.ท.", "ร้อยตำรวจเอก", "ร.ต.อ.",
)  # fmt: skip
# Titles and ranks that may open a full name, longest first when matched. Value: gender it implies.
TITLES: dict[str, str | None] = {
    "นางสาว": "female", "น.ส.": "female", "นาง": "female", "นาย": "male",
    "ดร.": None, "Mr.": "male", "Mrs.": "female", "Ms.": "female", "Miss": "female",
    # the health centres LAOs took over bring doctors, dentists and pharmacists
    "นายแพทย์": "male", "นพ.": "male", "แพทย์หญิง": "female", "พญ.": "female",
    "ทันตแพทย์": "male", "ทพ.": "male", "ทันตแพทย์หญิง": "female", "ทพญ.": "female",
    "เภสัชกร": "male", "ภก.": "male", "เภสัชกรหญิง": "female", "ภญ.": "female",
    # royal descent: either gender
    "ม.ร.ว.": None, "ม.ล.": None, "หม่อมราชวงศ์": None, "หม่อมหลวง": None,
    **{rank: "male" for rank in _RANKS},
    **{rank + "หญิง": "female" for rank in _RANKS},
}  # fmt: skip
TITLE_ALIASES = {
    "น.ส.": "นางสาว", "ว่าที่ ร.ต.": "ว่าที่ร้อยตรี", "ว่าที่ร.ต.": "ว่าที่ร้อยตรี",
    "นพ.": "นายแพทย์", "พญ.": "แพทย์หญิง", "ทพ.": "ทันตแพทย์", "ทพญ.": "ทันตแพทย์หญิง",
    "ภก.": "เภสัชกร", "ภญ.": "เภสัชกรหญิง",
}  # fmt: skip

PERSONNEL_TYPES: dict[str, str] = {
    "ข้าราชการ": "civil_servant",
    "ข้าราชการส่วนท้องถิ่น": "civil_servant",
    "พนักงานส่วนจังหวัด": "civil_servant",
    "พนักงานเทศบาล": "civil_servant",
    "พนักงานส่วนตำบล": "civil_servant",
    "ข้าราชการกรุงเทพมหานคร": "civil_servant",
    "พนักงานเมืองพัทยา": "civil_servant",
    "ข้าราชการครู": "teacher",
    "ครู": "teacher",
    "พนักงานครู": "teacher",
    "พนักงานครูเทศบาล": "teacher",  # a municipality's teachers
    "พนักงานครูเมืองพัทยา": "teacher",
    "ข้าราชการครูและบุคลากรทางการศึกษา": "teacher",
    "ลูกจ้างประจำ": "permanent_employee",
    "พนักงานจ้างตามภารกิจ": "contract_mission",
    "พนักงานจ้างทั่วไป": "contract_general",
    "พนักงานจ้างผู้เชี่ยวชาญพิเศษ": "contract_expert",
}
GENDER_WORDS = {  # a gender column's words; SEX 1/2 of personnel systems only under its header
    "ชาย": "male",
    "หญิง": "female",
    "ช": "male",  # the short forms of Thai forms' ช/ญ boxes
    "ญ": "female",
    "เพศชาย": "male",
    "เพศหญิง": "female",
    "m": "male",
    "f": "female",
    "male": "male",
    "female": "female",
}
SEX_CODES = {"1": "male", "2": "female"}  # personnel systems' SEX field
# the levels of positions (civil servants, employees) and teachers' academic standings
LEVELS = frozenset(
    (
        "ปฏิบัติการ", "ชำนาญการ", "ชำนาญการพิเศษ", "เชี่ยวชาญ", "ทรงคุณวุฒิ", "ปฏิบัติงาน",
        "ชำนาญงาน", "อาวุโส", "ทักษะพิเศษ", "ต้น", "กลาง", "สูง", "ครูผู้ช่วย", "ไม่มีวิทยฐานะ",
        "คศ.1", "คศ.2", "คศ.3", "คศ.4", "คศ.5", "ค.ศ.1", "ค.ศ.2", "ค.ศ.3", "ค.ศ.4", "ค.ศ.5",
    )
)  # fmt: skip
CANONICAL_TYPES = (
    "civil_servant",
    "teacher",
    "permanent_employee",
    "contract_mission",
    "contract_general",
    "contract_expert",
)

# a month as written on a sheet, without its dots: Thai in full or short (with or without dots),
# English in full or short; key: lower case, no dots
_ENGLISH_MONTHS: list[tuple[str, ...]] = [
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "september", "sept"),
    ("oct", "october"), ("nov", "november"), ("dec", "december"),
]  # fmt: skip
MONTH_NUMBERS: dict[str, int] = {
    name.replace(".", ""): number
    for number, names in enumerate(zip(MONTHS, MONTHS_SHORT, _ENGLISH_MONTHS, strict=True), 1)
    for name in (names[0], names[1], *names[2])
}

_PUNCT = re.compile(r"[\s\-\u2013\u2014_./:()\[\]]+")  # dashes: hyphen, en, em


def label_key(text: str) -> str:
    return _PUNCT.sub(
        "", unicodedata.normalize("NFC", text).replace("\u0e4d\u0e32", "\u0e33")
    ).lower()


HEADER_INDEX: dict[str, str] = {
    label_key(label): field for field, labels in HEADER_SYNONYMS.items() for label in labels
}
TYPE_INDEX: dict[str, str] = {label_key(k): v for k, v in PERSONNEL_TYPES.items()} | {
    label_key(v): v for v in CANONICAL_TYPES
}
