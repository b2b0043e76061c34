"""Privileged actions that fail are audited too: a race lost to another officer is exit 6 with one
clear line (never a crash), and a failing database is exit 8; both leave a `failed` audit row."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from lhrctl.errors import LhrError
from lhrctl.schemas.tables import Account
from lhrctl.services import accounts
from lhrctl.services.access import Operator
from lhrctl.services.actions import privileged
from tests.conftest import ADMIN, Lhr, person

OPERATOR = Operator(1, ADMIN.national_id, "admin", "dla_admin", None)


def last_audit(lhr: Lhr) -> tuple[str, str, dict[str, object]]:
    with lhr.engine().connect() as conn:
        from sqlalchemy import text

        row = conn.execute(
            text("SELECT action, outcome, details FROM audit_log ORDER BY id DESC LIMIT 1")
        ).one()
    return row[0], row[1], json.loads(row[2])


def test_two_admins_adding_one_person_at_once(admin: Lhr) -> None:
    """The other admin's insert is in flight when this one checks; whichever way the database
    settles it (SQLite waits and then sees it, PostgreSQL hits the unique key), exit 6."""
    nid = person(61).national_id
    engine = admin.engine()
    other = engine.connect()
    in_flight = other.begin()
    other.execute(
        insert(Account.__table__).values(  # type: ignore[attr-defined]
            national_id=nid, name="", role="province_officer", scope="54", failed_attempts=0,
            active=True, created_at=datetime(2026, 11, 1),
        )
    )  # fmt: skip
    outcome: dict[str, object] = {}

    def second_admin() -> None:
        try:
            accounts.add_user(engine, OPERATOR, nid, "province_officer", "54")
            outcome["code"] = 0
        except LhrError as error:
            outcome.update(code=error.exit_code, message=error.en)

    racer = threading.Thread(target=second_admin)
    racer.start()
    time.sleep(1.0)  # the second admin is now waiting on the first one's transaction
    in_flight.commit()
    other.close()
    racer.join(timeout=30)
    assert outcome["code"] == 6, outcome
    said = {  # SQLite's writers queue; PostgreSQL's meet at the unique key
        "sqlite": "already has an account",
        "postgresql": "Another officer changed the same records at the same moment",
    }
    assert said[engine.dialect.name] in str(outcome["message"])
    action, result, details = last_audit(admin)
    assert (action, result, details["exit_code"]) == ("user_add", "failed", 6)
    assert admin.scalar("SELECT count(*) FROM account WHERE national_id = :n", n=nid) == 1


@pytest.mark.parametrize(
    ("reason", "code", "message"),
    [
        ("database is locked", 6, "stayed busy with another officer's work"),
        ("could not serialize access", 6, "Another officer changed the same records"),
        ("disk I/O error", 8, "disk I/O error"),
    ],
)
def test_a_database_error_in_an_action_is_audited(
    admin: Lhr, reason: str, code: int, message: str
) -> None:
    with (
        pytest.raises(LhrError) as caught,
        privileged(admin.engine(), ADMIN.national_id, "user_disable", "3100600123459"),
    ):
        raise OperationalError("UPDATE account …", {}, Exception(reason))
    assert caught.value.exit_code == code
    assert message in caught.value.en
    action, outcome, details = last_audit(admin)
    assert (action, outcome, details["exit_code"]) == ("user_disable", "failed", code)
    assert message in str(details["error"])


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL's readers never wait on a writer
def test_a_read_does_not_wait_for_another_officers_import(admin: Lhr) -> None:
    """Attack on the embedded database's availability: an import of a large file holds SQLite's
    write lock for seconds. A command that only reads goes on meanwhile (WAL); it used to check
    the schema under the write lock, and waited 15 s, then failed with exit 8."""
    with admin.engine().connect() as importer, importer.begin():  # BEGIN IMMEDIATE: the lock
        r = admin("org", "list", "--province", "54")  # held all the while it runs
    assert r.exit_code == 0, r
    assert "2540101" in r.stdout and "84 LAO(s)" in r.stderr + r.stdout
