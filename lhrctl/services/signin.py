"""Operator sign-in: the card that was read, the account bound to it, and the password.

Nothing here holds a transaction open while a person types: the account is read, the password
asked, and the outcome written in a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from lhrctl import db
from lhrctl.auth import passwords
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import Conflict, SignInFailed
from lhrctl.national_id import mask_national_id
from lhrctl.schemas.tables import Account
from lhrctl.services.access import Operator
from lhrctl.services.actions import record
from lhrctl.services.clock import today, utcnow

MAX_FAILURES = 5
LOCK_MINUTES = 15


def check_card(card: ThaiIdCard) -> None:
    if card.is_expired(today()):
        expiry = card.expiry_date_be
        shown = f"{expiry[6:]}/{expiry[4:6]}/{expiry[:4]}"
        raise SignInFailed(
            f"This ID card expired on {shown} (BE).",
            f"บัตรประจำตัวประชาชนนี้หมดอายุแล้วเมื่อ {shown}",
            hint_en="Sign in with a valid card; after renewing it, ask for a new enrolment code.",
            hint_th="ใช้บัตรที่ยังไม่หมดอายุ เมื่อทำบัตรใหม่แล้วให้ขอรหัสลงทะเบียนใหม่",
        )


def unknown_card(card: ThaiIdCard) -> SignInFailed:
    shown = mask_national_id(card.national_id)
    return SignInFailed(
        f"The card of {shown} has no active lhrctl account.",
        f"บัตรของ {shown} ไม่มีบัญชีผู้ใช้ lhrctl ที่ใช้งานได้",
        hint_en="Ask your province office or a DLA administrator to register you.",
        hint_th="ติดต่อ สถจ. หรือผู้ดูแลระบบ สถ. เพื่อลงทะเบียน",
    )


def active_account(engine: Engine, card: ThaiIdCard) -> Account:
    """The card holder's active account, its card binding checked; SignInFailed otherwise."""
    with db.session(engine) as session:
        account = session.exec(
            select(Account).where(Account.national_id == card.national_id)
        ).first()
        if account is None or not account.active:
            raise unknown_card(card)
        session.expunge(account)
    if account.card_binding is not None and account.card_binding != card.binding:
        raise SignInFailed(
            "This card is not the one enrolled for the account (was it re-issued?).",
            "บัตรนี้ไม่ใช่ใบที่ลงทะเบียนไว้กับบัญชี (ทำบัตรใหม่หรือไม่)",
            hint_en="After a card renewal, ask an administrator for a new enrolment code "
            "(`lhrctl user unlock ID --reenrol`).",
            hint_th="เมื่อทำบัตรใหม่ ให้ผู้ดูแลออกรหัสลงทะเบียนใหม่ (`lhrctl user unlock ID --reenrol`)",
        )
    if account.locked_until is not None and account.locked_until > utcnow():
        minutes = max(1, int((account.locked_until - utcnow()).total_seconds() // 60) + 1)
        raise SignInFailed(
            f"The account is locked after {MAX_FAILURES} wrong passwords; "
            f"try again in {minutes} minute(s).",
            f"บัญชีถูกล็อกเพราะใส่รหัสผ่านผิด {MAX_FAILURES} ครั้ง ลองใหม่ในอีก {minutes} นาที",
            hint_en="An administrator can lift the lock now with `lhrctl user unlock`.",
            hint_th="ผู้ดูแลระบบปลดล็อกได้ทันทีด้วย `lhrctl user unlock`",
        )
    return account


def locked_account(session: Session, account_id: int | None) -> Account:
    """The account row, locked for update inside `session`'s transaction."""
    account = None if account_id is None else session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise Conflict("The account was removed meanwhile.", "บัญชีถูกลบไปในระหว่างนี้")
    return account


def register_failure(engine: Engine, account_id: int | None) -> int:
    """Count a wrong password; lock the account at the fifth. Returns the attempts left."""
    with db.session(engine) as session:
        account = locked_account(session, account_id)
        account.failed_attempts += 1
        left = MAX_FAILURES - account.failed_attempts
        if left <= 0:
            account.locked_until = utcnow() + timedelta(minutes=LOCK_MINUTES)
            account.failed_attempts = 0
        session.add(account)
        return max(left, 0)


def wrong_password(left: int) -> SignInFailed:
    if left == 0:
        return SignInFailed(
            f"Wrong password. The account is now locked for {LOCK_MINUTES} minutes.",
            f"รหัสผ่านไม่ถูกต้อง บัญชีถูกล็อก {LOCK_MINUTES} นาที",
        )
    return SignInFailed(
        f"Wrong password ({left} attempt(s) left before the account is locked).",
        f"รหัสผ่านไม่ถูกต้อง (เหลืออีก {left} ครั้งก่อนบัญชีถูกล็อก)",
    )


def sign_in(
    engine: Engine, card: ThaiIdCard, ask_password: Callable[[], str], *, action: str
) -> Operator:
    """Check the card, the account bound to it and the password; every refusal is audited."""
    try:
        check_card(card)
        account = active_account(engine, card)
        if account.password_hash is None:
            raise SignInFailed(
                "The account has no password yet.",
                "บัญชียังไม่ได้ตั้งรหัสผ่าน",
                hint_en="Enrol first: `lhrctl passwd` with your card and the enrolment code.",
                hint_th="ลงทะเบียนก่อนด้วย `lhrctl passwd` พร้อมบัตรและรหัสลงทะเบียน",
            )
        if not passwords.verify_password(account.password_hash, ask_password()):
            raise wrong_password(register_failure(engine, account.id))
    except SignInFailed as error:
        record(
            engine,
            actor=card.national_id,
            action=action,
            target=None,
            outcome="refused",
            details={"error": error.en, "stage": "sign_in"},
        )
        raise
    if account.failed_attempts or account.locked_until:
        with db.session(engine) as session:
            fresh = locked_account(session, account.id)
            fresh.failed_attempts, fresh.locked_until = 0, None
            session.add(fresh)
    return Operator(
        account_id=account.id or 0,
        national_id=account.national_id,
        name=account.name,
        role=account.role,
        scope=account.scope,
    )
