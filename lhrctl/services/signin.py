"""Operator sign-in: the card that was read, the account bound to it, and a secret.

One attempt is judged in one transaction with the account row locked: the lock-out is checked by
the database's clock, the secret verified, the failure counted (or the count cleared) and any
refusal audited, all before the transaction commits. Attempts started together therefore queue
on the row, and no more than MAX_FAILURES wrong secrets are ever verified before the lock holds.
Nobody types while that transaction is open: the secret is asked for before it begins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from lhrctl import db
from lhrctl.auth import passwords
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import Conflict, SignInFailed
from lhrctl.national_id import mask_national_id
from lhrctl.schemas.tables import Account
from lhrctl.services import audit
from lhrctl.services.access import Operator
from lhrctl.services.actions import kept_waiting, record_if_possible
from lhrctl.services.clock import today

MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class Wrong:
    """A secret that did not match: it counts towards the lock."""

    what_en: str = "password"
    what_th: str = "รหัสผ่าน"


# Judges a secret against the locked account at the database's time: None when it is right,
# Wrong when it is not, or a refusal that does not count (an expired enrolment code).
Secret = Callable[[Account, datetime], "Wrong | SignInFailed | None"]


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


def other_card() -> SignInFailed:
    return SignInFailed(
        "This card is not the one enrolled for the account (was it re-issued?).",
        "บัตรนี้ไม่ใช่ใบที่ลงทะเบียนไว้กับบัญชี (ทำบัตรใหม่หรือไม่)",
        hint_en="After a card renewal, ask an administrator for a new enrolment code "
        "(`lhrctl user unlock ID --reenrol`).",
        hint_th="เมื่อทำบัตรใหม่ ให้ผู้ดูแลออกรหัสลงทะเบียนใหม่ (`lhrctl user unlock ID --reenrol`)",
    )


def locked(until: datetime, now: datetime) -> SignInFailed:
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return SignInFailed(
        f"The account is locked after {MAX_FAILURES} wrong passwords; "
        f"try again in {minutes} minute(s).",
        f"บัญชีถูกล็อกเพราะใส่รหัสผ่านผิด {MAX_FAILURES} ครั้ง ลองใหม่ในอีก {minutes} นาที",
        hint_en="An administrator can lift the lock now with `lhrctl user unlock`.",
        hint_th="ผู้ดูแลระบบปลดล็อกได้ทันทีด้วย `lhrctl user unlock`",
    )


def no_password() -> SignInFailed:
    return SignInFailed(
        "The account has no password yet.",
        "บัญชียังไม่ได้ตั้งรหัสผ่าน",
        hint_en="Enrol first: `lhrctl passwd` with your card and the enrolment code.",
        hint_th="ลงทะเบียนก่อนด้วย `lhrctl passwd` พร้อมบัตรและรหัสลงทะเบียน",
    )


def wrong_password(left: int, what_en: str = "password", what_th: str = "รหัสผ่าน") -> SignInFailed:
    if left == 0:
        return SignInFailed(
            f"Wrong {what_en}. The account is now locked for {LOCK_MINUTES} minutes.",
            f"{what_th}ไม่ถูกต้อง บัญชีถูกล็อก {LOCK_MINUTES} นาที",
        )
    return SignInFailed(
        f"Wrong {what_en} ({left} attempt(s) left before the account is locked).",
        f"{what_th}ไม่ถูกต้อง (เหลืออีก {left} ครั้งก่อนบัญชีถูกล็อก)",
    )


def count_failure(account: Account, now: datetime) -> int:
    """One more failure on the (locked) account; the fifth locks it. Returns the attempts left."""
    account.failed_attempts += 1
    left = MAX_FAILURES - account.failed_attempts
    if left <= 0:
        account.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        account.failed_attempts = 0
    return max(left, 0)


def password_is(password: str) -> Secret:
    def judge(account: Account, _now: datetime) -> Wrong | SignInFailed | None:
        if account.password_hash is None:
            return no_password()
        return None if passwords.verify_password(account.password_hash, password) else Wrong()

    return judge


def _refusal(
    account: Account, card: ThaiIdCard, now: datetime, enrolled: bool
) -> SignInFailed | None:
    """Why the account may not be signed in to now, whatever the secret; a card that is not the
    enrolled one counts as a failure."""
    if account.locked_until is not None and account.locked_until > now:
        return locked(account.locked_until, now)
    if account.card_binding is not None and account.card_binding != card.binding:
        count_failure(account, now)
        return other_card()
    if enrolled and account.password_hash is None:
        return no_password()
    return None


def _judge(
    session: Session, card: ThaiIdCard, secret: Secret | None, *, enrolled: bool
) -> Account | SignInFailed:
    """The account of `card`, locked for this transaction, or why it is refused."""
    account = session.exec(
        select(Account).where(Account.national_id == card.national_id).with_for_update()
    ).first()
    if account is None or not account.active:
        return unknown_card(card)
    now = db.now(session)
    refused = _refusal(account, card, now, enrolled)
    if refused is not None or secret is None:
        return refused or account
    verdict = secret(account, now)
    if isinstance(verdict, Wrong):
        return wrong_password(count_failure(account, now), verdict.what_en, verdict.what_th)
    if verdict is None:
        account.failed_attempts, account.locked_until = 0, None
    return verdict or account


def attempt(
    engine: Engine,
    card: ThaiIdCard,
    secret: Secret | None,
    *,
    action: str,
    target: str | None = None,
    enrolled: bool = True,
) -> Account:
    """Judge one attempt (without `secret`: only the card and the account's state, as a check
    before asking for it). Returns the account, detached; a refusal is counted where it counts,
    audited and raised. `enrolled`: the account must have a password already."""
    try:
        check_card(card)
        with db.session(engine) as session:
            judged = _judge(session, card, secret, enrolled=enrolled)
            if isinstance(judged, SignInFailed):
                audit.append(
                    session,
                    actor=card.national_id,
                    action=action,
                    target=target,
                    outcome="refused",
                    details={"error": judged.en, "error_th": judged.th, "stage": "sign_in"},
                )
            else:
                session.flush()
                session.expunge(judged)
    except SignInFailed as expired:
        _audit_refusal(engine, card, expired, action=action, target=target)
        raise
    except SQLAlchemyError as exc:  # a lock timeout or a failing database: refused, never let in
        failed = _unchecked(exc)
        _audit_refusal(
            engine, card, failed, action=action, target=target, reason=type(exc).__name__
        )
        raise failed from exc
    if isinstance(judged, SignInFailed):
        raise judged
    return judged


def _unchecked(exc: SQLAlchemyError) -> SignInFailed:
    """The sign-in refused because the database could not judge it: busy with another
    officer's work for longer than it waits (a large file's import holds SQLite's write lock
    while it inserts the file's rows), or failing."""
    if kept_waiting(exc):
        return SignInFailed(
            "The sign-in could not be checked: the database stayed busy with another officer's "
            "work (an import of a large file, perhaps) for longer than lhrctl waits; nothing was "
            "accepted.",
            "ตรวจสอบการเข้าสู่ระบบไม่ได้ เพราะฐานข้อมูลติดงานของเจ้าหน้าที่อื่นอยู่ "
            "(เช่น การนำเข้าไฟล์ขนาดใหญ่) นานเกินกว่าที่ lhrctl รอได้ ไม่มีการอนุญาตใด ๆ",
            hint_en="Try again once that work is done.",
            hint_th="ลองใหม่อีกครั้งเมื่องานนั้นเสร็จ",
        )
    return SignInFailed(
        "The sign-in could not be checked because the database failed; nothing was accepted.",
        "ตรวจสอบการเข้าสู่ระบบไม่ได้เพราะฐานข้อมูลขัดข้อง ไม่มีการอนุญาตใด ๆ",
        hint_en="Try again in a moment; tell the administrator if it goes on.",
        hint_th="ลองใหม่อีกครั้ง หากยังเป็นอยู่ให้แจ้งผู้ดูแลระบบ",
    )


def _audit_refusal(
    engine: Engine,
    card: ThaiIdCard,
    error: SignInFailed,
    *,
    action: str,
    target: str | None,
    reason: str | None = None,
) -> None:
    details = {"error": error.en, "stage": "sign_in"} | ({"reason": reason} if reason else {})
    record_if_possible(
        engine,
        actor=card.national_id,
        action=action,
        target=target,
        outcome="refused",
        details=details,
    )


def locked_account(session: Session, account_id: int | None) -> Account:
    """The account row, locked for update inside `session`'s transaction."""
    account = None if account_id is None else session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise Conflict("The account was removed meanwhile.", "บัญชีถูกลบไปในระหว่างนี้")
    return account


def sign_in(
    engine: Engine, card: ThaiIdCard, ask_password: Callable[[], str], *, action: str
) -> Operator:
    """The card and its account are checked before the password is asked (nobody types for a
    locked account), then judged again with it; every refusal is audited."""
    attempt(engine, card, None, action=action)
    account = attempt(engine, card, password_is(ask_password()), action=action)
    return operator_of(account)


def operator_of(account: Account) -> Operator:
    """Who is acting, as every check of role and scope sees them."""
    return Operator(
        account_id=account.id or 0,
        national_id=account.national_id,
        name=account.name,
        role=account.role,
        scope=account.scope,
    )
