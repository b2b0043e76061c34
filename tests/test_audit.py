"""The audit log: append-only, hash-chained; `audit verify` finds edits, deletions, insertions."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import PASSWORD, Lhr


def drop_guard(lhr: Lhr) -> None:
    """What someone with direct database access would do before tampering."""
    with lhr.engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))


def tamper(lhr: Lhr, sql: str) -> None:
    drop_guard(lhr)
    with lhr.engine().begin() as conn:
        conn.execute(text(sql))


def verify(lhr: Lhr) -> tuple[int, dict[str, object]]:
    r = lhr("--json", "audit", "verify")
    return r.exit_code, json.loads(r.stdout)


def test_intact_chain(admin: Lhr) -> None:
    assert admin("user", "list", input="wrong password\n").exit_code == 3  # a refusal is logged too
    code, verdict = verify(admin)
    assert code == 0
    assert verdict == {"ok": True, "rows": 3, "broken_at": None, "reason": None}
    r = admin("audit", "verify")
    assert r.exit_code == 0 and "Audit log intact: 3 row(s)." in r.message


def test_rows_cannot_be_changed_through_the_front_door(admin: Lhr) -> None:
    for sql in ("UPDATE audit_log SET outcome = 'ok'", "DELETE FROM audit_log WHERE id = 1"):
        with pytest.raises(DBAPIError, match="append-only"), admin.engine().begin() as conn:
            conn.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "broken_at", "reason"),
    [
        (
            "UPDATE audit_log SET outcome = 'refused' WHERE id = 2",
            2,
            "was changed after it was written",
        ),
        ("DELETE FROM audit_log WHERE id = 2", 3, "row 2 is missing"),
        ("DELETE FROM audit_log WHERE id = 3", 3, "rows 3–3 are missing"),
        (
            "INSERT INTO audit_log VALUES (4, '2026-01-01T00:00:00.000000Z', NULL, 'x', NULL, 'ok', '{}',"
            " (SELECT hash FROM audit_log WHERE id = 3), 'forged')",
            4,
            "was changed after it was written",
        ),
    ],
)
def test_tampering_is_found(admin: Lhr, sql: str, broken_at: int, reason: str) -> None:
    assert admin("user", "list", input=f"{PASSWORD}\n").exit_code == 0  # rows 1-3
    assert verify(admin)[1]["rows"] == 3
    tamper(admin, sql)
    code, verdict = verify(admin)
    assert code == 1
    assert (verdict["ok"], verdict["broken_at"], verdict["reason"]) == (False, broken_at, reason)
    r = admin("audit", "verify")
    assert r.exit_code == 1
    assert f"Audit log broken at row {broken_at}" in r.message


def test_audit_log_shows_who_did_what(admin: Lhr) -> None:
    r = admin("--json", "audit", "log", "--action", "import_orgs", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    rows = json.loads(r.stdout)
    assert [(row["action"], row["outcome"]) for row in rows] == [("import_orgs", "ok")]
    assert rows[0]["details"]["new"] == 7849
    r = admin("audit", "log", "--since", "1/1/2500", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "enrol_first_admin" in r.stdout and "1-1004-xxxxx-xx-8" in r.stdout
