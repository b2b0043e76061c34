"""Accounts: `user add`, enrolment with `passwd`, `whoami`, roles and scopes, disable/unlock."""

from __future__ import annotations

import json

import pytest

from tests.cardsim import ThaiIdCardModel
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person

NEW_PASSWORD = "another secret 7"


def add_user(lhr: Lhr, card: ThaiIdCardModel, role: str, scope: str | None) -> str:
    """As the signed-in DLA admin (whose card must be in the reader); returns the code."""
    args = ["--json", "user", "add", "--national-id", card.national_id, "--role", role]
    if scope:
        args += ["--scope", scope]
    r = lhr(*args, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    assert (data["national_id"], data["role"], data["scope"]) == (card.national_id, role, scope)
    return str(data["enrolment_code"])


def enrol(lhr: Lhr, slot: CardSlot, card: ThaiIdCardModel, code: str) -> None:
    slot.insert(card)
    r = lhr("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert r.exit_code == 0, r
    assert "Enrolled" in r.message


def audit_last(lhr: Lhr) -> tuple[object, ...]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        row = conn.execute(
            text("SELECT actor, action, outcome, details FROM audit_log ORDER BY id DESC LIMIT 1")
        ).one()
    return tuple(row)


def test_add_enrol_whoami_and_sign_in(admin: Lhr, slot: CardSlot) -> None:
    officer = person(11)
    code = add_user(admin, officer, "lao_officer", "6540206")
    assert admin.scalar("SELECT password_hash FROM account WHERE role = 'lao_officer'") is None
    enrol(admin, slot, officer, code)
    assert (
        admin.scalar("SELECT name FROM account WHERE role = 'lao_officer'") == "นางสาวทดสอบ11 รักงาน"
    )

    r = admin("--json", "whoami")
    assert r.exit_code == 0, r
    who = json.loads(r.stdout)
    assert who["account"]["role"] == "lao_officer" and who["account"]["scope"] == "6540206"
    assert who["account"]["enrolled"] is True

    # The officer signs in; importing the registry is not theirs to do: exit 4, audited.
    r = admin("import", "orgs", input=f"{NEW_PASSWORD}\n")
    assert r.exit_code == 4, r
    assert "may not import the LAO registry" in r.message
    actor, action, outcome, _ = audit_last(admin)
    assert (actor, action, outcome) == (officer.national_id, "import_orgs", "refused")


def test_enrolment_code_is_one_time(admin: Lhr, slot: CardSlot) -> None:
    officer = person(12)
    code = add_user(admin, officer, "lao_registrar", "6540206")
    enrol(admin, slot, officer, code)
    r = admin("passwd", input=f"{code}\nyet another 9\nyet another 9\n")  # code reused
    assert r.exit_code == 3, r
    assert "Wrong password" in r.message
    r = admin("passwd", input=f"{NEW_PASSWORD}\nyet another 9\nyet another 9\n")
    assert r.exit_code == 0, r
    assert "Password changed." in r.message
    assert admin("user", "list", input="yet another 9\n").exit_code == 4  # signs in, then refused


def test_wrong_and_expired_enrolment_codes(admin: Lhr, slot: CardSlot) -> None:
    officer = person(13)
    code = add_user(admin, officer, "lao_officer", "6540206")
    slot.insert(officer)
    r = admin("passwd", input=f"AAAA-BBBB-CCCC\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "Wrong enrolment code (4 attempt(s) left" in r.message
    from sqlalchemy import text

    with admin.engine().begin() as conn:
        conn.execute(
            text(
                "UPDATE account SET enrolment_expires_at = '2020-01-01 00:00:00' WHERE role = 'lao_officer'"
            )
        )
    r = admin("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "The enrolment code has expired." in r.message
    assert admin.scalar("SELECT password_hash FROM account WHERE role = 'lao_officer'") is None


def test_enrolment_needs_the_persons_own_card(admin: Lhr, slot: CardSlot) -> None:
    officer = person(14)
    code = add_user(admin, officer, "lao_officer", "6540206")
    slot.insert(person(15))  # someone else holds the code
    r = admin("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "has no active lhrctl account" in r.message


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--role", "mayor", "--scope", "6540206"), 2, "Unknown role 'mayor'"),
        (("--role", "lao_officer", "--scope", "1234567"), 2, "Unknown LAO code '1234567'"),
        (("--role", "lao_officer"), 2, "Role lao_officer needs --scope with an LAO code."),
        (("--role", "province_officer", "--scope", "99"), 2, "Unknown province code '99'."),
    ],
)
def test_user_add_bad_input_changes_nothing(
    admin: Lhr, args: tuple[str, ...], code: int, message: str
) -> None:
    r = admin("user", "add", "--national-id", person(16).national_id, *args, input=f"{PASSWORD}\n")
    assert r.exit_code == code, r
    assert message in r.message
    assert admin.scalar("SELECT count(*) FROM account") == 1


def test_user_add_invalid_id_and_duplicate(admin: Lhr) -> None:
    r = admin("user", "add", "--national-id", "1-1004-00012-34-5", "--role", "dla_admin")
    assert r.exit_code == 2, r
    assert "check digit is wrong" in r.message
    r = admin(
        "user",
        "add",
        "--national-id",
        ADMIN.national_id,
        "--role",
        "dla_admin",
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 6, r
    assert "already has an account" in r.message


def test_province_officer_scope(admin: Lhr, slot: CardSlot) -> None:
    phrae = person(21)
    enrol(admin, slot, phrae, _add_as_admin(admin, slot, phrae, "province_officer", "54"))
    slot.insert(phrae)
    ok = admin(
        "--json",
        "user",
        "add",
        "--national-id",
        person(22).national_id,
        "--role",
        "lao_registrar",
        "--scope",
        "6540206",
        input=f"{NEW_PASSWORD}\n",
    )
    assert ok.exit_code == 0, ok
    outside = admin(
        "user",
        "add",
        "--national-id",
        person(23).national_id,
        "--role",
        "lao_registrar",
        "--scope",
        "4480102",
        input=f"{NEW_PASSWORD}\n",
    )
    assert outside.exit_code == 4, outside
    assert "LAO 4480102 is outside your scope" in outside.message
    peer = admin(
        "user",
        "add",
        "--national-id",
        person(24).national_id,
        "--role",
        "province_officer",
        "--scope",
        "54",
        input=f"{NEW_PASSWORD}\n",
    )
    assert peer.exit_code == 4, peer
    listed = admin("--json", "user", "list", input=f"{NEW_PASSWORD}\n")
    assert [u["role"] for u in json.loads(listed.stdout)] == ["lao_registrar"]
    assert audit_last(admin)[1:3] == ("user_list", "ok")
    refused = int(
        admin.scalar(
            "SELECT count(*) FROM audit_log WHERE outcome = 'refused' AND action = 'user_add'"
        )
    )
    assert refused == 2


def _add_as_admin(lhr: Lhr, slot: CardSlot, card: ThaiIdCardModel, role: str, scope: str) -> str:
    slot.insert(ADMIN)
    return add_user(lhr, card, role, scope)


def test_disable_and_reenrol(admin: Lhr, slot: CardSlot) -> None:
    officer = person(31)
    enrol(admin, slot, officer, _add_as_admin(admin, slot, officer, "lao_officer", "6540206"))
    slot.insert(ADMIN)
    r = admin("user", "disable", officer.national_id, input=f"{PASSWORD}\n")
    assert r.exit_code == 2, r  # no terminal to confirm at, and no --yes
    assert "Add --yes" in r.message
    r = admin("user", "disable", officer.national_id, "--yes", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    slot.insert(officer)
    r = admin("whoami")
    assert "disabled" in r.stdout
    assert admin("user", "list", input=f"{NEW_PASSWORD}\n").exit_code == 3

    slot.insert(ADMIN)
    r = admin("--json", "user", "unlock", officer.national_id, "--reenrol", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    code = json.loads(r.stdout)["enrolment_code"]
    enrol(admin, slot, officer, code)
