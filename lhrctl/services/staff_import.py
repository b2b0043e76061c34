"""Importing a checked staff file: access, the rules that need the database, the upsert.

One file is one transaction: without --skip-invalid a file with any error writes nothing; a
re-import of the same file changes nothing; a person recorded at another LAO is a conflict
(LHR104, use a transfer), never a silent move. The file's accepted rows become `incoming` in the
database (SQLite: a temporary view of the attached staging file, PostgreSQL: a temporary table it
is sent by COPY); the rules and the writes are then set operations on it, so the database does
the work in bulk and memory does not grow with the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lhrctl import db
from lhrctl.errors import Conflict
from lhrctl.schemas.sections import PositionEntry
from lhrctl.schemas.staff import FIELDS
from lhrctl.schemas.tables import ImportedFile, Lao, Province, Staff, StaffHistory
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import Action, privileged
from lhrctl.services.certification import ensure_unlocked
from lhrctl.services.clock import today, utcnow
from lhrctl.services.laos import display_name
from lhrctl.services.staff import row_source
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.readers import staff_file_paths
from lhrctl.staff_files.reading import LaoDirectory, StaffFile, read_staff_file
from lhrctl.staff_files.rules import ERROR, Finding, FindingCounts
from lhrctl.staff_files.staging import ACCEPTED_COLUMNS, Stage, accepted_query
from lhrctl.staff_files.workers import Progress

PAGE = 5000  # changed records are read, compared and written this many at a time
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_HISTORY = StaffHistory.__table__  # type: ignore[attr-defined]
_IMPORTED = ImportedFile.__table__  # type: ignore[attr-defined]
_IMPORTED_FROM = ("imported_in", "imported_sheet", "imported_row")
_POSITION = PositionEntry.__table__  # type: ignore[attr-defined]
_POSITION_FIELDS = ("position", "position_no", "level", "division", "salary")
_COMPARED = tuple(f for f in FIELDS if f != "national_id")
_HISTORY_COLUMNS = ("national_id", "org_code", "at", "actor", "action", "source", "changes")
STAGED = "staged"  # the schema name a SQLite connection attaches the staging file under
LEFT_OUT = "left_out"  # SQLite: the seq of rows `incoming` leaves out (its view reads the file)
_INCOMING = Table(
    "incoming",
    MetaData(),
    Column("seq", Integer, primary_key=True),
    Column("sheet", String),
    Column("row", Integer),
    *(Column(f, _STAFF.c[f].type) for f in FIELDS),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)


@dataclass
class ImportResult(FindingCounts):
    file: StaffFile
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    written: bool = False  # False: a dry run, or errors without --skip-invalid
    findings: list[Finding] = field(default_factory=list)  # the file's and the database's
    # written, dry_run, rejected (errors without --skip-invalid), or NOT_STAFF_LIST
    # (`import history`'s files: NOT_RECORD_OF_SERVICE)
    outcome: str = "rejected"


# a file that is no staff list (LHR907, LHR908): not read, whatever --skip-invalid says
NOT_STAFF_LIST = "not_staff_list"
# a staff list or a plan given to `import history` (LHR708, LHR709): not read either
NOT_RECORD_OF_SERVICE = "not_record_of_service"


@dataclass
class StaffImport:
    """The files of one `import staff`, each imported (or not) in its own transaction."""

    results: list[ImportResult]

    def summary(self) -> ImportSummary:
        """What the officer is told, without the files' staging: the same wherever it ran."""
        return ImportSummary(
            [
                FileOutcome(
                    file=str(r.file.path),
                    org_code=r.file.org_code,
                    rows=r.file.rows,
                    new=r.new,
                    changed=r.changed,
                    unchanged=r.unchanged,
                    rejected=r.rejected,
                    written=r.written,
                    outcome=r.outcome,
                    findings=r.findings,
                )
                for r in self.results
            ]
        )


@dataclass(frozen=True)
class FileOutcome:
    file: str  # as the officer named it
    org_code: str | None
    rows: int
    new: int
    changed: int
    unchanged: int
    rejected: int
    written: bool
    outcome: str  # as ImportResult's
    findings: list[Finding] = field(default_factory=list)  # the file's and the database's


@dataclass(frozen=True)
class ImportSummary:
    """One `import staff` as the officer sees it: each file's outcome and findings."""

    files: list[FileOutcome]

    @property
    def findings(self) -> list[Finding]:
        return [f for outcome in self.files for f in outcome.findings]

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == ERROR for f in self.findings)

    @property
    def held_back(self) -> bool:
        """A file was not written because of its errors (no --skip-invalid)."""
        return any(f.outcome == "rejected" for f in self.files)

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "new": sum(f.new for f in self.files),
            "changed": sum(f.changed for f in self.files),
            "unchanged": sum(f.unchanged for f in self.files),
            "rejected": self.rejected,
            "findings": [f.as_dict(lang) for f in self.findings],
            "files": [
                {k: getattr(f, k) for k in _FILE_FIELDS if k != "findings"} for f in self.files
            ],
        }


_FILE_FIELDS = tuple(f.name for f in fields(FileOutcome))

ProgressFor = Callable[[str], AbstractContextManager[Progress | None]]


def check_staff_files(
    engine: Engine,
    items: list[Path],
    *,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen)
    progress: ProgressFor | None = None,
) -> tuple[LaoDirectory, list[StaffFile]]:
    """Read and check every file (a folder: its staff files) against the stored registry, before
    anyone is asked for a card; `progress(name)` gives each file its progress counter. For a
    SQLite database, the rows the column checks settle are written into the file's staging
    file by a thread as they are settled, while the next ones are checked and then while the
    card and password are asked (Stage.write_ahead): the import attaches it. (Begun once the
    file was read, the writing took 1.1 s of the import of 500,000 rows; beside the checks,
    which wait for the loading of the sheet and leave a core free, it takes none.)"""
    directory = lao_directory(engine)
    files = readings(items, directory, today=today, org=org, options=options, progress=progress)
    ahead = engine.dialect.name == "sqlite"
    return directory, [read(write_ahead=ahead) for _, read in files]


Read = Callable[..., StaffFile]  # read_staff_file of one file, given its other arguments


def readings(
    items: list[Path],
    directory: LaoDirectory,
    *,
    today: date,
    org: str | None,
    options: ReadOptions,
    progress: ProgressFor | None,
) -> Iterator[tuple[Path, Read]]:
    """Each staff file of `items` (a folder: its staff files), and `read_staff_file` of it, its
    progress counter shown while the caller reads it (until it asks for the next)."""
    for path in staff_file_paths(items):
        with progress(path.name) if progress else nullcontext() as advance:
            yield (
                path,
                partial(
                    read_staff_file,
                    path,
                    directory=directory,
                    today=today,
                    org=org,
                    options=options,
                    progress=advance,
                ),
            )


def import_staff_files(
    engine: Engine,
    operator: Operator,
    files: list[StaffFile],
    directory: LaoDirectory,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> StaffImport:
    return StaffImport(
        [
            import_staff(engine, operator, f, directory, skip_invalid=skip_invalid, dry_run=dry_run)
            for f in files
        ]
    )


def lao_directory(engine: Engine) -> LaoDirectory:
    with engine.connect() as conn:
        rows = conn.execute(
            select(Lao.code, Lao.type, Lao.name, Lao.province_code, Province.name)  # type: ignore[call-overload]
            .join(Province, Province.code == Lao.province_code)
            .where(Lao.valid_to.is_(None))  # type: ignore[union-attr]
        ).all()
    return LaoDirectory.build([(c, display_name(t, n), p, pn) for c, t, n, p, pn in rows])


def _check_access(operator: Operator, orgs: set[str], directory: LaoDirectory) -> None:
    for org in sorted(orgs):
        if not operator.covers_lao(org, directory.provinces.get(org, "")):
            raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def import_staff(
    engine: Engine,
    operator: Operator,
    staff_file: StaffFile,
    directory: LaoDirectory,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    orgs = file_orgs(staff_file)
    with (
        db.attached(engine, {STAGED: _staged(engine, staff_file.stage)}),
        privileged(engine, operator.national_id, "import_staff", str(staff_file.path)) as action,
    ):
        staged = Staged(staff_file, (STAGED,))
        return import_checked(action, operator, staged, orgs, directory, skip_invalid, dry_run)


def file_orgs(staff_file: StaffFile) -> set[str]:
    """The LAOs of the file's accepted rows, and the one it names."""
    return staff_file.stage.orgs() | ({staff_file.org_code} if staff_file.org_code else set())


@dataclass(frozen=True)
class Staged:
    """A checked file and where an import finds its rows: on SQLite the schemas its staging
    files are attached as; `left_out`: the seq of rows they hold that are not imported."""

    file: StaffFile
    schemas: tuple[str, ...]
    left_out: tuple[int, ...] = ()


def import_checked(
    action: Action,
    operator: Operator,
    staged: Staged,
    orgs: set[str],
    directory: LaoDirectory,
    skip_invalid: bool,
    dry_run: bool,
) -> ImportResult:
    """The import of a checked file in the action's transaction: access, the database's rules,
    then the upsert of the rows `staged`."""
    staff_file = staged.file
    result = ImportResult(staff_file, findings=list(staff_file.findings))
    path = str(staff_file.path)
    _check_access(operator, orgs, directory)
    action.details.update(orgs=sorted(orgs), rows=staff_file.rows)
    if staff_file.other_kind:  # a ก.พ.7 workbook or a plan: its finding names its command
        action.outcome, result.outcome = "rejected", NOT_STAFF_LIST
        return result
    conn = action.session.connection()
    if not dry_run:
        ensure_unlocked(conn, orgs, "be imported into it", "นำเข้าข้อมูล")
    take_in(conn, staged)
    found = _database_findings(conn, orgs)
    result.findings += [finding for _, finding in found]
    action.details.update(errors=result.errors)
    if result.errors and not skip_invalid:
        action.outcome = "rejected"  # all or nothing: the file had errors
        return result
    result.outcome = "dry_run" if dry_run else "written"
    leave_out(conn, [seq for seq, finding in found if finding.severity == ERROR])
    all_new = _first_import(conn, orgs, found)
    _upsert_once(conn, result, operator.national_id, path, write=not dry_run, all_new=all_new)
    action.details.update(new=result.new, changed=result.changed, dry_run=dry_run)
    result.written = not dry_run
    return result


def _staged(engine: Engine, stage: Stage) -> Path:
    """The staging file, every row in it, where SQLite attaches it. PostgreSQL is sent the rows
    by COPY, the settled ones from the columns still held (Stage.accepted_frames): writing them
    into the file first, then reading them back a tuple at a time, took 3 s of 200,000 rows."""
    return stage.written() if engine.dialect.name == "sqlite" else stage.path


def _upsert_once(
    conn: Connection, result: ImportResult, actor: str, path: str, *, write: bool, all_new: bool
) -> None:
    try:
        _upsert(conn, result, actor, path, utcnow(), write=write, all_new=all_new)
    except IntegrityError as exc:  # someone imported the same people a moment ago
        raise imported_meanwhile() from exc


def imported_meanwhile() -> Conflict:
    return Conflict(
        "Another import wrote some of these records at the same time; nothing was "
        "imported from this file. Run it again.",
        "มีการนำเข้าข้อมูลบุคคลเดียวกันพร้อมกัน ไฟล์นี้ยังไม่ถูกนำเข้า กรุณาสั่งใหม่",
    )


def take_in(conn: Connection, staged: Staged) -> None:
    """The staging files' accepted rows as `incoming`: on SQLite a temporary view of the
    attached files (the rows are not copied again), on PostgreSQL a temporary table sent them
    by COPY."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS temp.{_INCOMING.name}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{LEFT_OUT}")
        conn.exec_driver_sql(f"CREATE TEMP TABLE {LEFT_OUT} (seq INTEGER PRIMARY KEY)")
        left_out = f"temp.{LEFT_OUT}"
        accepted = " UNION ALL ".join(accepted_query(s, left_out) for s in staged.schemas)
        conn.exec_driver_sql(f"CREATE TEMP VIEW {_INCOMING.name} AS {accepted}")
    else:
        _INCOMING.drop(conn, checkfirst=True)
        _INCOMING.create(conn)
        db.copy_frames(conn, _INCOMING, ACCEPTED_COLUMNS, staged.file.stage.accepted_frames())
    leave_out(conn, list(staged.left_out))


def leave_out(conn: Connection, seqs: list[int]) -> None:
    """These rows of `incoming` are not imported: the database's rules refused them, or the
    whole file's after the rows were written into a stretch file (staff_as_read)."""
    if not seqs:
        return
    if conn.dialect.name == "sqlite":
        rows = [(seq,) for seq in seqs]
        conn.exec_driver_sql(f"INSERT INTO temp.{LEFT_OUT} (seq) VALUES (?)", rows)  # noqa: S608
    else:
        statement = delete(_INCOMING).where(_INCOMING.c.seq == bindparam("seq"))
        conn.execute(statement, [{"seq": seq} for seq in seqs])


def _database_findings(conn: Connection, orgs: set[str]) -> list[tuple[int, Finding]]:
    """LHR104: the ID is at another LAO. LHR403: the position number is someone else's there,
    someone the file does not bring (they may be changing position); by `incoming` seq. `orgs`:
    the LAOs of the file's rows."""
    found = elsewhere(conn)
    if stored_at(conn, orgs, numbered=True):  # else none of their numbers is held yet
        found += _numbers_held(conn)
    found.sort(key=lambda pair: (pair[0], pair[1].rule))
    return found


def elsewhere(conn: Connection) -> list[tuple[int, Finding]]:
    """LHR104 by `incoming` seq, in file order: the ID is recorded at another LAO."""
    new = _INCOMING
    query = (
        select(new.c.seq, new.c.sheet, new.c.row, new.c.national_id, _STAFF.c.org_code)
        .join_from(new, _STAFF, _STAFF.c.national_id == new.c.national_id)
        .where(_STAFF.c.org_code != new.c.org_code)
        .order_by(new.c.seq)
    )
    return [
        (seq, Finding("LHR104", sheet, row, "national_id", nid, org))
        for seq, sheet, row, nid, org in conn.execute(query)
    ]


def _numbers_held(conn: Connection) -> list[tuple[int, Finding]]:
    """LHR403 by `incoming` seq: the position number is someone else's at the LAO."""
    new = _INCOMING
    held = (
        select(new.c.seq, new.c.sheet, new.c.row, new.c.position_no, _STAFF.c.national_id)
        .join_from(
            new,
            _STAFF,
            (_STAFF.c.org_code == new.c.org_code) & (_STAFF.c.position_no == new.c.position_no),
        )
        .where(
            _STAFF.c.national_id != new.c.national_id,
            _STAFF.c.national_id.not_in(select(new.c.national_id)),
        )
    )
    return [
        (seq, Finding("LHR403", sheet, row, "position_no", position_no, f"{holder[:1]}-xxxx"))
        for seq, sheet, row, position_no, holder in conn.execute(held)
    ]  # someone else's record: only a hint of the ID


def _first_import(conn: Connection, orgs: set[str], found: list[tuple[int, Finding]]) -> bool:
    """The LAOs' first import, its rows refused by none of the database's rules (`found`):
    none of its IDs is stored, here or at another LAO (LHR104), and each row is a new record."""
    return not found and not stored_at(conn, orgs)


def stored_at(conn: Connection, orgs: set[str], *, numbered: bool = False) -> bool:
    """Whether a record of these LAOs is stored; `numbered`: one with a position number (the
    partial index's). One look-up through an index."""
    stored = select(_STAFF.c.id).where(_STAFF.c.org_code.in_(sorted(orgs)))
    if numbered:
        stored = stored.where(_STAFF.c.position_no.is_not(None))
    return conn.execute(stored.limit(1)).first() is not None


def _upsert(
    conn: Connection,
    result: ImportResult,
    actor: str,
    path: str,
    now: datetime,
    *,
    write: bool,
    all_new: bool,
) -> None:
    """Count, and unless `write` is off, write: the changed records a page at a time, each with
    its differences, then the new records and their history in two statements. `all_new`: no
    incoming ID is stored (not looked up again: 0.15 s of 500,000 rows)."""
    new = _INCOMING
    if all_new:
        total = result.new = conn.execute(select(func.count()).select_from(new)).scalar_one()
    else:
        fresh = new.c.national_id.not_in(select(_STAFF.c.national_id))
        counted = select(func.count(), func.count(case((fresh, 1)))).select_from(new)
        total, result.new = conn.execute(counted).one()
    # the changed ones first: compared while only the stored records match an incoming ID
    for page in _changes(conn, result.file.unstated) if result.new < total else ():
        result.changed += len(page)
        if write:
            _write_changes(conn, page, actor, path, now)
    if write and result.new:
        # the new record holds its values, and points to who imported it, when, from where
        imported = conn.execute(
            insert(_IMPORTED).values(at=now, actor=actor, file=path).returning(_IMPORTED.c.id)
        ).scalar_one()
        # WHERE true: SQLite would read the ON of ON CONFLICT as the SELECT's join constraint
        if insert_records(conn, new, true(), imported, now) != result.new:
            raise imported_meanwhile()  # some were stored since they were counted
    result.unchanged = total - result.new - result.changed


def insert_records(
    conn: Connection,
    rows: Any,
    accepted: Any,
    imported: int,
    now: datetime,
    *,
    first_id: int | None = None,
) -> int:
    """New records of the `accepted` `rows` (a table of FIELDS, `seq`, `sheet` and `row`), in
    file order, stamped `now`, each pointing to the import `imported` and its sheet and row; an
    ID stored already is not inserted. `first_id`: each record's id is its seq after it (an
    import as it is read), else the table numbers them. The records inserted."""
    stamp = literal(now, _STAFF.c.created_at.type)
    ids = [] if first_id is None else [rows.c.seq + literal(first_id, Integer)]
    where = (literal(imported, Integer), rows.c.sheet, rows.c.row)
    records = select(*ids, *(rows.c[f] for f in FIELDS), stamp, stamp, *where).where(accepted)
    names = ("id",) * len(ids) + (*FIELDS, "created_at", "updated_at", *_IMPORTED_FROM)
    written = conn.execute(
        db.insert_new(conn, _STAFF, "national_id").from_select(names, records.order_by(rows.c.seq)),
        execution_options={"preserve_rowcount": True},
    )
    return int(written.rowcount)


Change = tuple[dict[str, Any], dict[str, list[Any]]]  # the incoming row, its differences


def _changes(
    conn: Connection, unstated: dict[str | None, frozenset[str]]
) -> Iterator[list[Change]]:
    """Pages of records already stored at the same LAO whose values differ in a field the row's
    sheet states, in file order; the fields it does not (`unstated`, by sheet) keep their stored
    values."""
    new = _INCOMING
    query = (
        select(new, *(_STAFF.c[f].label(f"old_{f}") for f in _COMPARED))
        .join_from(new, _STAFF, _STAFF.c.national_id == new.c.national_id)
        .where(or_(*(_stated_and_differs(f, unstated) for f in _COMPARED)))
        .order_by(new.c.seq)
        .limit(PAGE)
    )
    last = -1
    while rows := conn.execute(query.where(new.c.seq > last)).mappings().all():
        last = rows[-1]["seq"]
        page: list[Change] = []
        for found in rows:
            row = dict(found)
            kept = unstated.get(row["sheet"], frozenset())
            row |= {f: row[f"old_{f}"] for f in kept}
            diff = {f: [row[f"old_{f}"], row[f]] for f in _COMPARED if row[f"old_{f}"] != row[f]}
            page.append((row, diff))
        yield page


def _stated_and_differs(
    field: str, unstated: dict[str | None, frozenset[str]]
) -> ColumnElement[bool]:
    """The incoming row's `field` differs from the stored one's, and its sheet states it."""
    new = _INCOMING
    differs = new.c[field].is_distinct_from(_STAFF.c[field])
    silent = [sheet or "" for sheet, fields in unstated.items() if field in fields]
    if not silent:
        return differs
    return differs & func.coalesce(new.c.sheet, "").not_in(silent)  # a CSV file: no sheet


def _write_changes(
    conn: Connection, page: list[Change], actor: str, path: str, now: datetime
) -> None:
    statement = (
        update(_STAFF)
        .where(_STAFF.c.national_id == bindparam("key"))
        .values({f: bindparam(f) for f in _COMPARED} | {"updated_at": bindparam("stamp")})
    )
    conn.execute(
        statement,
        [
            {f: row[f] for f in _COMPARED} | {"key": row["national_id"], "stamp": now}
            for row, _ in page
        ],
    )
    db.insert_rows(
        conn,
        _HISTORY,
        _HISTORY_COLUMNS,
        [_history(actor, row, path, now, diff) for row, diff in page],
    )
    moved = [row for row, diff in page if not diff.keys().isdisjoint(_POSITION_FIELDS)]
    if moved:  # the record of service's latest position row stays the record's position
        on = today()
        db.insert_rows(
            conn,
            _POSITION,
            ("national_id", "effective_on", "movement", *_POSITION_FIELDS),
            [
                (row["national_id"], on, "other", *(row[f] for f in _POSITION_FIELDS))
                for row in moved
            ],
        )


def _history(
    actor: str, row: dict[str, Any], path: str, at: datetime, changes: object
) -> tuple[object, ...]:
    """A `changed` history row, in _HISTORY_COLUMNS order."""
    where = row_source(path, row["sheet"], row["row"])
    text = json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True)
    return (row["national_id"], row["org_code"], at, actor, "changed", where, text)
