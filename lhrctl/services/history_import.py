"""`lhrctl import history`: ก.พ.7 workbooks into the sections of people already on staff.

A file's sheet for a section is that section of the record for each person it names: their rows
there replace the stored ones, and a person the file does not name keeps theirs. One transaction
per file; a file with any error writes nothing unless `skip_invalid`, which leaves out every
person with an error (never half a section); a re-import changes nothing. The rules that span a
person's rows (`record_rules`) see the record as it would be after the import: the file's
sections and the stored others.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.schemas.sections import ROW_FIELDS as FIELDS
from lhrctl.schemas.sections import TABLES
from lhrctl.schemas.tables import Lao, Staff, StaffHistory
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import privileged
from lhrctl.services.certification import ensure_unlocked
from lhrctl.services.clock import utcnow
from lhrctl.services.record_rules import Entry, Person, record_findings
from lhrctl.services.staff_import import NOT_RECORD_OF_SERVICE, FileOutcome, ImportSummary
from lhrctl.services.staff_uploads import Upload, saved
from lhrctl.staff_files.history import HistoryFile, SectionRow, read_history_file
from lhrctl.staff_files.rules import ERROR, Finding

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
_HISTORY = StaffHistory.__table__  # type: ignore[attr-defined]
_CURRENT = (
    "position",
    "position_no",
    "level",
    "division",
    "salary",
)  # a staff record's, from its latest position row
_HISTORY_COLUMNS = ("national_id", "org_code", "at", "actor", "action", "source", "changes")
_CHUNK = 900  # IDs per IN (…): under SQLite's bound on parameters


def import_history(
    engine: Engine,
    operator: Operator,
    files: list[Upload],
    *,
    today: date,
    org: str | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Each file read, checked and imported in its own transaction."""
    with saved(files) as paths:
        outcomes = [
            _import_file(
                engine, operator, read_history_file(path, today), org,
                skip_invalid=skip_invalid, dry_run=dry_run,
            )
            for path in paths
        ]  # fmt: skip
    return ImportSummary(
        [replace(o, file=upload.name) for o, upload in zip(outcomes, files, strict=True)]
    )


def _import_file(
    engine: Engine,
    operator: Operator,
    found: HistoryFile,
    org: str | None,
    *,
    skip_invalid: bool,
    dry_run: bool,
) -> FileOutcome:
    with privileged(engine, operator.national_id, "import_history", found.path.name) as action:
        conn = action.session.connection()
        if (refused := _refused(conn, operator, found, org)) is not None:
            action.outcome = "rejected"
            action.details.update(
                rows=0, errors=found.errors, rules=[f.rule for f in found.findings]
            )
            return refused
        mine, strangers = _people_at(conn, operator, found.rows, found.people, org)
        orgs = {person.org_code for person in mine.values()}
        if not dry_run:
            ensure_unlocked(conn, orgs, "be imported into it", "นำเข้าข้อมูล")
        action.details.update(orgs=sorted(orgs), rows=len(found.rows), sections=found.sections)
        incoming = _by_person(found.rows, mine)
        stored = _stored_sections(conn, sorted(mine))
        findings = [*found.findings, *strangers, *_record_findings(mine, incoming, stored)]
        errors = _errors(findings)
        action.details.update(errors=len(errors))
        outcome = _rejected_outcome(found, org or _only(orgs), findings)
        if errors and not skip_invalid:
            action.outcome = "rejected"
            return outcome
        for nid in found.spoiled | _people_with_errors(errors, found.rows):
            incoming.pop(nid, None)  # --skip-invalid: a person with an error is left out whole
        new, changed, unchanged = _write(
            conn, incoming, stored, found.sections,
            actor=operator.national_id, source=found.path.name, write=not dry_run,
        )  # fmt: skip
        action.details.update(new=new, changed=changed, dry_run=dry_run)
        done = "dry_run" if dry_run else "written"
        return replace(outcome, new=new, changed=changed, unchanged=unchanged, outcome=done,
                       written=not dry_run)  # fmt: skip


def _refused(
    conn: Connection, operator: Operator, found: HistoryFile, org: str | None
) -> FileOutcome | None:
    """`org` outside the officer's scope is refused (raised); a file that is no record of
    service (a staff list, a plan: its finding names the command that reads it) is not read."""
    if org is not None and not _covered(conn, operator, {org}):
        raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")
    if found.other_kind:
        return replace(_rejected_outcome(found, org, found.findings), outcome=NOT_RECORD_OF_SERVICE)
    return None


def _people_at(
    conn: Connection, operator: Operator, rows: list[SectionRow], people: set[str], org: str | None
) -> tuple[dict[str, Person], list[Finding]]:
    """The file's people on the LAO's staff (without `org`: of any LAO in the operator's
    scope), and LHR701 on the rows of the others: whether someone is on another LAO's staff is
    not told to an officer who does not cover it."""
    staff = _staff_of(conn, people)
    covered = _covered(conn, operator, {person.org_code for person in staff.values()})
    mine = {
        p: person
        for p, person in staff.items()
        if person.org_code in covered and org in (None, person.org_code)
    }
    return mine, _not_on_staff(rows, mine, org)


def _covered(conn: Connection, operator: Operator, orgs: set[str]) -> set[str]:
    """Those of the LAOs the operator's scope covers."""
    query = select(_LAO.c.code, _LAO.c.province_code).where(
        _LAO.c.code.in_(sorted(orgs)), _LAO.c.valid_to.is_(None)
    )
    return {code for code, province in conn.execute(query) if operator.covers_lao(code, province)}


def _record_findings(
    people: dict[str, Person],
    incoming: dict[str, dict[str, list[Entry]]],
    stored: dict[str, dict[str, list[Entry]]],
) -> list[Finding]:
    """The rules on each person's record as the import would leave it: the file's sections
    over the stored ones."""
    found: list[Finding] = []
    for nid in sorted(incoming):
        found += record_findings(people[nid], stored.get(nid, {}) | incoming[nid])
    return found


def _staff_of(conn: Connection, people: set[str]) -> dict[str, Person]:
    found = {}
    ids = sorted(people)
    columns = (_STAFF.c.national_id, _STAFF.c.org_code, _STAFF.c.birth_date, _STAFF.c.appointed_on)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for nid, org_code, born, appointed in conn.execute(
            select(*columns).where(_STAFF.c.national_id.in_(chunk))
        ):
            found[nid] = Person(nid, org_code, born, appointed)
    return found


def _not_on_staff(
    rows: list[SectionRow], mine: dict[str, Person], org: str | None
) -> list[Finding]:
    """LHR701 on each row of a person the import may not write: on no staff it can see, or
    not on this LAO's."""
    return [
        Finding("LHR701", r.sheet, r.row, "national_id", r.national_id, org or "-")
        for r in rows
        if r.national_id not in mine
    ]


def _by_person(
    rows: Iterable[SectionRow], people: Container[str]
) -> dict[str, dict[str, list[Entry]]]:
    """The rows of these people, by person and section."""
    found: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r.national_id in people:
            found[r.national_id][r.section].append(Entry(r.values, r.sheet, r.row))
    return found


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def _stored_sections(conn: Connection, people: list[str]) -> dict[str, dict[str, list[Entry]]]:
    found: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for name, table in TABLES.items():
        columns = [table.c[f] for f in FIELDS[name]]
        for start in range(0, len(people), _CHUNK):
            query = (
                select(table.c.national_id, *columns)
                .where(table.c.national_id.in_(people[start : start + _CHUNK]))
                .order_by(table.c.id)
            )
            for row in conn.execute(query).mappings():
                found[row["national_id"]][name].append(Entry({f: row[f] for f in FIELDS[name]}))
    return found


def _only(orgs: set[str]) -> str | None:
    return next(iter(orgs)) if len(orgs) == 1 else None


def _rejected_outcome(found: HistoryFile, org: str | None, findings: list[Finding]) -> FileOutcome:
    """The file's outcome before anything is written: counted, not yet imported."""
    return FileOutcome(
        file=str(found.path), org_code=org, rows=len(found.rows) + _unread_rows(found), new=0,
        changed=0, unchanged=0, rejected=_rejected(findings), written=False, outcome="rejected",
        findings=findings,
    )  # fmt: skip


def _unread_rows(found: HistoryFile) -> int:
    """Rows with errors of their own: not among the file's rows, but rows it has."""
    return len({(f.sheet, f.row) for f in found.findings if f.row and f.severity == ERROR})


def _rejected(findings: list[Finding]) -> int:
    return len({(f.sheet, f.row) for f in findings if f.severity == ERROR and f.row})


def _people_with_errors(errors: list[Finding], rows: list[SectionRow]) -> set[str]:
    """The people an error is about: by its row in the file, or by the stored row's person."""
    where: dict[tuple[str | None, int | None], str] = {
        (r.sheet, r.row): r.national_id for r in rows
    }
    return {f.national_id or where.get((f.sheet, f.row), "") for f in errors} - {""}


def _key(values: dict[str, Any] | Any, fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(values.get(f) for f in fields)


def _write(
    conn: Connection,
    incoming: dict[str, dict[str, list[Entry]]],
    stored: dict[str, dict[str, list[Entry]]],
    sections: list[str],
    *,
    actor: str,
    source: str,
    write: bool,
) -> tuple[int, int, int]:
    """Each person's sections the file has replaced where they differ, in bulk; (new, changed,
    unchanged) people: new had none of these sections' rows before."""
    differ = _differing(incoming, stored, sections)
    new = sum(not any(stored.get(nid, {}).get(s) for s in sections) for nid in differ)
    if write and differ:
        for name in sections:
            _replace(conn, name, [nid for nid, names in differ.items() if name in names], incoming)
        moved = {
            nid: incoming[nid].get("positions", [])
            for nid, names in differ.items()
            if "positions" in names
        }
        _update_current(conn, moved, actor, f"{source} (ก.พ.7)"[:300], utcnow())
    return new, len(differ) - new, len(incoming) - len(differ)


def _differing(
    incoming: dict[str, dict[str, list[Entry]]],
    stored: dict[str, dict[str, list[Entry]]],
    sections: list[str],
) -> dict[str, list[str]]:
    """The people whose sections the file changes, each with the sections it changes."""
    differ = {}
    for nid in sorted(incoming):
        changed = [s for s in sections if _rows(stored.get(nid, {}), s) != _rows(incoming[nid], s)]
        if changed:
            differ[nid] = changed
    return differ


def _rows(sections: dict[str, list[Entry]], name: str) -> list[str]:
    """A section's rows as comparable text, in no particular order."""
    return sorted(repr(_key(e.values, FIELDS[name])) for e in sections.get(name, []))


def _replace(
    conn: Connection, name: str, people: list[str], rows: dict[str, dict[str, list[Entry]]]
) -> None:
    """These people's rows of the section: the stored ones deleted, the file's inserted."""
    table = TABLES[name]
    for start in range(0, len(people), _CHUNK):
        conn.execute(delete(table).where(table.c.national_id.in_(people[start : start + _CHUNK])))
    db.insert_rows(
        conn, table, ("national_id", *FIELDS[name]),
        [(nid, *_key(e.values, FIELDS[name])) for nid in people for e in rows[nid].get(name, [])],
    )  # fmt: skip


def _update_current(
    conn: Connection, positions: dict[str, list[Entry]], actor: str, source: str, now: datetime
) -> None:
    """The staff records' position, level, division and salary become their latest position
    row's (the last of a date's rows in file order; a blank wipes nothing), with a history row."""
    latest = {nid: _latest(rows) for nid, rows in positions.items() if rows}
    updates, history = [], []
    for row in _current(conn, sorted(latest)):
        wanted = _wanted(row, latest[row["national_id"]].values)
        diff = {f: [row[f], v] for f, v in wanted.items() if row[f] != v}
        if diff:
            updates.append({"key": row["national_id"], "stamp": now, **wanted})
            text = json.dumps(diff, ensure_ascii=False, default=str)
            history.append(
                (row["national_id"], row["org_code"], now, actor, "changed", source, text)
            )
    if updates:
        conn.execute(
            _STAFF.update()
            .where(_STAFF.c.national_id == bindparam("key"))
            .values({f: bindparam(f) for f in _CURRENT} | {"updated_at": bindparam("stamp")}),
            updates,
        )
        db.insert_rows(conn, _HISTORY, _HISTORY_COLUMNS, history)


def _wanted(row: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """The record's fields a position row sets, as that row sets them (a blank keeps them)."""
    return {f: row[f] if values.get(f) is None else values[f] for f in _CURRENT}


def _latest(rows: list[Entry]) -> Entry:
    """The row of the latest date; of several on it, the last in the file."""
    return max(enumerate(rows), key=lambda pair: (pair[1].values["effective_on"], pair[0]))[1]


def _current(conn: Connection, people: list[str]) -> Iterator[Any]:
    """These people's staff records: national ID, LAO, and the fields a position row sets."""
    query = select(_STAFF.c.national_id, _STAFF.c.org_code, *(_STAFF.c[f] for f in _CURRENT))
    for start in range(0, len(people), _CHUNK):
        chunk = people[start : start + _CHUNK]
        yield from conn.execute(query.where(_STAFF.c.national_id.in_(chunk))).mappings()
