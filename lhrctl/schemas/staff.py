"""The row schema of a staff record: the canonical fields of DESIGN.md ("Records")."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, get_type_hints


class StaffRecord(NamedTuple):
    """One person's record, its values in the canonical order: a tuple, because an import makes one
    per row and hands them to the database as they are."""

    national_id: str
    title: str
    first_name: str
    last_name: str
    gender: str | None
    birth_date: date
    personnel_type: str
    position: str
    position_no: str | None
    level: str | None
    division: str | None
    salary: float
    appointed_on: date | None
    org_code: str


FIELDS: tuple[str, ...] = StaffRecord._fields  # the canonical order, written once
# the fields that hold dates (ISO text in JSON and CSV, the Buddhist Era where people read them)
DATE_FIELDS: tuple[str, ...] = tuple(
    name for name, kind in get_type_hints(StaffRecord).items() if kind in (date, date | None)
)

# The same record as a mapping of its fields, typed: what crosses the wire to a workstation comes
# back with its dates as dates.
if TYPE_CHECKING:
    StaffFields = dict[str, Any]
else:
    from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

    StaffFields = TypedDict("StaffFields", get_type_hints(StaffRecord))
