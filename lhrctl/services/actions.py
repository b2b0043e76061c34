"""Privileged actions: one transaction each, and one audit row whatever the outcome.

An allowed action writes its audit row inside its own transaction, so the change and its record
commit together. A refused or failed one rolls back and then writes its audit row on its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from lhrctl import db
from lhrctl.errors import Conflict, DatabaseError, LhrError, NotAllowed, SignInFailed
from lhrctl.services import audit


@dataclass
class Action:
    session: Session
    details: dict[str, Any] = field(default_factory=dict)
    target: str | None = None
    outcome: str = "ok"  # an action may end without error yet refuse its input ("rejected")


def outcome_of(error: LhrError) -> str:
    return "refused" if isinstance(error, (NotAllowed, SignInFailed)) else "failed"


# another officer's transaction held what this one needed for longer than the database waits:
# SQLite's write lock (an import of a large file holds it while it inserts) or a row lock
BUSY = ("database is locked", "lock timeout")
RACE = ("could not serialize", "deadlock detected")  # another officer's change met this one


def kept_waiting(exc: SQLAlchemyError) -> bool:
    """The database stayed busy with another officer's work for longer than it waits."""
    return isinstance(exc, OperationalError) and any(b in str(exc.orig) for b in BUSY)


def busy_database() -> Conflict:
    return Conflict(
        "The database stayed busy with another officer's work (an import of a large file, "
        "perhaps) for longer than lhrctl waits; nothing was changed.",
        "ฐานข้อมูลติดงานของเจ้าหน้าที่อื่นอยู่ (เช่น การนำเข้าไฟล์ขนาดใหญ่) นานเกินกว่าที่ lhrctl รอได้ "
        "ไม่มีการเปลี่ยนแปลงใด ๆ",
        hint_en="Run the command again once that work is done.",
        hint_th="สั่งใหม่อีกครั้งเมื่องานนั้นเสร็จ",
    )


def database_failure(action: str, exc: SQLAlchemyError) -> LhrError:
    """What the officer reads when the database fails an action: a race lost to another officer
    (a key taken meanwhile, a lock held too long) is a conflict to retry, not a crash."""
    if kept_waiting(exc):
        return busy_database()
    if isinstance(exc, IntegrityError) or (
        isinstance(exc, OperationalError) and any(r in str(exc.orig) for r in RACE)
    ):
        return Conflict(
            "Another officer changed the same records at the same moment; nothing was changed.",
            "มีเจ้าหน้าที่อื่นแก้ไขข้อมูลเดียวกันในเวลาเดียวกัน ไม่มีการเปลี่ยนแปลงใด ๆ",
            hint_en="Look at the current state and run the command again if it is still needed.",
            hint_th="ตรวจสอบสถานะปัจจุบัน แล้วสั่งใหม่หากยังจำเป็น",
        )
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return DatabaseError(
        f"The database failed during {action}: {reason}. Nothing was changed.",
        f"ฐานข้อมูลขัดข้องระหว่าง {action}: {reason} ไม่มีการเปลี่ยนแปลงใด ๆ",
    )


def record(
    engine: Engine,
    *,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Write one audit row in a transaction of its own."""
    with db.session(engine) as session:
        audit.append(
            session, actor=actor, action=action, target=target, outcome=outcome, details=details
        )


def record_if_possible(
    engine: Engine,
    *,
    actor: str | None,
    action: str,
    target: str | None,
    outcome: str,
    details: dict[str, Any] | None = None,
) -> None:
    """`record`, when the database that just failed can still take it; the error that led here
    stands either way."""
    with contextlib.suppress(SQLAlchemyError, DatabaseError):
        record(engine, actor=actor, action=action, target=target, outcome=outcome, details=details)


@contextmanager
def privileged(
    engine: Engine,
    actor: str | None,
    action: str,
    target: str | None = None,
    *,
    write_later: bool = False,
) -> Iterator[Action]:
    """`write_later`: the action's first statement writes (db.session's)."""
    scope: Action | None = None
    try:
        with db.session(engine, write_later=write_later) as session:
            scope = Action(session=session, target=target)
            yield scope
            audit.append(
                session,
                actor=actor,
                action=action,
                target=scope.target,
                outcome=scope.outcome,
                details=scope.details,
            )
    except LhrError as error:
        _record_failure(engine, actor, action, scope, target, error, outcome_of(error))
        raise
    except SQLAlchemyError as exc:
        failure = database_failure(action, exc)
        reason = type(exc).__name__
        _record_failure(engine, actor, action, scope, target, failure, "failed", reason=reason)
        raise failure from exc


def _record_failure(
    engine: Engine,
    actor: str | None,
    action: str,
    scope: Action | None,
    target: str | None,
    error: LhrError,
    outcome: str,
    **more: str,
) -> None:
    details = dict(scope.details) if scope else {}
    details.update(error=error.en, error_th=error.th, exit_code=error.exit_code, **more)
    record_if_possible(
        engine,
        actor=actor,
        action=action,
        target=scope.target if scope else target,
        outcome=outcome,
        details=details,
    )
