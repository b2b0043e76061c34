"""Privileged actions: one transaction each, and one audit row whatever the outcome.

An allowed action writes its audit row inside its own transaction, so the change and its record
commit together. A refused or failed one rolls back and then writes its audit row on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from lhrctl import db
from lhrctl.errors import LhrError, NotAllowed, SignInFailed
from lhrctl.services import audit


@dataclass
class Action:
    session: Session
    details: dict[str, Any] = field(default_factory=dict)
    target: str | None = None
    outcome: str = "ok"  # an action may end without error yet refuse its input ("rejected")


def outcome_of(error: LhrError) -> str:
    return "refused" if isinstance(error, (NotAllowed, SignInFailed)) else "failed"


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


@contextmanager
def privileged(
    engine: Engine, actor: str | None, action: str, target: str | None = None
) -> Iterator[Action]:
    scope: Action | None = None
    try:
        with db.session(engine) as session:
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
        details = dict(scope.details) if scope else {}
        details.update(error=error.en, exit_code=error.exit_code)
        record(
            engine,
            actor=actor,
            action=action,
            target=scope.target if scope else target,
            outcome=outcome_of(error),
            details=details,
        )
        raise
