"""Checks of spreadsheet rows: normalise each value, apply the row rules, build the record."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lhrctl.schemas.staff import StaffRecord
from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.normalise import DateValue
from lhrctl.staff_files.row_cells import spreadsheet_error
from lhrctl.staff_files.rules import ERROR, RULES, Finding
from lhrctl.staff_files.vocabulary import CANONICAL_TYPES, GENDER_WORDS, SEX_CODES
from lhrctl.thai import ascii_digits, be_numeric

# what a spreadsheet would run as a formula: `=…`, `+…`, `@…`, and `-…` (`-2+3+cmd|…`), but not
# the `-` of an empty mark or a bullet (`- กองคลัง`) nor a negative number
_FORMULA_LIKE = re.compile(r"^(?:[=+@]|-(?!\s|-|$|[\d.,]+$))")
_EMPTY_MARKS = {"", "-", "–", "—", "n/a"}
TEXT_FIELDS = ("title", "first_name", "last_name", "position", "position_no", "level", "division")


@dataclass(frozen=True)
class RowContext:
    sheet: str | None
    sheet_type: str | None  # the personnel type the sheet's name gives, if any
    org_code: str | None  # the file's LAO (from --org, the title rows or the file name)
    today: date
    division: str | None = None  # the one a section row above names, if any


def retirement_date(birth: date) -> date:
    """30 September of the fiscal year (1 Oct – 30 Sep) in which the person turns 60."""
    year = birth.year + 60
    return date(year + 1 if birth.month >= 10 else year, 9, 30)


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def possible_birth(birth: date, today: date) -> bool:
    """A birth date of someone in service today: 18 or older, not yet past retirement."""
    return _years_between(birth, today) >= 18 and retirement_date(birth) >= today


def possible_appointment(appointed: date, birth: date | None, today: date) -> bool:
    """Not in the future, and at 18 or older (when the birth date is known)."""
    return appointed <= today and (birth is None or _years_between(birth, appointed) >= 18)


Problem = tuple[str, str | None, str | None]  # rule, column, detail


def record_problems(
    title: str,
    first: str,
    last: str,
    gender: str | None,
    stated_gender: str | None,
    birth: date | None,
    appointed: date | None,
    kind: str | None,
    position: str,
    salary: float | None,
    today: date,
) -> list[Problem]:
    """The rules on canonical values, shared by file checks and checks of stored records.

    `gender` is the one the title implies, `stated_gender` the one a gender column gives.
    Runs once per row: the usual row, with no problem, allocates nothing but the empty list."""
    problems: list[Problem] = []
    _name_problems(problems, title, first, last, gender, stated_gender)
    _future_dates(problems, birth, appointed, today)
    _date_problems(problems, birth, appointed, today)
    _post_problems(problems, kind, position, salary)
    return problems


def _name_problems(
    problems: list[Problem],
    title: str,
    first: str,
    last: str,
    gender: str | None,
    stated_gender: str | None,
) -> None:
    if not (title and first and last):
        _missing_names(problems, title, first, last)
    _implausible_names(problems, first, last)
    if gender and stated_gender and stated_gender != gender:
        problems.append(("LHR203", "gender", f"{title} / {stated_gender}"))


def _implausible_names(problems: list[Problem], first: str, last: str) -> None:
    if first and not norm.name_is_plausible(first):
        problems.append(("LHR202", "first_name", None))
    if last and not norm.name_is_plausible(last):
        problems.append(("LHR202", "last_name", None))


def _missing_names(problems: list[Problem], title: str, first: str, last: str) -> None:
    missing = [
        f for f, v in (("title", title), ("first_name", first), ("last_name", last)) if not v
    ]
    problems.append(("LHR201", missing[0], ", ".join(missing)))


def _future_dates(
    problems: list[Problem], birth: date | None, appointed: date | None, today: date
) -> None:
    if birth is not None and birth > today:
        problems.append(("LHR305", "birth_date", None))
    if appointed is not None and appointed > today:
        problems.append(("LHR305", "appointed_on", None))


def _date_problems(
    problems: list[Problem], birth: date | None, appointed: date | None, today: date
) -> None:
    """Every type of staff is appointed at 18 or older and serves until retirement at most."""
    if birth is None or birth > today:
        return
    if appointed is not None:
        if _appointed_under_18(birth, appointed):
            problems.append(("LHR304", "appointed_on", None))
    elif _years_between(birth, today) < 18:  # in service today, so appointed by now
        problems.append(("LHR304", "birth_date", None))
    if retirement_date(birth) < today:
        problems.append(("LHR303", "birth_date", None))


def _appointed_under_18(birth: date, appointed: date) -> bool:
    """Appointed before the 18th birthday, or before birth: one of the two dates is wrong."""
    return _years_between(birth, appointed) < 18


def _post_problems(
    problems: list[Problem], kind: str | None, position: str, salary: float | None
) -> None:
    if kind not in CANONICAL_TYPES:
        problems.append(("LHR401", "personnel_type", None))
    if not position:
        problems.append(("LHR402", "position", None))
    if salary is None:
        problems.append(("LHR404", "salary", None))


@dataclass
class CheckedRows:
    """The outcome of a batch of rows, by position in the batch."""

    records: list[StaffRecord | None]  # None: the row is rejected (its findings say why)
    national_ids: list[str | None]  # as read, even for a rejected row, if there are 13 digits
    findings: list[Finding]  # in row order, each row's in the order the checks run


def check_batch(
    columns: dict[str, list[object]], numbers: list[int], ctx: RowContext
) -> CheckedRows:
    """Check a batch of rows given column by column (field -> its cells, `""` read as None).

    Each column is normalised in one pass, through the normalisers' caches (titles, types,
    positions and dates repeat); the rules that join fields then run row by row."""
    batch = _Batch(columns, numbers, ctx)
    batch.clear_spreadsheet_errors()
    ids = batch.national_ids()
    batch.clean_texts()
    titles, firsts, lasts, genders, stated = batch.names()
    births, appointed = batch.dates()
    type_labels, kinds = batch.kinds()
    positions, position_nos, levels, divisions = batch.posts()
    national_ids = [nid for nid, _ in ids]
    rows = zip(
        national_ids, titles, firsts, lasts, genders, stated, births, appointed, type_labels,
        kinds, positions, position_nos, levels, divisions,
        map(norm.salary, batch.column("salary")), batch.orgs(), strict=True,
    )  # fmt: skip
    records = [batch.record(i, row) for i, row in enumerate(rows)]
    findings = [f for i in sorted(batch.by_row) for f in batch.by_row[i]]
    return CheckedRows(records, national_ids, findings)


# one row's normalised values, in the order check_batch zips its columns
_Row = tuple[
    str | None, str, str, str, str | None, str | None, date | None, date | None, str,
    str | None, str, str | None, str | None, str | None, float | None, str | None,
]  # fmt: skip


class _Batch:
    """One batch on its way through the column steps, collecting findings by row."""

    def __init__(self, columns: dict[str, list[object]], numbers: list[int], ctx: RowContext):
        self.columns = columns
        self.numbers = numbers
        self.ctx = ctx
        self.count = len(numbers)
        self.by_row: dict[int, list[Finding]] = {}
        self.text: dict[str, list[str]] = {}
        self._nothing: list[object] = [None] * self.count  # a column the file does not have
        self._empty = [""] * self.count

    def column(self, field: str) -> list[object]:
        return self.columns.get(field) or self._nothing

    def text_column(self, field: str) -> list[str]:
        return self.text.get(field) or self._empty

    def flag(
        self, i: int, rule: str, column: str | None, value: object = None, detail: str | None = None
    ) -> None:
        shown = None if value is None or value == "" else norm.plain(value)
        finding = Finding(rule, self.ctx.sheet, self.numbers[i], column, shown, detail)
        self.by_row.setdefault(i, []).append(finding)

    def clear_spreadsheet_errors(self) -> None:
        """`#REF!`, `#N/A`… are flagged and read as empty."""
        for column, cells in self.columns.items():
            if "#" not in "".join(map(str, cells)):  # the usual case, without a loop in Python
                continue
            for i in [i for i, v in enumerate(cells) if isinstance(v, str) and v[:1] == "#"]:
                if spreadsheet_error(cells[i]):
                    self.flag(i, "LHR903", column, cells[i])
                    cells[i] = None

    def national_ids(self) -> list[tuple[str | None, str | None]]:
        raw_ids = self.column("national_id")
        ids = list(map(norm.national_id, raw_ids))
        for i in [i for i, (_, problem) in enumerate(ids) if problem]:
            self.flag(i, str(ids[i][1]), "national_id", raw_ids[i])
        return ids

    def clean_texts(self) -> None:
        """Text columns cleaned (NFC, odd spaces); a repair worth telling is flagged."""
        for field in (*TEXT_FIELDS, "full_name"):
            if field in self.columns:
                cleaned = list(map(norm.clean_text, self.columns[field]))
                self.text[field] = [c.value for c in cleaned]
                for i in [i for i, c in enumerate(cleaned) if c.repaired]:
                    self.flag(i, "LHR204", field, self.columns[field][i])
                self._flag_formulas(field)

    def _flag_formulas(self, field: str) -> None:
        """A value that would be a formula in a spreadsheet is kept as text, and said."""
        values = self.text[field]
        for i in [i for i, v in enumerate(values) if _FORMULA_LIKE.match(v)]:
            self.flag(i, "LHR205", field, values[i])

    def names(
        self,
    ) -> tuple[list[str], list[str], list[str], list[str | None], list[str | None]]:
        """Title, first and last name (split from a full-name column where they are missing);
        the gender a title implies and the one a gender column states."""
        titles = list(self.text_column("title"))
        firsts, lasts = list(self.text_column("first_name")), list(self.text_column("last_name"))
        for i, full in enumerate(self.text.get("full_name", [])):
            if not firsts[i]:
                title, firsts[i], lasts[i] = norm.split_full_name(full)
                titles[i] = titles[i] or title
        titles = list(map(norm.canonical_title, titles))
        stated: list[str | None] = (
            list(map(stated_gender, self.columns["gender"]))
            if "gender" in self.columns
            else [None] * self.count
        )
        genders = list(map(norm.gender_of_title, titles))
        return titles, firsts, lasts, genders, stated

    def dates(self) -> tuple[list[date | None], list[date | None]]:
        """Birth and appointment dates; an unreadable one flagged (a birth date must be there).
        A two-digit year is read in the century that makes the date possible for its field."""
        today = self.ctx.today
        births = self._dates("birth_date", lambda _i, d: possible_birth(d, today))
        appointed = self._dates(
            "appointed_on", lambda i, d: possible_appointment(d, births[i], today)
        )
        return births, appointed

    def _dates(self, field: str, possible: Callable[[int, date], bool]) -> list[date | None]:
        raw = self.column(field)
        parsed = [norm.parse_date(v, self.ctx.today) for v in raw]
        found: list[date | None] = [d.value for d in parsed]
        for i, d in enumerate(parsed):
            if d.problem or (d.value is None and field == "birth_date"):
                self.flag(i, "LHR301", field, raw[i])
            elif d.be_in_date_cell:
                self.flag(i, "LHR302", field, raw[i])
            elif d.other is not None:
                found[i] = self._century(i, field, raw[i], d, possible)
        return found

    def _century(
        self,
        i: int,
        field: str,
        raw: object,
        read: DateValue,
        possible: Callable[[int, date], bool],
    ) -> date | None:
        """The reading of a two-digit year that is possible, the usual one first; when neither
        is, the row is flagged with both."""
        readings = [d for d in (read.value, read.other) if d is not None]
        for reading in readings:
            if possible(i, reading):
                return reading
        self.flag(i, "LHR306", field, raw, "|".join(be_numeric(d) for d in sorted(readings)))
        return None

    def kinds(self) -> tuple[list[str], list[str | None]]:
        """The personnel type a row names, else the one its sheet's name gives."""
        sheet_type = self.ctx.sheet_type
        if "personnel_type" not in self.columns:
            return self._empty, [sheet_type] * self.count
        labels = [norm.clean_text(v).value for v in self.columns["personnel_type"]]
        kinds = [norm.personnel_type(t) if t else sheet_type for t in labels]
        return labels, kinds

    def posts(self) -> tuple[list[str], list[str | None], list[str | None], list[str | None]]:
        divisions = _or_none(self.text_column("division"))
        if self.ctx.division is not None:  # under a section row: a blank cell is the section's
            divisions = [d or self.ctx.division for d in divisions]
        position_nos = _or_none(self.text_column("position_no"))
        return (
            self.text_column("position"),
            position_nos,
            _or_none(self.text_column("level")),
            divisions,
        )

    def orgs(self) -> list[str | None]:
        """A row's LAO column, else the file's LAO."""
        if "org_code" not in self.columns:
            return [self.ctx.org_code] * self.count
        cleaned = (ascii_digits(norm.clean_text(v).value) for v in self.columns["org_code"])
        return [code or self.ctx.org_code for code in cleaned]

    def record(self, i: int, row: _Row) -> StaffRecord | None:
        """Row i's record after the rules that join fields; None when it is rejected. Runs once
        per row: the values come unpacked, not looked up."""
        (nid, title, first, last, gender, stated, birth, appointed, label, kind, position,
         position_no, level, division, pay, org) = row  # fmt: skip
        problems = record_problems(
            title,
            first,
            last,
            gender,
            stated,
            birth,
            appointed,
            kind,
            position,
            pay,
            self.ctx.today,
        )
        if problems:
            self._flag_problems(i, problems, first, last, label)
        if nid is None or birth is None or kind is None or pay is None or org is None:
            return None
        if any(RULES[f.rule].severity == ERROR for f in self.by_row.get(i, ())):
            return None
        return StaffRecord(  # positional, in FIELDS order
            nid, title, first, last, gender or stated, birth, kind, position, position_no, level,
            division, pay, appointed, org,
        )  # fmt: skip

    def _flag_problems(
        self, i: int, problems: list[Problem], first: str, last: str, type_label: str
    ) -> None:
        shown = {
            "first_name": first,
            "last_name": last,
            "gender": self.column("gender")[i],
            "birth_date": self.column("birth_date")[i],
            "appointed_on": self.column("appointed_on")[i],
            "personnel_type": type_label or None,
            "salary": self.column("salary")[i],
        }
        for rule, where, detail in problems:
            self.flag(i, rule, where, shown.get(where) if where else None, detail)


def stated_gender(raw: object) -> str | None:
    """The gender a gender column's cell states (`ชาย`, `F`, `2`), if any."""
    stated = norm.clean_text(raw).value.lower()
    return (GENDER_WORDS.get(stated) or SEX_CODES.get(stated)) if stated else None


def _or_none(values: list[str]) -> list[str | None]:
    """`-`, `n/a` and the like mean no value."""
    return [None if v.lower() in _EMPTY_MARKS else v for v in values]
