"""The progress of a certification round: per province, or per LAO inside one province, how many
LAOs are in each state, how many are late against the deadlines, and the people per group.
Late ones come first, so the chasing (เร่งรัดและติดตามผล) starts at the top of the list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from lhrctl import db
from lhrctl.schemas.tables import Certification, Lao, Province, Staff
from lhrctl.services import laos
from lhrctl.services.certification import (
    GROUP_OF,
    GROUPS,
    LAO_CERTIFIED,
    PROVINCE_CERTIFIED,
    RECORDING,
    RETURNED,
)
from lhrctl.services.rounds import RoundInfo, find_round

STATES = (RECORDING, RETURNED, LAO_CERTIFIED, PROVINCE_CERTIFIED)
_LAO = Lao.__table__  # type: ignore[attr-defined]
_PROVINCE = Province.__table__  # type: ignore[attr-defined]
_CERT = Certification.__table__  # type: ignore[attr-defined]
_STAFF = Staff.__table__  # type: ignore[attr-defined]


@dataclass
class LaoProgress:
    code: str
    name: str
    province_code: str
    state: str
    late: bool
    people: dict[str, int]


@dataclass
class ProvinceProgress:
    code: str
    name: str
    states: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    late: int = 0
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS, 0))

    @property
    def laos(self) -> int:
        return sum(self.states.values())

    @property
    def certified_share(self) -> float:
        return self.states[PROVINCE_CERTIFIED] / self.laos if self.laos else 0.0


@dataclass
class ProgressReport:
    round: RoundInfo
    today: date
    province: str | None
    provinces: list[ProvinceProgress]
    laos: list[LaoProgress]

    def as_dict(self) -> dict[str, object]:
        """The round and, country-wide, a row per province; for one province, a row per LAO."""
        data: dict[str, object] = {
            "round": self.round.name,
            "lao_deadline": self.round.lao_deadline,
            "province_deadline": self.round.province_deadline,
            "as_of": self.today,
        }
        if self.province is None:
            data["provinces"] = [
                {"code": p.code, "name": p.name, "laos": p.laos, "states": p.states,
                 "late": p.late, "people": p.people}
                for p in self.provinces
            ]  # fmt: skip
        else:
            data["laos"] = [
                {"code": lao.code, "name": lao.name, "state": lao.state, "late": lao.late,
                 "people": lao.people}
                for lao in self.laos
            ]  # fmt: skip
        return data


def is_late(state: str, current: RoundInfo, today: date) -> bool:
    if state in (RECORDING, RETURNED):
        return today > current.lao_deadline
    if state == LAO_CERTIFIED:
        return today > current.province_deadline
    return False


def progress_report(
    engine: Engine, *, today: date, round_name: str | None = None, province: str | None = None
) -> ProgressReport:
    with db.session(engine, read_only=True) as session:
        if province is not None:
            laos.require_province(session, province)
        conn = session.connection()
        current = find_round(conn, round_name)
        lao_rows = (
            select(_LAO.c.code, _LAO.c.type, _LAO.c.name, _LAO.c.province_code, _CERT.c.state)
            .outerjoin(_CERT, (_CERT.c.org_code == _LAO.c.code) & (_CERT.c.round_id == current.id))
            .where(_LAO.c.valid_to.is_(None))
        )
        people = select(_STAFF.c.org_code, _STAFF.c.personnel_type, func.count()).group_by(
            _STAFF.c.org_code, _STAFF.c.personnel_type
        )
        if province is not None:
            lao_rows = lao_rows.where(_LAO.c.province_code == province)
            people = people.where(
                _STAFF.c.org_code.in_(select(_LAO.c.code).where(_LAO.c.province_code == province))
            )
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GROUPS, 0))
        for org, kind, n in conn.execute(people):
            counts[org][GROUP_OF.get(kind, "contract")] += n
        rows = [
            LaoProgress(
                code,
                laos.display_name(kind, name),
                pcode,
                state or RECORDING,
                is_late(state or RECORDING, current, today),
                counts[code],
            )
            for code, kind, name, pcode, state in conn.execute(lao_rows)
        ]
        names = {c: n for c, n in conn.execute(select(_PROVINCE.c.code, _PROVINCE.c.name))}
    by_province: dict[str, ProvinceProgress] = {}
    for lao in rows:
        p = by_province.setdefault(
            lao.province_code, ProvinceProgress(lao.province_code, names[lao.province_code])
        )
        p.states[lao.state] += 1
        p.late += lao.late
        for group, n in lao.people.items():
            p.people[group] += n
    rows.sort(key=lambda lao: (not lao.late, lao.province_code, lao.code))
    provinces = sorted(by_province.values(), key=lambda p: (-p.late, p.code))
    return ProgressReport(current, today, province, provinces, rows)
