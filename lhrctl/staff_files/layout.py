"""Where the table is: the header row(s) under any title rows, which column is which field,
which personnel type a sheet's name gives, and which LAO the title rows name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from lhrctl.staff_files.bounds import column_letter as column_letter  # the layout's, as it was
from lhrctl.staff_files.columns import EXACT, Evidence, header_claim, recognise
from lhrctl.staff_files.content import SAMPLE_ROWS
from lhrctl.staff_files.normalise import clean_text, national_id, personnel_type
from lhrctl.staff_files.vocabulary import label_key
from lhrctl.thai import DIGIT

HEADER_SCAN_ROWS = 30
REQUIRED = ("national_id", "birth_date", "position", "salary")
# the fields of a record a sheet may give no column for: an import leaves them as stored (the
# others it must give, or they are derived: the gender from the title, the type from the sheet)
OPTIONAL = ("position_no", "level", "division", "appointed_on")
NAME_FIELDS = (("full_name",), ("first_name", "last_name"))


def header_field(label: str) -> str | None:
    """The canonical field a header label names: `เลขประจำตัวประชาชน (Citizen ID)` → national_id."""
    claim = header_claim(label)
    return claim[0] if claim is not None and claim[1] == EXACT else None


def labelled_columns(cells: list[object], index: dict[str, str]) -> dict[str, int]:
    """Each field a cell of a row names by an exact label of `index` (keys compared after
    `label_key`), at its first column: a header of a table whose labels are known in advance."""
    columns: dict[str, int] = {}
    for j, cell in enumerate(cells):
        known = index.get(label_key(clean_text(cell).value)) if cell is not None else None
        if known and known not in columns:
            columns[known] = j
    return columns


@dataclass
class Layout:
    header_row: int  # row number of the last header row (the row above the data if none)
    columns: dict[str, int]  # field -> 0-based column
    labels: list[str]  # the header text of each column
    header_key: tuple[str | None, ...] = field(default=())  # to recognise a repeated header
    evidence: dict[str, Evidence] = field(default_factory=dict)  # why each column is its field

    def missing(self) -> list[str]:
        absent = [f for f in REQUIRED if f not in self.columns]
        if not any(all(f in self.columns for f in group) for group in NAME_FIELDS):
            absent.append("full_name or first_name + last_name")
        return absent


def _claimed(labels: list[str]) -> dict[str, int]:
    """Field -> column as the header row claims them, exact names before hints."""
    claims = sorted(
        (-score, j, found)
        for j, label in enumerate(labels)
        if (claim := header_claim(label)) is not None
        for found, score in [claim]
    )
    columns: dict[str, int] = {}
    for _, j, found in claims:
        if found not in columns and j not in columns.values():
            columns[found] = j
    return columns


def _score(columns: dict[str, int]) -> int:
    return len(columns) + (5 if "national_id" in columns else 0)


def find_layout(
    rows: list[tuple[int, list[object]]],
    overrides: dict[str, str] | None = None,
    today: date | None = None,
) -> Layout | None:
    """The staff table of a sheet's first rows: its header (one row, a parent row over a child
    row, or none over rows that hold national IDs) and each field's column, told by the
    header and the values under it together (see columns)."""
    header = _header_by_labels(rows, overrides or {}) or _header_by_content(rows)
    if header is None:
        return None
    number, labels = header
    sample = [cells for n, cells in rows if n > number][:SAMPLE_ROWS]
    evidence = recognise(labels, sample, today or date.today(), overrides)
    if "national_id" not in evidence or len(evidence) < 3:
        return None
    columns = {name: e.column for name, e in evidence.items()}
    return Layout(number, columns, labels, _header_key(labels), evidence)


def _header_by_labels(
    rows: list[tuple[int, list[object]]], overrides: dict[str, str]
) -> tuple[int, list[str]] | None:
    """The best header among the first rows whose labels name an ID column and two more."""
    best: tuple[int, list[str]] | None = None
    best_score = 0
    for i in range(min(len(rows), HEADER_SCAN_ROWS)):
        for number, labels in _candidates(rows, i):
            columns = _claimed(labels) | {
                target: labels.index(label)
                for label, target in overrides.items()
                if label in labels
            }
            if "national_id" in columns and len(columns) >= 3 and _score(columns) > best_score:
                best, best_score = (number, labels), _score(columns)
    return best


def _header_by_content(rows: list[tuple[int, list[object]]]) -> tuple[int, list[str]] | None:
    """A table whose header names no ID column: the row above the first row holding a valid
    national ID (its labels, if it has some), or no header at all."""
    for i, (number, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(national_id(c)[1] is None for c in cells if c not in ("", None)):
            above = _labels(rows[i - 1][1]) if i > 0 else []
            if sum(1 for label in above if label) >= 2:
                return rows[i - 1][0], above
            return number - 1, []
    return None


def _candidates(rows: list[tuple[int, list[object]]], i: int) -> list[tuple[int, list[str]]]:
    """Row i read as the header, alone and over the row below it."""
    number, cells = rows[i]
    labels = _labels(cells)
    if sum(1 for label in labels if label) < 3:
        return []
    candidates = [(number, labels)]
    if i + 1 < len(rows):
        candidates.append((number + 1, _merged(labels, _labels(rows[i + 1][1]))))
    return candidates


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
    if not any(layout.header_key):  # a header of no known labels, or none
        return False
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


def sections_under(head: list[tuple[int, list[object]]], layout: Layout) -> list[Section]:
    """The section rows (`ข้าราชการ`, `กองคลัง`) among the first rows under the header."""
    return [s for n, c in head if n > layout.header_row and (s := section_row(c))]


def type_of_sheet(sheet: str | None, layout: Layout) -> str | None:
    """The personnel type a sheet's name gives, where no column gives one."""
    if "personnel_type" in layout.columns:
        return None
    return sheet_personnel_type(sheet)


def missing_columns(layout: Layout, sheet_type: str | None, sections: list[Section]) -> list[str]:
    missing = layout.missing()
    typed = sheet_type is not None or "personnel_type" in layout.columns
    if not typed and not any(s.personnel_type for s in sections):
        missing.append("personnel_type (a column or the sheet's name)")
    return missing


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
