"""Importing a checked staff file: access, the rules that need the database, the upsert.

One file is one transaction: without --skip-invalid a file with any error writes nothing; a
re-import of the same file changes nothing; a person recorded at another LAO is a conflict
(LHR104, use a transfer), never a silent move. The file's accepted rows come from its staging
table a chunk at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import String, any_, bindparam, func, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lhrctl import db
from lhrctl.errors import Conflict
from lhrctl.schemas.staff import FIELDS, StaffRecord
from lhrctl.schemas.tables import Lao, Province, Staff, StaffHistory
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import privileged
from lhrctl.services.certification import ensure_unlocked
from lhrctl.services.clock import utcnow
from lhrctl.services.registry import display_name
from lhrctl.services.rules.catalogue import ERROR, Finding, FindingCounts
from lhrctl.services.staff_file import LaoDirectory, SourcedRecord, StaffFile

CHUNK = 5000
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_HISTORY = StaffHistory.__table__  # type: ignore[attr-defined]
_COMPARED = tuple(f for f in FIELDS if f != "national_id")
_HISTORY_COLUMNS = ("national_id", "org_code", "at", "actor", "action", "source", "changes")


@dataclass
class ImportResult(FindingCounts):
    file: StaffFile
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False  # False: a dry run, or errors without --skip-invalid
    findings: list[Finding] = field(default_factory=list)  # the file's and the database's


def lao_directory(engine: Engine) -> LaoDirectory:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Lao.code, Lao.type, Lao.name, Lao.province_code, Province.name)  # type: ignore[call-overload]
            .join(Province, Province.code == Lao.province_code)
            .where(Lao.valid_to.is_(None))  # type: ignore[union-attr]
        ).all()
    return LaoDirectory.build([(c, display_name(t, n), p, pn) for c, t, n, p, pn in rows])


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _check_access(operator: Operator, orgs: set[str], directory: LaoDirectory) -> None:
    for org in sorted(orgs):
        if not operator.covers_lao(org, directory.provinces.get(org, "")):
            raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def _stored(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored records of these people, read once for both the rules and the upsert."""
    existing: dict[str, dict[str, Any]] = {}
    postgres = conn.dialect.name == "postgresql"
    # one parameter for the lot: thousands of IN parameters cost more to bind and plan than
    # the look-up itself
    for chunk in _chunks(ids, 50_000):
        if postgres:
            wanted = _STAFF.c.national_id == any_(literal(chunk, ARRAY(String)))
        else:
            listed = func.json_each(literal(json.dumps(chunk))).table_valued("value")
            wanted = _STAFF.c.national_id.in_(select(listed.c.value))
        query = select(*(_STAFF.c[f] for f in FIELDS)).where(wanted)
        for row in conn.execute(query).mappings():
            existing[row["national_id"]] = dict(row)
    return existing


class _PositionHolders:
    """Who holds each position number in the database, per LAO, read once per LAO; and which of
    them are in the file being imported (they may be changing position)."""

    def __init__(self, conn: Connection, staff_file: StaffFile) -> None:
        self._conn = conn
        self._stage = staff_file.stage
        self._by_org: dict[str, dict[str, str]] = {}
        self._in_file: dict[str, bool] = {}

    def other_holder(self, record: StaffRecord) -> str | None:
        org, position_no = record.org_code, record.position_no
        if position_no is None:
            return None
        if org not in self._by_org:
            query = select(_STAFF.c.position_no, _STAFF.c.national_id).where(
                _STAFF.c.org_code == org, _STAFF.c.position_no.is_not(None)
            )
            self._by_org[org] = {p: n for p, n in self._conn.execute(query)}
        holder = self._by_org[org].get(position_no)
        if holder is None or holder == record.national_id:
            return None
        if holder not in self._in_file:
            self._in_file[holder] = self._stage.holds(holder)
        return None if self._in_file[holder] else holder


def _database_findings(
    records: list[SourcedRecord], existing: dict[str, dict[str, Any]], holders: _PositionHolders
) -> list[Finding]:
    """LHR104: the ID is at another LAO. LHR403: the position number is someone else's there."""
    findings: list[Finding] = []
    for s in records:
        nid = s.record.national_id
        old = existing.get(nid)
        if old is not None and old["org_code"] != s.record.org_code:
            detail = f"recorded at {old['org_code']}"
            findings.append(Finding("LHR104", s.sheet, s.row, "national_id", nid, detail))
        holder = holders.other_holder(s.record)
        if holder is not None:
            detail = f"held by {holder[:1]}-xxxx"
            findings.append(
                Finding("LHR403", s.sheet, s.row, "position_no", s.record.position_no, detail)
            )
    return findings


def _row(record: StaffRecord) -> dict[str, Any]:
    return record._asdict()


def _history(
    actor: str, action: str, sourced: SourcedRecord, path: str, at: datetime, changes: object
) -> tuple[object, ...]:
    """A history row, in _HISTORY_COLUMNS order."""
    sheet = f" {sourced.sheet}" if sourced.sheet else ""
    where = f"{path}{sheet} row {sourced.row}"
    text = (
        "{}"
        if not changes
        else json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
    )
    record = sourced.record
    return (record.national_id, record.org_code, at, actor, action, where[:300], text)


def import_staff(
    engine: Engine,
    operator: Operator,
    staff_file: StaffFile,
    directory: LaoDirectory,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    result = ImportResult(staff_file, findings=list(staff_file.findings))
    path = str(staff_file.path)
    stage = staff_file.stage
    orgs = stage.orgs() | ({staff_file.org_code} if staff_file.org_code else set())
    with privileged(engine, operator.national_id, "import_staff", path) as action:
        _check_access(operator, orgs, directory)
        action.details.update(orgs=sorted(orgs), rows=staff_file.rows)
        if not dry_run:
            ensure_unlocked(action.session.connection(), orgs, "be imported into it", "นำเข้าข้อมูล")
        writing = not dry_run and (skip_invalid or not result.errors)
        # the database's own findings show up chunk by chunk: what was written before one
        # appears is undone unless --skip-invalid. (The session emits the SAVEPOINT when it
        # next hands out its connection, so that comes after.)
        savepoint = action.session.begin_nested() if writing and not skip_invalid else None
        conn = action.session.connection()
        holders = _PositionHolders(conn, staff_file)
        now = utcnow()
        try:
            for chunk in stage.records():
                existing = _stored(conn, [s.record.national_id for s in chunk])
                found = _database_findings(chunk, existing, holders)
                result.findings += found
                bad = {(f.sheet, f.row) for f in found if f.severity == ERROR}
                writing = writing and (skip_invalid or not bad)
                accepted = [s for s in chunk if (s.sheet, s.row) not in bad]
                new, changed = _classify(accepted, existing)
                result.new += len(new)
                result.changed += len(changed)
                result.unchanged += len(accepted) - len(new) - len(changed)
                if writing:
                    _write_chunk(conn, operator.national_id, path, new, changed, now)
        except IntegrityError as exc:  # someone imported the same people a moment ago
            raise Conflict(
                "Another import wrote some of these records at the same time; nothing was "
                "imported from this file. Run it again.",
                "มีการนำเข้าข้อมูลบุคคลเดียวกันพร้อมกัน ไฟล์นี้ยังไม่ถูกนำเข้า กรุณาสั่งใหม่",
            ) from exc
        action.details.update(errors=result.errors)
        if result.errors and not skip_invalid:
            if savepoint is not None:
                savepoint.rollback()
            result.new = result.changed = result.unchanged = 0
            action.outcome = "rejected"  # all or nothing: the file had errors
            return result
        action.details.update(new=result.new, changed=result.changed, dry_run=dry_run)
        if savepoint is not None:
            savepoint.commit()
        result.written = not dry_run
        return result


Change = tuple[SourcedRecord, dict[str, list[Any]]]


def _classify(
    accepted: list[SourcedRecord], existing: dict[str, dict[str, Any]]
) -> tuple[list[SourcedRecord], list[Change]]:
    by_id = {s.record.national_id: s for s in accepted}
    new, changed = [], []
    for nid, sourced in by_id.items():
        old = existing.get(nid)
        if old is None:
            new.append(sourced)
            continue
        diff = {
            f: [old[f], getattr(sourced.record, f)]
            for f in _COMPARED
            if old[f] != getattr(sourced.record, f)
        }
        if diff:
            changed.append((sourced, diff))
    return new, changed


def _write_chunk(
    conn: Connection,
    actor: str,
    path: str,
    new: list[SourcedRecord],
    changed: list[Change],
    now: datetime,
) -> None:
    stamps = (now, now)
    db.insert_rows(
        conn,
        _STAFF,
        (*FIELDS, "created_at", "updated_at"),
        (s.record + stamps for s in new),
    )
    # the new record itself holds the values: its history row says who, when, from where
    db.insert_rows(
        conn,
        _HISTORY,
        _HISTORY_COLUMNS,
        (_history(actor, "imported", s, path, now, None) for s in new),
    )
    statement = (
        update(_STAFF)
        .where(_STAFF.c.national_id == bindparam("key"))
        .values({f: bindparam(f) for f in _COMPARED} | {"updated_at": bindparam("stamp")})
    )
    for chunk in _chunks(changed):
        conn.execute(
            statement,
            [_row(s.record) | {"key": s.record.national_id, "stamp": now} for s, _ in chunk],
        )
        db.insert_rows(
            conn,
            _HISTORY,
            _HISTORY_COLUMNS,
            [_history(actor, "changed", s, path, now, d) for s, d in chunk],
        )
