"""The append-only audit log, chained with HMAC-SHA256 under a key kept outside the database.

Each row's MAC covers the chain's id, the MAC of the row before and the row's own fields, so a row
edited, inserted, reordered or brought from another database does not verify, and without the key
nobody can make it. After each commit the newest row's number and MAC are appended to the anchor
file (`lhrctl.seal`), so a log cut short, emptied or rebuilt from an earlier row no longer ends
where its anchor says. Appends are serialised (SQLite's write lock, an advisory lock on
PostgreSQL), so two processes cannot fork the chain. Rows written before the log was sealed
(schema 0008) keep their unkeyed hash; the sealing row's MAC covers the last of them.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from lhrctl import db, seal
from lhrctl.schemas.tables import AuditChain, AuditEntry
from lhrctl.seal import AuditKeyError, Seal
from lhrctl.services.access import DLA_ADMIN, Operator, require_role

GENESIS = "0" * 64
SEALED = "audit_sealed"
APPEND_LOCK = 0x6C6872  # "lhr": PostgreSQL's advisory lock for appends (no UPDATE right needed)
ANCHOR = "lhr_audit_anchor"  # session.info: the head to anchor once the transaction commits

# A row's own fields, in the order its MAC covers them: at, actor, action, target, outcome, details
Fields = tuple[str, str | None, str, str | None, str, str]


def mac_payload(chain: str, prev: str, entry_id: int, fields: Fields) -> bytes:
    return json.dumps([chain, prev, entry_id, *fields], ensure_ascii=False).encode()


def unkeyed_digest(prev: str, entry_id: int, fields: Fields) -> str:
    """The hash rows had before the log was sealed (schema 0007 and earlier)."""
    payload = json.dumps([prev, entry_id, *fields], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def row_fields(row: Any) -> Fields:
    return (row.at, row.actor, row.action, row.target, row.outcome, row.details)


def not_sealed() -> AuditKeyError:
    return AuditKeyError(
        "The audit log of this database is not sealed with a key yet.",
        "บันทึกการตรวจสอบของฐานข้อมูลนี้ยังไม่ได้ผนึกด้วยกุญแจ",
        hint_en="Run `lhrctl init` on the machine that keeps the audit key.",
        hint_th="สั่ง `lhrctl init` บนเครื่องที่เก็บกุญแจบันทึกการตรวจสอบ",
    )


def wrong_key() -> AuditKeyError:
    path = seal.key_path()
    return AuditKeyError(
        f"The audit key at {path} is not the key of this database's audit log.",
        f"กุญแจที่ {path} ไม่ใช่กุญแจของบันทึกการตรวจสอบของฐานข้อมูลนี้",
        hint_en="Use the key file made when this database was first set up (LHR_AUDIT_KEY).",
        hint_th="ใช้แฟ้มกุญแจที่สร้างเมื่อตั้งฐานข้อมูลนี้ครั้งแรก (LHR_AUDIT_KEY)",
    )


def _configured(session: Session) -> tuple[Seal, str]:
    """This machine's seal and the database's chain id, once the key is known to be its key."""
    chain = session.get(AuditChain, 1)
    if chain is None:
        raise not_sealed()
    configured = Seal.configured()
    if configured.key_check(chain.chain) != chain.key_check:
        raise wrong_key()
    return configured, chain.chain


def _last(session: Session) -> tuple[int, str]:
    """The newest row's number and MAC, with the right to append after it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK})
    row = session.exec(
        select(AuditEntry.id, AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def _write(
    session: Session,
    sealing: Seal,
    chain: str,
    *,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: str,
) -> AuditEntry:
    last_id, last_mac = _last(session)
    at = db.now(session).isoformat(timespec="microseconds") + "Z"
    entry = AuditEntry(
        id=last_id + 1,
        at=at,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome,
        details=details,
        prev_hash=last_mac,
        hash="",
    )
    # the MAC covers the row's fields as `verify` reads them back: one function for both
    entry.hash = sealing.mac(mac_payload(chain, last_mac, entry.id, row_fields(entry)))
    session.add(entry)
    session.flush()
    _anchor_on_commit(session, sealing, chain, entry)
    return entry


def _anchor_on_commit(session: Session, sealing: Seal, chain: str, entry: AuditEntry) -> None:
    sealing.check_anchor()  # an anchor that cannot be written fails the action, not after it
    first = ANCHOR not in session.info
    session.info[ANCHOR] = (sealing, chain, entry.id, entry.hash)
    if first:
        event.listen(session, "after_commit", _write_anchor, once=True)


def _write_anchor(session: Session) -> None:
    pending = session.info.pop(ANCHOR, None)
    if pending is not None:
        sealing, chain, entry_id, mac = pending
        sealing.append_anchor(chain, entry_id, mac)


def append(
    session: Session,
    *,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    sealing, chain = _configured(session)
    text_ = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
    return _write(
        session,
        sealing,
        chain,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome,
        details=text_,
    )


@dataclass(frozen=True)
class Sealing:
    """What `lhrctl init` did for the audit log."""

    key_path: Path
    anchor_path: Path
    made_key: bool  # this run made the key file
    sealed: bool  # this run sealed the log
    has_key: bool  # this machine holds a key (the log's, if it was sealed before)


def seal_log(engine: Engine) -> Sealing:
    """Seal a database's audit log on its first `init`: make the key file if there is none, name
    the chain, keep the key's check value and write the sealing row, whose MAC covers the last of
    any rows written before."""
    key_path, anchor_path = seal.key_path(), seal.anchor_path()
    with db.session(engine) as session:
        if session.get(AuditChain, 1) is not None:
            return Sealing(key_path, anchor_path, False, False, key_path.exists())
        made = seal.create_key(key_path)
        sealing = Seal.configured()
        chain = secrets.token_hex(16)
        session.add(
            AuditChain(chain=chain, key_check=sealing.key_check(chain), sealed_at=db.now(session))
        )
        session.flush()
        unkeyed_rows, unkeyed_last = _last(session)
        details = {"unkeyed_rows": unkeyed_rows, "unkeyed_last_hash": unkeyed_last}
        text_ = json.dumps(details, sort_keys=True)
        _write(
            session, sealing, chain, actor=None, action=SEALED, target=None, outcome="ok",
            details=text_,
        )  # fmt: skip
    return Sealing(key_path, anchor_path, made, True, True)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str | None
    action: str
    target: str | None
    outcome: str
    details: dict[str, Any]


def entries(
    session: Session,
    *,
    since: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditRow]:
    """The newest `limit` rows that match, oldest first."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEntry.at >= since.isoformat())
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    rows = [
        AuditRow(
            id=e.id,
            at=datetime.fromisoformat(e.at.rstrip("Z")),
            actor=e.actor,
            action=e.action,
            target=e.target,
            outcome=e.outcome,
            details=json.loads(e.details),
        )
        for e in session.exec(query)
    ]
    return rows[::-1]


def read_log(
    engine: Engine,
    operator: Operator,
    *,
    since: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditRow]:
    """`entries` for a DLA admin; reading the log is itself a privileged, audited action."""
    from lhrctl.services.actions import privileged  # actions append through this module

    with privileged(engine, operator.national_id, "audit_log") as act:
        require_role(
            operator, DLA_ADMIN, action_en="read the audit log", action_th="ดูบันทึกการตรวจสอบ"
        )
        return entries(act.session, since=since, actor=actor, action=action, limit=limit)
