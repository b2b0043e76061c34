"""Checks of one spreadsheet row: normalise each value, apply the row rules, build the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lhrctl.importers import normalise as norm
from lhrctl.importers.vocabulary import CANONICAL_TYPES
from lhrctl.schemas.staff import StaffRecord
from lhrctl.services.rules.catalogue import ERROR, RULES, Finding

_SPREADSHEET_ERROR = re.compile(r"^#(REF!|VALUE!|N/A|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$")
_GENDERS = {
    "ชาย": "male",
    "หญิง": "female",
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
    text_fields: tuple[str, ...] = (*TEXT_FIELDS, "full_name")  # those the sheet has, if known


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


def check_row(
    cells: dict[str, object], row: int, ctx: RowContext
) -> tuple[StaffRecord | None, list[Finding]]:
    findings: list[Finding] = []

    def flag(
        rule: str, column: str | None, value: object = None, detail: str | None = None
    ) -> None:
        shown = None if value is None or value == "" else str(value)
        findings.append(Finding(rule, ctx.sheet, row, column, shown, detail))

    marked = [c for c, v in cells.items() if isinstance(v, str) and v[:1] == "#"]
    for column in marked:
        value = cells[column]
        if _SPREADSHEET_ERROR.match(str(value).strip()):
            flag("LHR903", column, value)
            cells[column] = None

    nid, problem = norm.national_id(cells.get("national_id"))
    if problem:
        flag(problem, "national_id", cells.get("national_id"))

    text: dict[str, str] = {}
    repaired: list[str] = []
    for field in ctx.text_fields:
        if field in cells:
            cleaned = norm.clean_text(cells[field])
            text[field] = cleaned.value
            if cleaned.repaired:
                repaired.append(field)
    if "full_name" in text and not text.get("first_name"):
        title, first, last = norm.split_full_name(text["full_name"])
        text["title"] = text.get("title") or title
        text["first_name"], text["last_name"] = first, last
    title = norm.canonical_title(text.get("title", ""))
    first, last = text.get("first_name", ""), text.get("last_name", "")
    for field in repaired:
        flag("LHR204", field, cells.get(field))

    gender = norm.gender_of_title(title)
    stated = norm.clean_text(cells.get("gender")).value.lower()
    stated_gender = _GENDERS.get(stated) if stated else None

    dates: dict[str, date | None] = {}
    for field in ("birth_date", "appointed_on"):
        raw = cells.get(field)
        parsed = norm.parse_date(raw, ctx.today)
        if parsed.problem or (parsed.value is None and field == "birth_date"):
            flag("LHR301", field, raw)
        elif parsed.be_in_date_cell:
            flag("LHR302", field, raw)
        dates[field] = parsed.value
    birth, appointed = dates["birth_date"], dates["appointed_on"]

    type_raw = norm.clean_text(cells.get("personnel_type")).value
    kind = norm.personnel_type(type_raw) if type_raw else ctx.sheet_type
    position = text.get("position", "")
    position_no = text.get("position_no", "")
    level = text.get("level", "")
    division = text.get("division", "")
    pay = norm.salary(cells.get("salary"))

    problems = record_problems(
        title, first, last, gender, stated_gender, birth, appointed, kind, position, pay, ctx.today
    )
    if problems:
        shown = {
            "first_name": first,
            "last_name": last,
            "gender": cells.get("gender"),
            "birth_date": cells.get("birth_date"),
            "appointed_on": cells.get("appointed_on"),
            "personnel_type": type_raw or None,
            "salary": cells.get("salary"),
        }
        for rule, where, detail in problems:
            flag(rule, where, shown.get(where) if where else None, detail)
    if stated_gender and not gender:
        gender = stated_gender

    org_code = ctx.org_code
    org_raw = norm.thai_digits_to_ascii(norm.clean_text(cells.get("org_code")).value)
    if org_raw:
        org_code = org_raw

    if nid is None or birth is None or kind is None or pay is None or org_code is None:
        return None, findings
    if findings and any(RULES[f.rule].severity == ERROR for f in findings):
        return None, findings
    record = StaffRecord(  # positional, in FIELDS order: this runs for every row
        nid,
        title,
        first,
        last,
        gender,
        birth,
        kind,
        position,
        None if position_no.lower() in _EMPTY_MARKS else position_no,
        None if level.lower() in _EMPTY_MARKS else level,
        None if division.lower() in _EMPTY_MARKS else division,
        pay,
        appointed,
        org_code,
    )
    return record, findings
