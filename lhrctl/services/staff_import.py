"""Importing a checked staff file: access, the rules that need the database, the upsert.

One file is one transaction: without --skip-invalid a file with any error writes nothing; a
re-import of the same file changes nothing; a person recorded at another LAO is a conflict
(LHR104, use a transfer), never a silent move.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import String, any_, bindparam, insert, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lhrctl import db
from lhrctl.errors import Conflict
from lhrctl.schemas.staff import FIELDS, StaffRecord
from lhrctl.schemas.tables import Lao, Province, Staff, StaffHistory
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow
from lhrctl.services.rules.catalogue import ERROR, Finding, FindingCounts
from lhrctl.services.staff_file import LaoDirectory, SourcedRecord, StaffFile

CHUNK = 5000
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_HISTORY = StaffHistory.__table__  # type: ignore[attr-defined]
_COMPARED = tuple(f for f in FIELDS if f != "national_id")


@dataclass
class ImportResult(FindingCounts):
    file: StaffFile
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False  # False: a dry run, or errors without --skip-invalid
    findings: list[Finding] = field(default_factory=list)  # the file's and the database's


def lao_directory(engine: Engine) -> LaoDirectory:
    from lhrctl.importers.registry import TYPE_PREFIX

    with engine.connect() as conn:
        rows = conn.execute(
            select(Lao.code, Lao.type, Lao.name, Lao.province_code, Province.name)  # type: ignore[call-overload]
            .join(Province, Province.code == Lao.province_code)
            .where(Lao.valid_to.is_(None))  # type: ignore[union-attr]
        ).all()
    return LaoDirectory.build([(c, TYPE_PREFIX.get(t, "") + n, p, pn) for c, t, n, p, pn in rows])


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
    for chunk in _chunks(ids, 50_000 if postgres else CHUNK):
        if postgres:  # one array parameter: thousands of IN parameters cost more to bind and plan
            wanted = _STAFF.c.national_id == any_(literal(chunk, ARRAY(String)))
        else:
            wanted = _STAFF.c.national_id.in_(chunk)
        query = select(*(_STAFF.c[f] for f in FIELDS)).where(wanted)
        for row in conn.execute(query).mappings():
            existing[row["national_id"]] = dict(row)
    return existing


def _database_findings(
    conn: Connection, records: list[SourcedRecord], existing: dict[str, dict[str, Any]]
) -> list[Finding]:
    """LHR104: the ID is at another LAO. LHR403: the position number is someone else's there."""
    findings: list[Finding] = []
    by_id = {s.record.national_id: s for s in records}
    for nid, old in existing.items():
        s = by_id[nid]
        if old["org_code"] != s.record.org_code:
            detail = f"recorded at {old['org_code']}"
            findings.append(Finding("LHR104", s.sheet, s.row, "national_id", nid, detail))
    wanted = {(s.record.org_code, s.record.position_no): s for s in records if s.record.position_no}
    for org in {org for org, _ in wanted}:
        query = select(_STAFF.c.position_no, _STAFF.c.national_id).where(
            _STAFF.c.org_code == org, _STAFF.c.position_no.is_not(None)
        )
        for position_no, nid in conn.execute(query):
            holder = wanted.get((org, position_no))
            if holder is not None and holder.record.national_id != nid and nid not in by_id:
                findings.append(
                    Finding(
                        "LHR403",
                        holder.sheet,
                        holder.row,
                        "position_no",
                        position_no,
                        f"held by {nid[:1]}-xxxx",
                    )
                )
    return findings


def _row(record: StaffRecord) -> dict[str, Any]:
    return {f: getattr(record, f) for f in FIELDS}


def _history(
    actor: str, action: str, sourced: SourcedRecord, path: str, at: datetime, changes: object
) -> dict[str, Any]:
    where = f"{path} {sourced.sheet or ''} row {sourced.row}".replace("  ", " ")
    text = (
        "{}"
        if not changes
        else json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
    )
    return {
        "national_id": sourced.record.national_id,
        "org_code": sourced.record.org_code,
        "at": at,
        "actor": actor,
        "action": action,
        "source": where[:300],
        "changes": text,
    }


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
    orgs = {s.record.org_code for s in staff_file.records} | (
        {staff_file.org_code} if staff_file.org_code else set()
    )
    with privileged(engine, operator.national_id, "import_staff", path) as action:
        _check_access(operator, orgs, directory)
        conn = action.session.connection()
        existing = _stored(conn, {s.record.national_id for s in staff_file.records})
        result.findings += _database_findings(conn, staff_file.records, existing)
        bad = {(f.sheet, f.row) for f in result.findings if f.severity == ERROR}
        accepted = [s for s in staff_file.records if (s.sheet, s.row) not in bad]
        action.details.update(orgs=sorted(orgs), rows=staff_file.rows, errors=result.errors)
        if result.errors and not skip_invalid:
            action.outcome = "rejected"  # all or nothing: the file had errors
            return result
        new, changed = _classify(accepted, existing)
        result.new, result.changed = len(new), len(changed)
        result.unchanged = len(accepted) - len(new) - len(changed)
        action.details.update(new=result.new, changed=result.changed, dry_run=dry_run)
        if dry_run:
            return result
        try:
            _write(conn, operator.national_id, path, new, changed)
        except IntegrityError as exc:  # someone imported the same people a moment ago
            raise Conflict(
                "Another import wrote some of these records at the same time; nothing was "
                "imported from this file. Run it again.",
                "มีการนำเข้าข้อมูลบุคคลเดียวกันพร้อมกัน ไฟล์นี้ยังไม่ถูกนำเข้า กรุณาสั่งใหม่",
            ) from exc
        result.written = True
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


def _write(
    conn: Connection, actor: str, path: str, new: list[SourcedRecord], changed: list[Change]
) -> None:
    now = utcnow()
    staff_columns = (*FIELDS, "created_at", "updated_at")
    db.insert_rows(
        conn,
        _STAFF,
        staff_columns,
        ((*(getattr(s.record, f) for f in FIELDS), now, now) for s in new),
    )
    # the new record itself holds the values: its history row says who, when, from where
    history = [_history(actor, "imported", s, path, now, None) for s in new]
    if history:
        db.insert_rows(conn, _HISTORY, list(history[0]), (tuple(h.values()) for h in history))
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
        conn.execute(
            insert(_HISTORY), [_history(actor, "changed", s, path, now, d) for s, d in chunk]
        )
