"""Operator sign-in through the real PC/SC stack: pcscd, the vpcd driver, a virtual card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cardsim import ThaiIdCardModel
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person, run_cli

pytestmark = pytest.mark.pcsc


def audit_rows(lhr: Lhr, outcome: str) -> int:
    return int(lhr.scalar("SELECT count(*) FROM audit_log WHERE outcome = :o", o=outcome))


def test_init_enrols_the_first_admin_by_card(lhr: Lhr, slot: CardSlot) -> None:
    slot.insert(ADMIN)
    r = lhr("init", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "enrolled as DLA administrator" in r.message
    assert lhr.scalar("SELECT role FROM account WHERE national_id = '1100400012348'") == "dla_admin"
    assert lhr.scalar("SELECT name FROM account") == "นายสมชาย ใจดี"
    assert lhr.scalar("SELECT card_binding FROM account") is not None
    # A second init only checks the schema: no prompt, nothing new.
    r = lhr("init")
    assert r.exit_code == 0, r
    assert "up to date" in r.message
    assert lhr.scalar("SELECT count(*) FROM account") == 1


def test_init_refuses_mismatched_passwords(lhr: Lhr, slot: CardSlot) -> None:
    slot.insert(ADMIN)
    r = lhr("init", input=f"{PASSWORD}\nsomething else\n")
    assert r.exit_code == 2, r
    assert "The two passwords differ." in r.message
    assert lhr.scalar("SELECT count(*) FROM account") == 0


def test_right_card_and_password_signs_in(admin: Lhr) -> None:
    r = admin("user", "list", "--json", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert '"role": "dla_admin"' in r.stdout


def test_five_wrong_passwords_lock_the_account(admin: Lhr) -> None:
    for attempt in range(1, 5):
        r = admin("user", "list", input="wrong password\n")
        assert r.exit_code == 3, r
        assert f"{5 - attempt} attempt(s) left" in r.message
    r = admin("user", "list", input="wrong password\n")
    assert r.exit_code == 3, r
    assert "locked for 15 minutes" in r.message
    assert admin.scalar("SELECT locked_until IS NOT NULL FROM account")
    r = admin("user", "list", input=f"{PASSWORD}\n")  # even the right password now
    assert r.exit_code == 3, r
    assert "The account is locked after 5 wrong passwords" in r.message
    assert audit_rows(admin, "refused") == 6


def test_a_right_password_resets_the_failure_count(admin: Lhr) -> None:
    for _ in range(3):
        assert admin("user", "list", input="nope nope\n").exit_code == 3
    assert admin("user", "list", input=f"{PASSWORD}\n").exit_code == 0
    assert admin.scalar("SELECT failed_attempts FROM account") == 0


def test_unknown_card_is_refused_and_audited(admin: Lhr, slot: CardSlot) -> None:
    stranger = person(7)
    slot.insert(stranger)
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "has no active lhrctl account" in r.message
    assert stranger.national_id not in r.stderr  # masked
    actor = admin.scalar("SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1")
    assert actor == stranger.national_id
    assert admin.scalar("SELECT outcome FROM audit_log ORDER BY id DESC LIMIT 1") == "refused"


def test_expired_card_is_refused(admin: Lhr, slot: CardSlot) -> None:
    slot.insert(ThaiIdCardModel(expiry_be="25600314"))  # the admin's own card, expired
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "This ID card expired on 14/03/2560 (BE)." in r.message


def test_card_with_3b67_atr_signs_in(admin: Lhr, slot: CardSlot) -> None:
    slot.insert(ThaiIdCardModel(atr_form="old"))  # same person, same chip data, old ATR
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r


def test_card_pulled_mid_read(admin: Lhr, slot: CardSlot) -> None:
    slot.insert(ThaiIdCardModel(remove_after=3))
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "taken out of the reader while it was being read" in r.message


def test_not_a_thai_id_card(admin: Lhr, slot: CardSlot) -> None:
    slot.insert(ThaiIdCardModel(thai_applet=False))
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "not a Thai national ID card" in r.message


def test_a_reissued_card_does_not_match_the_binding(admin: Lhr, slot: CardSlot) -> None:
    slot.insert(ThaiIdCardModel(photo_seed=99, issue_be="25690101"))
    r = admin("user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "not the one enrolled" in r.message


def test_no_card_before_the_timeout(admin: Lhr, slot: CardSlot) -> None:
    slot.remove()
    r = admin("user", "list", input=f"{PASSWORD}\n", env={"LHR_CARD_TIMEOUT": "1"})
    assert r.exit_code == 3, r
    assert "No card was inserted within 1 seconds." in r.message


def test_unknown_reader_name_is_refused_without_waiting(admin: Lhr) -> None:
    r = admin("--reader", "Gemalto USB", "user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 5, r
    assert "There is no reader named 'Gemalto USB'" in r.message


@pytest.mark.every_reader
def test_reader_chosen_by_name(admin: Lhr, slot: CardSlot) -> None:
    r = admin(
        "--reader",
        "Virtual PCD 00 01",
        "user",
        "list",
        input=f"{PASSWORD}\n",
        env={"LHR_CARD_TIMEOUT": "1"},
    )
    assert r.exit_code == 3, r  # the card sits in 00 00, not in the reader asked for
    r = admin("--reader", "Virtual PCD 00 00", "user", "list", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r


def test_virtual_reader_refused_unless_allowed(admin: Lhr, slot: CardSlot) -> None:
    r = admin("user", "list", input=f"{PASSWORD}\n", env={"LHR_ALLOW_VIRTUAL_READER": "0"})
    assert r.exit_code == 5, r
    assert "Virtual readers are refused for sign-in" in r.message


def test_pcscd_down_is_exit_5(slot: CardSlot) -> None:
    # libpcsclite finds pcscd through this socket; pointing it nowhere is pcscd not running.
    r = run_cli("card", "readers", env={"PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm"})
    assert r.exit_code == 5, r
    assert "The smart-card service (pcscd) is not running." in r.message
    assert "Traceback" not in r.stderr


def test_card_readers_and_read(slot: CardSlot, tmp_path: Path) -> None:
    slot.insert(ADMIN)
    r = run_cli("--json", "card", "readers")
    assert r.exit_code == 0, r
    readers = {r["name"]: r["card_present"] for r in json.loads(r.stdout)}
    assert readers[slot.reader] is True  # and the other: whatever another test put there
    r = run_cli("card", "read", "--photo", str(tmp_path / "me.jpg"))
    assert r.exit_code == 0, r
    jpeg = (tmp_path / "me.jpg").read_bytes()
    assert jpeg.startswith(b"\xff\xd8") and jpeg.endswith(b"\xff\xd9")
    assert "1-1004-xxxxx-xx-8" in r.stdout and "1100400012348" not in r.stdout
    assert "นายสมชาย ใจดี" in r.stdout
    assert "14/03/2574" in r.stdout  # expiry, Buddhist Era
