"""Accounts: `user add`, enrolment with `passwd`, `whoami`, roles and scopes, disable/unlock."""

from __future__ import annotations

import json

import pytest

from tests.cardsim import ThaiIdCardModel
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

NEW_PASSWORD = "another secret 7"
ORG = "6540206"


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


def on_staff(lhr: Lhr, org: str, card: ThaiIdCardModel, position: str) -> None:
    """The card holder on the LAO's staff: a test's setup, written straight to the database."""
    from datetime import date, datetime

    from sqlalchemy import insert

    from lhrctl.schemas.tables import Staff

    now = datetime(2026, 11, 1)
    # a clean record: a test card's name has digits ("ทดสอบ41"), which no Thai name has
    first = card.first_name_th.translate(str.maketrans("0123456789", "กขคงจฉชซฌญ"))
    with lhr.engine().begin() as conn:
        conn.execute(
            insert(Staff.__table__).values(  # type: ignore[attr-defined]
                national_id=card.national_id, org_code=org, title=card.title_th,
                first_name=first, last_name=card.last_name_th,
                gender="male" if card.gender == "1" else "female",
                birth_date=date(1980, 1, 1), personnel_type="civil_servant", position=position,
                salary=30000, appointed_on=date(2005, 1, 1), created_at=now, updated_at=now,
            )
        )  # fmt: skip


def register_lao(
    lhr: Lhr,
    org: str,
    registrar: ThaiIdCardModel,
    officer: ThaiIdCardModel | None = None,
    *,
    hire: bool = True,
) -> dict[str, str]:
    """An LAO's accounts the one way there is: its people on its staff (put there first unless
    `hire` is False), then `registrar set` by the signed-in DLA admin (whose card must be in the
    reader); without an officer the registrar holds both. Returns each person's enrolment code
    by national ID."""
    if hire:
        on_staff(lhr, org, registrar, "ปลัดเทศบาล")
        if officer is not None:
            on_staff(lhr, org, officer, "เจ้าพนักงานธุรการ")
    args = ["--json", "registrar", "set", "--org", org, "--registrar", registrar.national_id,
            "--officer", (officer or registrar).national_id, "--yes"]  # fmt: skip
    r = lhr(*args, *([] if officer else ["--allow-same"]), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    data = json.loads(r.stdout)
    return {data[role]["national_id"]: data[role]["enrolment_code"] for role in ROLES}


ROLES = ("registrar", "officer")


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
    code = register_lao(admin, ORG, person(10), officer)[officer.national_id]
    assert admin.scalar("SELECT password_hash FROM account WHERE role = 'lao_officer'") is None
    enrol(admin, slot, officer, code)
    assert (
        admin.scalar("SELECT name FROM account WHERE role = 'lao_officer'") == "นางสาวทดสอบ11 รักงาน"
    )

    r = admin("--json", "whoami", input=admin.reads(NEW_PASSWORD))  # the officer's card
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
    code = register_lao(admin, ORG, officer)[officer.national_id]
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
    code = register_lao(admin, ORG, person(10), officer)[officer.national_id]
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
    code = register_lao(admin, ORG, person(10), officer)[officer.national_id]
    slot.insert(person(15))  # someone else holds the code
    r = admin("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert r.exit_code == 3, r
    assert "has no active lhrctl account" in r.message


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--role", "mayor", "--scope", "6540206"), 2, "Unknown role 'mayor'"),
        (
            ("--role", "lao_registrar", "--scope", "6540206"),
            4,
            "LAO accounts (lao_registrar) are made only by `lhrctl registrar set`, from the LAO's "
            "staff.",
        ),
        (("--role", "province_officer"), 2, "Role province_officer needs --scope with a province"),
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


def test_a_province_officer_makes_no_accounts(admin: Lhr, slot: CardSlot) -> None:
    """Attack: a province officer makes themselves an LAO registrar (or any account) so as to
    certify an LAO at both levels. Refused, exit 4, audited; `registrar set` is the way."""
    phrae = person(21)
    enrol(admin, slot, phrae, _add_as_admin(admin, slot, phrae, "province_officer", "54"))
    slot.insert(ADMIN)
    register_lao(admin, ORG, person(22))
    slot.insert(phrae)
    for role, scope, says in (
        ("lao_registrar", ORG, "are made only by `lhrctl registrar set`"),
        ("lao_officer", ORG, "are made only by `lhrctl registrar set`"),
        ("province_officer", "54", "may not create accounts"),
    ):
        r = admin("user", "add", "--national-id", person(23).national_id, "--role", role,
                  "--scope", scope, input=f"{NEW_PASSWORD}\n")  # fmt: skip
        assert r.exit_code == 4, r
        assert says in r.message
        assert audit_last(admin)[:3] == (phrae.national_id, "user_add", "refused")
    assert admin.scalar("SELECT count(*) FROM account WHERE national_id = :n",
                        n=person(23).national_id) == 0  # fmt: skip
    listed = admin("--json", "user", "list", input=f"{NEW_PASSWORD}\n")
    assert [u["role"] for u in json.loads(listed.stdout)] == ["lao_registrar"]  # its province's


def _add_as_admin(lhr: Lhr, slot: CardSlot, card: ThaiIdCardModel, role: str, scope: str) -> str:
    slot.insert(ADMIN)
    return add_user(lhr, card, role, scope)


def test_a_disabled_account_stays_disabled_until_a_dla_admin_re_enrols_it(
    admin: Lhr, slot: CardSlot
) -> None:
    """Attack: a DLA admin disables an LAO account; a province officer revives it with `user
    unlock` or `registrar set`, and the old password works again. Refused, exit 4, audited."""
    officer, phrae = person(31), person(32)
    enrol(admin, slot, phrae, _add_as_admin(admin, slot, phrae, "province_officer", "54"))
    slot.insert(ADMIN)
    enrol(admin, slot, officer, register_lao(admin, ORG, person(30), officer)[officer.national_id])
    slot.insert(ADMIN)
    r = admin("user", "disable", officer.national_id, input=f"{PASSWORD}\n")
    assert r.exit_code == 2, r  # no terminal to confirm at, and no --yes
    assert "Add --yes" in r.message
    r = admin("user", "disable", officer.national_id, "--yes", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = admin("user", "disable", officer.national_id, input=f"{PASSWORD}\n")
    assert r.exit_code == 6 and "already disabled" in r.message, r  # checked before it asks
    slot.insert(officer)
    r = admin("whoami", input=admin.reads(NEW_PASSWORD))
    if admin.server:  # the server tells about an account only its signed-in holder
        assert r.exit_code == 3 and "has no active lhrctl account" in r.message, r
    else:
        assert "disabled" in r.stdout
    assert admin("user", "list", input=f"{NEW_PASSWORD}\n").exit_code == 3

    slot.insert(phrae)
    for args in (
        ["user", "unlock", officer.national_id],
        ["user", "unlock", officer.national_id, "--reenrol"],
        ["registrar", "set", "--org", ORG, "--registrar", person(30).national_id,
         "--officer", officer.national_id, "--yes"],
        ["user", "enable", officer.national_id, "--yes"],
        ["user", "enable", officer.national_id],  # refused before any question, too
    ):  # fmt: skip
        r = admin(*args, input=f"{NEW_PASSWORD}\n")
        assert r.exit_code == 4, r
        assert audit_last(admin)[2] == "refused"
    assert (
        "unlocking does not re-activate it"
        in admin("user", "unlock", officer.national_id, input=f"{NEW_PASSWORD}\n").message
    )
    assert not admin.scalar("SELECT active FROM account WHERE national_id = :n",
                            n=officer.national_id)  # fmt: skip
    slot.insert(officer)
    assert admin("user", "list", input=f"{NEW_PASSWORD}\n").exit_code == 3  # still shut out

    slot.insert(ADMIN)
    r = admin("--json", "user", "enable", officer.national_id, "--yes", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    code = json.loads(r.stdout)["enrolment_code"]
    slot.insert(officer)
    r = admin("user", "list", input=f"{NEW_PASSWORD}\n")  # the old password is gone
    assert r.exit_code == 3, r
    assert "no password yet" in r.message
    enrol(admin, slot, officer, code)
