"""The lock-out under attack: wrong passwords raced together, a workstation clock set ahead, a
database that fails in the middle of a sign-in, a card that is not the enrolled one."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from lhrctl.auth import passwords
from lhrctl.auth.thaiid import ThaiIdCard, ThaiIdReader
from lhrctl.errors import SignInFailed
from lhrctl.services import clock, signin
from tests.cardsim import ThaiIdCardModel
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr
from tests.helpers import ScriptedConnection


def card_of(model: ThaiIdCardModel) -> ThaiIdCard:
    return ThaiIdReader(ScriptedConnection(model), list(model.atr)).read_card()


def refusals(lhr: Lhr) -> int:
    return int(lhr.scalar("SELECT count(*) FROM audit_log WHERE outcome = 'refused'"))


def try_sign_in(lhr: Lhr, password: str) -> str:
    try:
        signin.sign_in(lhr.engine(), card_of(ADMIN), lambda: password, action="user_list")
    except SignInFailed as refused:
        return refused.en
    return "signed in"


def test_thirty_wrong_passwords_sent_together_verify_only_five(
    admin: Lhr, monkeypatch: pytest.MonkeyPatch
) -> None:
    verified: list[str] = []
    verify = passwords.verify_password

    def counting(password_hash: str, password: str) -> bool:
        verified.append(password)
        return verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    # The attacker holds every password back until all 30 sign-ins are past the card check,
    # then sends them at once.
    gate = threading.Barrier(30, timeout=60)
    outcomes: list[str] = []
    card = card_of(ADMIN)  # (the card model answers one reader at a time)

    def one() -> None:
        def wrong() -> str:
            gate.wait()
            return "wrong guess 1"

        try:
            signin.sign_in(admin.engine(), card, wrong, action="user_list")
            outcomes.append("signed in")
        except SignInFailed as refused:
            outcomes.append(refused.en)

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 30, outcomes
    assert len(verified) == 5
    assert sum("Wrong password" in o for o in outcomes) == 5
    assert sum("The account is locked after 5 wrong passwords" in o for o in outcomes) == 25
    assert refusals(admin) == 30
    # The right password, after the lock: refused without being verified.
    assert "is locked" in try_sign_in(admin, PASSWORD)
    assert len(verified) == 5
    assert refusals(admin) == 31


def test_a_workstation_clock_ahead_does_not_lift_the_lock(
    admin: Lhr, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(5):
        assert "Wrong password" in try_sign_in(admin, "wrong guess 2")

    class Ahead(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
            return datetime.now(tz) + timedelta(minutes=16)

    monkeypatch.setattr(clock, "datetime", Ahead)
    assert clock.utcnow() > datetime.now() + timedelta(minutes=15)  # (the clock lhrctl reads)
    assert "locked" in try_sign_in(admin, PASSWORD)
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "The account is locked" in r.message


@pytest.mark.parametrize(
    ("reason", "said"),
    [  # another officer's import holding the write lock longer than lhrctl waits; a failure
        ("database is locked", "stayed busy with another officer's work"),
        ("disk I/O error", "because the database failed"),
    ],
)
def test_a_database_failure_during_sign_in_is_an_audited_refusal(
    admin: Lhr, monkeypatch: pytest.MonkeyPatch, reason: str, said: str
) -> None:
    from sqlalchemy.exc import OperationalError

    real_now = signin.db.now
    calls: list[int] = []

    def busy_on_the_password(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:  # the check before the password passes; judging it meets the lock
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception(reason))
        return real_now(session)

    monkeypatch.setattr(signin.db, "now", busy_on_the_password)
    r = admin("user", "list", input="wrong guess 3\n")
    assert r.exit_code == 3, r
    assert said in r.message and "nothing was accepted" in r.message
    row = admin.scalar(
        "SELECT details FROM audit_log WHERE outcome = 'refused' AND action = 'user_list'"
    )
    assert '"reason": "OperationalError"' in str(row)
    assert admin.scalar("SELECT failed_attempts FROM account") == 0  # nothing was verified


def test_a_card_that_is_not_the_enrolled_one_counts_as_a_failure(
    admin: Lhr, slot: CardSlot
) -> None:
    slot.insert(ThaiIdCardModel(photo_seed=99, issue_be="25690101"))  # re-issued: new binding
    for _ in range(5):
        r = admin("user", "list", input=f"{PASSWORD}\n")
        assert r.exit_code == 3, r
        assert "not the one enrolled" in r.message
    assert admin.scalar("SELECT locked_until IS NOT NULL FROM account")
    slot.insert(ADMIN)  # the enrolled card, the right password: still locked
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "The account is locked" in r.message
