"""The database: migrations are the schema, an old schema is exit 8, SQLite runs in WAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from lhrctl import db
from tests.conftest import Lhr, run_cli


def test_migrations_match_the_tables(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import lhrctl.schemas.tables  # noqa: F401 - registers the tables

    engine = db.make_engine(db_url)
    db.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == []
        assert db.current_revision(conn) == MigrationContext.configure(conn).get_current_revision()


def test_the_records_imports_go_back_to_history_rows_below_0013(db_url: str) -> None:
    """0013 keeps a record's import on the record (imported_file); going back to 0012 writes
    its `imported` history row again, as 0012 wrote it, and coming back up keeps that row."""
    from alembic import command

    engine = db.make_engine(db_url)
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO province (code, name) VALUES ('65', 'พิษณุโลก')"))
        conn.execute(text(
            "INSERT INTO lao (code, type, name, district, province_code, valid_from) "
            "VALUES ('6540206', 'sao', 'ก', 'ข', '65', '2020-01-01')"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO imported_file (id, at, actor, file) "
            "VALUES (7, '2026-12-06 10:00:00', '1100400012348', 'files/a.xlsx')"
        ))  # fmt: skip
        for nid, sheet, row in (("3036510687385", "ข้าราชการ", 4), ("1100400012348", None, 2)):
            conn.execute(
                text(
                    "INSERT INTO staff (national_id, org_code, title, first_name, last_name, "
                    "birth_date, personnel_type, position, salary, created_at, updated_at, "
                    "imported_in, imported_sheet, imported_row) VALUES (:nid, '6540206', 'นาย', "
                    "'ก', 'ข', '1977-01-01', 'teacher', 'ครู', 9000, '2026-12-06 10:00:00', "
                    "'2026-12-06 10:00:00', 7, :sheet, :row)"
                ),
                {"nid": nid, "sheet": sheet, "row": row},
            )
    with db.connect(engine) as conn:
        command.downgrade(db._alembic_config(conn), "0012")
    query = "SELECT national_id, actor, action, source, changes FROM staff_history ORDER BY id"
    with engine.connect() as conn:
        assert conn.execute(text(query)).all() == [
            ("3036510687385", "1100400012348", "imported", "files/a.xlsx ข้าราชการ row 4", "{}"),
            ("1100400012348", "1100400012348", "imported", "files/a.xlsx row 2", "{}"),
        ]
        columns = conn.execute(text("SELECT * FROM staff")).keys()
        assert "imported_in" not in columns
    assert db.upgrade(engine) == ("0012", db.HEAD_REVISION)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff_history")).scalar() == 2
        assert conn.execute(text("SELECT count(*) FROM staff")).scalar() == 2


def _position_index(conn: Connection) -> str:
    if conn.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE name = 'ix_staff_org_position'"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_staff_org_position'"
    return str(conn.execute(text(query)).scalar_one())


def _plan(conn: Connection, query: str) -> str:
    if conn.dialect.name == "sqlite":
        return " ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    conn.execute(text("SET LOCAL enable_seqscan = off"))  # an empty table: else a scan is cheaper
    return " ".join(str(row[0]) for row in conn.execute(text(f"EXPLAIN {query}")))


def test_the_position_index_holds_the_records_with_a_number(db_url: str) -> None:
    """0014: the (LAO, position number) index holds the records that have a number, and the
    look-up by number (an import's LHR403) uses it; down to 0013 it holds every record."""
    from alembic import command

    engine = db.make_engine(db_url)
    db.upgrade(engine)
    lookup = "SELECT national_id FROM staff WHERE org_code = '6540206' AND position_no = '54-1'"
    with engine.begin() as conn:
        index = _position_index(conn)
        assert "WHERE" in index and "position_no IS NOT NULL" in index
        assert "ix_staff_org_position" in _plan(conn, lookup)
    with db.connect(engine) as conn:
        command.downgrade(db._alembic_config(conn), "0013")
    with engine.connect() as conn:
        assert "WHERE" not in _position_index(conn)
    assert db.upgrade(engine) == ("0013", db.HEAD_REVISION)


def test_the_head_constant_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(db._alembic_config())
    assert scripts.get_current_head() == db.HEAD_REVISION


def test_command_on_a_database_without_schema(lhr: Lhr) -> None:
    r = lhr("org", "list")
    assert r.exit_code == 8, r
    assert "has no lhrctl schema" in r.message
    assert "Run `lhrctl init` to create or upgrade it." in r.message


def test_command_on_an_older_schema(lhr: Lhr) -> None:
    assert lhr("init").exit_code in (0, 5, 3)  # the schema is created before any card is asked
    with lhr.engine().begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    r = lhr("org", "list")
    assert r.exit_code == 8, r
    assert f"is at schema 0000; this version needs {db.HEAD_REVISION}" in r.message


def test_unreachable_database() -> None:
    r = run_cli("--db", "postgresql://lhr@127.0.0.1:9/nowhere", "org", "list")
    assert r.exit_code == 8, r
    assert "Cannot reach the database postgresql+psycopg://lhr@127.0.0.1:9/nowhere" in r.message
    assert "Traceback" not in r.stderr


def test_unusable_url() -> None:
    r = run_cli("--db", "mysql+nosuchdriver://x/y", "org", "list")
    assert r.exit_code == 8, r
    assert "is not one lhrctl can use" in r.message


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path}/x.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 16384


def test_a_database_made_with_smaller_pages_keeps_them(tmp_path: Path) -> None:
    """A database made before lhrctl asked for 16 KB pages is opened, upgraded and written as
    it is (its pages change only by a VACUUM, which lhrctl never runs on its own)."""
    import sqlite3

    path = tmp_path / "old.db"
    made = sqlite3.connect(path)
    made.execute("PRAGMA page_size=4096")
    made.execute("PRAGMA journal_mode=WAL")
    made.close()
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO province (code, name) VALUES ('65', 'พิษณุโลก')"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA page_size").scalar() == 4096
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.execute(text("SELECT name FROM province")).scalar() == "พิษณุโลก"


def test_default_database_lives_in_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("LHR_DATABASE_URL", raising=False)
    assert db.resolve_url(None) == f"sqlite:///{tmp_path}/lhrctl/lhr.db"
    assert db.resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_a_read_does_not_hold_up_a_writer(tmp_path: Path) -> None:
    """On SQLite a read-only transaction is deferred: another process may write meanwhile (a long
    `audit verify` once made a sign-in fail after 15 s). A writing transaction still takes the lock
    at once, so two writers queue."""
    import sqlite3

    path = tmp_path / "lhr.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)

    def another_process_writes() -> None:
        other = sqlite3.connect(path, timeout=0.3, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()

    with db.session(engine, read_only=True) as session:
        assert session.execute(text("SELECT count(*) FROM province")).scalar() == 0
        another_process_writes()  # not blocked
    with db.session(engine) as session:
        session.execute(text("SELECT count(*) FROM province"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            another_process_writes()
