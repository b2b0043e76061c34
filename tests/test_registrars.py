"""Registering an LAO's registrar and registry officer (seed 004) through the CLI, with the
virtual cards of people on the LAO's staff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import NEW_PASSWORD, add_user, enrol
from tests.test_certification import as_user

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

FILE = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
ORG = "6540206"
# three people on the LAO's staff (tests/data/legacy/truth.json), with cards of their own
REGISTRAR = person(41, national_id="3077347516751", first_name_th="ผู้อำนวยการ")
OFFICER = person(42, national_id="3637403095773", first_name_th="เจ้าพนักงาน")
NEW_REGISTRAR = person(43, national_id="3042869481815", first_name_th="ผู้อำนวยการช่าง")
OFFICER_54 = person(44)
OFFICER_66 = person(45)


@pytest.fixture
def province(admin: Lhr, slot: CardSlot) -> Lhr:
    r = admin("import", "staff", "--skip-invalid", str(FILE), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    codes = [(card, add_user(admin, card, "province_officer", scope))
             for card, scope in ((OFFICER_54, "54"), (OFFICER_66, "66"))]  # fmt: skip
    for card, code in codes:
        enrol(admin, slot, card, code)
    return admin


def set_registrars(lhr: Lhr, slot: CardSlot, registrar: str, officer: str, *more: str):  # type: ignore[no-untyped-def]
    return as_user(lhr, slot, OFFICER_54, "--json", "registrar", "set", "--org", ORG,
                   "--registrar", registrar, "--officer", officer, "--yes", *more)  # fmt: skip


def test_a_province_registers_them_and_they_work(province: Lhr, slot: CardSlot) -> None:
    lhr = province
    r = set_registrars(lhr, slot, REGISTRAR.national_id, OFFICER.national_id)
    assert r.exit_code == 0, r
    assert "not the LAO's chief administrator" in r.message  # ผู้อำนวยการกองคลัง is no ปลัด
    codes = json.loads(r.stdout)
    assert codes["registrar"]["national_id"] == REGISTRAR.national_id
    for card, role in ((REGISTRAR, "registrar"), (OFFICER, "officer")):
        enrol(lhr, slot, card, codes[role]["enrolment_code"])

    r = lhr("--json", "registrar", "show", "--org", ORG, input=lhr.reads(NEW_PASSWORD))  # OFFICER's
    shown = {h["role"]: h for h in json.loads(r.stdout)}
    masked = f"{REGISTRAR.national_id[0]}-{REGISTRAR.national_id[1:5]}-xxxxx-xx-"
    assert shown["registrar"]["national_id"] == masked + REGISTRAR.national_id[12]  # no sign-in
    assert shown["registrar"]["stale"] is None and shown["officer"]["stale"] is None

    # the officer imports, the registrar certifies
    r = as_user(lhr, slot, OFFICER, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r  # the file's bad rows again; nothing refused
    assert "Signed in" in r.message and "not allowed" not in r.message.lower()
    slot.insert(ADMIN)
    dates = ("--lao-deadline", "2569-12-31", "--province-deadline", "2570-01-31")
    assert lhr("round", "open", "p1", *dates, input=f"{PASSWORD}\n").exit_code == 0
    r = as_user(lhr, slot, REGISTRAR, "certify", "--level", "lao", "--org", ORG,
                "--accept-warnings", "--yes")  # fmt: skip
    assert r.exit_code == 0, r

    # a new registrar replaces the old one, whose card no longer signs in
    r = set_registrars(lhr, slot, NEW_REGISTRAR.national_id, OFFICER.national_id)
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["disabled"] == [REGISTRAR.national_id]
    assert json.loads(r.stdout)["officer"]["enrolment_code"] is None  # already enrolled
    r = as_user(lhr, slot, REGISTRAR, "certify", "status", "--org", ORG)
    assert r.exit_code == 0  # reading needs no card
    r = as_user(lhr, slot, REGISTRAR, "certify", "return", "--org", ORG, "--reason", "x", "--yes")
    assert r.exit_code == 3, r
    assert "no active lhrctl account" in r.message


def test_bad_inputs_change_nothing(province: Lhr, slot: CardSlot) -> None:
    lhr = province
    stranger = person(99).national_id  # a valid ID, not on the staff
    state = lambda: (  # noqa: E731
        lhr.scalar("SELECT count(*) FROM account"),
        lhr.scalar("SELECT count(*) FROM registration"),
    )
    before = state()
    cases = [
        ((stranger, OFFICER.national_id), 2, "is not on the staff of LAO 6540206"),
        (("1234567890123", OFFICER.national_id), 2, "is not a valid national ID"),
        ((OFFICER.national_id, OFFICER.national_id), 2, "are the same person"),
    ]
    for (registrar, officer), code, words in cases:
        r = set_registrars(lhr, slot, registrar, officer)
        assert r.exit_code == code, r
        assert words in r.message, r
        assert state() == before
    r = as_user(lhr, slot, OFFICER_66, "registrar", "set", "--org", ORG, "--registrar",
                REGISTRAR.national_id, "--officer", OFFICER.national_id, "--yes")  # fmt: skip
    assert r.exit_code == 4, r
    assert state() == before

    r = set_registrars(lhr, slot, OFFICER.national_id, OFFICER.national_id, "--allow-same")
    assert r.exit_code == 0, r
    codes = json.loads(r.stdout)
    assert codes["registrar"]["enrolment_code"] == codes["officer"]["enrolment_code"]
    assert lhr.scalar("SELECT role FROM account WHERE national_id = :n", n=OFFICER.national_id) == (
        "lao_registrar"
    )
    enrol(lhr, slot, OFFICER, codes["registrar"]["enrolment_code"])
    slot.insert(OFFICER)
    r = lhr("passwd", input=f"{codes['registrar']['enrolment_code']}\n{NEW_PASSWORD}\n"
            f"{NEW_PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 3, r  # the code is spent: passwd now wants the current password

    slot.insert(ADMIN)  # through a server, a province's registrars are for its officers to see
    r = lhr("--json", "registrar", "list", "--province", "54", "--stale", input=lhr.reads())
    stale = json.loads(r.stdout)
    assert all(h["stale"] for h in stale)
    assert not [h for h in stale if h["org_code"] == ORG]
    assert {h["stale"] for h in stale} == {"not registered"}


def test_a_transfer_makes_the_registration_stale(province: Lhr, slot: CardSlot) -> None:
    lhr = province
    r = set_registrars(lhr, slot, REGISTRAR.national_id, OFFICER.national_id)
    assert r.exit_code == 0, r
    enrol(lhr, slot, OFFICER, json.loads(r.stdout)["officer"]["enrolment_code"])
    slot.insert(ADMIN)  # a DLA admin may act for the LAO
    r = lhr("--json", "transfer", "create", "--person", OFFICER.national_id, "--to", "6600803",
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    order = str(json.loads(r.stdout)["id"])
    r = lhr("transfer", "approve", order, "--letter-no", "พร 1", "--letter-date", "1/11/2569",
            "--yes", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    active = lhr.scalar("SELECT active FROM account WHERE national_id = :n", n=OFFICER.national_id)
    assert not active
    r = lhr("--json", "registrar", "show", "--org", ORG, input=lhr.reads())
    shown = {h["role"]: h["stale"] for h in json.loads(r.stdout)}
    assert shown == {"registrar": "never enrolled", "officer": "transferred"}
