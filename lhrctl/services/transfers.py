"""Transfers (โอน/ย้าย): a person's record moves, with its whole history, from one LAO to another
(seed 000, workflow 2).

draft (origin creates, checks the name) → approved (origin's registrar records the dispatch
letter; the record moves and is flagged as arriving) → received (destination confirms) — or
rejected (destination sends it back as it was) or cancelled (origin, before approval). Every step
locks the order's row, so two terminals approving or receiving at once get one success and one
conflict; approval and receipt refuse while either LAO is certified in the open round.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from lhrctl.errors import Conflict, NotAllowed, UsageError
from lhrctl.labels import TRANSFER_STATUSES
from lhrctl.schemas.tables import Account, Lao, Staff, StaffHistory, Transfer
from lhrctl.services import laos
from lhrctl.services.access import (
    DLA_ADMIN,
    LAO_OFFICER,
    LAO_REGISTRAR,
    PROVINCE_OFFICER,
    Operator,
    out_of_scope,
    require_role,
)
from lhrctl.services.actions import Action, privileged
from lhrctl.services.certification import ensure_unlocked
from lhrctl.services.clock import today, utcnow

DRAFT, APPROVED, RECEIVED, REJECTED, CANCELLED = (
    "draft",
    "approved",
    "received",
    "rejected",
    "cancelled",
)
OPEN = (DRAFT, APPROVED)
_TRANSFER = Transfer.__table__  # type: ignore[attr-defined]
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_HISTORY = StaffHistory.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
_ACCOUNT = Account.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TransferOrder:
    id: int
    national_id: str
    name: str
    from_org: str
    to_org: str
    personnel_type: str
    effective_on: date | None
    status: str
    letter_no: str | None
    letter_date: date | None
    order_no: str | None
    reason: str | None
    created_at: datetime
    updated_at: datetime
    from_name: str = ""
    to_name: str = ""

    def as_dict(self) -> dict[str, object]:
        """What scripts see of an order (not its bookkeeping times)."""
        return {
            "id": self.id,
            "status": self.status,
            "national_id": self.national_id,
            "name": self.name,
            "from_org": self.from_org,
            "to_org": self.to_org,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "personnel_type": self.personnel_type,
            "effective_on": self.effective_on,
            "letter_no": self.letter_no,
            "letter_date": self.letter_date,
            "order_no": self.order_no,
            "reason": self.reason,
        }


def _order(conn: Connection, row: Any) -> TransferOrder:
    person = conn.execute(
        select(_STAFF.c.title, _STAFF.c.first_name, _STAFF.c.last_name).where(
            _STAFF.c.national_id == row.national_id
        )
    ).first()
    name = f"{person.title}{person.first_name} {person.last_name}" if person else ""
    lao_names = laos.names_of(conn, (row.from_org, row.to_org))
    return TransferOrder(
        row.id,
        row.national_id,
        name,
        row.from_org,
        row.to_org,
        row.personnel_type,
        row.effective_on,
        row.status,
        row.letter_no,
        row.letter_date,
        row.order_no,
        row.reason,
        row.created_at,
        row.updated_at,
        lao_names.get(row.from_org, ""),
        lao_names.get(row.to_org, ""),
    )


def _side(operator: Operator, org: str, roles: tuple[str, ...], en: str, th: str) -> None:
    """Only these roles of this LAO (or a DLA admin) take this step."""
    require_role(operator, *roles, DLA_ADMIN, action_en=en, action_th=th)
    if operator.role != DLA_ADMIN and operator.scope != org:
        raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def _locked_order(conn: Connection, transfer_id: int) -> Any:
    row = conn.execute(
        select(_TRANSFER).where(_TRANSFER.c.id == transfer_id).with_for_update()
    ).first()
    if row is None:
        raise UsageError(
            f"No transfer order {transfer_id}.",
            f"ไม่พบคำสั่งโอน {transfer_id}",
            hint_en="List them with `lhrctl transfer list`.",
            hint_th="ดูรายการด้วย `lhrctl transfer list`",
        )
    return row


def _require_status(row: Any, *allowed: str) -> None:
    if row.status not in allowed:
        (en, th), needed = TRANSFER_STATUSES[row.status], [TRANSFER_STATUSES[s] for s in allowed]
        raise Conflict(
            f"Transfer {row.id} is {en}; this step needs it {' or '.join(e for e, _ in needed)}.",
            f"คำสั่งโอน {row.id} อยู่ในสถานะ{th} จึงทำขั้นตอนนี้ไม่ได้ "
            f"(ต้องอยู่ในสถานะ{' หรือ '.join(t for _, t in needed)})",
        )


def _history(
    conn: Connection, row: Any, org: str, actor: str, action: str, changes: dict[str, Any]
) -> None:
    conn.execute(
        insert(_HISTORY).values(
            national_id=row.national_id,
            org_code=org,
            at=utcnow(),
            actor=actor,
            action=action,
            source=f"transfer {row.id}",
            changes=json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True),
        )
    )


def _set(conn: Connection, row: Any, actor: str, **values: Any) -> None:
    if values.get("status") not in (None, *OPEN):
        values["open_key"] = None
    conn.execute(
        update(_TRANSFER)
        .where(_TRANSFER.c.id == row.id)
        .values(updated_at=utcnow(), updated_by=actor, **values)
    )


def _person_to_move(conn: Connection, operator: Operator, national_id: str) -> Any:
    """The person's record, held by the operator's LAO (an LAO's staff start a transfer)."""
    person = conn.execute(select(_STAFF).where(_STAFF.c.national_id == national_id)).first()
    origin = operator.scope if operator.role in (LAO_OFFICER, LAO_REGISTRAR) else None
    if person is None or (origin is not None and person.org_code != origin):
        where_en = f"at LAO {origin}" if origin else "in the database"
        raise UsageError(
            f"No active record of this person {where_en}.",
            "ไม่พบข้อมูลบุคคลนี้ใน อปท. ของท่าน" if origin else "ไม่พบข้อมูลบุคคลนี้",
            hint_en="A transfer starts at the LAO that holds the record.",
            hint_th="การโอนเริ่มที่ อปท. ที่ถือข้อมูลของบุคคลนั้น",
        )
    _side(
        operator,
        person.org_code,
        (LAO_OFFICER, LAO_REGISTRAR),
        "create a transfer",
        "สร้างคำสั่งโอน",
    )
    return person


def _check_move(person: Any, to_org: str, personnel_type: str | None) -> str:
    """The person may move there (not arriving elsewhere, not to their own LAO, the same type);
    the personnel type of the order."""
    if person.arriving is not None:
        raise Conflict(
            f"This person is arriving by transfer {person.arriving}, not yet received.",
            f"บุคคลนี้อยู่ระหว่างรับโอนตามคำสั่ง {person.arriving}",
        )
    if to_org == person.org_code:
        raise UsageError(
            f"The destination {to_org} is the person's own LAO.",
            f"อปท. ปลายทาง {to_org} เป็น อปท. เดิมของบุคคลนี้",
        )
    kind = personnel_type or person.personnel_type
    if kind != person.personnel_type:
        raise UsageError(
            f"--type {kind} does not match the record ({person.personnel_type}).",
            f"ประเภทบุคลากร {kind} ไม่ตรงกับข้อมูล ({person.personnel_type})",
        )
    return str(kind)


def create_transfer(
    engine: Engine,
    operator: Operator,
    national_id: str,
    to_org: str,
    *,
    personnel_type: str | None = None,
    effective_on: date | None = None,
) -> TransferOrder:
    with privileged(engine, operator.national_id, "transfer_create", national_id) as action:
        session = action.session
        laos.require_lao(session, to_org)
        conn = session.connection()
        person = _person_to_move(conn, operator, national_id)
        kind = _check_move(person, to_org, personnel_type)
        open_id = conn.execute(
            select(_TRANSFER.c.id).where(_TRANSFER.c.open_key == national_id)
        ).scalar()
        if open_id is not None:
            raise _second_open_order(open_id)
        now = utcnow()
        try:
            created = conn.execute(
                insert(_TRANSFER).values(
                    national_id=national_id,
                    open_key=national_id,
                    from_org=person.org_code,
                    to_org=to_org,
                    personnel_type=kind,
                    effective_on=effective_on,
                    status=DRAFT,
                    created_at=now,
                    created_by=operator.national_id,
                    updated_at=now,
                    updated_by=operator.national_id,
                )
            )
        except IntegrityError as exc:  # another terminal opened one a moment ago
            raise _second_open_order(None) from exc
        (transfer_id,) = created.inserted_primary_key or (0,)
        action.target = f"transfer {transfer_id}"
        action.details.update(national_id=national_id, from_org=person.org_code, to_org=to_org)
        row = _locked_order(conn, transfer_id)
        _history(conn, row, row.from_org, operator.national_id, "transfer_created",
                 {"to_org": to_org})  # fmt: skip
        return _order(conn, row)


def _second_open_order(open_id: int | None) -> Conflict:
    which = f" ({open_id})" if open_id else ""
    return Conflict(
        f"This person already has an open transfer{which}; finish or cancel it first.",
        f"บุคคลนี้มีคำสั่งโอนที่ยังไม่เสร็จ{which}",
        hint_en="`lhrctl transfer list --status draft` shows it.",
        hint_th="ดูได้ด้วย `lhrctl transfer list --status draft`",
    )


@dataclass(frozen=True)
class _Step:
    """One step on an existing order: who takes it, from which status, whether it moves data."""

    action: str  # the audit log's name for it
    side: str  # "from": the origin's people take it; "to": the destination's
    roles: tuple[str, ...]
    what_en: str
    what_th: str
    needs: str  # the order's status before the step
    moving_th: str | None  # set when it moves the record: refused while either LAO is locked


_APPROVE = _Step("transfer_approve", "from", (LAO_REGISTRAR,), "approve a transfer",
                 "อนุมัติคำสั่งโอน", DRAFT, "โอนข้อมูล")  # fmt: skip
_RECEIVE = _Step("transfer_receive", "to", (LAO_OFFICER, LAO_REGISTRAR), "receive a transfer",
                 "รับโอน", APPROVED, "รับโอนข้อมูล")  # fmt: skip
_REJECT = _Step("transfer_reject", "to", (LAO_OFFICER, LAO_REGISTRAR), "reject a transfer",
                "ปฏิเสธการรับโอน", APPROVED, "โอนข้อมูล")  # fmt: skip
_CANCEL = _Step("transfer_cancel", "from", (LAO_OFFICER, LAO_REGISTRAR), "cancel a transfer",
                "ยกเลิกคำสั่งโอน", DRAFT, None)  # fmt: skip


@contextmanager
def _taking(
    engine: Engine, operator: Operator, transfer_id: int, step: _Step
) -> Iterator[tuple[Action, Connection, Any]]:
    """The step's transaction, its audit row, the order locked and every check made."""
    with privileged(engine, operator.national_id, step.action, f"transfer {transfer_id}") as action:
        conn = action.session.connection()
        row = _locked_order(conn, transfer_id)
        org = row.from_org if step.side == "from" else row.to_org
        _side(operator, org, step.roles, step.what_en, step.what_th)
        _require_status(row, step.needs)
        if step.moving_th is not None:
            ensure_unlocked(conn, {row.from_org, row.to_org}, "move its records", step.moving_th)
        yield action, conn, row


def review_approval(engine: Engine, operator: Operator, transfer_id: int) -> TransferOrder:
    """Every check of the approval, nothing changed: the order the registrar is asked to confirm."""
    step = replace(_APPROVE, action="transfer_approve_review")
    with _taking(engine, operator, transfer_id, step) as (_action, conn, row):
        return _order(conn, row)


def approve_transfer(
    engine: Engine, operator: Operator, transfer_id: int, letter_no: str, letter_date: date
) -> TransferOrder:
    """Save and approve: the letter is recorded and the record moves, history and all."""
    if not letter_no.strip():
        raise UsageError("Give the letter number with --letter-no.", "ระบุเลขที่หนังสือ")
    if letter_date > today():
        raise UsageError("The letter date is in the future.", "วันที่หนังสือเป็นวันในอนาคต")
    with _taking(engine, operator, transfer_id, _APPROVE) as (action, conn, row):
        conn.execute(
            update(_STAFF)
            .where(_STAFF.c.national_id == row.national_id)
            .values(org_code=row.to_org, arriving=row.id, updated_at=utcnow())
        )
        _set(conn, row, operator.national_id, status=APPROVED, letter_no=letter_no,
             letter_date=letter_date)  # fmt: skip
        # a registrar or registry officer who leaves loses the origin's rights (seed 004)
        conn.execute(
            update(_ACCOUNT)
            .where(
                _ACCOUNT.c.national_id == row.national_id,
                _ACCOUNT.c.scope == row.from_org,
                _ACCOUNT.c.role.in_((LAO_OFFICER, LAO_REGISTRAR)),
            )
            .values(active=False)
        )
        _history(conn, row, row.to_org, operator.national_id, "transfer_approved", {
            "org_code": [row.from_org, row.to_org],
            "letter_no": letter_no,
            "letter_date": letter_date.isoformat(),
        })  # fmt: skip
        action.details.update(letter_no=letter_no, letter_date=letter_date.isoformat())
        return _order(conn, _locked_order(conn, transfer_id))


def receive_transfer(
    engine: Engine, operator: Operator, transfer_id: int, order_no: str | None
) -> TransferOrder:
    with _taking(engine, operator, transfer_id, _RECEIVE) as (_, conn, row):
        conn.execute(
            update(_STAFF).where(_STAFF.c.national_id == row.national_id).values(arriving=None)
        )
        _set(conn, row, operator.national_id, status=RECEIVED, order_no=order_no)
        _history(conn, row, row.to_org, operator.national_id, "transfer_received",
                 {"order_no": order_no} if order_no else {})  # fmt: skip
        return _order(conn, _locked_order(conn, transfer_id))


def reject_transfer(
    engine: Engine, operator: Operator, transfer_id: int, reason: str
) -> TransferOrder:
    """The destination sends the record back to the origin as it was."""
    if not reason.strip():
        raise UsageError("Give the reason with --reason.", "ระบุเหตุผลด้วย --reason")
    with _taking(engine, operator, transfer_id, _REJECT) as (action, conn, row):
        conn.execute(
            update(_STAFF)
            .where(_STAFF.c.national_id == row.national_id)
            .values(org_code=row.from_org, arriving=None, updated_at=utcnow())
        )
        _set(conn, row, operator.national_id, status=REJECTED, reason=reason)
        _history(conn, row, row.from_org, operator.national_id, "transfer_rejected",
                 {"org_code": [row.to_org, row.from_org], "reason": reason})  # fmt: skip
        action.details.update(reason=reason)
        return _order(conn, _locked_order(conn, transfer_id))


def cancel_transfer(engine: Engine, operator: Operator, transfer_id: int) -> TransferOrder:
    with _taking(engine, operator, transfer_id, _CANCEL) as (_, conn, row):
        _set(conn, row, operator.national_id, status=CANCELLED)
        _history(conn, row, row.from_org, operator.national_id, "transfer_cancelled", {})
        return _order(conn, _locked_order(conn, transfer_id))


def _visible(operator: Operator, from_province: str, to_province: str, row: Any) -> bool:
    if operator.role == DLA_ADMIN:
        return True
    if operator.role == PROVINCE_OFFICER:
        return operator.scope in (from_province, to_province)
    return operator.scope in (row.from_org, row.to_org)


def list_transfers(
    engine: Engine, operator: Operator, *, org: str | None = None, status: str | None = None
) -> list[TransferOrder]:
    """Both sides and their provinces see an order."""
    with privileged(engine, operator.national_id, "transfer_list", org) as action:
        conn = action.session.connection()
        provinces = {c: p for c, p in conn.execute(select(_LAO.c.code, _LAO.c.province_code))}
        query = select(_TRANSFER).order_by(_TRANSFER.c.id)
        if org is not None:
            laos.require_lao(action.session, org)
            query = query.where(or_(_TRANSFER.c.from_org == org, _TRANSFER.c.to_org == org))
        if status is not None:
            query = query.where(_TRANSFER.c.status == status)
        found = [
            _order(conn, row)
            for row in conn.execute(query)
            if _visible(operator, provinces[row.from_org], provinces[row.to_org], row)
        ]
        action.details.update(orders=len(found))
        return found


def show_transfer(engine: Engine, operator: Operator, transfer_id: int) -> TransferOrder:
    with privileged(
        engine, operator.national_id, "transfer_show", f"transfer {transfer_id}"
    ) as action:
        conn = action.session.connection()
        row = conn.execute(select(_TRANSFER).where(_TRANSFER.c.id == transfer_id)).first()
        if row is None:
            raise UsageError(f"No transfer order {transfer_id}.", f"ไม่พบคำสั่งโอน {transfer_id}")
        provinces = {
            c: p
            for c, p in conn.execute(
                select(_LAO.c.code, _LAO.c.province_code).where(
                    _LAO.c.code.in_([row.from_org, row.to_org])
                )
            )
        }
        if not _visible(operator, provinces[row.from_org], provinces[row.to_org], row):
            raise NotAllowed(
                f"Transfer {transfer_id} is between LAOs outside your scope.",
                f"คำสั่งโอน {transfer_id} อยู่นอกขอบเขตสิทธิ์ของท่าน",
            )
        return _order(conn, row)
