"""The rules that span a person's record of service (LHR711-LHR718): one person's sections at a
time, whether they come from a ก.พ.7 workbook (each row knows its sheet and row) or from the
database (`validate --org/--all`, where a finding names the LAO and the person).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from lhrctl.schemas.sections import DECORATION_RANK, SALARY_PENALTIES
from lhrctl.staff_files.checks import retirement_date
from lhrctl.staff_files.rules import Finding
from lhrctl.thai import be_numeric, be_year

_SAME_POSITION = ("position", "position_no", "level", "division", "salary")
# the fields each section's rules read (and all a stored check needs to fetch)
READS = {
    "positions": ("effective_on", "movement", *_SAME_POSITION),
    "education": ("graduated_year",),
    "training": ("starts_on", "ends_on"),
    "decorations": ("decoration_class", "received_on"),
    "leave": ("starts_on", "ends_on"),
    "discipline": ("penalty", "ordered_on"),
}


class Entry(NamedTuple):
    """A section row and where it is: a file's sheet and row, or (stored) neither. A tuple:
    `validate --all` makes millions of them."""

    values: Mapping[str, Any]
    sheet: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class Person:
    national_id: str
    org_code: str
    birth_date: date | None
    appointed_on: date | None


class _Findings:
    def __init__(self, person: Person):
        self.person = person
        self.found: list[Finding] = []

    def add(self, rule: str, entry: Entry, column: str, detail: str | None = None) -> None:
        value = entry.values.get(column)
        shown = be_numeric(value) if isinstance(value, date) else value
        shown = _money(value) if column == "salary" else shown
        if entry.sheet is None:  # a stored row: named by its LAO and its person
            self.found.append(
                Finding(rule, self.person.org_code, None, column, _text(shown), detail,
                        self.person.national_id)
            )  # fmt: skip
        else:
            self.found.append(Finding(rule, entry.sheet, entry.row, column, _text(shown), detail))


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _money(value: object) -> str | None:
    """A salary as people write it: 30,000.00 (an int or a float)."""
    return None if value is None else f"{float(value):,.2f}"  # type: ignore[arg-type]


def record_findings(person: Person, sections: Mapping[str, Sequence[Entry]]) -> list[Finding]:
    """LHR711-LHR718 on one person's sections."""
    found = _Findings(person)
    _positions(found, sections.get("positions", ()), sections.get("discipline", ()))
    _leave(found, sections.get("leave", ()))
    _spans(found, sections.get("training", ()))
    _education(found, sections.get("education", ()))
    _decorations(found, sections.get("decorations", ()))
    return found.found


def _by(entries: Iterable[Entry], key: str) -> list[Entry]:
    return sorted(
        (e for e in entries if e.values.get(key) is not None), key=lambda e: e.values[key]
    )


def _positions(found: _Findings, positions: Sequence[Entry], discipline: Sequence[Entry]) -> None:
    cuts = [
        e.values["ordered_on"]
        for e in discipline
        if e.values.get("ordered_on") and _lowers_salary(e.values.get("penalty"))
    ]
    previous: Entry | None = None  # the last row of the date before
    for entry in _by(positions, "effective_on"):
        _in_service(found, entry)
        if previous is None:
            previous = entry
        elif previous.values["effective_on"] == entry.values["effective_on"]:
            if any(previous.values.get(k) != entry.values.get(k) for k in _SAME_POSITION):
                found.add("LHR717", entry, "effective_on", _position_text(previous))
        else:
            if _fell(previous, entry, cuts):
                found.add("LHR711", entry, "salary", _money(previous.values.get("salary")))
            previous = entry


def _lowers_salary(penalty: str | None) -> bool:
    return any(word in (penalty or "") for word in SALARY_PENALTIES)


def _in_service(found: _Findings, entry: Entry) -> None:
    """LHR712/LHR713: a position row before the appointment, or after the retirement."""
    person, on = found.person, entry.values["effective_on"]
    if person.appointed_on and on < person.appointed_on:
        found.add("LHR712", entry, "effective_on", be_numeric(person.appointed_on))
    retires = retirement_date(person.birth_date) if person.birth_date else None
    if retires and on > retires:
        found.add("LHR713", entry, "effective_on", be_numeric(retires))


def _fell(before: Entry, entry: Entry, cuts: list[date]) -> bool:
    """The salary is lower than before, with no demotion, and no salary penalty ordered since."""
    old, new = before.values.get("salary"), entry.values.get("salary")
    if old is None or new is None or new >= old or entry.values.get("movement") == "demoted":
        return False
    since, on = before.values["effective_on"], entry.values["effective_on"]
    return not any(since < cut <= on for cut in cuts)


def _position_text(entry: Entry) -> str:
    values = entry.values
    parts = [values.get("position"), values.get("level"), _money(values.get("salary"))]
    return " ".join(str(p) for p in parts if p)


def _leave(found: _Findings, leave: Sequence[Entry]) -> None:
    _spans(found, leave)
    latest: Entry | None = None  # the leave that ends last among those begun so far
    for entry in _by(leave, "starts_on"):
        ends = entry.values.get("ends_on")
        if ends is None or ends < entry.values["starts_on"]:
            continue
        if latest is not None and entry.values["starts_on"] <= latest.values["ends_on"]:
            span = (
                f"{be_numeric(latest.values['starts_on'])}–{be_numeric(latest.values['ends_on'])}"
            )
            found.add("LHR714", entry, "starts_on", span)
        if latest is None or ends > latest.values["ends_on"]:
            latest = entry


def _spans(found: _Findings, entries: Sequence[Entry]) -> None:
    for entry in entries:
        starts, ends = entry.values.get("starts_on"), entry.values.get("ends_on")
        if starts is not None and ends is not None and ends < starts:
            found.add("LHR718", entry, "ends_on")


def _education(found: _Findings, education: Sequence[Entry]) -> None:
    birth = found.person.birth_date
    if birth is None:
        return
    born = be_year(birth.year)
    for entry in education:
        year = entry.values.get("graduated_year")
        if year is not None and year - born < 15:
            found.add("LHR715", entry, "graduated_year", str(born))


def _decorations(found: _Findings, decorations: Sequence[Entry]) -> None:
    highest: Entry | None = None
    for entry in _by(decorations, "received_on"):
        rank = DECORATION_RANK.get(entry.values.get("decoration_class") or "")
        if rank is None:
            continue
        if highest is not None and rank <= DECORATION_RANK[highest.values["decoration_class"]]:
            found.add("LHR716", entry, "decoration_class", highest.values["decoration_class"])
        else:
            highest = entry
