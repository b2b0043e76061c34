"""Checks of spreadsheet rows: normalise each value, apply the row rules, build the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lhrctl.schemas.staff import StaffRecord
from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.rules import ERROR, RULES, Finding
from lhrctl.staff_files.vocabulary import CANONICAL_TYPES

_SPREADSHEET_ERROR = re.compile(r"^#(REF!|VALUE!|N/A|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$")
_GENDERS = {
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

    `gender` is the one the title implies, `stated_gender` the one a gender column gives."""
    problems: list[Problem] = []
    if not (title and first and last):
        missing = [
            f for f, v in (("title", title), ("first_name", first), ("last_name", last)) if not v
        ]
        problems.append(("LHR201", missing[0], ", ".join(missing)))
    if first and not norm.name_is_plausible(first):
        problems.append(("LHR202", "first_name", None))
    if last and not norm.name_is_plausible(last):
        problems.append(("LHR202", "last_name", None))
    if gender and stated_gender and stated_gender != gender:
        problems.append(("LHR203", "gender", f"{title} / {stated_gender}"))
    if birth is not None and birth > today:
        problems.append(("LHR305", "birth_date", None))
    if appointed is not None and appointed > today:
        problems.append(("LHR305", "appointed_on", None))
    if birth and appointed and appointed >= birth and _years_between(birth, appointed) < 18:
        problems.append(("LHR304", "appointed_on", None))
    if birth and birth <= today and retirement_date(birth) < today:
        problems.append(("LHR303", "birth_date", None))
    if kind not in CANONICAL_TYPES:
        problems.append(("LHR401", "personnel_type", None))
    if not position:
        problems.append(("LHR402", "position", None))
    if salary is None:
        problems.append(("LHR404", "salary", None))
    return problems


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
    count = len(numbers)
    nothing: list[object] = [None] * count
    by_row: dict[int, list[Finding]] = {}
    today = ctx.today

    def flag(
        i: int, rule: str, column: str | None, value: object = None, detail: str | None = None
    ) -> None:
        shown = None if value is None or value == "" else str(value)
        finding = Finding(rule, ctx.sheet, numbers[i], column, shown, detail)
        by_row.setdefault(i, []).append(finding)

    for column, cells in columns.items():
        if "#" not in "".join(map(str, cells)):  # the usual case, without a loop in Python
            continue
        for i in [i for i, v in enumerate(cells) if isinstance(v, str) and v[:1] == "#"]:
            if _SPREADSHEET_ERROR.match(str(cells[i]).strip()):
                flag(i, "LHR903", column, cells[i])
                cells[i] = None

    raw_ids = columns.get("national_id", nothing)
    ids = list(map(norm.national_id, raw_ids))
    for i in [i for i, (_, problem) in enumerate(ids) if problem]:
        flag(i, str(ids[i][1]), "national_id", raw_ids[i])

    text: dict[str, list[str]] = {}
    for field in (*TEXT_FIELDS, "full_name"):
        if field in columns:
            cleaned = list(map(norm.clean_text, columns[field]))
            text[field] = [c.value for c in cleaned]
            for i in [i for i, c in enumerate(cleaned) if c.repaired]:
                flag(i, "LHR204", field, columns[field][i])
    empty = [""] * count
    titles = text.get("title", empty)
    firsts, lasts = text.get("first_name", empty), text.get("last_name", empty)
    if "full_name" in text:
        titles, firsts, lasts = list(titles), list(firsts), list(lasts)
        for i, full in enumerate(text["full_name"]):
            if not firsts[i]:
                title, firsts[i], lasts[i] = norm.split_full_name(full)
                titles[i] = titles[i] or title
    titles = list(map(norm.canonical_title, titles))
    genders = list(map(norm.gender_of_title, titles))
    stated: list[str | None] = (
        [_stated_gender(v) for v in columns["gender"]] if "gender" in columns else [None] * count
    )

    dates: dict[str, list[date | None]] = {}
    for field in ("birth_date", "appointed_on"):
        raw = columns.get(field, nothing)
        parsed = [norm.parse_date(v, today) for v in raw]
        for i in [
            i for i, d in enumerate(parsed) if d.problem or d.be_in_date_cell or d.value is None
        ]:
            if parsed[i].problem or (parsed[i].value is None and field == "birth_date"):
                flag(i, "LHR301", field, raw[i])
            elif parsed[i].be_in_date_cell:
                flag(i, "LHR302", field, raw[i])
        dates[field] = [d.value for d in parsed]
    births, appointed = dates["birth_date"], dates["appointed_on"]

    raw_types = columns.get("personnel_type")
    type_labels = [norm.clean_text(v).value for v in raw_types] if raw_types else empty
    kinds = [norm.personnel_type(t) if t else ctx.sheet_type for t in type_labels]
    positions = text.get("position", empty)
    position_nos = _or_none(text.get("position_no", empty))
    levels = _or_none(text.get("level", empty))
    divisions = _or_none(text.get("division", empty))
    if ctx.division is not None:  # under a section row: a blank cell is the section's
        divisions = [d or ctx.division for d in divisions]
    raw_pay = columns.get("salary", nothing)
    pays = list(map(norm.salary, raw_pay))
    orgs = (
        [norm.thai_digits_to_ascii(norm.clean_text(v).value) or ctx.org_code for v in raw_orgs]
        if (raw_orgs := columns.get("org_code"))
        else [ctx.org_code] * count
    )

    records: list[StaffRecord | None] = []
    for i in range(count):
        nid, title, first, last, birth, kind, pay = (
            ids[i][0],
            titles[i],
            firsts[i],
            lasts[i],
            births[i],
            kinds[i],
            pays[i],
        )
        gender, said = genders[i], stated[i]
        problems = record_problems(
            title, first, last, gender, said, birth, appointed[i], kind, positions[i], pay, today
        )
        if problems:
            shown = {
                "first_name": first,
                "last_name": last,
                "gender": columns.get("gender", nothing)[i],
                "birth_date": columns.get("birth_date", nothing)[i],
                "appointed_on": columns.get("appointed_on", nothing)[i],
                "personnel_type": type_labels[i] or None,
                "salary": raw_pay[i],
            }
            for rule, where, detail in problems:
                flag(i, rule, where, shown.get(where) if where else None, detail)
        org = orgs[i]
        if nid is None or birth is None or kind is None or pay is None or org is None:
            records.append(None)
            continue
        found = by_row.get(i)
        if found and any(RULES[f.rule].severity == ERROR for f in found):
            records.append(None)
            continue
        records.append(
            StaffRecord(  # positional, in FIELDS order
                nid,
                title,
                first,
                last,
                gender or said,
                birth,
                kind,
                positions[i],
                position_nos[i],
                levels[i],
                divisions[i],
                pay,
                appointed[i],
                org,
            )
        )
    findings = [f for i in sorted(by_row) for f in by_row[i]]
    return CheckedRows(records, [nid for nid, _ in ids], findings)


def _stated_gender(raw: object) -> str | None:
    stated = norm.clean_text(raw).value.lower()
    return _GENDERS.get(stated) if stated else None


def _or_none(values: list[str]) -> list[str | None]:
    """`-`, `n/a` and the like mean no value."""
    return [None if v.lower() in _EMPTY_MARKS else v for v in values]
