"""The audit log under attack: whoever holds the database but not the key edits, deletes, cuts,
empties or rewrites it; `audit verify` must exit 1 and name what was done."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lhrctl.seal import Seal
from lhrctl.services.audit import Fields, mac_payload, row_fields, unkeyed_digest
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

# The template database holds 3 rows: 1 the seal, 2 the first admin's enrolment, 3 `import orgs`.


def drop_guard(lhr: Lhr) -> None:
    """What someone with the database file, or its owner role, does before tampering."""
    with lhr.engine().begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            conn.execute(text("DROP TRIGGER audit_chain_append_only ON audit_chain"))
        else:
            for trigger in ("log_no_update", "log_no_delete", "chain_no_update", "chain_no_delete"):
                conn.execute(text(f"DROP TRIGGER audit_{trigger}"))


def tamper(lhr: Lhr, *statements: str, **params: object) -> None:
    drop_guard(lhr)
    with lhr.engine().begin() as conn:
        for sql in statements:
            conn.execute(text(sql), params)


def verify(lhr: Lhr) -> tuple[int, dict[str, object]]:
    r = lhr("--json", "audit", "verify", input=lhr.reads())
    return r.exit_code, json.loads(r.stdout)


def findings(lhr: Lhr) -> list[tuple[str, int, int]]:
    code, verdict = verify(lhr)
    assert code == (0 if verdict["ok"] else 1)
    return [(f["kind"], f["first"], f["last"]) for f in verdict["findings"]]  # type: ignore[index,attr-defined]


@pytest.fixture
def eight_rows(admin: Lhr) -> Lhr:
    for _ in range(5):
        assert admin("user", "list", input=f"{PASSWORD}\n").exit_code == 0  # rows 4-8
    assert findings(admin) == []
    return admin


def rewrite_from(lhr: Lhr, first: int, mac: Callable[[str, str, int, Fields], str]) -> None:
    """Change row `first` (a refusal becomes an approval by someone else) and recompute the MAC
    of it and of every later row with `mac(chain, prev, id, fields)`, as a forger would."""
    drop_guard(lhr)
    with lhr.engine().begin() as conn:
        chain = conn.execute(text("SELECT chain FROM audit_chain")).scalar_one()
        query = text("SELECT * FROM audit_log WHERE id >= :f ORDER BY id")
        rows = [dict(row) for row in conn.execute(query, {"f": first}).mappings()]
        prev = conn.execute(
            text("SELECT hash FROM audit_log WHERE id = :i"), {"i": first - 1}
        ).scalar_one()
        for row in rows:
            if row["id"] == first:
                row.update(actor="3100600123459", outcome="ok")
            row["prev_hash"] = prev
            row["hash"] = prev = mac(chain, prev, row["id"], row_fields(SimpleNamespace(**row)))
            conn.execute(
                text(
                    "UPDATE audit_log SET actor = :actor, outcome = :outcome, "
                    "prev_hash = :prev_hash, hash = :hash WHERE id = :id"
                ),
                row,
            )


def test_an_intact_log(admin: Lhr) -> None:
    assert admin("user", "list", input="wrong password\n").exit_code == 3  # a refusal is logged too
    code, verdict = verify(admin)
    assert (code, verdict) == (0, {"ok": True, "rows": 4, "findings": []})
    r = admin("audit", "verify", input=admin.reads())
    assert r.exit_code == 0
    assert "Audit log intact: 4 row(s), every MAC and the anchor check out." in r.message
    assert admin.scalar("SELECT action FROM audit_log WHERE id = 1") == "audit_sealed"


def test_rows_cannot_be_changed_through_the_front_door(admin: Lhr) -> None:
    statements = ["UPDATE audit_log SET outcome = 'ok'", "DELETE FROM audit_log WHERE id = 3"]
    statements += ["UPDATE audit_chain SET chain = 'x'", "DELETE FROM audit_chain"]
    if admin.engine().dialect.name == "postgresql":
        statements += ["TRUNCATE audit_log", "TRUNCATE audit_chain"]
    for sql in statements:
        with pytest.raises(DBAPIError, match="append-only"), admin.engine().begin() as conn:
            conn.execute(text(sql))
    assert findings(admin) == []


@pytest.mark.parametrize(
    ("statements", "expected", "message"),
    [
        (
            ["UPDATE audit_log SET outcome = 'refused' WHERE id = 5"],
            [("changed", 5, 5)],
            "row 5 was changed after it was written",
        ),
        (
            ["DELETE FROM audit_log WHERE id BETWEEN 4 AND 6"],
            [("missing", 4, 6)],
            "rows 4–6 were deleted from the middle of the log",
        ),
        (
            ["DELETE FROM audit_log WHERE id >= 6"],
            [("cut_tail", 6, 8)],
            "the log was cut short: rows 6–8 are gone (the anchor file recorded up to row 8)",
        ),
        (
            ["DELETE FROM audit_log"],
            [("emptied", 1, 8)],
            "the log was emptied: the anchor file recorded 8 row(s)",
        ),
        (
            ["DELETE FROM audit_chain"],
            [("unsealed", 0, 0)],
            "the log has no seal: its chain record or sealing row is gone",
        ),
        (
            ["UPDATE audit_chain SET key_check = :k"],
            [("seal_changed", 0, 0)],
            "the chain record was changed: its key check is not the key's",
        ),
    ],
    ids=["edited", "deleted-middle", "cut-tail", "emptied", "unsealed", "seal-changed"],
)
def test_tampering_is_named(
    eight_rows: Lhr, statements: list[str], expected: list[tuple[str, int, int]], message: str
) -> None:
    tamper(eight_rows, *statements, k="0" * 64)
    assert findings(eight_rows) == expected
    r = eight_rows("audit", "verify", input=eight_rows.reads())
    assert r.exit_code == 1, r
    assert f"Error: {message}" in r.message
    assert "The audit log was tampered with: 1 finding(s)" in r.message


@pytest.mark.parametrize("backend", ["postgresql"])  # SQLite has no TRUNCATE: DELETE FROM above
def test_truncate_by_the_owner_is_an_emptied_log(eight_rows: Lhr) -> None:
    with pytest.raises(DBAPIError, match="append-only"), eight_rows.engine().begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))  # the statement-level guard sees TRUNCATE
    tamper(eight_rows, "TRUNCATE audit_log")
    assert findings(eight_rows) == [("emptied", 1, 8)]


def test_a_chain_rewritten_without_the_key(eight_rows: Lhr) -> None:
    def sha256(chain: str, prev: str, entry_id: int, fields: Fields) -> str:
        return unkeyed_digest(prev, entry_id, fields)

    rewrite_from(eight_rows, 4, sha256)
    assert findings(eight_rows) == [("rewritten", 4, 8), ("anchor_mismatch", 4, 8)]
    r = eight_rows("audit", "verify", input=eight_rows.reads())
    assert "the chain was rewritten from row 4 on: no MAC from there was made with the key" in (
        r.message
    )


def test_a_chain_rewritten_with_a_stolen_key_still_differs_from_the_anchor(eight_rows: Lhr) -> None:
    key = Seal.configured()

    def keyed(chain: str, prev: str, entry_id: int, fields: Fields) -> str:
        return key.mac(mac_payload(chain, prev, entry_id, fields))

    rewrite_from(eight_rows, 6, keyed)
    assert findings(eight_rows) == [("anchor_mismatch", 6, 8)]
    r = eight_rows("audit", "verify", input=eight_rows.reads())
    assert "the head does not match the anchor: rows 6–8 differ from what the anchor file" in (
        r.message
    )


def test_the_anchor_file_gone_or_behind(eight_rows: Lhr, audit_anchor: Path) -> None:
    lines = audit_anchor.read_text().splitlines()
    assert [line.split()[1] for line in lines] == [str(n) for n in range(1, 9)]
    audit_anchor.write_text("\n".join(lines[:6]) + "\n")  # the anchor lost its last two lines
    assert findings(eight_rows) == [("unanchored", 7, 8)]
    audit_anchor.unlink()
    assert findings(eight_rows) == [("no_anchor", 0, 0)]


def test_rows_from_another_database_do_not_verify(eight_rows: Lhr) -> None:
    """A transplant: rows MACed by the same key for another database's chain. The chain id is in
    every MAC, so they fail here."""
    key, elsewhere = Seal.configured(), uuid.uuid4().hex

    def other_chain(chain: str, prev: str, entry_id: int, fields: Fields) -> str:
        return key.mac(mac_payload(elsewhere, prev, entry_id, fields))

    rewrite_from(eight_rows, 7, other_chain)
    assert findings(eight_rows) == [("rewritten", 7, 8), ("anchor_mismatch", 7, 8)]


def test_a_log_from_before_the_seal_stays_verifiable(db_url: str, slot: CardSlot) -> None:
    """Rows written under schema 0007 (unkeyed) are kept and covered by the sealing row."""
    from alembic import command

    from lhrctl import db

    lhr = Lhr(db_url)
    engine = db.make_engine(db_url)
    with db.connect(engine) as conn:
        command.upgrade(db._alembic_config(conn), "0007")
        prev = "0" * 64
        for entry_id in (1, 2):
            fields: Fields = (f"2026-01-0{entry_id}T00:00:00.000000Z", None, "x", None, "ok", "{}")
            digest = unkeyed_digest(prev, entry_id, fields)
            conn.execute(
                text("INSERT INTO audit_log VALUES (:i, :at, NULL, 'x', NULL, 'ok', '{}', :p, :h)"),
                {"i": entry_id, "at": fields[0], "p": prev, "h": digest},
            )
            prev = digest
    slot.insert(ADMIN)
    r = lhr("init", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "Audit log sealed" in r.message
    sealing = json.loads(str(lhr.scalar("SELECT details FROM audit_log WHERE id = 3")))
    assert sealing == {"unkeyed_last_hash": prev, "unkeyed_rows": 2}
    assert findings(lhr) == []
    tamper(lhr, "UPDATE audit_log SET action = 'y' WHERE id = 1")
    assert findings(lhr) == [("changed", 1, 1)]


def test_audit_log_shows_who_did_what(admin: Lhr) -> None:
    r = admin("--json", "audit", "log", "--action", "import_orgs", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    rows = json.loads(r.stdout)
    assert [(row["action"], row["outcome"]) for row in rows] == [("import_orgs", "ok")]
    assert rows[0]["details"]["new"] == 7849
    r = admin("audit", "log", "--since", "1/1/2500", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "first DLA admin enrolled" in r.stdout and "1-1004-xxxxx-xx-8" in r.stdout
    r = admin("--lang", "th", "audit", "log", "--since", "1/1/2500", input=f"{PASSWORD}\n")
    assert "ลงทะเบียนผู้ดูแลระบบคนแรก" in r.stdout and "สำเร็จ" in r.stdout


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_role_lhrctl_works_as_cannot_touch_the_log(admin: Lhr) -> None:
    """Migrations as the owner; `init --grant-to` lets the working role append to the log and
    nothing more: it cannot change, delete, truncate, unguard or reseal it."""
    from sqlalchemy.engine import make_url

    role = f"lhr_app_{uuid.uuid4().hex[:8]}"
    with admin.engine().begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    try:
        r = admin("init", "--grant-to", role)
        assert r.exit_code == 0, r
        assert f"Role {role} may now work on" in r.message
        worker = Lhr(make_url(admin.db_url).set(username=role).render_as_string(False))
        r = worker("user", "list", input=f"{PASSWORD}\n")  # signs in and appends, as the role
        assert r.exit_code == 0, r
        for sql in [
            "UPDATE audit_log SET outcome = 'ok'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "UPDATE audit_chain SET key_check = 'x'",
            "INSERT INTO audit_chain VALUES (2, 'x', 'x', now())",
            "DELETE FROM alembic_version",
        ]:
            denied = pytest.raises(DBAPIError, match=r"permission denied|must be owner")
            with denied, worker.engine().begin() as conn:
                conn.execute(text(sql))
        assert findings(worker) == []
        assert worker.scalar("SELECT count(*) FROM audit_log") == 4
        from tests.server_thread import serving

        with serving(worker.db_url) as url:  # the server works as that role too
            r = Lhr(worker.db_url, server=url)("user", "list", input=f"{PASSWORD}\n")
            assert r.exit_code == 0, r
        assert worker.scalar("SELECT count(*) FROM audit_log") == 5
    finally:
        with admin.engine().begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])  # `init` is the server host's
def test_grant_to_is_for_postgresql_and_role_names(admin: Lhr) -> None:
    if admin.engine().dialect.name == "sqlite":
        r = admin("init", "--grant-to", "lhr_app")
        assert r.exit_code == 2, r
        assert "--grant-to is for PostgreSQL." in r.message
        assert "Database" not in r.message  # refused before anything was done
        return
    r = admin("init", "--grant-to", "x; DROP TABLE staff")
    assert r.exit_code == 2, r
    assert "is not a role name" in r.message
    r = admin("init", "--grant-to", "no_such_role_here")
    assert r.exit_code == 2, r
    assert 'Cannot grant to no_such_role_here: role "no_such_role_here" does not exist' in r.message


def test_audit_log_masks_national_ids_for_people(admin: Lhr) -> None:
    officer = "3100600123450"
    r = admin("user", "add", "--national-id", officer, "--role", "province_officer",
              "--scope", "54", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    r = admin("audit", "log", "--action", "user_add", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "3-1006-xxxxx-xx-0 province_officer 54" in r.stdout
    assert re.search(r"\d{13}", r.stdout) is None
    r = admin("--json", "audit", "log", "--action", "user_add", input=f"{PASSWORD}\n")
    assert json.loads(r.stdout)[0]["target"] == f"{officer} province_officer 54"  # a DLA admin's


def test_without_its_own_key_nothing_is_written(
    admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lhrctl import seal

    key = tmp_path / "open.key"  # a copy: the test process's key is every test's
    key.write_bytes(seal.key_path().read_bytes())
    key.chmod(0o644)
    monkeypatch.setenv("LHR_AUDIT_KEY", str(key))
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 8, r
    assert "can be read by other users; lhrctl will not use it." in r.message
    other = tmp_path / "other.key"
    seal.create_key(other)
    monkeypatch.setenv("LHR_AUDIT_KEY", str(other))
    rows = admin.scalar("SELECT count(*) FROM audit_log")
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 8, r
    assert f"The audit key at {other} is not the key of this database's audit log." in r.message
    assert admin("audit", "verify", input=admin.reads()).exit_code == 8
    monkeypatch.setenv("LHR_AUDIT_KEY", str(tmp_path / "none.key"))
    r = admin("audit", "verify", input=admin.reads())
    assert r.exit_code == 8, r
    assert "There is no audit key at" in r.message and "this machine cannot write" in r.message
    assert admin.scalar("SELECT count(*) FROM audit_log") == rows  # nothing was written
