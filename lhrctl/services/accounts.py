"""Operator accounts: the first DLA admin, new users with enrolment codes, passwords, locks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from lhrctl import db
from lhrctl.auth import passwords
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import Conflict, NotAllowed, SignInFailed, UsageError
from lhrctl.national_id import mask_national_id
from lhrctl.schemas.tables import Account, Lao
from lhrctl.services import laos
from lhrctl.services.access import (
    DLA_ADMIN,
    LAO_ROLES,
    PROVINCE_OFFICER,
    ROLE_NAMES_TH,
    ROLES,
    Operator,
    out_of_scope,
    require_role,
)
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow
from lhrctl.services.signin import (
    Secret,
    Wrong,
    attempt,
    check_card,
    locked_account,
    password_is,
)

ENROLMENT_DAYS = 7

# A prompt for a secret, by key: "enrolment_code", "current_password", "new_password",
# "repeat_password". The command layer decides how to ask (hidden on a terminal, stdin otherwise).
SecretPrompt = Callable[[str], str]


@dataclass(frozen=True)
class AccountView:
    national_id: str
    name: str
    role: str
    scope: str | None
    active: bool
    enrolled: bool
    locked_until: datetime | None
    failed_attempts: int
    created_at: datetime
    enrolment_expires_at: datetime | None


@dataclass(frozen=True)
class NewAccount:
    national_id: str
    role: str
    scope: str | None
    enrolment_code: str
    expires_at: datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "national_id": self.national_id,
            "role": self.role,
            "scope": self.scope,
            "enrolment_code": self.enrolment_code,
        }


def _view(a: Account) -> AccountView:
    return AccountView(
        national_id=a.national_id,
        name=a.name,
        role=a.role,
        scope=a.scope,
        active=a.active,
        enrolled=a.password_hash is not None,
        locked_until=a.locked_until if a.locked_until and a.locked_until > utcnow() else None,
        failed_attempts=a.failed_attempts,
        created_at=a.created_at,
        enrolment_expires_at=a.enrolment_expires_at if a.password_hash is None else None,
    )


def new_password(prompt: SecretPrompt, national_id: str) -> str:
    """A new password, asked twice, that meets the policy (before anything is sent or stored)."""
    new = prompt("new_password")
    passwords.check_policy(new, national_id)
    if prompt("repeat_password") != new:
        raise UsageError("The two passwords differ.", "รหัสผ่านทั้งสองครั้งไม่ตรงกัน")
    return new


def account_count(engine: Engine) -> int:
    with db.session(engine, read_only=True) as session:
        return int(session.exec(select(func.count()).select_from(Account)).one())


def enrol_first_admin(engine: Engine, card: ThaiIdCard, prompt: SecretPrompt) -> AccountView:
    """`lhrctl init` on an empty database: the card holder becomes the first DLA admin."""
    check_card(card)
    password_hash = passwords.hash_password(new_password(prompt, card.national_id))
    with privileged(engine, card.national_id, "enrol_first_admin", card.national_id) as action:
        _lock_accounts(action.session)
        if action.session.exec(select(func.count()).select_from(Account)).one():
            raise Conflict(
                "An administrator was enrolled meanwhile; nothing was changed.",
                "มีการลงทะเบียนผู้ดูแลระบบไปแล้วในระหว่างนี้ ไม่มีการเปลี่ยนแปลง",
            )
        account = Account(
            national_id=card.national_id,
            name=card.full_name_th,
            role=DLA_ADMIN,
            scope=None,
            password_hash=password_hash,
            card_binding=card.binding,
            created_at=utcnow(),
            created_by=card.national_id,
        )
        action.session.add(account)
        action.session.flush()
        return _view(account)


def _lock_accounts(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("LOCK TABLE account IN SHARE ROW EXCLUSIVE MODE")


def _check_grant(session: Session, operator: Operator, role: str, scope: str | None) -> str | None:
    """Validate role and scope for a new account and that the operator may grant them: a DLA
    admin, for DLA admins and province officers. LAO accounts come from `registrar set`."""
    if role not in ROLES:
        raise UsageError(
            f"Unknown role {role!r}; use one of {', '.join(ROLES)}.",
            f"ไม่รู้จักบทบาท {role!r} ใช้ได้: {', '.join(ROLES)}",
        )
    if role in LAO_ROLES:
        raise NotAllowed(
            f"LAO accounts ({role}) are made only by `lhrctl registrar set`, from the LAO's staff.",
            f"บัญชีของ อปท. ({ROLE_NAMES_TH[role]}) สร้างได้ด้วย `lhrctl registrar set` "
            "จากบุคลากรของ อปท. เท่านั้น",
            hint_en="lhrctl registrar set --org CODE --registrar ID --officer ID",
            hint_th="สั่ง lhrctl registrar set --org รหัส --registrar เลขประจำตัว --officer เลขประจำตัว",
        )
    require_role(operator, DLA_ADMIN, action_en="create accounts", action_th="สร้างบัญชีผู้ใช้")
    if role == DLA_ADMIN:
        if scope:
            raise UsageError("A DLA admin has no scope.", "ผู้ดูแลระบบ สถ. ไม่ต้องระบุขอบเขต")
        return None
    if not scope:
        raise UsageError(
            f"Role {role} needs --scope with a province code.",
            f"บทบาท {role} ต้องระบุ --scope เป็นรหัสจังหวัด",
        )
    laos.require_province(session, scope)
    return scope


def add_user(
    engine: Engine, operator: Operator, national_id: str, role: str, scope: str | None
) -> NewAccount:
    target = f"{national_id} {role} {scope or ''}".strip()
    with privileged(engine, operator.national_id, "user_add", target) as action:
        scope = _check_grant(action.session, operator, role, scope)
        existing = action.session.exec(
            select(Account).where(Account.national_id == national_id)
        ).first()
        if existing is not None:
            state = "active" if existing.active else "disabled"
            raise Conflict(
                f"{mask_national_id(national_id)} already has an account "
                f"({existing.role} {existing.scope or ''}, {state}).",
                f"{mask_national_id(national_id)} มีบัญชีอยู่แล้ว ({existing.role})",
                hint_en="Use `lhrctl user unlock --reenrol` to issue a new enrolment code.",
                hint_th="ออกรหัสลงทะเบียนใหม่ด้วย `lhrctl user unlock --reenrol`",
            )
        code = passwords.new_enrolment_code()
        expires = db.now(action.session) + timedelta(days=ENROLMENT_DAYS)
        action.session.add(
            Account(
                national_id=national_id,
                role=role,
                scope=scope,
                enrolment_code_hash=passwords.enrolment_code_digest(code),
                enrolment_expires_at=expires,
                created_at=utcnow(),
                created_by=operator.national_id,
            )
        )
        action.details.update(role=role, scope=scope)
        return NewAccount(national_id, role, scope, code, expires)


def _enrolment_code_is(code: str) -> Secret:
    def judge(account: Account, now: datetime) -> Wrong | SignInFailed | None:
        if account.enrolment_code_hash != passwords.enrolment_code_digest(code):
            return Wrong("enrolment code", "รหัสลงทะเบียน")
        if account.enrolment_expires_at is None or account.enrolment_expires_at < now:
            return SignInFailed(
                "The enrolment code has expired.",
                "รหัสลงทะเบียนหมดอายุแล้ว",
                hint_en="Ask for a new one (`lhrctl user unlock ID --reenrol`).",
                hint_th="ขอรหัสใหม่จากผู้ดูแล (`lhrctl user unlock ID --reenrol`)",
            )
        return None

    return judge


def change_password(engine: Engine, card: ThaiIdCard, secret: str, new_password: str) -> str:
    """`lhrctl passwd`: enrolment (card + the one-time code as `secret`) the first time, a change
    (the current password as `secret`) afterwards. Returns "enrolled" or "changed"."""
    target = card.national_id
    account = attempt(engine, card, None, action="passwd", target=target, enrolled=False)
    if account.password_hash is None:
        judge, outcome = _enrolment_code_is(secret), "enrolled"
    else:
        judge, outcome = password_is(secret), "changed"
    passwords.check_policy(new_password, card.national_id)
    account = attempt(engine, card, judge, action="passwd", target=target, enrolled=False)
    new_hash = passwords.hash_password(new_password)
    with privileged(engine, card.national_id, "passwd", target) as action:
        fresh = locked_account(action.session, account.id)
        if (fresh.password_hash, fresh.enrolment_code_hash) != (
            account.password_hash,
            account.enrolment_code_hash,
        ):
            raise Conflict(
                "The account changed while you typed; nothing was changed. Run it again.",
                "บัญชีถูกเปลี่ยนระหว่างที่ท่านพิมพ์ ไม่มีการเปลี่ยนแปลง กรุณาสั่งใหม่",
            )
        fresh.password_hash = new_hash
        fresh.card_binding = card.binding
        fresh.enrolment_code_hash = None
        fresh.enrolment_expires_at = None
        fresh.failed_attempts, fresh.locked_until = 0, None
        if outcome == "enrolled":
            fresh.name = card.full_name_th
        action.session.add(fresh)
        action.details.update(outcome=outcome)
    return outcome


def describe(engine: Engine, national_id: str) -> AccountView | None:
    with db.session(engine, read_only=True) as session:
        account = session.exec(select(Account).where(Account.national_id == national_id)).first()
        return _view(account) if account else None


def _visible(session: Session, operator: Operator, account: Account) -> bool:
    if operator.role == DLA_ADMIN:
        return True
    if operator.role != PROVINCE_OFFICER or account.role not in LAO_ROLES or not account.scope:
        return False
    lao = session.get(Lao, account.scope)
    return lao is not None and operator.covers_lao(lao.code, lao.province_code)


def list_users(engine: Engine, operator: Operator) -> list[AccountView]:
    with privileged(engine, operator.national_id, "user_list") as action:
        require_role(
            operator, DLA_ADMIN, PROVINCE_OFFICER, action_en="list accounts", action_th="ดูรายชื่อบัญชี"
        )
        accounts = action.session.exec(select(Account).order_by(col(Account.id))).all()
        return [_view(a) for a in accounts if _visible(action.session, operator, a)]


def _managed_account(session: Session, operator: Operator, national_id: str) -> Account:
    require_role(
        operator, DLA_ADMIN, PROVINCE_OFFICER, action_en="manage accounts", action_th="จัดการบัญชีผู้ใช้"
    )
    account = session.exec(
        select(Account).where(Account.national_id == national_id).with_for_update()
    ).first()
    if account is None:
        raise UsageError(
            f"{mask_national_id(national_id)} has no account.",
            f"{mask_national_id(national_id)} ไม่มีบัญชีผู้ใช้",
        )
    if not _visible(session, operator, account):
        raise out_of_scope(
            operator,
            f"The account of {mask_national_id(national_id)}",
            f"บัญชีของ {mask_national_id(national_id)}",
        )
    return account


def _may_disable(session: Session, operator: Operator, national_id: str) -> Account:
    account = _managed_account(session, operator, national_id)
    if account.national_id == operator.national_id:
        raise UsageError("You cannot disable your own account.", "ท่านปิดบัญชีของตนเองไม่ได้")
    if not account.active:
        raise Conflict("The account is already disabled.", "บัญชีนี้ถูกปิดอยู่แล้ว")
    return account


def _may_enable(session: Session, operator: Operator, national_id: str) -> Account:
    require_role(operator, DLA_ADMIN, action_en="re-activate accounts", action_th="เปิดบัญชีที่ถูกปิดคืน")
    account = _managed_account(session, operator, national_id)
    if account.active:
        raise Conflict("The account is already active.", "บัญชีนี้เปิดใช้งานอยู่แล้ว")
    return account


def review_account_change(
    engine: Engine, operator: Operator, national_id: str, change: str
) -> AccountView:
    """Every check of `user disable` or `user enable`, nothing changed: whose account it is."""
    check = _may_disable if change == "disable" else _may_enable
    with privileged(engine, operator.national_id, f"user_{change}_review", national_id) as action:
        return _view(check(action.session, operator, national_id))


def disable_user(engine: Engine, operator: Operator, national_id: str) -> AccountView:
    with privileged(engine, operator.national_id, "user_disable", national_id) as action:
        account = _may_disable(action.session, operator, national_id)
        account.active = False
        action.session.add(account)
        return _view(account)


@dataclass(frozen=True)
class Unlocked:
    account: AccountView
    enrolment_code: str | None  # a new one, with --reenrol

    def as_dict(self) -> dict[str, object]:
        return asdict(self.account) | {"enrolment_code": self.enrolment_code}


@dataclass(frozen=True)
class CardHolder:
    """Whose card it is, and their account if they have one (`whoami`)."""

    national_id: str
    name: str
    account: AccountView | None

    def as_dict(self) -> dict[str, object]:
        account = asdict(self.account) if self.account else None
        return {"national_id": self.national_id, "name": self.name, "account": account}


@dataclass(frozen=True)
class Initialised:
    """What `lhrctl init` did: the database, its schema before and after, the first admin."""

    database: str
    before: str | None
    after: str
    admin: AccountView | None  # when this run enrolled the first DLA admin

    def as_dict(self) -> dict[str, object]:
        admin = self.admin
        return {
            "database": self.database,
            "schema": {"before": self.before, "after": self.after},
            "admin": None
            if admin is None
            else {"national_id": admin.national_id, "name": admin.name, "role": admin.role},
        }


def card_holder(engine: Engine, card: ThaiIdCard) -> CardHolder:
    return CardHolder(card.national_id, card.full_name_th, describe(engine, card.national_id))


def unlock_user(
    engine: Engine, operator: Operator, national_id: str, *, reenrol: bool = False
) -> Unlocked:
    """Lift a lock; with `reenrol`, clear the password and issue a new code. A disabled account
    stays disabled: re-activating it is `enable_user`, a DLA admin's act."""
    with privileged(engine, operator.national_id, "user_unlock", national_id) as action:
        account = _managed_account(action.session, operator, national_id)
        if not account.active:
            raise NotAllowed(
                f"The account of {mask_national_id(national_id)} is disabled; unlocking does not "
                "re-activate it.",
                f"บัญชีของ {mask_national_id(national_id)} ถูกปิดอยู่ การปลดล็อกไม่ได้เปิดบัญชีคืน",
                hint_en="A DLA administrator re-activates it, with a new enrolment: "
                "`lhrctl user enable ID`.",
                hint_th="ผู้ดูแลระบบ สถ. เปิดบัญชีคืนพร้อมรหัสลงทะเบียนใหม่ด้วย `lhrctl user enable ID`",
            )
        account.failed_attempts, account.locked_until = 0, None
        code = _new_enrolment(action.session, account) if reenrol else None
        action.session.add(account)
        action.details.update(reenrol=reenrol)
        return Unlocked(_view(account), code)


def _new_enrolment(session: Session, account: Account) -> str:
    """Forget the password and the card; the person enrols again with this one-time code."""
    code = passwords.new_enrolment_code()
    account.password_hash = None
    account.card_binding = None
    account.enrolment_code_hash = passwords.enrolment_code_digest(code)
    account.enrolment_expires_at = db.now(session) + timedelta(days=ENROLMENT_DAYS)
    return code


def enable_user(engine: Engine, operator: Operator, national_id: str) -> Unlocked:
    """Re-activate a disabled account (a DLA admin only), with a new enrolment: the old password
    and card binding no longer work."""
    with privileged(engine, operator.national_id, "user_enable", national_id) as action:
        account = _may_enable(action.session, operator, national_id)
        account.active, account.failed_attempts, account.locked_until = True, 0, None
        code = _new_enrolment(action.session, account)
        action.session.add(account)
        return Unlocked(_view(account), code)
