"""What a column's values say it holds, whatever its header: valid national IDs, dates of
birth or of appointment, salaries, titles, full names opening with a title, personnel types,
genders, divisions, positions, levels, position numbers, LAO codes, or Thai names."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.vocabulary import GENDER_WORDS, LEVELS, SEX_CODES, TITLES

SAMPLE_ROWS = 100  # under the header: what the columns are told by
MIN_SHARE = 0.8  # of a column's values, for its content alone to name it

_POSITION_NO = re.compile(r"^\d{1,3}(?:\s*-\s*\d{1,5}){3,}$")  # 16-6-05-2439-001, no date
_DIVISION = re.compile(r"^(?:สำนัก|กอง|ส่วน(?!ที่)|ฝ่าย|โรงเรียน|ศูนย์)\S")
_POSITION = re.compile(
    r"^(?:นัก|เจ้าพนักงาน|เจ้าหน้าที่|ผู้ช่วย|ผู้อำนวยการ|ผู้ดูแล|หัวหน้า|ครู|คนงาน|คนสวน|คนครัว|"
    r"พนักงาน|ปลัด|รองปลัด|นายช่าง|ยาม|ภารโรง|แม่บ้าน|พนักงานขับ|พี่เลี้ยง|ผู้ปฏิบัติ|ช่าง)"
)
_ORG_CODE = re.compile(r"^\d{7}$")
_THAI_WORD = re.compile(r"^[\u0e01-\u0e4e]{2,30}$")


def _text(value: object) -> str:
    return norm.clean_text(value).value if isinstance(value, str) else ""


def _is_id(value: object) -> bool:
    return norm.national_id(value)[1] is None


def _is_title(value: object) -> bool:
    return norm.canonical_title(_text(value)) in TITLES


def _is_full_name(value: object) -> bool:
    text = _text(value)
    if " " not in text:  # a title, a first name and a last name have a space between two
        return False
    title, first, last = norm.split_full_name(text)
    return bool(title and first and last)


def _is_gender(value: object) -> bool:
    return _text(value).lower() in GENDER_WORDS


def _is_gender_or_code(value: object) -> bool:
    """Under a gender header, a personnel system's SEX codes (1, 2) fit too; alone, a column of
    ones and twos could be anything."""
    return _is_gender(value) or norm.plain(value) in SEX_CODES


def _is_type(value: object) -> bool:
    return norm.personnel_type(_text(value)) is not None


def _is_salary(value: object) -> bool:
    if isinstance(value, str) and not any(ch.isdigit() for ch in value):
        return False
    amount = norm.salary(value)
    return amount is not None and 1_000 <= amount <= 300_000


def _matches(pattern: re.Pattern[str]) -> Callable[[object], bool]:
    return lambda value: bool(pattern.match(_text(value) or norm.plain(value)))


def _is_level(value: object) -> bool:
    return _text(value) in LEVELS


def _is_name_word(value: object) -> bool:
    """A Thai word alone, as a first name or a surname is (a full name has a space)."""
    text = _text(value)
    if not _THAI_WORD.match(text):
        return False
    return not any(fits(text) for fits in _NOT_NAMES)


def _as_date(value: object, today: date) -> date | None:
    """A date cell, or text written as a date; not a number, which may be anything."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        return None
    return norm.parse_date(value, today).value


# field -> what each of its values must be (dates and names are told apart below)
_KINDS: dict[str, Callable[[object], bool]] = {
    "national_id": _is_id,
    "title": _is_title,
    "full_name": _is_full_name,
    "gender": _is_gender,
    "personnel_type": _is_type,
    "salary": _is_salary,
    "position_no": _matches(_POSITION_NO),
    "org_code": _matches(_ORG_CODE),
    "level": _is_level,
    "division": _matches(_DIVISION),
    "position": _matches(_POSITION),
}


_NOT_NAMES = (_is_title, _is_type, _is_gender, _is_level, _KINDS["division"], _KINDS["position"])


TESTED = (*_KINDS, "date", "name_word", "gender_or_code")  # what `column_content` measures


def column_values(rows: Sequence[list[object]], index: int) -> list[object]:
    """The filled cells of one column in the sample rows."""
    return [cells[index] for cells in rows if index < len(cells) and cells[index] not in ("", None)]


@dataclass(frozen=True)
class _Keyed:
    """A cell as a key of its own: `1`, `1.0` and `True` are equal in Python, and tell apart
    here (an ID, a salary, a boolean cell read otherwise)."""

    value: object

    def __hash__(self) -> int:
        return hash((type(self.value), self.value))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Keyed)
            and type(self.value) is type(other.value)
            and self.value == other.value
        )


@dataclass(frozen=True)
class ColumnContent:
    """What a column's sampled values fit: for each field (and `date`, `name_word`), the share
    of them; the middle one of its dates, which tells birth dates from appointments."""

    shares: dict[str, float]
    middle_date: date | None = None
    values: int = 0  # how many were sampled


def column_content(values: list[object], today: date) -> ColumnContent:
    if not values:
        return ColumnContent({})
    # each distinct value tested once, counted as often as it comes (titles, types and
    # divisions repeat; a layout was 0.07 s of checking 200,000 rows)
    counted = Counter(_Keyed(v) for v in values)

    def share(fits: Callable[[object], bool]) -> float:
        return sum(n for v, n in counted.items() if fits(v.value)) / len(values)

    found = {field: share(fits) for field, fits in _KINDS.items()}
    found["name_word"] = share(_is_name_word)
    found["gender_or_code"] = share(_is_gender_or_code)
    dates = [
        d
        for v, n in counted.items()
        if (d := _as_date(v.value, today)) is not None
        for _ in range(n)
    ]
    found["date"] = len(dates) / len(values)
    middle = statistics.median_low(dates) if dates else None
    shares = {f: share for f, share in found.items() if share > 0}
    return ColumnContent(shares, middle, len(values))
