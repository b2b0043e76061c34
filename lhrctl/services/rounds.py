"""Certification rounds: a DLA admin opens one with its deadlines and closes it; at most one is
open at a time, and every certification belongs to one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lhrctl import db
from lhrctl.errors import Conflict, UsageError
from lhrctl.schemas.tables import Round
from lhrctl.services.access import DLA_ADMIN, Operator, require_role
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow

_ROUND = Round.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    lao_deadline: date
    province_deadline: date
    open: bool

    def as_dict(self) -> dict[str, object]:
        """What scripts see of a round (its id is internal)."""
        return {
            "name": self.name,
            "lao_deadline": self.lao_deadline,
            "province_deadline": self.province_deadline,
            "open": self.open,
        }


def round_info(row: Any) -> RoundInfo:
    return RoundInfo(row.id, row.name, row.lao_deadline, row.province_deadline, bool(row.is_open))


def no_round() -> Conflict:
    return Conflict(
        "No certification round is open.",
        "ยังไม่มีรอบการรับรองข้อมูลที่เปิดอยู่",
        hint_en="A DLA admin opens one with `lhrctl round open NAME --lao-deadline DATE "
        "--province-deadline DATE`.",
        hint_th="ผู้ดูแลระบบ สถ. เปิดรอบด้วย `lhrctl round open`",
    )


def open_round_of(conn: Connection) -> RoundInfo | None:
    row = conn.execute(select(_ROUND).where(_ROUND.c.is_open.is_(True))).first()
    return round_info(row) if row else None


def find_round(conn: Connection, name: str | None) -> RoundInfo:
    """The named round, or the open one, or the latest one."""
    query = select(_ROUND)
    if name is not None:
        row = conn.execute(query.where(_ROUND.c.name == name)).first()
        if row is None:
            raise UsageError(f"No round named {name!r}.", f"ไม่พบรอบ {name!r}")
        return round_info(row)
    row = conn.execute(
        query.order_by(_ROUND.c.is_open.is_(True).desc(), _ROUND.c.id.desc()).limit(1)
    ).first()
    if row is None:
        raise no_round()
    return round_info(row)


def open_round(
    engine: Engine, operator: Operator, name: str, lao_deadline: date, province_deadline: date
) -> RoundInfo:
    if province_deadline < lao_deadline:
        raise UsageError(
            "The province deadline comes before the LAO deadline.",
            "กำหนดส่งของจังหวัดต้องไม่ก่อนกำหนดส่งของ อปท.",
        )
    with privileged(engine, operator.national_id, "round_open", name) as action:
        require_role(operator, DLA_ADMIN, action_en="open a round", action_th="เปิดรอบการรับรอง")
        conn = action.session.connection()
        current = open_round_of(conn)
        if current is not None:
            raise Conflict(
                f"Round {current.name!r} is still open; close it first.",
                f"รอบ {current.name!r} ยังเปิดอยู่ กรุณาปิดก่อน",
                hint_en="`lhrctl round close`",
                hint_th="`lhrctl round close`",
            )
        if conn.execute(select(_ROUND.c.id).where(_ROUND.c.name == name)).first():
            raise Conflict(f"A round named {name!r} exists already.", f"มีรอบชื่อ {name!r} แล้ว")
        try:
            created = conn.execute(
                insert(_ROUND).values(
                    name=name,
                    lao_deadline=lao_deadline,
                    province_deadline=province_deadline,
                    is_open=True,
                    opened_at=utcnow(),
                    opened_by=operator.national_id,
                )
            )
        except IntegrityError as exc:  # another admin opened one at the same moment
            raise Conflict(
                "Another round was opened at the same time.", "มีการเปิดรอบอื่นพร้อมกัน"
            ) from exc
        action.details.update(
            lao_deadline=lao_deadline.isoformat(), province_deadline=province_deadline.isoformat()
        )
        (round_id,) = created.inserted_primary_key or (0,)
        return RoundInfo(round_id, name, lao_deadline, province_deadline, True)


def close_round(engine: Engine, operator: Operator) -> RoundInfo:
    with privileged(engine, operator.national_id, "round_close") as action:
        require_role(operator, DLA_ADMIN, action_en="close a round", action_th="ปิดรอบการรับรอง")
        conn = action.session.connection()
        current = open_round_of(conn)
        if current is None:
            raise no_round()
        action.target = current.name
        conn.execute(
            update(_ROUND)
            .where(_ROUND.c.id == current.id)
            .values(is_open=None, closed_at=utcnow(), closed_by=operator.national_id)
        )
        return RoundInfo(
            current.id, current.name, current.lao_deadline, current.province_deadline, False
        )


def list_rounds(engine: Engine) -> list[RoundInfo]:
    with db.connect(engine, read_only=True) as conn:
        return [round_info(r) for r in conn.execute(select(_ROUND).order_by(_ROUND.c.id))]
