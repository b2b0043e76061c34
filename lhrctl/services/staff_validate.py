"""Validation of stored records (the nightly `lhrctl validate --all`): read-only, streamed.

Row rules run in Python over a streamed query, with the same `record_problems` the file checks
use; the rule that spans records (a position number twice in one LAO) runs as SQL; the rules of
the record of service (`record_rules`) over each person's sections, streamed and merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection, Engine
from stdnum.th import pin

from lhrctl import db
from lhrctl.schemas.staff import FIELDS, StaffRecord
from lhrctl.schemas.tables import Lao, Staff
from lhrctl.services import laos
from lhrctl.services.record_check import all_record_findings, stored_record_findings
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
    if org is None and province is None:  # the nation: the records of service on other cores
        with all_record_findings(engine) as records_of_service:
            checked = _checked(engine, today, None, None, progress, records_of_service=False)
            checked.findings += records_of_service()
        return checked
    return _checked(engine, today, org, province, progress, records_of_service=True)


def _checked(
    engine: Engine,
    today: date,
    org: str | None,
    province: str | None,
    progress: Callable[[int], None] | None,
    *,
    records_of_service: bool,
) -> StoredCheck:
    with db.session(engine, read_only=True) as session:
        if org is not None:
            laos.require_lao(session, org)
        elif province is not None:
            laos.require_province(session, province)
        return check_stored(
            session.connection(), today=today, org=org, province=province, progress=progress,
            records_of_service=records_of_service,
        )  # fmt: skip


def check_stored(
    conn: Connection,
    *,
    today: date,
    org: str | None = None,
    province: str | None = None,
    progress: Callable[[int], None] | None = None,
    records_of_service: bool = True,
) -> StoredCheck:
    """The checks, on a connection of the caller's (certification runs them in its own
    transaction, so what it certifies is what was checked); `records_of_service`: with the
    rules of each person's sections."""
    scope = _scope(org, province)
    query = _narrowed(select(*(_STAFF.c[f] for f in FIELDS)), scope)
    duplicates = _narrowed(
        select(_STAFF.c.org_code, _STAFF.c.position_no).where(_STAFF.c.position_no.is_not(None)),
        scope,
    )
    people = None if scope is None else _narrowed(select(_STAFF.c.national_id), scope)
    result = StoredCheck(org or (f"province {province}" if province else "all"))
    # options on the statement: on the connection they would stay set for the caller's writes
    rows = conn.execute(query.execution_options(stream_results=True, yield_per=STREAM_ROWS))
    for row in rows:
        result.rows += 1
        result.findings += _record_findings(StaffRecord(*row), today)
        if progress and result.rows % STREAM_ROWS == 0:
            progress(result.rows)
    result.findings += _doubled_positions(conn, duplicates)
    if records_of_service:
        result.findings += stored_record_findings(conn, people)
    if progress:
        progress(result.rows)
    return result


def _scope(org: str | None, province: str | None) -> Any:
    """The condition on staff rows of the LAO, or of the province's LAOs; None: all."""
    if org is not None:
        return _STAFF.c.org_code == org
    if province is not None:
        return _STAFF.c.org_code.in_(select(_LAO.c.code).where(_LAO.c.province_code == province))
    return None


def _narrowed(query: Select[Any], scope: Any) -> Select[Any]:
    return query if scope is None else query.where(scope)


def _record_findings(record: StaffRecord, today: date) -> list[Finding]:
    """The row rules on one stored record (it is named by its LAO and its ID, not a row)."""
    nid, code = record.national_id, record.org_code
    found = []
    if len(nid) != 13 or not nid.isdigit():
        found.append(Finding("LHR102", code, None, "national_id", nid, None, nid))
    elif pin.calc_check_digit(nid[:12]) != nid[12]:
        found.append(Finding("LHR101", code, None, "national_id", nid, None, nid))
    problems = record_problems(
        record.title, record.first_name, record.last_name, gender_of_title(record.title),
        record.gender, record.birth_date, record.appointed_on, record.personnel_type,
        record.position, record.salary, today,
    )  # fmt: skip
    found += [
        Finding(rule, code, None, column, None, detail, nid) for rule, column, detail in problems
    ]
    return found


def _doubled_positions(conn: Connection, duplicates: Select[Any]) -> list[Finding]:
    """A position number held by two people of one LAO: each holder."""
    doubled = (
        duplicates.group_by(_STAFF.c.org_code, _STAFF.c.position_no)
        .having(func.count() > 1)
        .subquery()
    )
    holders = select(_STAFF.c.org_code, _STAFF.c.position_no, _STAFF.c.national_id).join(
        doubled,
        (doubled.c.org_code == _STAFF.c.org_code) & (doubled.c.position_no == _STAFF.c.position_no),
    )
    return [
        Finding("LHR403", code, None, "position_no", position_no, None, nid)
        for code, position_no, nid in conn.execute(holders)
    ]
