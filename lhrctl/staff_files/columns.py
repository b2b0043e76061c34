"""Which column is which field: told by the header and by the values under it together.

A header that names a field (a synonym, a personnel system's field name) gives it that field;
one that only holds a telling word (บัตร + ประชาชน, `…SALARY…`) is a weaker claim, settled by
the values when two columns claim one field. A field no header names goes to the column whose
values fit it best: valid IDs, titles, salaries, dates (the earlier column the birth dates),
Thai single words (first names, then surnames). Each field goes to one column, each column to
one field; `--mapping` comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lhrctl.staff_files.content import (
    MIN_SHARE,
    TESTED,
    ColumnContent,
    column_content,
    column_values,
)
from lhrctl.staff_files.normalise import clean_text
from lhrctl.staff_files.vocabulary import HEADER_INDEX, NOTE_TITLES, label_key

EXACT, TOKEN = 1.0, 0.5  # what a header's claim is worth
MAPPING, HEADER, VALUES = "mapping", "header", "values"  # what gave a column its field

# words that make a header's claim when it is no synonym, tried in order: (field, pattern on
# the label's key: no spaces or punctuation, lower case, without a system's `temp` prefix)
_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (field, re.compile(pattern))
    for field, pattern in (
        ("national_id", r"บัตร.*(?:ประชาชน|ประจำตัว)|ประชาชน|cardno|idcard|citizen"),
        ("position_no", r"เลข.*ตำแหน่ง|ตำแหน่งเลข|posno|positionno"),
        ("birth_date", r"เกิด|birth"),
        ("appointed_on", r"บรรจุ|เริ่ม(?:จ้าง|งาน|ปฏิบัติ)|begdate|startdate|appoint"),
        ("level", r"ระดับ|level"),
        ("position", r"ตำแหน่ง|posname|position"),
        ("salary", r"เงินเดือน|ค่าจ้าง|ค่าตอบแทน|salary"),
        ("title", r"คำนำหน้า|prename|titname|title"),
        ("gender", r"เพศ|sex|gender"),
        ("personnel_type", r"ประเภท.*(?:บุคลากร|พนักงาน|การจ้าง)"),
        ("division", r"สังกัด|ส่วนราชการ|หน่วยงาน|^กอง|แผนก|depname|department|division"),
        ("full_name", r"ชื่อ.*สกุล|fullname"),
        ("last_name", r"สกุล|lname|lastname|surname"),
        ("first_name", r"^ชื่อ|fname|firstname"),
    )
)
# fields the values alone may give (dates and names are told apart by `_dates`, `_names`);
# not an LAO code: seven digits may be any code, and a row's LAO is too much to guess
_BY_CONTENT = (
    "national_id", "full_name", "title", "salary", "personnel_type", "gender", "position_no",
    "level", "division", "position",
)  # fmt: skip
_ADULT, _RETIRED = timedelta(days=18 * 365), timedelta(days=61 * 365)  # a birth date's age


@dataclass(frozen=True)
class Evidence:
    """Why a column became a field: the officer's --mapping, its header, or its values alone;
    and the share of its sampled values that fit the field (None when there is no sample)."""

    field: str
    column: int
    source: str  # MAPPING, HEADER or VALUES
    share: float | None


@lru_cache(maxsize=4096)
def header_claim(label: str) -> tuple[str, float] | None:
    """The field a header label names (EXACT: `เลขประจำตัวประชาชน (Citizen ID)`, `ID_CARD`,
    `tempCardNo`) or hints at (TOKEN: `หมายเลขบัตรประจำตัวผู้ปฏิบัติงาน`)."""
    text = clean_text(label).value
    if text.startswith(tuple(NOTE_TITLES.values())):  # a marked-up copy's column of findings
        return None
    keys = _label_keys(text)
    for key in keys:
        if key in HEADER_INDEX:
            return HEADER_INDEX[key], EXACT
    bare = keys[-1] if keys[0].startswith("temp") else keys[0]
    for field, pattern in _TOKENS:
        if bare and pattern.search(bare):
            return field, TOKEN
    return None


def _label_keys(text: str) -> list[str]:
    """The label's key; the keys of its parts around a bracket; a form system's field name
    without its `temp` prefix."""
    keys = [label_key(text)]
    if "(" in text:
        before, _, inside = text.partition("(")
        keys += [label_key(before), label_key(inside.rstrip(")"))]
    keys += [k.removeprefix("temp") for k in keys[:1] if len(k) > 4]  # a form system's fields
    return keys


def recognise(
    labels: list[str],
    sample: list[list[object]],
    today: date,
    overrides: dict[str, str] | None = None,
) -> dict[str, Evidence]:
    """Each field's column: --mapping's, then the header's claims (exact names first, then the
    values' share), then what the values alone say."""
    width = max([len(labels), *(len(cells) for cells in sample)])
    contents = [column_content(column_values(sample, j), today) for j in range(width)]
    choice = _Choice(contents, today)
    for label, target in (overrides or {}).items():
        if label in labels:
            choice.give(target, labels.index(label), MAPPING)
    for _, _, j, field in sorted(_claims(labels, contents), reverse=True):
        choice.give(field, -j, HEADER)
    choice.by_content()
    return choice.found


def _claims(
    labels: list[str], contents: list[ColumnContent]
) -> list[tuple[float, float, int, str]]:
    """(claim's worth, values' share, -column, field) of each header that names or hints at
    a field, but for hints the values deny."""
    found = []
    for j, label in enumerate(labels):
        claim = header_claim(label)
        if claim is None:
            continue
        field, score = claim
        if field == "full_name" and _single_words(contents[j]):
            field = "first_name"  # `Name`, `ชื่อ` over first names, a surname column beside
        if score == EXACT or not _belied(contents[j], field):
            found.append((score, contents[j].shares.get(_tested(field), 0.0), -j, field))
    return found


def _belied(content: ColumnContent, field: str) -> bool:
    """A header's hint the values deny: `ชื่อผู้ปฏิบัติงาน` over full names is no first name."""
    tested = _tested(field)
    if not content.values or tested not in TESTED or content.shares.get(tested, 0.0) >= 0.5:
        return False
    return any(share >= MIN_SHARE for share in content.shares.values())


def _single_words(content: ColumnContent) -> bool:
    shares = content.shares
    return shares.get("name_word", 0.0) >= MIN_SHARE and shares.get("full_name", 0.0) < 0.5


def _tested(field: str) -> str:
    """The content test that speaks for a field."""
    if field in ("birth_date", "appointed_on"):
        return "date"
    if field == "gender":
        return "gender_or_code"
    return "name_word" if field in ("first_name", "last_name") else field


class _Choice:
    """Fields given to columns, one each way."""

    def __init__(self, contents: list[ColumnContent], today: date):
        self.contents = contents
        self.today = today
        self.found: dict[str, Evidence] = {}
        self.taken: set[int] = set()

    def give(self, field: str, column: int, source: str) -> None:
        if field in self.found or column in self.taken:
            return
        content = self.contents[column] if column < len(self.contents) else None
        tested = _tested(field)
        share = (
            content.shares.get(tested, 0.0)
            if content and content.values and tested in TESTED
            else None
        )
        self.found[field] = Evidence(field, column, source, share)
        self.taken.add(column)

    def free(self, field: str) -> list[tuple[float, int]]:
        """The untaken columns whose values fit `field` well enough, best first, then leftmost."""
        fits = (
            (content.shares.get(field, 0.0), -j)
            for j, content in enumerate(self.contents)
            if j not in self.taken
        )
        return [(share, -j) for share, j in sorted(fits, reverse=True) if share >= MIN_SHARE]

    def by_content(self) -> None:
        for field in _BY_CONTENT:
            if field not in self.found and (best := self.free(field)):
                self.give(field, best[0][1], VALUES)
        self._dates()
        self._names()

    def _dates(self) -> None:
        """Birth dates in the earliest date column whose middle is 18 to 61 years back; an
        appointment in the earliest later one that is not in the future (a retirement date is)."""
        columns = self._date_columns()
        if "birth_date" not in self.found:
            births = [j for middle, j in columns if _ADULT <= self.today - middle <= _RETIRED]
            if births:
                self.give("birth_date", births[0], VALUES)
        later = [j for middle, j in columns if j not in self.taken and self._after_birth(middle)]
        if "appointed_on" not in self.found and later:
            self.give("appointed_on", later[0], VALUES)

    def _date_columns(self) -> list[tuple[date, int]]:
        """The untaken columns of dates, by their middle date."""
        middles = ((self.contents[j].middle_date, j) for _, j in self.free("date"))
        return sorted((middle, j) for middle, j in middles if middle is not None)

    def _after_birth(self, middle: date) -> bool:
        born = self.found.get("birth_date")
        birth = self.contents[born.column].middle_date if born else None
        return middle <= self.today and (birth is None or middle > birth)

    def _names(self) -> None:
        """Single Thai words: first names, then surnames, left to right."""
        if "full_name" in self.found:
            return
        columns = sorted(j for _, j in self.free("name_word"))
        missing = [f for f in ("first_name", "last_name") if f not in self.found]
        for field, j in zip(missing, columns, strict=False):
            self.give(field, j, VALUES)
