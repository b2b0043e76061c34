"""Who reaches the end of service at the end of a fiscal year (DOMAIN: nobody serves past 30
September of the fiscal year in which they turn 60; fiscal 2570 = 1 Oct 2569 – 30 Sep 2570)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine

from lhrctl.errors import UsageError
from lhrctl.schemas.tables import Lao, Staff
from lhrctl.services.access import Operator
from lhrctl.services.actions import privileged
from lhrctl.services.laos import display_name
from lhrctl.services.reach import require_covers
from lhrctl.services.staff import full_name
from lhrctl.thai import BE_OFFSET

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
EARLIEST, LATEST = 2500, 2700  # fiscal years (BE) a person could mean


@dataclass(frozen=True)
class Retiree:
    national_id: str
    name: str
    org_code: str
    lao_name: str
    personnel_type: str
    position: str
    level: str | None
    salary: float
    birth_date: date


@dataclass(frozen=True)
class Retirements:
    """The people whose service ends on `retires_on`, the last day of fiscal year `fiscal_year`."""

    fiscal_year: int  # BE
    retires_on: date
    people: list[Retiree]

    def as_dict(self) -> dict[str, object]:
        return {
            "fiscal_year": self.fiscal_year,
            "retires_on": self.retires_on,
            "people": [asdict(p) for p in self.people],
        }


def born_retiring_in(fiscal_year: int) -> tuple[date, date]:
    """The birth dates whose 60th year ends within fiscal year `fiscal_year` (BE), inclusive:
    60 on any day from 1 October before it to 30 September of it."""
    end = fiscal_year - BE_OFFSET
    return date(end - 61, 10, 1), date(end - 60, 9, 30)


def retirements(
    engine: Engine,
    operator: Operator,
    fiscal_year: int,
    *,
    org: str | None = None,
    province: str | None = None,
) -> Retirements:
    """Per LAO, then by name: who retires at the end of `fiscal_year`, in the officer's scope."""
    if not EARLIEST <= fiscal_year <= LATEST:
        raise UsageError(
            f"--fiscal-year {fiscal_year}: give the Buddhist-Era year, e.g. 2570.",
            f"--fiscal-year {fiscal_year}: ระบุปีงบประมาณเป็น พ.ศ. เช่น 2570",
        )
    first, last = born_retiring_in(fiscal_year)
    target = f"{org or (f'province {province}' if province else 'all')} {fiscal_year}"
    with privileged(engine, operator.national_id, "report_retirements", target) as action:
        session = action.session
        columns = [_STAFF.c[c] for c in ("national_id", "title", "first_name", "last_name",
                   "org_code", "personnel_type", "position", "level", "salary", "birth_date")]  # fmt: skip
        query = (
            select(*columns, _LAO.c.type.label("lao_type"), _LAO.c.name.label("lao_name"))
            .join(_LAO, _LAO.c.code == _STAFF.c.org_code)
            .where(_STAFF.c.birth_date.between(first, last))
            .order_by(_STAFF.c.org_code, _STAFF.c.first_name, _STAFF.c.last_name)
        )
        require_covers(session, operator, org, province)
        if org is not None:
            query = query.where(_STAFF.c.org_code == org)
        elif province is not None:
            query = query.where(_LAO.c.province_code == province)
        people = [
            Retiree(
                r.national_id, full_name(dict(r._mapping)), r.org_code,
                display_name(r.lao_type, r.lao_name), r.personnel_type, r.position, r.level, r.salary, r.birth_date,
            )
            for r in session.connection().execute(query)
        ]  # fmt: skip
        action.details.update(people=len(people))
        return Retirements(fiscal_year, date(fiscal_year - BE_OFFSET, 9, 30), people)
