"""The words a ก.พ.7 workbook uses: which field a header names, and the words for a movement and
a decoration class (which section a sheet holds: section_sheets).

Keys are compared after `label_key`, as the staff files' headers are.
"""

from __future__ import annotations

from lhrctl.labels import MOVEMENTS, SECTION_FIELDS
from lhrctl.schemas.sections import DECORATION_CLASSES
from lhrctl.staff_files.vocabulary import HEADER_SYNONYMS, label_key

# a section's field -> header labels seen in ก.พ.7 workbooks (the field's own labels are added)
_HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "positions": {
        "effective_on": ("วันที่", "วัน เดือน ปี", "ลงวันที่", "วันที่มีผล", "date", "effective date"),
        "movement": ("ประเภทการเคลื่อนไหว", "การเคลื่อนไหว", "รายการ", "movement"),
        "position": HEADER_SYNONYMS["position"],
        "position_no": HEADER_SYNONYMS["position_no"],
        "level": HEADER_SYNONYMS["level"],
        "division": HEADER_SYNONYMS["division"],
        "salary": HEADER_SYNONYMS["salary"],
        "order_ref": ("คำสั่ง", "เลขที่คำสั่ง", "เอกสารอ้างอิง", "อ้างอิง", "order", "order ref"),
    },
    "education": {
        "level": ("ระดับการศึกษา", "ระดับ", "education level", "level"),
        "degree": ("วุฒิ", "วุฒิการศึกษา", "ปริญญา", "degree"),
        "major": ("สาขา", "สาขาวิชา", "วิชาเอก", "major"),
        "institution": ("สถานศึกษา", "สถาบัน", "สถาบันการศึกษา", "institution", "school"),
        "graduated_year": ("ปีที่สำเร็จ", "ปีที่จบ", "ปีที่สำเร็จการศึกษา", "ปี พ.ศ.", "graduated", "year"),
        "country": ("ประเทศ", "country"),
    },
    "training": {
        "course": ("หลักสูตร", "ชื่อหลักสูตร", "หลักสูตร/ดูงาน", "course"),
        "organiser": ("หน่วยงานที่จัด", "ผู้จัด", "จัดโดย", "organiser", "organizer"),
        "starts_on": ("ตั้งแต่", "ตั้งแต่วันที่", "วันที่เริ่ม", "from", "start"),
        "ends_on": ("ถึง", "ถึงวันที่", "วันที่สิ้นสุด", "to", "end"),
    },
    "decorations": {
        "decoration_class": (
            "ชั้นเครื่องราชฯ",
            "ชั้นตรา",
            "เครื่องราชอิสริยาภรณ์",
            "ชั้น",
            "class",
            "decoration",
        ),
        "received_on": ("วันที่ได้รับ", "ได้รับเมื่อ", "วันที่", "received", "date"),
        "gazette_ref": ("ราชกิจจานุเบกษา", "ราชกิจจานุเบกษา เล่ม/ตอน/หน้า", "เล่ม/ตอน/หน้า", "gazette"),
    },
    "leave": {
        "kind": ("ประเภทการลา", "ประเภท", "kind", "type"),
        "starts_on": ("ตั้งแต่", "ตั้งแต่วันที่", "วันที่เริ่ม", "from", "start"),
        "ends_on": ("ถึง", "ถึงวันที่", "วันที่สิ้นสุด", "to", "end"),
        "days": ("จำนวนวัน", "วัน", "รวมวัน", "days"),
    },
    "discipline": {
        "penalty": ("โทษ", "ระดับโทษ", "โทษทางวินัย", "penalty"),
        "order_ref": ("คำสั่ง", "เลขที่คำสั่ง", "order", "order ref"),
        "ordered_on": ("วันที่สั่ง", "ลงวันที่", "วันที่", "ordered", "date"),
    },
    "name_changes": {
        "changed_on": ("วันที่เปลี่ยน", "วันที่", "changed", "date"),
        "former_title": ("คำนำหน้าเดิม", "former title"),
        "former_first_name": ("ชื่อเดิม", "ชื่อตัวเดิม", "former first name", "former name"),
        "former_last_name": ("นามสกุลเดิม", "สกุลเดิม", "former surname", "former last name"),
    },
}


def _index(section: str) -> dict[str, str]:
    fields = _HEADERS[section]
    index = {label_key(label): "national_id" for label in HEADER_SYNONYMS["national_id"]}
    for field, labels in fields.items():
        en, th = SECTION_FIELDS[field]
        for label in (field, en, th, *labels):
            index.setdefault(label_key(label), field)
    return index


HEADER_INDEX: dict[str, dict[str, str]] = {name: _index(name) for name in _HEADERS}
SECTION_FIELD_NAMES: dict[str, tuple[str, ...]] = {
    name: tuple(fields) for name, fields in _HEADERS.items()
}

MOVEMENT_INDEX: dict[str, str] = {
    label_key(word): key
    for key, (en, th) in MOVEMENTS.items()
    for word in (key, en, th)
} | {
    label_key(word): key
    for key, words in {
        "appointed": ("บรรจุแต่งตั้ง", "บรรจุใหม่", "แต่งตั้ง"),
        "promoted": ("เลื่อนระดับ", "เลื่อนตำแหน่ง", "เลื่อน"),
        "moved": ("ย้ายตำแหน่ง", "ย้ายสับเปลี่ยน"),
        "transferred_in": ("รับโอน", "โอน", "โอนย้าย"),
        "salary_step": ("เลื่อนขั้น", "เลื่อนเงินเดือน", "ปรับเงินเดือน", "ปรับอัตราเงินเดือน"),
        "demoted": ("ลดระดับ", "ลดตำแหน่ง"),
    }.items()
    for word in words
}  # fmt: skip

DECORATION_INDEX: dict[str, str] = {
    label_key(word): abbreviation
    for abbreviation, th, en in DECORATION_CLASSES
    for word in (abbreviation, th, en)
}
