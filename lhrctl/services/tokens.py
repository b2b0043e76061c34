"""The server's sign-ins: a token for one command, bound to the card that signed in.

The officer signs in on the server (card data and password, the rules of `signin`), and gets a
random token; only its digest is stored. Each request shows the token and the card it came from;
the token is good for the operations of the command it was given for, until it expires (by the
database's clock) or until that command's last operation has run. Every refusal is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from lhrctl import db
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import SignInFailed
from lhrctl.schemas.tables import Account, ApiToken
from lhrctl.services.access import Operator
from lhrctl.services.actions import record_if_possible
from lhrctl.services.operations import Operation
from lhrctl.services.signin import operator_of, sign_in


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    engine: Engine,
    card: ThaiIdCard,
    ask_password: Callable[[], str],
    *,
    command: str,
    minutes: int,
) -> tuple[str, Operator]:
    """Sign the card holder in for `command`; the token and who they are."""
    operator = sign_in(engine, card, ask_password, action=command)
    token = secrets.token_urlsafe(32)
    with db.session(engine) as session:
        now = db.now(session)
        session.execute(  # sign-ins of yesterday and before serve nobody: none is kept
            delete(ApiToken).where(col(ApiToken.expires_at) < now - timedelta(days=1))
        )
        session.add(
            ApiToken(
                digest=_digest(token),
                account_id=operator.account_id,
                binding=card.binding,
                command=command,
                expires_at=now + timedelta(minutes=minutes),
            )
        )
    return token, operator


def refused(why_en: str, why_th: str) -> SignInFailed:
    return SignInFailed(
        f"The server refused the sign-in this request carries: {why_en}.",
        f"เครื่องแม่ข่ายไม่ยอมรับการเข้าสู่ระบบของคำขอนี้: {why_th}",
        hint_en="Run the command again; it signs you in with your card and password.",
        hint_th="สั่งคำสั่งใหม่อีกครั้ง ระบบจะให้เข้าสู่ระบบด้วยบัตรและรหัสผ่าน",
    )


def _check(
    row: ApiToken | None, account: Account | None, binding: str, op: Operation, now: datetime
) -> tuple[ApiToken, Account] | SignInFailed:
    """The token's row and account when they allow `op` now, else why not."""
    if row is None or account is None:
        return refused("it is not signed in", "ยังไม่ได้เข้าสู่ระบบ")
    if row.expires_at <= now:
        return refused("the sign-in has expired", "การเข้าสู่ระบบหมดอายุแล้ว")
    if row.binding != binding:
        return refused("it was signed in with another card", "เข้าสู่ระบบด้วยบัตรใบอื่น")
    if row.command != op.sign_in:
        return refused(
            f"it was signed in for {row.command}, not {op.sign_in}",
            f"เข้าสู่ระบบไว้สำหรับ {row.command} ไม่ใช่ {op.sign_in}",
        )
    if row.used_at is not None:
        return refused("its command has already run", "คำสั่งของการเข้าสู่ระบบนี้ทำไปแล้ว")
    if not account.active:
        return refused("the account is disabled", "บัญชีถูกปิด")
    return row, account


def operator_for(engine: Engine, token: str | None, binding: str, op: Operation) -> Operator:
    """Who may run `op` with this token and card; SignInFailed (audited) otherwise. The final
    operation of a command uses the token up."""
    with db.session(engine) as session:
        row = session.exec(
            select(ApiToken).where(ApiToken.digest == _digest(token or "")).with_for_update()
        ).first()
        account = session.get(Account, row.account_id) if row else None
        actor = account.national_id if account else None
        now = db.now(session)
        checked = _check(row, account, binding, op, now)
        if not isinstance(checked, SignInFailed):
            row, account = checked
            if op.final:
                row.used_at = now
                session.add(row)
            return operator_of(account)
    details = {"error": checked.en, "stage": "token"}
    record_if_possible(
        engine, actor=actor, action=op.name, target=None, outcome="refused", details=details
    )
    raise checked
