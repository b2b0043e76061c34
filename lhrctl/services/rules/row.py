"""Checks of one spreadsheet row: normalise each value, apply the row rules, build the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lhrctl.importers import normalise as norm
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


def retirement_date(birth: date) -> date:
    """30 September of the fiscal year (1 Oct – 30 Sep) in which the person turns 60."""
    year = birth.year + 60
    return date(year + 1 if birth.month >= 10 else year, 9, 30)


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def check_row(
    cells: dict[str, object], row: int, ctx: RowContext
) -> tuple[StaffRecord | None, list[Finding]]:
    findings: list[Finding] = []

    def flag(
        rule: str, column: str | None, value: object = None, detail: str | None = None
    ) -> None:
        shown = None if value is None or value == "" else str(value)
        findings.append(Finding(rule, ctx.sheet, row, column, shown, detail))

    for column, value in cells.items():
        if isinstance(value, str) and _SPREADSHEET_ERROR.match(value.strip()):
            flag("LHR903", column, value)
            cells[column] = None

    nid, problem = norm.national_id(cells.get("national_id"))
    if problem:
        flag(problem, "national_id", cells.get("national_id"))

    text: dict[str, str] = {}
    repaired: list[str] = []
    for field in (*TEXT_FIELDS, "full_name"):
        if field in cells:
            cleaned = norm.clean_text(cells[field])
            text[field] = cleaned.value
            if cleaned.repaired:
                repaired.append(field)
    if "full_name" in text and not text.get("first_name"):
        title, first, last = norm.split_full_name(text["full_name"])
        text.setdefault("title", title)
        text["title"] = text["title"] or title
        text["first_name"], text["last_name"] = first, last
    title = norm.canonical_title(text.get("title", ""))
    first, last = text.get("first_name", ""), text.get("last_name", "")
    missing = [
        f for f, v in (("title", title), ("first_name", first), ("last_name", last)) if not v
    ]
    if missing:
        flag("LHR201", missing[0], None, ", ".join(missing))
    for field, value in (("first_name", first), ("last_name", last)):
        if value and not norm.name_is_plausible(value):
            flag("LHR202", field, value)
    for field in repaired:
        flag("LHR204", field, cells.get(field))

    gender = norm.gender_of_title(title)
    stated = norm.clean_text(cells.get("gender")).value.lower()
    if stated:
        stated_gender = _GENDERS.get(stated)
        if gender and stated_gender and stated_gender != gender:
            flag("LHR203", "gender", cells.get("gender"), f"{title} / {stated}")
        gender = gender or stated_gender

    dates: dict[str, date | None] = {}
    for field in ("birth_date", "appointed_on"):
        raw = cells.get(field)
        parsed = norm.parse_date(raw, ctx.today)
        if parsed.problem or (parsed.value is None and field == "birth_date"):
            flag("LHR301", field, raw)
        elif parsed.value is not None:
            if parsed.be_in_date_cell:
                flag("LHR302", field, raw)
            if parsed.value > ctx.today:
                flag("LHR305", field, raw)
        dates[field] = parsed.value
    birth, appointed = dates["birth_date"], dates["appointed_on"]
    if birth and appointed and appointed >= birth and _years_between(birth, appointed) < 18:
        flag("LHR304", "appointed_on", cells.get("appointed_on"))
    if birth and birth <= ctx.today and retirement_date(birth) < ctx.today:
        flag("LHR303", "birth_date", cells.get("birth_date"))

    type_raw = norm.clean_text(cells.get("personnel_type")).value
    kind = norm.personnel_type(type_raw) if type_raw else ctx.sheet_type
    if kind is None:
        flag("LHR401", "personnel_type", type_raw or None)

    position = text.get("position", "")
    if not position:
        flag("LHR402", "position")
    position_no = text.get("position_no", "")
    level = text.get("level", "")
    division = text.get("division", "")

    pay = norm.salary(cells.get("salary"))
    if pay is None:
        flag("LHR404", "salary", cells.get("salary"))

    org_code = ctx.org_code
    org_raw = norm.thai_digits_to_ascii(norm.clean_text(cells.get("org_code")).value)
    if org_raw:
        org_code = org_raw

    if any(RULES[f.rule].severity == ERROR for f in findings) or nid is None or birth is None:
        return None, findings
    if kind is None or pay is None or org_code is None:
        return None, findings
    record = StaffRecord(
        national_id=nid,
        title=title,
        first_name=first,
        last_name=last,
        gender=gender,
        birth_date=birth,
        personnel_type=kind,
        position=position,
        position_no=None if position_no.lower() in _EMPTY_MARKS else position_no,
        level=None if level.lower() in _EMPTY_MARKS else level,
        division=None if division.lower() in _EMPTY_MARKS else division,
        salary=pay,
        appointed_on=appointed,
        org_code=org_code,
    )
    return record, findings
