"""Validation of stored records (the nightly `lhrctl validate --all`): read-only, streamed.

Row rules run in Python over a streamed query, with the same `record_problems` the file checks
use; the rule that spans records (a position number twice in one LAO) runs as SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from stdnum.th import pin

from lhrctl import db
from lhrctl.schemas.tables import Lao, Staff
from lhrctl.services import laos
from lhrctl.staff_files.checks import record_problems
from lhrctl.staff_files.normalise import gender_of_title
from lhrctl.staff_files.rules import Finding, FindingCounts

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
STREAM_ROWS = 20_000


@dataclass
class StoredCheck(FindingCounts):
    scope: str
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)


def validate_stored(
    engine: Engine,
    *,
    today: date,
    org: str | None = None,
    province: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> StoredCheck:
    with db.session(engine) as session:
        if org is not None:
            laos.require_lao(session, org)
        elif province is not None:
            laos.require_province(session, province)
        return check_stored(
            session.connection(), today=today, org=org, province=province, progress=progress
        )


def check_stored(
    conn: Connection,
    *,
    today: date,
    org: str | None = None,
    province: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> StoredCheck:
    """The checks, on a connection of the caller's (certification runs them in its own
    transaction, so what it certifies is what was checked)."""
    columns = [
        _STAFF.c[name]
        for name in (
            "national_id", "org_code", "title", "first_name", "last_name", "gender",
            "birth_date", "appointed_on", "personnel_type", "position", "salary",
        )
    ]  # fmt: skip
    query = select(*columns)
    duplicates = select(_STAFF.c.org_code, _STAFF.c.position_no).where(
        _STAFF.c.position_no.is_not(None)
    )
    if org is not None:
        query = query.where(_STAFF.c.org_code == org)
        duplicates = duplicates.where(_STAFF.c.org_code == org)
    elif province is not None:
        in_province = select(_LAO.c.code).where(_LAO.c.province_code == province)
        query = query.where(_STAFF.c.org_code.in_(in_province))
        duplicates = duplicates.where(_STAFF.c.org_code.in_(in_province))
    result = StoredCheck(org or (f"province {province}" if province else "all"))
    # options on the statement: on the connection they would stay set for the caller's writes
    rows = conn.execute(query.execution_options(stream_results=True, yield_per=STREAM_ROWS))
    for nid, code, title, first, last, gender, birth, appointed, kind, position, pay in rows:
        result.rows += 1
        if len(nid) != 13 or not nid.isdigit():
            result.findings.append(Finding("LHR102", code, None, "national_id", nid, None, nid))
        elif pin.calc_check_digit(nid[:12]) != nid[12]:
            result.findings.append(Finding("LHR101", code, None, "national_id", nid, None, nid))
        for rule, column, detail in record_problems(
            title, first, last, gender_of_title(title), gender, birth, appointed, kind,
            position, pay, today,
        ):  # fmt: skip
            result.findings.append(Finding(rule, code, None, column, None, detail, nid))
        if progress and result.rows % STREAM_ROWS == 0:
            progress(result.rows)
    doubled = (
        duplicates.group_by(_STAFF.c.org_code, _STAFF.c.position_no)
        .having(func.count() > 1)
        .subquery()
    )
    holders = select(_STAFF.c.org_code, _STAFF.c.position_no, _STAFF.c.national_id).join(
        doubled,
        (doubled.c.org_code == _STAFF.c.org_code) & (doubled.c.position_no == _STAFF.c.position_no),
    )
    for code, position_no, nid in conn.execute(holders):
        result.findings.append(Finding("LHR403", code, None, "position_no", position_no, None, nid))
    if progress:
        progress(result.rows)
    return result
