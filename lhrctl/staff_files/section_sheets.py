"""Which section of the ก.พ.7 record of service a sheet holds, by its name; and so whether a
workbook is a record of service (`import history`'s) rather than a staff list. Needs none of
the sections' tables: `validate FILE` asks it of every workbook.
"""

from __future__ import annotations

from collections.abc import Iterable

from lhrctl.labels import SECTION_TITLES
from lhrctl.staff_files.vocabulary import label_key
from lhrctl.thai import ascii_digits

# a sheet's name -> its section: the form's names, English names, and the short names offices use
_SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "positions": ("ตำแหน่ง", "ตำแหน่งและเงินเดือน", "อัตราเงินเดือน", "position", "salary"),
    "education": ("การศึกษา", "ศึกษา", "วุฒิการศึกษา", "education"),
    "training": ("ฝึกอบรม", "อบรม", "การฝึกอบรมดูงาน", "training"),
    "decorations": ("เครื่องราช", "เครื่องราชฯ", "decoration", "decorations"),
    "leave": ("ลา", "การลา", "วันลา", "leave"),
    "discipline": ("วินัย", "โทษ", "discipline"),
    "name_changes": ("เปลี่ยนชื่อ", "การเปลี่ยนชื่อสกุล", "ชื่อเดิม", "name change", "names"),
}
SHEET_INDEX: dict[str, str] = {
    label_key(word): name
    for name, (en, th) in SECTION_TITLES.items()
    for word in (name, en, th, *_SHEET_NAMES[name])
}


def section_of_sheet(name: str | None) -> str | None:
    """The section a sheet's name gives: `ตำแหน่งและอัตราเงินเดือน`, `2. ประวัติการศึกษา`, `Leave`."""
    if not name:
        return None
    key = label_key(ascii_digits(name)).lstrip("0123456789")
    return SHEET_INDEX.get(key) or next(
        (section for word, section in SHEET_INDEX.items() if len(word) > 3 and word in key), None
    )


def record_of_service(sheet_names: Iterable[str | None]) -> bool:
    """Sheets named for two sections of the record or more: a ก.พ.7 workbook, not a staff list
    (whose sheets are named for a personnel type, a division, or not at all; one of them may
    be named for positions, or two: `ตำแหน่ง`, `อัตราเงินเดือน`)."""
    sections = {section_of_sheet(name) for name in sheet_names}
    return len(sections - {None}) >= 2
