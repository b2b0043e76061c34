"""The append-only, hash-chained audit log.

Each row's hash covers its own fields and the previous row's hash; `audit_head` holds the last
link. Editing, deleting or inserting a row anywhere breaks the chain at that row, and deleting
the newest rows leaves the head pointing past the end. Appends lock the head row, so two
processes cannot fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from lhrctl.schemas.tables import AuditEntry, AuditHead
from lhrctl.services.access import DLA_ADMIN, Operator, require_role
from lhrctl.services.clock import utcnow

GENESIS = "0" * 64


def _digest(
    prev_hash: str,
    id: int,
    at: str,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: str,
) -> str:
    payload = json.dumps(
        [prev_hash, id, at, actor, action, target, outcome, details], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def append(
    session: Session,
    *,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    at = utcnow().isoformat(timespec="microseconds") + "Z"
    text = json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)
    entry_id = head.last_id + 1
    entry = AuditEntry(
        id=entry_id,
        at=at,
        actor=actor,
        action=action,
        target=target,
        outcome=outcome,
        details=text,
        prev_hash=head.last_hash,
        hash=_digest(head.last_hash, entry_id, at, actor, action, target, outcome, text),
    )
    session.add(entry)
    head.last_id, head.last_hash = entry_id, entry.hash
    session.add(head)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainVerdict:
    rows: int
    broken_at: int | None  # id of the first row that does not fit, or None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "broken_at": self.broken_at,
            "reason": self.reason,
        }


def verify(session: Session) -> ChainVerdict:
    expected_prev, expected_id, rows = GENESIS, 1, 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.id))):
        rows += 1
        if entry.id != expected_id:
            return ChainVerdict(rows, entry.id, f"row {expected_id} is missing")
        if entry.prev_hash != expected_prev:
            return ChainVerdict(rows, entry.id, "does not follow the row before it")
        fields = (entry.at, entry.actor, entry.action, entry.target, entry.outcome, entry.details)
        if _digest(entry.prev_hash, entry.id, *fields) != entry.hash:
            return ChainVerdict(rows, entry.id, "was changed after it was written")
        expected_prev, expected_id = entry.hash, entry.id + 1
    head = session.exec(select(AuditHead).where(AuditHead.id == 1)).one()
    if head.last_id != expected_id - 1 or head.last_hash != expected_prev:
        return ChainVerdict(rows, expected_id, f"rows {expected_id}–{head.last_id} are missing")
    return ChainVerdict(rows, None, None)


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
