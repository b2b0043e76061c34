"""Where the table is: the header row(s) under any title rows, which column is which field,
which personnel type a sheet's name gives, and which LAO the title rows name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from lhrctl.staff_files.normalise import clean_text, personnel_type
from lhrctl.staff_files.vocabulary import HEADER_INDEX, label_key
from lhrctl.thai import DIGIT

HEADER_SCAN_ROWS = 30
REQUIRED = ("national_id", "birth_date", "position", "salary")
NAME_FIELDS = (("full_name",), ("first_name", "last_name"))


def header_field(label: str) -> str | None:
    """The canonical field a header label names: `เลขประจำตัวประชาชน (Citizen ID)` → national_id."""
    text = clean_text(label).value
    if not text:
        return None
    candidates = [text]
    if "(" in text:
        before, _, inside = text.partition("(")
        candidates += [before, inside.rstrip(")")]
    for candidate in candidates:
        found = HEADER_INDEX.get(label_key(candidate))
        if found:
            return found
    return None


@dataclass
class Layout:
    header_row: int  # row number of the last header row
    columns: dict[str, int]  # field -> 0-based column
    labels: list[str]  # the header text of each column
    header_key: tuple[str | None, ...] = field(default=())  # to recognise a repeated header

    def missing(self) -> list[str]:
        absent = [f for f in REQUIRED if f not in self.columns]
        if not any(all(f in self.columns for f in group) for group in NAME_FIELDS):
            absent.append("full_name or first_name + last_name")
        return absent


def _map(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, label in enumerate(labels):
        name = header_field(label)
        if name and name not in columns:
            columns[name] = index
    return columns


def _score(columns: dict[str, int]) -> int:
    return len(columns) + (5 if "national_id" in columns else 0)


def find_layout(
    rows: list[tuple[int, list[object]]], overrides: dict[str, str] | None = None
) -> Layout | None:
    """The best header among the first rows: one row, or a parent row over a child row."""
    best: Layout | None = None
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        for layout in _candidates(rows, i, overrides or {}):
            if best is None or _score(layout.columns) > _score(best.columns):
                best = layout
    return best


def _candidates(
    rows: list[tuple[int, list[object]]], i: int, overrides: dict[str, str]
) -> list[Layout]:
    """Row i read as the header, alone and over the row below it."""
    number, cells = rows[i]
    labels = _labels(cells)
    if sum(1 for label in labels if label) < 3:
        return []
    candidates = [labels]
    if i + 1 < len(rows):
        candidates.append(_merged(labels, _labels(rows[i + 1][1])))
    found = (_layout(number + k, candidate, overrides) for k, candidate in enumerate(candidates))
    return [layout for layout in found if layout]


def _labels(cells: list[object]) -> list[str]:
    return [clean_text(c).value if isinstance(c, str) else "" for c in cells]


def _merged(labels: list[str], child: list[str]) -> list[str]:
    """A parent header row over a child row, read as one row of labels."""
    parent, merged = "", []
    for j in range(max(len(labels), len(child))):
        parent = (labels[j] if j < len(labels) else "") or parent  # merged cells repeat
        below = child[j] if j < len(child) else ""
        alone = j + 1 >= len(labels) or bool(labels[j + 1])  # the parent spans j only
        merged.append(_under(parent, below, alone))
    return merged


def _layout(row: int, labels: list[str], overrides: dict[str, str]) -> Layout | None:
    """The layout if `labels` (header row `row`) name an ID column and two more."""
    columns = _map(labels)
    for label, target in overrides.items():
        if label in labels:
            columns[target] = labels.index(label)
    if "national_id" not in columns or len(columns) < 3:
        return None
    return Layout(row, columns, labels, _header_key(labels))


def _under(parent: str, child: str, alone: bool) -> str:
    """The label of a column under a parent header cell: `วัน เดือน ปี` over `เกิด` reads as
    one label, `ชื่อ - สกุล` over `ชื่อ` is the child's own, and under a parent of this column
    only, a child that names nothing (`บาท`) is a unit or a note."""
    if not (parent and child):
        return child or parent
    joined = f"{parent} {child}"
    if header_field(joined):
        return joined
    if alone and not header_field(child):
        return parent
    return child


def _header_key(labels: list[str]) -> tuple[str | None, ...]:
    return tuple(header_field(label) for label in labels)


def is_repeated_header(cells: list[object], layout: Layout) -> bool:
    labels = [clean_text(c).value if isinstance(c, str) else "" for c in cells]
    return _header_key(labels)[: len(layout.header_key)] == layout.header_key


_COLUMN_NUMBER = re.compile(rf"^\(?\s*({DIGIT}{{1,3}})\s*\)?$")


def is_column_numbers(cells: list[object]) -> bool:
    """The row of official forms that numbers the columns under the header: `(1) (2) (3) …`
    or `1 2 3 …`, rising."""
    numbers: list[float] = []
    for cell in cells:
        if cell in ("", None):
            continue
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            numbers.append(cell)
        elif isinstance(cell, str) and (found := _COLUMN_NUMBER.match(cell.strip())):
            numbers.append(int(found.group(1)))  # int() reads Thai digits as well
        else:
            return False
    return len(numbers) >= 3 and all(a < b for a, b in pairwise(numbers))


def sheet_personnel_type(sheet_name: str | None) -> str | None:
    return personnel_type(sheet_name) if sheet_name else None


# `1.`, `๒)`, `ก.`, `ประเภท:` before a section's name; `จำนวน 5 คน`, `(5 คน)` after it
_SECTION_LEAD = re.compile(rf"^(?:\(?{DIGIT}{{1,2}}[.)]|[ก-ฮ][.)]|ประเภท\s*:?)\s*")
_SECTION_COUNT = re.compile(rf"\s*\(?\s*(?:จำนวน)?\s*(?:{DIGIT}|,)+\s*(?:คน|ราย|อัตรา)\s*\)?\s*$")
# สำนักปลัด, กองคลัง, ส่วนโยธา, ฝ่ายปกครอง; not ส่วนที่ 2 (part two) or the word ส่วนราชการ
_DIVISION = re.compile(r"^(?:สำนัก|กอง|ส่วน(?!ที่|ราชการ)|ฝ่าย)\S")


@dataclass(frozen=True)
class Section:
    """What a section row says of the people under it, up to the next one."""

    personnel_type: str | None = None
    division: str | None = None


def section_row(cells: list[object]) -> Section | None:
    """A row that heads a group within one table: a personnel type (`2. พนักงานจ้างตามภารกิจ
    (5 คน)`) or a division (`กองคลัง`), alone on its row."""
    filled = [c for c in cells if c not in ("", None)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    text = _SECTION_COUNT.sub("", _SECTION_LEAD.sub("", clean_text(filled[0]).value))
    kind = personnel_type(text)
    if kind is not None:
        return Section(personnel_type=kind)
    return Section(division=text) if _DIVISION.match(text) else None


_LAO_IN_TITLE = re.compile(r"(อบจ\.|อบต\.|เทศบาลนคร|เทศบาลเมือง|เทศบาลตำบล)\s*(\S+)|(เมืองพัทยา)")
_PROVINCE_IN_TITLE = re.compile(r"(?:จังหวัด|(?<!อบ)จ\.)\s*(\S+)")
# the long names and the short ones, as the registry writes the kinds of LAO
_LAO_KIND_SPELLINGS = {
    "องค์การบริหารส่วนจังหวัด": "อบจ.",
    "องค์การบริหารส่วนตำบล": "อบต.",
    "ทน.": "เทศบาลนคร",
    "ทม.": "เทศบาลเมือง",
    "ทต.": "เทศบาลตำบล",
}
_LAO_KIND = re.compile("|".join(map(re.escape, _LAO_KIND_SPELLINGS)))
_CODE_IN_NAME = re.compile(r"(?<!\d)(\d{7})(?!\d)")


def lao_named_in(texts: list[str]) -> tuple[str, str | None] | None:
    """(display name, province name) of the LAO a title row names, e.g. บัญชีรายชื่อบุคลากร
    อบต.เกาะรัง จังหวัดลพบุรี → ('อบต.เกาะรัง', 'ลพบุรี'); so do องค์การบริหารส่วนตำบลเกาะรัง
    and ทต.ดอนเจดีย์ จ.กาญจนบุรี."""
    for text in texts:
        text = _LAO_KIND.sub(lambda kind: _LAO_KIND_SPELLINGS[kind.group()], text)
        lao = _LAO_IN_TITLE.search(text)
        if lao:
            name = lao.group(3) or f"{lao.group(1)}{lao.group(2)}"
            province = _PROVINCE_IN_TITLE.search(text)
            return name, province.group(1) if province else None
    return None


def code_in_file_name(stem: str) -> str | None:
    found = _CODE_IN_NAME.findall(stem)
    return found[0] if len(found) == 1 else None
