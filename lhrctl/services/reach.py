"""Who may read what: the LAOs an officer's scope covers, and, through a server, who may call the
reads an office makes of its own database without signing in.

In-process, whoever runs lhrctl holds the database, so its reads need no sign-in. A national
server answers anyone who reaches it: there, each such read needs a signed-in officer whose reach
covers what it asks for, unless it is public (`Operation.reach`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from lhrctl import db
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import LhrError, NotAllowed
from lhrctl.services import laos
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import record_if_possible

PUBLIC = "public"  # anyone who reaches the server: what carries no person (LAOs, rounds, counts)
OFFICER = "officer"  # any signed-in officer
SCOPE = "scope"  # an officer whose scope covers its `org` or `province`; neither: the country
CARD = "card"  # the officer whose card it names, and nobody else


def require_covers(
    session: Session, operator: Operator, org: str | None, province: str | None
) -> None:
    """The operator's scope covers the LAO, else the province, else (neither given) the country."""
    if org is not None:
        lao = laos.require_lao(session, org)
        if not operator.covers_lao(lao.code, lao.province_code):
            raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")
    elif province is not None:
        laos.require_province(session, province)
        if not operator.covers_province(province):
            raise out_of_scope(operator, f"Province {province}", f"จังหวัด {province}")
    elif operator.scope is not None:
        raise out_of_scope(operator, "The whole country", "ทั้งประเทศ")


def _not_theirs(operator: Operator) -> NotAllowed:
    return NotAllowed(
        "Through the server, a card can be asked about only by its holder, signed in with it.",
        "ผ่านเครื่องแม่ข่าย สอบถามข้อมูลบัตรได้เฉพาะเจ้าของบัตรที่เข้าสู่ระบบด้วยบัตรนั้น",
    )


def check_reach(
    engine: Engine, action: str, reach: str, operator: Operator, arguments: dict[str, Any]
) -> None:
    """Refuse (and audit the refusal) a read beyond the signed-in operator's reach."""
    try:
        if reach == CARD:
            card = arguments.get("card")
            if not isinstance(card, ThaiIdCard) or card.national_id != operator.national_id:
                raise _not_theirs(operator)
        elif reach == SCOPE:
            with db.session(engine, read_only=True) as session:
                require_covers(session, operator, arguments.get("org"), arguments.get("province"))
    except LhrError as error:
        target = arguments.get("org") or arguments.get("province")
        record_if_possible(
            engine,
            actor=operator.national_id,
            action=action,
            target=str(target) if target else None,
            outcome="refused" if isinstance(error, NotAllowed) else "failed",
            details={"error": error.en, "error_th": error.th},
        )
        raise
