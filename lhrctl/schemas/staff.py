"""The row schema of a staff record: the canonical fields of DESIGN.md ("Records")."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

FIELDS = (
    "national_id",
    "title",
    "first_name",
    "last_name",
    "gender",
    "birth_date",
    "personnel_type",
    "position",
    "position_no",
    "level",
    "division",
    "salary",
    "appointed_on",
    "org_code",
)


@dataclass(frozen=True, slots=True)
class StaffRecord:
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

    def canonical(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO Gregorian strings."""
        data = asdict(self)
        for key in ("birth_date", "appointed_on"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data
