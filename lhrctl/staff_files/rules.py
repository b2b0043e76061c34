"""The rule catalogue. Codes are stable: scripts and reports key on them."""

from __future__ import annotations

from dataclasses import dataclass

from lhrctl.national_id import mask_national_id

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    en: str
    th: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.code, "severity": self.severity, "en": self.en, "th": self.th}


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("LHR101", ERROR, "National ID check digit is wrong", "หลักตรวจสอบของเลขประจำตัวประชาชนไม่ถูกต้อง"),
        Rule("LHR102", ERROR, "National ID is missing or not 13 digits", "ไม่มีเลขประจำตัวประชาชนหรือไม่ครบ 13 หลัก"),
        Rule("LHR103", ERROR, "National ID appears more than once in the file", "เลขประจำตัวประชาชนซ้ำกันในไฟล์"),
        Rule("LHR104", ERROR, "National ID is already recorded at another LAO (use a transfer)", "เลขประจำตัวประชาชนนี้มีอยู่แล้วที่ อปท. อื่น (ใช้การโอนย้าย)"),
        Rule("LHR201", ERROR, "Title, first name or last name is missing", "ไม่มีคำนำหน้า ชื่อ หรือนามสกุล"),
        Rule("LHR202", ERROR, "Name has characters no Thai name has", "ชื่อมีอักขระที่ไม่ควรมีในชื่อบุคคล"),
        Rule("LHR203", ERROR, "Title and gender disagree", "คำนำหน้าไม่ตรงกับเพศ"),
        Rule("LHR204", WARNING, "Thai text was not normalised (fixed on import)", "ข้อความภาษาไทยไม่อยู่ในรูปมาตรฐาน (แก้ไขให้แล้ว)"),
        Rule("LHR205", WARNING, "Text starts like a spreadsheet formula (kept as text, written inert)", "ข้อความขึ้นต้นเหมือนสูตรตารางคำนวณ (เก็บเป็นข้อความ)"),
        Rule("LHR206", WARNING, "Thai text was stored as Windows-874 bytes and read as Latin letters (read again as Thai)", "ข้อความภาษาไทยเก็บเป็นรหัส Windows-874 แต่ถูกอ่านเป็นอักษรละติน (อ่านใหม่เป็นภาษาไทยแล้ว)"),
        Rule("LHR301", ERROR, "Date cannot be read", "อ่านวันที่ไม่ได้"),
        Rule("LHR302", WARNING, "Date cell holds a Buddhist-Era year (converted)", "ช่องวันที่เก็บปี พ.ศ. ไว้ในรูปแบบ ค.ศ. (แปลงให้แล้ว)"),
        Rule("LHR303", ERROR, "Past retirement age (60 at the end of the fiscal year)", "เกินอายุเกษียณ (60 ปี สิ้นปีงบประมาณ)"),
        Rule("LHR304", ERROR, "Under 18 at appointment", "อายุต่ำกว่า 18 ปี ณ วันบรรจุ"),
        Rule("LHR305", ERROR, "Date is in the future", "วันที่อยู่ในอนาคต"),
        Rule("LHR306", ERROR, "Two-digit year gives no possible date in either century", "ปีเลขสองหลักอ่านได้สองแบบ แต่เป็นไปไม่ได้ทั้งคู่"),
        Rule("LHR401", ERROR, "Unknown personnel type", "ไม่รู้จักประเภทบุคลากร"),
        Rule("LHR402", ERROR, "Position is missing", "ไม่มีตำแหน่ง"),
        Rule("LHR403", ERROR, "Position number appears twice in one LAO", "เลขที่ตำแหน่งซ้ำกันใน อปท. เดียวกัน"),
        Rule("LHR404", ERROR, "Salary is missing or not a number", "ไม่มีเงินเดือนหรือไม่ใช่ตัวเลข"),
        Rule("LHR501", ERROR, "Unknown LAO, or no way to tell which LAO the file belongs to", "ไม่รู้จัก อปท. หรือระบุไม่ได้ว่าไฟล์เป็นของ อปท. ใด"),
        Rule("LHR701", ERROR, "Person is not on the staff of this LAO (import the staff list first)", "บุคคลนี้ไม่อยู่ในบัญชีบุคลากรของ อปท. นี้ (นำเข้ารายชื่อบุคลากรก่อน)"),
        Rule("LHR702", ERROR, "A required value is missing", "ไม่มีข้อมูลที่จำเป็น"),
        Rule("LHR703", ERROR, "Value cannot be read", "อ่านค่าไม่ได้"),
        Rule("LHR705", WARNING, "Sheet names no section of the record of service (not read)", "ชื่อชีตไม่ตรงกับหมวดใดของทะเบียนประวัติ (ไม่ได้อ่าน)"),
        Rule("LHR706", ERROR, "No sheet is named for a section of the record of service", "ไม่มีชีตที่ตั้งชื่อตามหมวดของทะเบียนประวัติ"),
        Rule("LHR707", ERROR, "Text is longer than the record keeps", "ข้อความยาวเกินกว่าที่ทะเบียนเก็บได้"),
        Rule("LHR708", ERROR, "The file is a staff list, not a ก.พ.7 workbook (record of service)", "ไฟล์นี้เป็นบัญชีรายชื่อบุคลากร ไม่ใช่แฟ้ม ก.พ.7 (ทะเบียนประวัติ)"),
        Rule("LHR709", ERROR, "The file is a manpower plan, not a ก.พ.7 workbook (record of service)", "ไฟล์นี้เป็นแผนอัตรากำลัง ไม่ใช่แฟ้ม ก.พ.7 (ทะเบียนประวัติ)"),
        Rule("LHR711", ERROR, "Salary fell without a penalty (ลดขั้น/ลดเงินเดือน) or a demotion", "เงินเดือนลดลงโดยไม่มีโทษลดขั้น/ลดเงินเดือน หรือการลดตำแหน่ง"),
        Rule("LHR712", ERROR, "Position dated before the person's appointment", "วันที่ของตำแหน่งอยู่ก่อนวันบรรจุ"),
        Rule("LHR713", ERROR, "Position dated after the person's retirement", "วันที่ของตำแหน่งอยู่หลังวันเกษียณอายุ"),
        Rule("LHR714", ERROR, "Leave overlaps another leave", "วันลาซ้อนทับกับการลาอื่น"),
        Rule("LHR715", ERROR, "Graduated before the age of 15", "สำเร็จการศึกษาก่อนอายุ 15 ปี"),
        Rule("LHR716", ERROR, "Decoration received after a higher class (out of class order)", "ได้รับเครื่องราชฯ ชั้นต่ำกว่าหลังจากชั้นที่สูงกว่า (ผิดลำดับชั้น)"),
        Rule("LHR717", ERROR, "Two position rows on one date disagree", "ตำแหน่งสองรายการในวันเดียวกันไม่ตรงกัน"),
        Rule("LHR718", ERROR, "Ends before it starts", "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น"),
        Rule("LHR801", ERROR, "No sheet holds the plan's lines (a header naming the position and the framework)", "ไม่มีชีตรายการตำแหน่งของแผน (หัวตารางที่มีตำแหน่งและกรอบอัตรากำลัง)"),
        Rule("LHR803", ERROR, "Year is not one of the cycle's", "ปีไม่อยู่ในรอบของแผน"),
        Rule("LHR804", WARNING, "Sheet holds no table of the plan (not read)", "ชีตนี้ไม่มีตารางของแผน (ไม่ได้อ่าน)"),
        Rule("LHR805", ERROR, "The file is a ก.พ.7 workbook (record of service), not a manpower plan", "ไฟล์นี้เป็นแฟ้ม ก.พ.7 (ทะเบียนประวัติ) ไม่ใช่แผนอัตรากำลัง"),
        Rule("LHR806", ERROR, "The file is a staff list, not a manpower plan", "ไฟล์นี้เป็นบัญชีรายชื่อบุคลากร ไม่ใช่แผนอัตรากำลัง"),
        Rule("LHR811", WARNING, "Posts of the framework with nobody in them", "มีอัตราว่างในกรอบอัตรากำลัง"),
        Rule("LHR812", ERROR, "Person's position is in no line of the plan", "ตำแหน่งของบุคคลไม่อยู่ในแผนอัตรากำลัง"),
        Rule("LHR813", ERROR, "More people than posts in the framework", "จำนวนคนเกินกรอบอัตรากำลัง"),
        Rule("LHR814", WARNING, "Reaches the end of service within the cycle (an expected vacancy)", "เกษียณอายุภายในรอบของแผน (ตำแหน่งจะว่าง)"),
        Rule("LHR815", ERROR, "Personnel cost above 40% of the annual budget (s. 35)", "ค่าใช้จ่ายด้านบุคคลเกินร้อยละ 40 ของงบประมาณรายจ่ายประจำปี (มาตรา 35)"),
        Rule("LHR816", WARNING, "Personnel cost above 35% of the annual budget", "ค่าใช้จ่ายด้านบุคคลเกินร้อยละ 35 ของงบประมาณรายจ่ายประจำปี"),
        Rule("LHR817", ERROR, "The year has no budget in the plan", "แผนไม่มีงบประมาณของปีนี้"),
        Rule("LHR818", ERROR, "Posts added with no salary to cost them at (give it in the plan)", "เพิ่มอัตราโดยไม่มีเงินเดือนสำหรับคำนวณ (ระบุเงินเดือนในแผน)"),
        Rule("LHR901", ERROR, "No header row found", "ไม่พบแถวหัวตาราง"),
        Rule("LHR902", ERROR, "A required column is missing", "ไม่มีคอลัมน์ที่จำเป็น"),
        Rule("LHR903", ERROR, "Cell holds a spreadsheet error (#REF!, #VALUE!, …)", "ช่องข้อมูลเป็นค่าผิดพลาดของสเปรดชีต (#REF! ฯลฯ)"),
        Rule("LHR904", ERROR, "No staff rows under the header", "ไม่มีแถวข้อมูลบุคลากรใต้หัวตาราง"),
        Rule("LHR905", WARNING, "Sheet holds no staff table (not read)", "ชีตนี้ไม่มีตารางรายชื่อบุคลากร (ไม่ได้อ่าน)"),
        Rule("LHR906", WARNING, "Column recognised by its values alone (check it)", "ระบุคอลัมน์จากข้อมูลในคอลัมน์เท่านั้น (โปรดตรวจสอบ)"),
        Rule("LHR907", ERROR, "The file is a ก.พ.7 workbook (record of service), not a staff list", "ไฟล์นี้เป็นแฟ้ม ก.พ.7 (ทะเบียนประวัติ) ไม่ใช่บัญชีรายชื่อบุคลากร"),
        Rule("LHR908", ERROR, "The file is a manpower plan, not a staff list", "ไฟล์นี้เป็นแผนอัตรากำลัง ไม่ใช่บัญชีรายชื่อบุคลากร"),
    )
}  # fmt: skip


# a file given to the wrong command (a ก.พ.7 workbook or a plan to the staff list's reader, a
# staff list or a plan to the record's, a record or a staff list to the plan's): said alone,
# its detail the command that reads it
WRONG_FILE = ("LHR907", "LHR908", "LHR708", "LHR709", "LHR805", "LHR806")
HISTORY_COMMAND, PLAN_COMMAND, STAFF_COMMAND = (
    "lhrctl import history", "lhrctl plan import", "lhrctl import staff",
)  # fmt: skip

# The words around a finding's detail, for the rules whose detail is a place, a code or a
# person, by language; `{}` is the detail. Other details (field names) stand alone.
PHRASES: dict[str, dict[str, str]] = {
    "LHR103": {"en": "also on row {}", "th": "พบอีกที่แถว {}"},
    "LHR104": {"en": "recorded at {}", "th": "บันทึกไว้ที่ อปท. {}"},
    "LHR403": {"en": "held by {}", "th": "ผู้ครองตำแหน่งคือ {}"},
    "LHR306": {"en": "read as {} or {}", "th": "อ่านได้เป็น {} หรือ {}"},
    "LHR906": {"en": "column {}", "th": "คอลัมน์ {}"},
    **{rule: {"en": "import it with `{}`", "th": "นำเข้าด้วยคำสั่ง `{}`"} for rule in WRONG_FILE},
    "LHR701": {"en": "not at {}", "th": "ไม่อยู่ที่ อปท. {}"},
    "LHR711": {"en": "from {}", "th": "จาก {}"},
    "LHR712": {"en": "appointed on {}", "th": "บรรจุเมื่อ {}"},
    "LHR713": {"en": "retires on {}", "th": "เกษียณเมื่อ {}"},
    "LHR714": {"en": "also on leave {}", "th": "ลาอยู่แล้วช่วง {}"},
    "LHR715": {"en": "born in {}", "th": "เกิดปี {}"},
    "LHR716": {"en": "after {}", "th": "หลังจาก {}"},
    "LHR717": {"en": "also {}", "th": "อีกรายการคือ {}"},
    "LHR707": {"en": "at most {} characters", "th": "ไม่เกิน {} ตัวอักษร"},
    "LHR811": {"en": "{} vacant", "th": "ว่าง {} อัตรา"},
    "LHR812": {"en": "level {}", "th": "ระดับ {}"},
    "LHR813": {"en": "{} over", "th": "เกิน {} คน"},
    "LHR814": {"en": "at the end of fiscal {}", "th": "สิ้นปีงบประมาณ {}"},
    "LHR817": {"en": "fiscal {}", "th": "ปีงบประมาณ {}"},
    "LHR818": {"en": "fiscal {}", "th": "ปีงบประมาณ {}"},
    "LHR501": {"en": "the file names no LAO: pass {} CODE", "th": "ไฟล์ไม่ได้ระบุ อปท.: ใส่ {} ตามด้วยรหัส อปท."},
}  # fmt: skip


# How Thai text names a field: the header of `lhrctl staff template`. English text uses the
# field's own name, which is also what a --mapping file takes.
FIELD_LABELS_TH: dict[str, str] = {
    "national_id": "เลขประจำตัวประชาชน",
    "title": "คำนำหน้า",
    "first_name": "ชื่อ",
    "last_name": "นามสกุล",
    "full_name": "ชื่อ-สกุล",
    "gender": "เพศ",
    "birth_date": "วันเกิด",
    "personnel_type": "ประเภทบุคลากร",
    "position": "ตำแหน่ง",
    "position_no": "เลขที่ตำแหน่ง",
    "level": "ระดับ",
    "division": "ส่วนราชการ",
    "salary": "เงินเดือน",
    "appointed_on": "วันบรรจุ",
    "org_code": "รหัส อปท.",
    "seq": "ลำดับ",
    "note": "หมายเหตุ",
    # what LHR902 names when a sheet lacks one of two ways to give a value
    "full_name or first_name + last_name": "ชื่อ-สกุล หรือ ชื่อ + นามสกุล",
    "personnel_type (a column or the sheet's name)": "ประเภทบุคลากร (เป็นคอลัมน์หรือชื่อชีต)",
}
_FIELD_LISTS = ("LHR201", "LHR902")
_TWO_PARTS = (
    "LHR306",
)  # rules whose detail is two values, separated by "|"  # rules whose detail is fields, separated by ", "


def field_label(field: str, lang: str) -> str:
    if lang != "th":
        return field
    if field in FIELD_LABELS_TH:
        return FIELD_LABELS_TH[field]
    from lhrctl.labels import SECTION_FIELDS  # a field of a section of the record of service

    return SECTION_FIELDS[field][1] if field in SECTION_FIELDS else field


@dataclass(frozen=True)
class Finding:
    rule: str
    sheet: str | None
    row: int | None  # the row number a person sees in the spreadsheet
    column: str | None  # canonical field name
    value: str | None
    detail: str | None = None  # what exactly, when the rule's text is not enough (see PHRASES)
    national_id: str | None = None  # for findings on stored records (sheet is then the LAO code)

    @property
    def severity(self) -> str:
        return RULES[self.rule].severity

    def message(self, lang: str) -> str:
        rule = RULES[self.rule]
        text = rule.th if lang == "th" else rule.en
        if not self.detail:
            return text
        detail = self.detail
        if self.rule in _FIELD_LISTS:
            detail = ", ".join(field_label(f, lang) for f in detail.split(", "))
        phrase = PHRASES.get(self.rule, {}).get("th" if lang == "th" else "en", "{}")
        parts = detail.split("|") if self.rule in _TWO_PARTS else [detail]
        return f"{text}: {phrase.format(*parts)}"

    def as_dict(self, lang: str) -> dict[str, object]:
        """A finding on a stored record names the person by their masked ID (it is reported
        without sign-in); a file's finding shows the file's own value, since its reader holds it."""
        value: object = self.value
        extra: dict[str, object] = {}
        if self.national_id:
            extra = {"national_id": mask_national_id(self.national_id)}
            if value == self.national_id:
                value = extra["national_id"]
        return extra | {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": self.message(lang),
        }


class FindingCounts:
    """Errors, warnings and rejected rows of anything that holds `findings` (a checked file, a nightly run)."""

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def rejected(self) -> int:
        """Rows with at least one error."""
        return len({(f.sheet, f.row) for f in self.findings if f.severity == ERROR and f.row})
