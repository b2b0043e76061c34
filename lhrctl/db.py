"""The database adapter: the only module that creates engines, and the door to Alembic.

SQLite (the embedded default, WAL, foreign keys on, every write transaction `BEGIN IMMEDIATE` so
two writers queue instead of failing late) and PostgreSQL (`postgresql+psycopg://…`) run the same
code. The schema is only ever created or changed by the migrations under `lhrctl/migrations`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lhrctl.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Insert, Table
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

APP_NAME = "lhrctl"
READ_ONLY = "lhr_read_only"  # an execution option: this transaction only reads
# an execution option: this transaction's first statement writes the main database, and its
# files attached (`attached`) are locked only once it reads them (session's `write_later`)
WRITE_LATER = "lhr_write_later"


def default_url() -> str:
    from platformdirs import user_data_dir

    return f"sqlite:///{Path(user_data_dir(APP_NAME)) / 'lhr.db'}"


def resolve_url(url: str | None) -> str:
    url = url or os.environ.get("LHR_DATABASE_URL") or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _without_password(url: str) -> str:
    """`scheme://user:***@host/db`, even for a URL too malformed to parse."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def sqlite_file(url: str) -> Path | None:
    """The file of a (resolved) SQLite URL; None for another database or an in-memory one."""
    path = url.split(":///", 1)[1] if url.startswith("sqlite:///") else ""
    return Path(path) if path and path != ":memory:" else None


def _create_private(path: Path) -> None:
    """A new database file is its owner's only (0600), in a new folder only they enter (0700)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def tighten_sqlite_file(url: str | None) -> Path | None:
    """An existing SQLite database (and its WAL files) that others may read is made 0600; the path
    when it was, for the command to say so. SQLite gives the WAL files the database's mode."""
    path = sqlite_file(resolve_url(url))
    if path is None or not path.is_file() or not path.stat().st_mode & 0o077:
        return None
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if part.exists():
            part.chmod(0o600)
    return path


def make_engine(url: str | None = None, *, pooled: bool = False) -> Engine:
    """`pooled`: keep PostgreSQL connections open between transactions (the server, which serves
    many requests at once); a command opens one or two and is gone, so it keeps none."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError
    from sqlalchemy.pool import NullPool

    url = resolve_url(url)
    try:
        if url.startswith("sqlite"):
            if (path := sqlite_file(url)) is not None:
                _create_private(path)
            engine = create_engine(url, poolclass=NullPool, hide_parameters=True)

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
                cursor = dbapi_connection.cursor()
                # first: even setting the journal mode waits for a writer to finish
                cursor.execute("PRAGMA busy_timeout=15000")
                # a new database only (WAL fixes it): an import of 200,000 records wrote and
                # committed them 0.25 s (7%) faster than in 4 KB pages, 0.13 s than in 8 KB
                cursor.execute("PRAGMA page_size=16384")
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                # bulk imports touch index pages all over: the 2 MB default cache thrashes;
                # 64 MB is as fast as 256 MB at 500,000 rows, and bounds the memory
                cursor.execute("PRAGMA cache_size=-65536")
                cursor.close()

            @event.listens_for(engine, "begin")
            def _sqlite_begin(connection: Any) -> None:
                # a write takes the write lock at once (two writers queue, none fails late); a read
                # is deferred: it sees a snapshot and never blocks a writer (WAL)
                options = connection.get_execution_options()
                deferred = options.get(READ_ONLY, False) or options.get(WRITE_LATER, False)
                connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")

        else:
            pool: dict[str, Any] = (
                {"pool_size": 20, "max_overflow": 60, "pool_pre_ping": True}
                if pooled
                else {"poolclass": NullPool}
            )
            engine = create_engine(
                url, hide_parameters=True, connect_args={"connect_timeout": 10}, **pool
            )
    except (ArgumentError, ImportError, ValueError) as exc:
        shown = _without_password(url)
        raise DatabaseError(
            f"The database URL {shown!r} is not one lhrctl can use.",
            f"ใช้ที่อยู่ฐานข้อมูล {shown!r} ไม่ได้",
            hint_en="Use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB.",
            hint_th="ใช้ sqlite:///PATH หรือ postgresql+psycopg://USER@HOST/DB",
        ) from exc
    return engine


@contextmanager
def connect(engine: Engine, *, read_only: bool = False) -> Iterator[Connection]:
    """A connection in a transaction; unreachable databases become exit 8. `read_only`: on
    SQLite a deferred transaction, which does not hold up writers."""
    from sqlalchemy.exc import OperationalError

    if read_only:
        engine = engine.execution_options(**{READ_ONLY: True})
    try:
        with engine.begin() as connection:
            yield connection
    except OperationalError as exc:
        if not _not_reached(exc) or "could not serialize" in str(exc):
            raise
        raise _unreachable(engine, exc) from exc


@contextmanager
def session(
    engine: Engine, *, read_only: bool = False, write_later: bool = False
) -> Iterator[Session]:
    """An ORM session in one transaction: committed on success, rolled back on any error.
    `read_only`: on SQLite a deferred transaction, which does not hold up writers.
    `write_later`: on SQLite a deferred transaction whose first statement writes (it then waits
    for the write lock, as BEGIN IMMEDIATE would), and which locks an attached file only once it
    reads it: until then another copy of SQLite in this process may write that file (the
    staging files' ADBC driver), which under BEGIN IMMEDIATE, holding every attached file
    locked from the start, would corrupt what this connection had cached of it."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    if read_only or write_later:
        engine = engine.execution_options(**{READ_ONLY if read_only else WRITE_LATER: True})
    try:
        with Session(engine) as s, s.begin():
            yield s
    except OperationalError as exc:
        if not _not_reached(exc):
            raise
        raise _unreachable(engine, exc) from exc


def _not_reached(exc: OperationalError) -> bool:
    """The database could not be opened or connected to: the error came with no statement.
    One a statement met (a lock held too long, a full disk) is the caller's to say."""
    return exc.statement is None and "database is locked" not in str(exc)


@contextmanager
def attached(engine: Engine, files: dict[str, Path]) -> Iterator[None]:
    """While open, every SQLite connection the engine opens sees each SQLite file of `files` as
    the schema it is keyed by (the caller's constants). ATTACH is refused inside a transaction,
    so it is done as each connection opens, before its BEGIN. PostgreSQL: nothing."""
    if engine.dialect.name != "sqlite":
        yield
        return
    from sqlalchemy import event

    def attach(dbapi_connection: Any, _record: Any) -> None:
        for schema, path in files.items():
            dbapi_connection.execute(f"ATTACH DATABASE ? AS {schema}", (str(path),))

    event.listen(engine, "connect", attach)
    try:
        yield
    finally:
        event.remove(engine, "connect", attach)


def now(on: Session | Connection) -> datetime:
    """The database's clock (naive UTC), not the workstation's: lock-outs and expiries are
    judged by one clock whatever the time on the machine that asks."""
    from sqlalchemy import text
    from sqlmodel import Session

    connection = on.connection() if isinstance(on, Session) else on
    if connection.dialect.name == "postgresql":
        query = "SELECT clock_timestamp() AT TIME ZONE 'UTC'"
    else:
        query = "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"
    value = connection.execute(text(query)).scalar_one()
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _unreachable(engine: Engine, exc: Exception) -> DatabaseError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    url = display_url(str(engine.url))
    return DatabaseError(
        f"Cannot reach the database {url}: {reason}",
        f"เชื่อมต่อฐานข้อมูล {url} ไม่ได้: {reason}",
        hint_en="Check --db / LHR_DATABASE_URL and that the server is running.",
        hint_th="ตรวจสอบ --db / LHR_DATABASE_URL และสถานะของเครื่องแม่ข่ายฐานข้อมูล",
    )


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "lhrctl:migrations")
    config.attributes["connection"] = connection
    return config


# The newest migration. Every command checks the database against it, so it is a constant
# rather than Alembic reading its scripts each time (that import alone costs a quarter second);
# a test keeps it equal to Alembic's head.
HEAD_REVISION = "0014"


def head_revision() -> str:
    return HEAD_REVISION


def current_revision(connection: Connection) -> str | None:
    """What Alembic's version table says, read without Alembic (None: no lhrctl schema)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest migration; returns (revision before, revision after)."""
    from alembic import command

    with connect(engine) as connection:
        before = current_revision(connection)
        command.upgrade(_alembic_config(connection), "head")
        return before, head_revision()


AUDIT_TABLES = ("audit_log", "audit_chain")


def check_grantee(engine: Engine, role: str) -> None:
    """Refuse `init --grant-to` before anything is done when it cannot be done."""
    from lhrctl.errors import UsageError

    if engine.dialect.name != "postgresql":
        raise UsageError("--grant-to is for PostgreSQL.", "--grant-to ใช้กับ PostgreSQL เท่านั้น")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role):
        raise UsageError(f"{role!r} is not a role name.", f"{role!r} ไม่ใช่ชื่อบทบาทของฐานข้อมูล")


def grant_to(engine: Engine, role: str) -> None:
    """PostgreSQL: let `role`, the one lhrctl then works as, read and write every table but only
    read and append to the audit log, only read its chain record and the schema version; the
    tables, their triggers and the schema stay the owner's (the role `init` ran as)."""
    from sqlalchemy.exc import ProgrammingError

    from lhrctl.errors import UsageError

    check_grantee(engine, role)
    audit = ", ".join(AUDIT_TABLES)
    statements = [
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'REVOKE UPDATE, DELETE, TRUNCATE ON {audit}, alembic_version FROM "{role}"',
        f'REVOKE INSERT ON audit_chain, alembic_version FROM "{role}"',
    ]
    try:
        with connect(engine) as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    except ProgrammingError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise UsageError(
            f"Cannot grant to {role}: {reason}", f"มอบสิทธิ์ให้ {role} ไม่ได้: {reason}"
        ) from exc


def require_current_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or older than this version. Read
    in a deferred transaction: every command asks this first, and under the write lock it
    would wait for another officer's import (15 s at most), a read as much as a write."""
    with connect(engine, read_only=True) as connection:
        current = current_revision(connection)
    if current != head_revision():
        url = display_url(str(engine.url))
        what = "has no lhrctl schema" if current is None else f"is at schema {current}"
        raise DatabaseError(
            f"The database {url} {what}; this version needs {head_revision()}.",
            f"ฐานข้อมูล {url} ยังไม่มีโครงสร้างของ lhrctl หรือเป็นรุ่นเก่า",
            hint_en="Run `lhrctl init` to create or upgrade it.",
            hint_th="สั่ง `lhrctl init` เพื่อสร้างหรือปรับรุ่นฐานข้อมูล",
        )


def copy_frames(
    connection: Connection, table: Table, columns: Sequence[str], frames: Iterable[Any]
) -> None:
    """Columns (polars frames of `columns`, dates as ISO text) into a PostgreSQL table inside the
    connection's transaction: COPY fed CSV that polars writes from the columns, no Python object
    per row (an empty string is quoted, a null is not: COPY tells them apart)."""
    names = ", ".join(columns)
    dbapi: Any = connection.connection.driver_connection
    with (
        dbapi.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({names}) FROM STDIN (FORMAT csv)") as copy,
    ):
        for frame in frames:
            copy.write(frame.write_csv(include_header=False).encode())


def insert_new(connection: Connection, table: Table, key: str) -> Insert:
    """An INSERT of the rows whose `key` is not stored yet (ON CONFLICT DO NOTHING): a
    `NOT IN` the table itself would have SQLite copy every row aside before inserting one."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(table).on_conflict_do_nothing(index_elements=[key])


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Bulk insert inside the connection's transaction: COPY on PostgreSQL (about 3x its
    executemany); on SQLite the driver's own executemany, with values converted by the columns'
    types as SQLAlchemy would (its per-row statement handling costs twice the insert itself)."""
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        dbapi: Any = connection.connection.driver_connection
        with (
            dbapi.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    from itertools import islice

    marks = ", ".join("?" * len(columns))
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 (our table)
    dialect = connection.dialect
    convert = [
        (i, processor)
        for i, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    seen: list[dict[Any, Any]] = [{} for _ in convert]  # dates and stamps repeat a lot

    def converted(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for (i, processor), cache in zip(convert, seen, strict=True):
            value = values[i]
            done = cache.get(value)
            if done is None:
                done = cache[value] = processor(value)
            values[i] = done
        return tuple(values)

    prepare = converted if convert else tuple
    iterator = iter(rows)
    while chunk := [prepare(row) for row in islice(iterator, 10_000)]:
        connection.exec_driver_sql(statement, chunk)
