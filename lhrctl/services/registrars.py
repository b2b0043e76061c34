"""Each LAO's registrar and registry officer (seed 004): found among its staff, given accounts
scoped to the LAO, replacing whoever held the role; and whether a registration has gone stale."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from lhrctl import db
from lhrctl.auth import passwords
from lhrctl.errors import Conflict, NotAllowed, UsageError
from lhrctl.national_id import mask_national_id
from lhrctl.schemas.tables import Account, Lao, Registration, Staff
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
from lhrctl.services.accounts import ENROLMENT_DAYS
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow
from lhrctl.staff_files.checks import retirement_date

ROLES = {"registrar": LAO_REGISTRAR, "officer": LAO_OFFICER}
CHIEF = "ปลัด"  # the registrar is the LAO's chief administrator: ปลัดเทศบาล, ปลัด อบต., …
_STAFF = Staff.__table__  # type: ignore[attr-defined]
_ACCOUNT = Account.__table__  # type: ignore[attr-defined]
_REG = Registration.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]


@dataclass
class Candidate:
    role: str  # registrar or officer
    national_id: str
    name: str
    position: str
    enrolment_code: str | None = None  # set when the person must enrol (a new account)


@dataclass
class Plan:
    org_code: str
    people: list[Candidate]
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (en, th)
    disabled: list[str] = field(default_factory=list)  # national IDs whose accounts were disabled

    def as_dict(self) -> dict[str, object]:
        """What scripts see once it is saved: each role's person and enrolment code."""
        people: dict[str, object] = {
            c.role: {"national_id": c.national_id, "enrolment_code": c.enrolment_code}
            for c in self.people
        }
        return people | {"disabled": self.disabled}


@dataclass(frozen=True)
class Holder:
    org_code: str
    role: str
    national_id: str | None
    name: str | None
    since: datetime | None
    stale: str | None  # why the registration needs setting again, or None

    def as_dict(self) -> dict[str, object]:
        """Shown without sign-in: the person's ID masked."""
        nid = mask_national_id(self.national_id) if self.national_id else None
        return asdict(self) | {"national_id": nid}


def _may_set(operator: Operator, org: str, province_code: str) -> None:
    """The LAO's current registrar, a province officer of its province, or a DLA admin."""
    require_role(
        operator,
        LAO_REGISTRAR,
        PROVINCE_OFFICER,
        DLA_ADMIN,
        action_en="register an LAO's registrar",
        action_th="กำหนดนายทะเบียนประวัติ",
    )
    if not operator.covers_lao(org, province_code):
        raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def _plan(
    session: Session,
    operator: Operator,
    org: str,
    registrar: str,
    officer: str,
    allow_same: bool,
) -> Plan:
    """The operator may register this LAO's people, and these two are on its staff."""
    lao = laos.require_lao(session, org)
    _may_set(operator, org, lao.province_code)
    conn = session.connection()
    if registrar == officer and not allow_same:
        raise UsageError(
            "The registrar and the registry officer are the same person.",
            "นายทะเบียนประวัติและเจ้าหน้าที่ทะเบียนประวัติเป็นบุคคลเดียวกัน",
            hint_en="Name two people, or add --allow-same where the LAO has only one.",
            hint_th="ระบุสองคน หรือเพิ่ม --allow-same เมื่อ อปท. มีเจ้าหน้าที่เพียงคนเดียว",
        )
    plan = Plan(org, [])
    for role, nid in (("registrar", registrar), ("officer", officer)):
        person = conn.execute(
            select(_STAFF).where(
                _STAFF.c.national_id == nid,
                _STAFF.c.org_code == org,
                _STAFF.c.arriving.is_(None),
            )
        ).first()
        if person is None:
            raise UsageError(
                f"{mask_national_id(nid)} ({role}) is not on the staff of LAO {org}.",
                f"{mask_national_id(nid)} ไม่อยู่ในบัญชีบุคลากรของ อปท. {org}",
                hint_en=f"Check the ID, or import the LAO's staff first (`lhrctl staff list --org "
                f"{org}`).",
                hint_th=f"ตรวจสอบเลขประจำตัว หรือนำเข้าข้อมูลบุคลากรของ อปท. ก่อน (`lhrctl staff list --org {org}`)",
            )
        name = f"{person.title}{person.first_name} {person.last_name}"
        plan.people.append(Candidate(role, nid, name, person.position))
        if role == "registrar" and not person.position.startswith(CHIEF):
            plan.warnings.append(
                (
                    f"The registrar's position is {person.position!r}, not the LAO's chief "
                    f"administrator ({CHIEF}…).",
                    f"ตำแหน่งของนายทะเบียน ({person.position}) ไม่ใช่ปลัด อปท.",
                )
            )
    return plan


def review(
    engine: Engine,
    operator: Operator,
    org: str,
    registrar: str,
    officer: str,
    *,
    allow_same: bool = False,
) -> Plan:
    """Who would be registered, with their names and positions, before anyone confirms."""
    with privileged(engine, operator.national_id, "registrar_review", org) as action:
        return _plan(action.session, operator, org, registrar, officer, allow_same)


def set_registrars(
    engine: Engine,
    operator: Operator,
    org: str,
    registrar: str,
    officer: str,
    *,
    allow_same: bool = False,
) -> Plan:
    """Create or update both accounts, disable those of the people replaced, record it."""
    with privileged(engine, operator.national_id, "registrar_set", org) as action:
        plan = _plan(action.session, operator, org, registrar, officer, allow_same)
        conn = action.session.connection()
        now = utcnow()
        keep = {c.national_id for c in plan.people}
        codes: dict[str, str | None] = {}
        for candidate in plan.people:
            nid = candidate.national_id
            if nid not in codes:  # one person in both roles: the registrar's rights cover both
                codes[nid] = _grant(conn, operator, nid, ROLES[candidate.role], org)
            candidate.enrolment_code = codes[nid]
            plan.disabled += _disable_others(conn, ROLES[candidate.role], org, keep)
            _register(conn, org, candidate.role, candidate.national_id, operator.national_id, now)
        action.details.update(
            registrar=registrar, officer=officer, disabled=plan.disabled, allow_same=allow_same
        )
        return plan


def _grant(conn: Connection, operator: Operator, nid: str, role: str, org: str) -> str | None:
    """The person's account with this role at this LAO; a one-time code if they must enrol."""
    account = conn.execute(select(_ACCOUNT).where(_ACCOUNT.c.national_id == nid)).first()
    if account is not None and account.role in (DLA_ADMIN, PROVINCE_OFFICER):
        raise Conflict(
            f"{mask_national_id(nid)} holds a {account.role} account; it cannot also be an LAO's.",
            f"{mask_national_id(nid)} มีบัญชี {account.role} อยู่แล้ว",
        )
    if account is not None and not account.active:
        raise NotAllowed(
            f"The account of {mask_national_id(nid)} is disabled; `registrar set` does not "
            "re-activate it.",
            f"บัญชีของ {mask_national_id(nid)} ถูกปิดอยู่ `registrar set` ไม่เปิดบัญชีคืน",
            hint_en="A DLA administrator re-activates it, with a new enrolment: "
            "`lhrctl user enable ID`; then run `registrar set` again.",
            hint_th="ผู้ดูแลระบบ สถ. เปิดบัญชีคืนด้วย `lhrctl user enable ID` แล้วจึงสั่ง `registrar set` อีกครั้ง",
        )
    code = passwords.new_enrolment_code()
    enrolment = {
        "enrolment_code_hash": passwords.enrolment_code_digest(code),
        "enrolment_expires_at": db.now(conn) + timedelta(days=ENROLMENT_DAYS),
    }
    if account is None:
        conn.execute(
            insert(_ACCOUNT).values(
                national_id=nid,
                name="",
                role=role,
                scope=org,
                failed_attempts=0,
                active=True,
                created_at=utcnow(),
                created_by=operator.national_id,
                **enrolment,
            )
        )
        return code
    enrolled = account.password_hash is not None
    conn.execute(
        update(_ACCOUNT)
        .where(_ACCOUNT.c.id == account.id)
        .values(role=role, scope=org, **({} if enrolled else enrolment))
    )
    return None if enrolled else code


def _disable_others(conn: Connection, role: str, org: str, keep: set[str]) -> list[str]:
    replaced = [
        nid
        for (nid,) in conn.execute(
            select(_ACCOUNT.c.national_id).where(
                _ACCOUNT.c.role == role,
                _ACCOUNT.c.scope == org,
                _ACCOUNT.c.active.is_(True),
                _ACCOUNT.c.national_id.not_in(keep),
            )
        )
    ]
    if replaced:
        conn.execute(
            update(_ACCOUNT).where(_ACCOUNT.c.national_id.in_(replaced)).values(active=False)
        )
    return replaced


def _register(conn: Connection, org: str, role: str, nid: str, actor: str, now: datetime) -> None:
    where = (_REG.c.org_code == org) & (_REG.c.role == role)
    current = conn.execute(select(_REG.c.national_id).where(where)).scalar()
    if current == nid:
        return
    if current is None:
        conn.execute(
            insert(_REG).values(org_code=org, role=role, national_id=nid, since=now, set_by=actor)
        )
    else:
        conn.execute(update(_REG).where(where).values(national_id=nid, since=now, set_by=actor))


def _stale(person: Any, account: Any, org: str, today: date) -> str | None:
    if person is None:
        return "left the LAO"
    if person.org_code != org or person.arriving is not None:
        return "transferred"
    if retirement_date(person.birth_date) < today:
        return "retired"
    if account is None or not account.active:
        return "account disabled"
    if account.password_hash is None:
        return "never enrolled"
    return None


def holders(
    engine: Engine, *, today: date, org: str | None = None, province: str | None = None
) -> list[Holder]:
    """Every role of these LAOs: who holds it, since when, and whether it has gone stale."""
    with db.session(engine, read_only=True) as session:
        if org is not None or province is None:
            laos.require_lao(session, org or "")
            codes = [org or ""]
        else:
            laos.require_province(session, province)
            codes = list(
                session.connection()
                .execute(
                    select(_LAO.c.code)
                    .where(_LAO.c.province_code == province, _LAO.c.valid_to.is_(None))
                    .order_by(_LAO.c.code)
                )
                .scalars()
            )
        conn = session.connection()
        regs = {
            (r.org_code, r.role): r
            for r in conn.execute(select(_REG).where(_REG.c.org_code.in_(codes)))
        }
        found = []
        for code in codes:
            for role in ROLES:
                reg = regs.get((code, role))
                if reg is None:
                    found.append(Holder(code, role, None, None, None, "not registered"))
                    continue
                person = conn.execute(
                    select(_STAFF).where(_STAFF.c.national_id == reg.national_id)
                ).first()
                account = conn.execute(
                    select(_ACCOUNT).where(_ACCOUNT.c.national_id == reg.national_id)
                ).first()
                name = f"{person.title}{person.first_name} {person.last_name}" if person else None
                stale = _stale(person, account, code, today)
                found.append(Holder(code, role, reg.national_id, name, reg.since, stale))
        return found
