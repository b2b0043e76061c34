"""Importing staff files into SQLite as they are checked, the officer signed in first.

An import of a checked file (staff_import) inserts its rows once every row is checked: for
200,000 rows the insert alone took 0.7-1.1 s after 0.5-0.6 s of checks, on one core each. Here
the file's transaction begins before it is read, and the rows the column checks settle are
inserted a stretch at a time (stretch_files) while the next stretch is checked; it takes the
database's write lock with the first stretch, not while the sheet loads. That is sound
only for a first import, of LAOs without a record yet: each row is then a new record, and no
rule of the database but LHR104 (the ID is recorded at another LAO) can refuse it. So each
stretch's LAOs are looked at before it is inserted; an LAO with records, not the officer's, or
certified, and the stretches inserted are undone, the rest of the file read as before, and it
is imported as any other (staff_import.import_checked), to the same end.

The records get their ids in file order, as an import of the checked file gives them, whatever
the order they are inserted in: the file's first row the next id after the last stored, each
row after it its place in the file (seq) further on; so a row left out leaves its id unused,
where the other way numbers the records it writes one after the other. Rows the rules over the
whole file reject once inserted are deleted again; the ones an ID recorded elsewhere kept out
were never inserted.
Without --skip-invalid, a file with any error is undone whole, as an import of it writes
nothing. PostgreSQL and a dry run take the other way: the file checked, then imported.

A large sheet is loaded in pieces (staff_files/sheet_pieces), so that its first stretches are
inserted while the rest loads. Where the pieces turn out not to stand for the sheet
(PiecesUnfit: a cell right of the table's columns, a number written as text, a cell merged
down), what was inserted is rolled back with the transaction, and the file is imported again,
read whole: one import, one audit entry.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path

from sqlalchemy import (
    Integer,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
)
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.errors import LhrError
from lhrctl.schemas.staff import FIELDS
from lhrctl.schemas.tables import ImportedFile, Staff
from lhrctl.services.access import Operator
from lhrctl.services.actions import Action, privileged
from lhrctl.services.certification import ensure_unlocked
from lhrctl.services.clock import utcnow
from lhrctl.services.staff_import import (
    LEFT_OUT,
    STAGED,
    ImportResult,
    ProgressFor,
    Read,
    StaffImport,
    Staged,
    elsewhere,
    file_orgs,
    import_checked,
    import_staff,
    imported_meanwhile,
    insert_records,
    lao_directory,
    leave_out,
    readings,
    stored_at,
    take_in,
)
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.readers import expected_rows, staff_file_paths
from lhrctl.staff_files.reading import LaoDirectory, StaffFile
from lhrctl.staff_files.rules import ERROR
from lhrctl.staff_files.sheet_loader import large_file
from lhrctl.staff_files.sheet_pieces import PiecesUnfit
from lhrctl.staff_files.staging import TABLE, Stage
from lhrctl.staff_files.stretch_files import StretchFiles

# SQLite attaches at most ten files to a connection: the staging file, these, one to spare
FILES = 8
# a stretch file for each this many of the file's rows, up to FILES: the column checks settle
# 10,000 rows first, then 50,000 at a time (column_checks.CHUNK)
FILE_ROWS = 10_000
_SCHEMA = "stretch"  # then the file's index: the schema a stretch file is attached as
_SAVEPOINT = "as_read"
_ROW = ("seq", "sheet", "row", "ok", *FIELDS)
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_IMPORTED = ImportedFile.__table__  # type: ignore[attr-defined]


def signs_in_first(items: list[Path]) -> bool:
    """Whether `import staff` of these files signs the officer in before it reads them: one is
    large (some 50,000 rows), so that it is imported as it is read (`import_staff_as_read`),
    and the officer, signed in at the start, need not wait for the checks to sign in."""
    return any(large_file(path) for path in staff_file_paths(items))


def import_staff_as_read(
    engine: Engine,
    operator: Operator,
    items: list[Path],
    *,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen)
    progress: ProgressFor | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> tuple[list[StaffFile], StaffImport]:
    """Every file (a folder: its staff files) read, checked and imported in turn, each in its
    own transaction, by `operator`, signed in already; `progress(name)` gives each file its
    progress counter. The files, checked, and what each import did."""
    directory = lao_directory(engine)
    files, results = [], []
    for path, read in readings(
        items, directory, today=today, org=org, options=options, progress=progress
    ):
        if engine.dialect.name == "sqlite" and not dry_run:
            as_read = partial(_as_read, engine, operator, path, directory, read, skip_invalid)
            try:
                staff_file, result = as_read(pieces=True)
            except PiecesUnfit:  # rare (a cell far right, a number as text): read again whole
                staff_file, result = as_read(pieces=False)
        else:
            staff_file = read()
            result = import_staff(
                engine, operator, staff_file, directory, skip_invalid=skip_invalid,
                dry_run=dry_run,
            )  # fmt: skip
        files.append(staff_file)
        results.append(result)
    return files, StaffImport(results)


def _as_read(
    engine: Engine,
    operator: Operator,
    path: Path,
    directory: LaoDirectory,
    read: Read,
    skip_invalid: bool,
    *,
    pieces: bool,
) -> tuple[StaffFile, ImportResult]:
    """The file imported as it is read; `pieces`: a large sheet read in pieces (PiecesUnfit
    where it turns out it cannot be, what was done rolled back)."""
    # closed at the end, once no connection attaches its files (one would make them anew)
    stage = Stage()
    try:
        rows = expected_rows(path)
        count = max(1, min(_files(), 1 + rows // FILE_ROWS))
        stretches = StretchFiles(stage.path, count, rows)
        files = {STAGED: stage.path} | {f"{_SCHEMA}{k}": p for k, p in enumerate(stretches.paths)}
        with (
            db.attached(engine, files),
            privileged(
                engine, operator.national_id, "import_staff", str(path), write_later=True
            ) as action,
        ):
            taking = TakingIn(action.session.connection(), operator, directory, str(path))
            stretches.ready = taking.ready
            stage.pipe(stretches)
            try:
                staff_file = read(stage=stage, pieces=pieces)
                stage.written()  # the last stretch handed over
            except BaseException:
                stage.stop()  # its writer first: no stretch is handed over after
                taking.abandon()  # then the transaction is the session's again, to roll back
                raise
            staged = Staged(staff_file, tuple(files), tuple(stage.left_out()))
            result = taking.finish(action, staged, skip_invalid)
        return staff_file, result
    finally:
        stage.close()


def _files() -> int:
    """FILES, or fewer where this SQLite attaches fewer than ten files to a connection."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(":memory:")) as probe:
        return min(FILES, probe.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) - 2)


class TakingIn:
    """The inserts of one file's stretches into `staff`, in order, on a thread of their own
    (the connection is used by one thread at a time: this one's, until `finish` waits for it),
    within a savepoint, so that they can be undone."""

    def __init__(
        self, conn: Connection, operator: Operator, directory: LaoDirectory, path: str
    ) -> None:
        self.conn, self.operator, self.directory, self.path = conn, operator, directory, path
        self.now = utcnow()
        self.begun = False  # the import recorded, the write lock taken (`_begin`)
        self.imported = self.first_id = 0
        self.inserted = 0
        self.offered = 0  # the rows offered to `staff`: those inserted, and those an ID kept out
        self.laos: set[str] = set()  # the LAOs of the rows inserted, each found without records
        self.undone = False  # a stretch's LAO had records (or was not the officer's, …)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="lhrctl-import")
        self._inserts: list[Future[None]] = []

    def ready(self, index: int, orgs: set[str], rows: int) -> None:
        """A stretch file of `rows` settled rows is written (on the stage's writer thread): they
        are inserted."""
        self._inserts.append(self._thread.submit(self._take, f"{_SCHEMA}{index}", orgs, rows))

    def _begin(self) -> None:
        """The import recorded, once, with the first stretch (or at `finish`): its statement is
        the transaction's first, a write, so the write lock is taken then (write_later), and
        the rest of the transaction sees the database as it is under it. Not before: the sheet
        loads for most of the import, and another officer's write need not wait for that. The
        ids are counted from the last one stored then."""
        if self.begun:
            return
        self.conn.exec_driver_sql(f"SAVEPOINT {_SAVEPOINT}")
        self.imported = self.conn.execute(
            insert(_IMPORTED)
            .values(at=self.now, actor=self.operator.national_id, file=self.path)
            .returning(_IMPORTED.c.id)
        ).scalar_one()
        self.first_id = (self.conn.execute(select(func.max(_STAFF.c.id))).scalar() or 0) + 1
        self.begun = True

    def _take(self, schema: str, orgs: set[str], rows: int) -> None:
        if self.undone:
            return
        try:
            self._begin()
            if not self._first_records(orgs - self.laos):
                self.undo()
                return
            self.laos |= orgs
            self.inserted += self._insert(schema)
        except BaseException:
            # the stretches after it are not taken (each would wait for the write lock again,
            # or fail alike): `finish` raises this, and the transaction rolls back
            self.undone = True
            raise
        self.offered += rows

    def _first_records(self, orgs: set[str]) -> bool:
        """Whether these LAOs are the officer's, open to imports, and without any record."""
        if not orgs:
            return True
        if not all(self.operator.covers_lao(o, self.directory.provinces.get(o, "")) for o in orgs):
            return False
        try:
            ensure_unlocked(self.conn, orgs, "be imported into it", "นำเข้าข้อมูล")
        except LhrError:
            return False
        return not stored_at(self.conn, orgs)

    def _insert(self, schema: str) -> int:
        """The accepted rows of the staging file attached as `schema`, each a new record with
        the id its place in the file gives it; an ID stored already (at another LAO: LHR104, or
        on another row of the file: LHR103) is not inserted."""
        rows = table(TABLE, *(column(c) for c in _ROW), schema=schema)
        accepted = rows.c.ok == 1
        return insert_records(
            self.conn, rows, accepted, self.imported, self.now, first_id=self.first_id
        )

    def _accepted(self, schema: str) -> int:
        rows = table(TABLE, column("ok"), schema=schema)
        return self.conn.execute(select(func.count()).where(rows.c.ok == 1)).scalar_one()

    def undo(self) -> None:
        """The stretches inserted, and the file's import record, are undone."""
        self.undone = True
        self.conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        self.conn.exec_driver_sql(f"RELEASE SAVEPOINT {_SAVEPOINT}")

    def _wait(self) -> None:
        """Every insert given is done; one failing (or Ctrl+C meanwhile), the rest are
        abandoned, and the error is the import's."""
        inserts, self._inserts = self._inserts, []
        try:
            for insert_done in inserts:
                insert_done.result()
        except BaseException:
            self.abandon()
            raise
        self._thread.shutdown()

    def abandon(self) -> None:
        """The read or an insert failed: the insert under way is waited for, those not begun
        are dropped (the transaction rolls back whatever they did)."""
        self.undone = True
        self._thread.shutdown(cancel_futures=True)

    def finish(self, action: Action, staged: Staged, skip_invalid: bool) -> ImportResult:
        """The file read and its stretches inserted: the rows the row checks read inserted too,
        the rows since rejected deleted, LHR104 looked for; or, undone, the file imported as
        any other."""
        self._wait()
        self._begin()
        staff_file = staged.file
        orgs = file_orgs(staff_file)
        if not self._holds(staff_file, orgs):
            return import_checked(
                action, self.operator, staged, orgs, self.directory, skip_invalid, dry_run=False
            )
        self.inserted += self._insert(STAGED)  # the rows the row checks read
        self.offered += self._accepted(STAGED)
        take_in(self.conn, staged)  # `left_out`: the rows rejected since they were inserted
        kept_out = self.offered - self.inserted  # their ID stored already
        self.inserted -= self._delete_left_out()
        result = ImportResult(staff_file, findings=list(staff_file.findings))
        # looked for only where an ID kept a row out: the join of every row took 0.2 s of 200,000
        found = elsewhere(self.conn) if kept_out else []
        result.findings += [finding for _, finding in found]
        action.details.update(orgs=sorted(orgs), rows=staff_file.rows, errors=result.errors)
        if result.errors and not skip_invalid:
            self.undo()
            action.outcome = "rejected"  # all or nothing: the file had errors
            return result
        leave_out(self.conn, [seq for seq, finding in found if finding.severity == ERROR])
        return self._written(action, result, counted=bool(kept_out))

    def _holds(self, staff_file: StaffFile, orgs: set[str]) -> bool:
        """Whether the way holds to the end: a staff list, of LAOs without records (the
        rows the row checks read may name more); else it is undone."""
        if not self.undone and (staff_file.other_kind or not self._first_records(orgs - self.laos)):
            self.undo()
        return not self.undone

    def _written(self, action: Action, result: ImportResult, *, counted: bool) -> ImportResult:
        """`counted`: the rows `incoming` accepts are counted again, some of them kept out."""
        if counted:
            accepted = select(func.count()).select_from(table("incoming"))
            total = self.conn.execute(accepted).scalar_one()
            if total != self.inserted:  # cannot be: the write lock is held from the start
                raise imported_meanwhile()
        if not self.inserted:
            self.conn.execute(delete(_IMPORTED).where(_IMPORTED.c.id == self.imported))
        self.conn.exec_driver_sql(f"RELEASE SAVEPOINT {_SAVEPOINT}")
        result.new, result.outcome, result.written = self.inserted, "written", True
        action.details.update(new=result.new, changed=0, dry_run=False)
        return result

    def _delete_left_out(self) -> int:
        """The records inserted from rows rejected since (the whole file's rules): `incoming`
        leaves them out."""
        seq = literal_column("seq", Integer)
        left_out = select(seq + self.first_id).select_from(table(LEFT_OUT))
        gone = self.conn.execute(delete(_STAFF).where(_STAFF.c.id.in_(left_out)))
        return gone.rowcount
