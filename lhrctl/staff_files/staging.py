"""The staging table of one checked file: a scratch SQLite database on disk.

The rows the row checks read go here as they are read, so memory stays flat however long the
file is; the rows the column checks settled stay columns (polars frames, a few bytes a cell)
until an import needs the file (an import into SQLite has a thread write them as they are
settled, then while its officer signs in: `write_ahead`; every write to the file then goes
through that thread, in order, and only a read of the file waits for it). The rules over the
whole file (an ID on two rows, a position number twice in one LAO) run over both. The import
then takes the accepted rows into the database as a set: a SQLite database attaches this file,
PostgreSQL is sent them by COPY.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from lhrctl.schemas.staff import FIELDS, StaffRecord
from lhrctl.staff_files.leftovers import sweep

if TYPE_CHECKING:
    import polars as pl

    from lhrctl.staff_files.stretch_files import StretchFiles

_RECORD = FIELDS[1:]  # national_id has its own column: rows without a record have one too
TABLE = "stage"
# what an import takes: where each row came from, then the record in FIELDS order
ACCEPTED_COLUMNS = ("seq", "sheet", "row", *FIELDS)
_BUFFER = 5000
_SCRATCH = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF")  # each connection's settings
_PREFIX = "lhrctl-stage-"  # then the process ID, so a killed process's file can be found
_COLUMNS = ", ".join(_RECORD)
# the column names are this module's constants, never input
# `settled`: 1 on the rows the column checks settled (they are also held as columns until an
# import has the file written), else NULL
_CREATE = (
    f"CREATE TABLE {TABLE} (seq INTEGER PRIMARY KEY, sheet TEXT, row INTEGER, "
    f"national_id TEXT, ok INTEGER NOT NULL, {_COLUMNS}, settled INTEGER)"
)
_INSERT = (
    f"INSERT INTO {TABLE} (seq, sheet, row, national_id, ok, {_COLUMNS}) "  # noqa: S608
    f"VALUES ({', '.join('?' * (len(_RECORD) + 5))})"
)


def accepted_query(schema: str | None = None, leaving_out: str | None = None) -> str:
    """The SELECT of the accepted rows, from the staging file attached as `schema` if given,
    but those whose `seq` the table `leaving_out` holds."""
    table = f"{schema}.{TABLE}" if schema else TABLE
    query = f"SELECT {', '.join(ACCEPTED_COLUMNS)} FROM {table} WHERE ok"  # noqa: S608
    left_out = f" AND seq NOT IN (SELECT seq FROM {leaving_out})"  # noqa: S608 (our names)
    return query + left_out if leaving_out else query


Place = tuple[str | None, int]  # sheet, row
StagedRow = tuple[int, int, str, StaffRecord | None]  # seq, row number, national ID, record
# what the rules over the whole file read of a row, and where a row given to the file holds it
_KEYS = ("seq", "sheet", "row", "national_id", "ok", "org_code", "position_no")
_KEY_PLACES = tuple(("seq", "sheet", "row", "national_id", "ok", *_RECORD).index(k) for k in _KEYS)


class Stage:
    """Rows of one file in reading order; `ok` marks those with a record nothing rejected."""

    def __init__(self, owner: int | None = None) -> None:
        """`owner`: the process whose file this is, if not this one (a worker's part)."""
        _sweep()
        # honours TMPDIR; the file stays until close (or collection): an import attaches it by name
        pid = os.getpid() if owner is None else owner
        fd, name = tempfile.mkstemp(prefix=f"{_PREFIX}{pid}-", suffix=".db")
        os.close(fd)
        self.path = Path(name)
        self._db = create(self.path)
        self._finalizer = weakref.finalize(self, _remove, self._db, self.path)
        self._buffer: list[tuple[object, ...]] = []
        self._settled: list[pl.DataFrame] = []  # rows the column checks settled, as columns
        self._spool: list[pl.DataFrame] = []  # settled rows not held, on their way to the file
        self._known_keys: pl.DataFrame | None = None  # _keys, until rows change
        self._in_file = False  # the settled rows are in the file, and no longer held here
        self._given = 0  # rows given to the file that are not held as columns
        self._writer: ThreadPoolExecutor | None = None  # writes them as they come (write_ahead)
        self._writes: list[Future[None]] = []
        self._queued: list[Future[None]] = []  # the last writes given by `_write`
        self._sent = 0  # of `_settled`, those given to the writer
        self._stretches: StretchFiles | None = None  # where they are written instead (`pipe`)

    def add_rows(self, sheet: str | None, rows: Iterable[StagedRow]) -> None:
        """Rows of `sheet` with a readable ID, as (seq, row number, ID, record): `seq` is the
        row's place in reading order, `record` None when its checks failed."""
        self._known_keys = None
        blank = (0, *([None] * len(_RECORD)))
        self._buffer += [
            (seq, sheet, row, nid, *(blank if r is None else _values(r)))
            for seq, row, nid, r in rows
        ]
        if len(self._buffer) >= _BUFFER:
            self._flush()

    def add_settled(self, rows: pl.DataFrame, *, held: bool = True) -> None:
        """Rows laid out as the table's columns (column_checks). They stay columns until an
        import needs the file (`written`), or, once `write_ahead` is asked, are written by a
        thread as they come: checking a workbook alone never writes them. Not `held`, they go
        into the file now, as rows of its own: a file read as a stream (CSV) holds nothing of
        what it has read."""
        self._known_keys = None
        if not held:
            self._spool.append(rows)
            if sum(frame.height for frame in self._spool) >= _SPOOL_ROWS:
                self._flush()
            return
        self._settled.append(rows)
        self._send()

    def write_ahead(self) -> None:
        """From now on the settled rows are written into the file by a thread, as they come:
        an import will attach it, and its officer is signing in meanwhile. The rows stay held
        as columns too, for the rules over the whole file."""
        if self._writer is None and not self._in_file:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="lhrctl-stage")
            self._send()

    def pipe(self, stretches: StretchFiles) -> None:
        """From now on the settled rows are written as they come into `stretches`' files, not
        this one, each file handed over once written (an import inserts a stretch while the
        next is checked). They stay held as columns too, until the stage is closed."""
        self._stretches = stretches
        self.write_ahead()

    def left_out(self) -> list[int]:
        """The seq of each settled row the rules over the whole file rejected after it was
        written into a stretch file (`pipe`)."""
        import polars as pl

        ok = pl.col("ok") == 1
        return [s for f in self._settled for s in f.filter(~ok).get_column("seq").to_list()]

    @property
    def writing_ahead(self) -> bool:
        """A thread writes the settled rows into the file as they come (write_ahead)."""
        return self._writer is not None

    def _send(self) -> None:
        if self._writer is not None and self._settled[self._sent :]:
            write = self._stretches.write if self._stretches else self._ingest
            self._writes.append(self._writer.submit(write, self._settled[self._sent :]))
            self._sent = len(self._settled)

    def _ingest(self, frames: list[pl.DataFrame], settled: int | None = 1) -> None:
        """Settled rows into the file (on the writer's thread, at `written` or, for rows not
        held, at `_flush`). `settled`: 1 for rows held as columns too, which the rules over the
        whole file count there."""
        ingest(self.path, frames, settled)

    def _settle(self) -> None:
        """Wait for the writes given to the writer to be done (an error writing is raised
        here). Every other use of the file waits so, or is given to the writer: the ADBC
        driver has its own copy of SQLite, and two copies in one process using one file at
        once corrupt it (each releases the other's locks)."""
        writes, self._writes = self._writes, []
        for write in writes:
            write.result()

    def _write(self, work: Callable[[], None]) -> None:
        """A write to the file: on the writer's thread once there is one, after what it is
        writing; else now. Waited for only where the writer falls _BEHIND: the rows given it
        stay in memory until written (the settled rows it writes are held anyway), and a CSV
        file read as a stream must not be held whole."""
        if self._writer is None:
            work()
            return
        write = self._writer.submit(work)
        self._writes.append(write)
        self._queued.append(write)
        if len(self._queued) > _BEHIND:
            self._queued.pop(0).result()

    def _file(self) -> None:
        """Every row given is in the file, and nothing is writing it: for a read of it, or a
        write from this thread."""
        self._flush()
        self._settle()

    def written(self) -> Path:
        """The file, every row in it: what an import attaches. The settled rows then leave
        memory; piped (`pipe`), they are in the stretch files, the last of them handed over."""
        self._file()
        if self._stretches is not None:
            if self._writer is not None:
                self._writer.submit(self._stretches.done).result()
                self._writer.shutdown()
                self._writer = None
            return self.path
        if self._settled[self._sent :]:
            self._ingest(self._settled[self._sent :])
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None
        self._settled, self._sent, self._in_file = [], 0, True
        self._known_keys = None  # the rules over the whole file are done: not held through
        return self.path

    def _flush(self) -> None:
        """The rows given since the last flush into the file (`_write`)."""
        rows, spool = self._buffer, self._spool
        if rows or spool:
            self._buffer, self._spool = [], []
            self._given += len(rows) + sum(frame.height for frame in spool)
            self._write(partial(self._write_rows, rows, spool))

    def _write_rows(self, rows: list[tuple[object, ...]], spool: list[pl.DataFrame]) -> None:
        if rows:
            self._db.execute("BEGIN")
            self._db.executemany(_INSERT, rows)
            self._db.execute("COMMIT")
        if spool:
            self._ingest(spool, settled=None)

    def _keys(self) -> pl.DataFrame:
        """What the rules over the whole file look at, of every row, the file's and the
        settled ones: a few bytes a row (codes as categories), the file's read a batch at a
        time, so a long file read row by row adds little to memory. Read again only once rows
        are added or rejected."""
        if self._known_keys is None:
            self._known_keys = self._read_keys()
        return self._known_keys

    def _read_keys(self) -> pl.DataFrame:
        """The file's rows read from it, or, where it holds none but the settled rows (also
        held here), from those given it and not yet flushed: the file's writer, writing the
        settled rows while the checks go on, is not waited for."""
        import polars as pl

        schema = {"seq": pl.Int64, "sheet": pl.String, "row": pl.Int64, "national_id": pl.String,
                  "ok": pl.Int64, "org_code": pl.String, "position_no": pl.String}  # fmt: skip
        compact = [
            pl.col("seq"),
            pl.col("sheet").cast(pl.Categorical),
            pl.col("row").cast(pl.Int32),
            pl.col("national_id"),
            pl.col("ok").cast(pl.UInt8),
            pl.col("org_code").cast(pl.Categorical),
            pl.col("position_no"),
        ]
        parts = [
            pl.DataFrame(rows, schema=schema, orient="row").select(compact)
            for rows in self._rows_keyed()
        ]
        parts += [frame.select(pl.col(n).cast(t) for n, t in schema.items()).select(compact)
                  for frame in self._settled]  # fmt: skip
        return pl.concat(parts) if parts else pl.DataFrame(schema=schema).select(compact)

    def _rows_keyed(self) -> Iterator[list[tuple[object, ...]]]:
        """The _KEYS of the rows not held as columns, a batch at a time: read from the file if
        any are in it, else from those given it and not yet flushed."""
        if self._in_file or self._given > 0 or self._spool:
            self._file()
            query = f"SELECT {', '.join(_KEYS)} FROM {TABLE}{self._unsettled()}"  # noqa: S608
            cursor = self._db.execute(query)
            while rows := cursor.fetchmany(_BUFFER * 10):
                yield rows
        elif self._buffer:
            yield [tuple(row[i] for i in _KEY_PLACES) for row in self._buffer]

    def duplicate_ids(self) -> list[tuple[str, list[Place]]]:
        """IDs on more than one row, with every place they occur, in reading order."""
        import polars as pl

        keys = self._keys().filter(pl.col("national_id").is_duplicated())
        found: dict[str, list[Place]] = {}
        for nid, sheet, row in (
            keys.sort("national_id", "seq").select(
                "national_id", pl.col("sheet").cast(pl.String), "row"
            )
        ).iter_rows():
            found.setdefault(nid, []).append((sheet, row))
        return list(found.items())

    def duplicate_positions(self) -> list[tuple[str | None, int, str]]:
        """Rows with a record whose position number occurs twice or more in its LAO."""
        import polars as pl

        held = self._keys().filter((pl.col("ok") == 1) & pl.col("position_no").is_not_null())
        twice = held.filter(pl.struct("org_code", "position_no").is_duplicated())
        shown = (pl.col("sheet").cast(pl.String), "row", "position_no")
        return list(twice.sort("seq").select(*shown).iter_rows())

    def reject(self, places: set[Place]) -> None:
        """These rows are not to be imported (their findings say why)."""
        import polars as pl

        self._known_keys = None
        self._flush()  # the rows given are rejected in the file too, once written
        ordered = sorted(places, key=lambda place: (place[0] or "", place[1]))
        self._write(partial(self._mark_rejected, ordered))
        rejected = pl.DataFrame(ordered, schema={"sheet": pl.String, "row": pl.Int64}, orient="row")
        self._settled = [
            frame.join(  # a CSV file's rows have no sheet: IS, not =, as in the UPDATE above
                rejected.with_columns(gone=pl.lit(True)),
                on=["sheet", "row"],
                how="left",
                nulls_equal=True,
            )
            .with_columns(ok=pl.when(pl.col("gone")).then(0).otherwise(pl.col("ok")))
            .drop("gone")
            for frame in self._settled
        ]

    def _mark_rejected(self, places: list[Place]) -> None:
        self._db.execute("BEGIN")
        self._db.executemany("UPDATE stage SET ok = 0 WHERE sheet IS ? AND row = ?", places)
        self._db.execute("COMMIT")

    def seal(self) -> None:
        """Reading is over: every row is given to the file, where an import attaches it (an
        import into SQLite waits for them to be written: `written`)."""
        self._flush()

    def hand_over(self) -> Path:
        """A part's file, complete and closed, for the owner to `absorb`: it is no longer
        removed when this object goes."""
        self._file()
        self._finalizer.detach()
        self._db.close()
        return self.path

    def absorb(self, part: Path) -> None:
        """The rows of a part checked elsewhere (they carry their `seq`); the part is removed."""
        self._known_keys = None
        self._file()
        self._db.execute("ATTACH DATABASE ? AS part", (str(part),))
        try:  # one statement outside a transaction: all of the part or none of it
            added = self._db.execute(f"INSERT INTO {TABLE} SELECT * FROM part.{TABLE}")  # noqa: S608
            self._given += added.rowcount
        finally:
            self._db.execute("DETACH DATABASE part")
            part.unlink(missing_ok=True)

    def accepted_rows(self) -> Iterator[tuple[object, ...]]:
        """The accepted rows, ACCEPTED_COLUMNS, in reading order (dates as ISO text)."""
        self.written()
        yield from self._db.execute(f"{accepted_query()} ORDER BY seq")

    def accepted_frames(self, size: int = 50_000) -> Iterator[pl.DataFrame]:
        """The accepted rows as columns (ACCEPTED_COLUMNS, dates as ISO text), `size` rows at a
        time of the file's, then the settled ones: what a COPY is sent, unwritten here."""
        import polars as pl

        from lhrctl.schemas.staff import DATE_FIELDS

        self._file()
        numbers = {"seq": pl.Int64, "row": pl.Int64, "salary": pl.Float64}  # the rest are text
        schema = {c: numbers.get(c, pl.String) for c in ACCEPTED_COLUMNS}
        cursor = self._db.execute(accepted_query() + self._unsettled(" AND"))
        while rows := cursor.fetchmany(size):
            yield pl.DataFrame(rows, schema=schema, orient="row")
        for frame in self._settled:
            accepted = frame.filter(pl.col("ok") == 1).select(ACCEPTED_COLUMNS)
            yield accepted.with_columns(pl.col(c).cast(pl.String) for c in DATE_FIELDS)

    def orgs(self) -> set[str]:
        """The LAOs of the accepted rows."""
        import polars as pl

        accepted = self._keys().filter(pl.col("ok") == 1)
        return set(accepted.get_column("org_code").unique().to_list())

    def _unsettled(self, where: str = " WHERE") -> str:
        """The file's rows but those held as columns too, as a condition of its query."""
        return "" if self._in_file else f"{where} settled IS NULL"

    def stop(self) -> None:
        """Nothing more is written: what is being written is finished, the rest dropped."""
        if self._writer is not None:
            self._writer.shutdown(cancel_futures=True)

    def close(self) -> None:
        self.stop()  # the rows being written go with the file
        if self._stretches is not None:
            self._stretches.close()
        self._settled = []
        self._finalizer()


_SPOOL_ROWS = 100_000  # settled rows not held, written into the file this many at a time
_BEHIND = 3  # the writes of rows not held (`_write`) given to the writer and not done, at most


def create(path: Path) -> sqlite3.Connection:
    """A new staging file at `path`, its table empty, and the connection that made it."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in _SCRATCH:
        connection.execute(pragma)
    connection.execute(_CREATE)
    return connection


def ingest(path: Path, frames: list[pl.DataFrame], settled: int | None = 1) -> None:
    """Settled rows into the staging file `path`, by SQLite's ADBC driver from their Arrow
    buffers, on one connection, closed on return: no Python object per row or cell. The driver
    has its own copy of SQLite: no other connection may use the file meanwhile (`_settle`)."""
    import adbc_driver_sqlite.dbapi as adbc
    import polars as pl

    # a scratch file, as the stage's own connection treats it: no journal, no fsync
    with (
        adbc.connect(str(path), autocommit=True) as connection,
        connection.cursor() as cursor,
    ):
        for pragma in _SCRATCH:
            cursor.execute(pragma)
        cursor.execute("BEGIN")  # one transaction; an error fails the read, file and all
        for rows in frames:
            marked = rows.with_columns(settled=pl.lit(settled, pl.Int64))
            cursor.adbc_ingest(TABLE, marked, mode="append")
        cursor.execute("COMMIT")


def _remove(connection: sqlite3.Connection, path: Path) -> None:
    connection.close()
    path.unlink(missing_ok=True)


def _sweep() -> None:
    """Remove the staging files of processes that were killed before they could."""
    sweep(Path(tempfile.gettempdir()), _PREFIX, ".db")


def _values(r: StaffRecord) -> tuple[object, ...]:
    """`ok`, then the record in _RECORD order, dates as ISO text."""
    appointed = r.appointed_on.isoformat() if r.appointed_on else None
    return (
        1,
        r.title,
        r.first_name,
        r.last_name,
        r.gender,
        r.birth_date.isoformat(),
        r.personnel_type,
        r.position,
        r.position_no,
        r.level,
        r.division,
        r.salary,
        appointed,
        r.org_code,
    )
