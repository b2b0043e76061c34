"""Transfers (seed 000, workflow 2) through the CLI with virtual cards, across two provinces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import enrol, register_lao
from tests.test_certification import as_user

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

FILE = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
ORIGIN = "6540206"  # Phrae (54)
DESTINATION = "6600803"  # Trang (66)
ORIGIN_REGISTRAR = person(31)
ORIGIN_OFFICER = person(32)
DESTINATION_OFFICER = person(33)
DESTINATION_REGISTRAR = person(34)
LETTER = ("--letter-no", "พร 0023.2/ว 873", "--letter-date", "15/11/2569")


@pytest.fixture
def laos(admin: Lhr, slot: CardSlot) -> Lhr:
    r = admin("import", "staff", "--skip-invalid", str(FILE), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    codes = register_lao(admin, ORIGIN, ORIGIN_REGISTRAR, ORIGIN_OFFICER)
    codes |= register_lao(admin, DESTINATION, DESTINATION_REGISTRAR, DESTINATION_OFFICER)
    for card in (ORIGIN_REGISTRAR, ORIGIN_OFFICER, DESTINATION_OFFICER):
        enrol(admin, slot, card, codes[card.national_id])
    return admin


def people(lhr: Lhr, n: int) -> list[str]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        query = (
            "SELECT national_id FROM staff WHERE org_code = :o AND national_id NOT IN "
            "(SELECT national_id FROM account) ORDER BY national_id LIMIT :n"
        )
        return [r[0] for r in conn.execute(text(query), {"o": ORIGIN, "n": n})]


def count(lhr: Lhr, org: str) -> int:
    """The LAO's staff, apart from the registrar and officer the fixture put on it."""
    query = (
        "SELECT count(*) FROM staff WHERE org_code = :o AND national_id NOT IN "
        "(SELECT national_id FROM account)"
    )
    return int(lhr.scalar(query, o=org) or 0)


def create(lhr: Lhr, slot: CardSlot, nid: str, to: str = DESTINATION) -> int:
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "transfer", "create", "--person", nid,
                "--to", to)  # fmt: skip
    assert r.exit_code == 0, r
    order = json.loads(r.stdout)
    assert (order["status"], order["from_org"], order["to_org"]) == ("draft", ORIGIN, to)
    assert order["name"]  # the name to check
    return int(order["id"])


@pytest.mark.pcsc  # end to end: every card through the real pcscd
def test_create_approve_receive_across_provinces(laos: Lhr, slot: CardSlot) -> None:
    lhr = laos
    (nid,) = people(lhr, 1)
    before = count(lhr, ORIGIN)
    history_before = lhr.scalar("SELECT count(*) FROM staff_history WHERE national_id = :n", n=nid)
    order = create(lhr, slot, nid)

    r = as_user(lhr, slot, ORIGIN_REGISTRAR, "--json", "transfer", "approve", str(order), *LETTER,
                "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    assert "พร 0023.2/ว 873" in r.stdout
    assert json.loads(r.stdout)["status"] == "approved"  # one document: the approved order
    assert lhr.scalar("SELECT org_code FROM staff WHERE national_id = :n", n=nid) == DESTINATION
    assert lhr.scalar("SELECT arriving FROM staff WHERE national_id = :n", n=nid) == order
    assert count(lhr, ORIGIN) == before - 1 and count(lhr, DESTINATION) == 1

    r = as_user(lhr, slot, DESTINATION_OFFICER, "--json", "transfer", "receive", str(order),
                "--order-no", "ตง 12/2569")  # fmt: skip
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["status"] == "received"
    assert lhr.scalar("SELECT arriving FROM staff WHERE national_id = :n", n=nid) is None
    actions = lhr.scalar(
        "SELECT count(*) FROM staff_history WHERE national_id = :n "
        "AND action IN ('transfer_approved', 'transfer_received')",
        n=nid,
    )
    assert actions == 2
    total = lhr.scalar("SELECT count(*) FROM staff_history WHERE national_id = :n", n=nid)
    assert total == history_before + 3  # every earlier entry kept; created, approved, received
    letter = lhr.scalar(
        "SELECT changes FROM staff_history WHERE action = 'transfer_approved' AND national_id = :n",
        n=nid,
    )
    assert json.loads(str(letter))["letter_date"] == "2026-11-15"
    # the record of service reads back, the transfer's facts included (it once crashed, exit 70)
    r = as_user(lhr, slot, DESTINATION_OFFICER, "staff", "show", nid)
    assert r.exit_code == 0, r
    assert "letter: พร 0023.2/ว 873" in r.stdout and "transferred in" in r.stdout
    assert "receiving order: ตง 12/2569" in r.stdout
    assert "dated: 15/11/2569" in r.stdout
    # in Thai the letter is dated as every other date of the record: 15 พ.ย. 2569
    r = as_user(lhr, slot, DESTINATION_OFFICER, "--lang", "th", "staff", "show", nid)
    assert r.exit_code == 0, r
    assert "ลงวันที่: 15 พ.ย. 2569" in r.stdout, r.stdout
    slot.insert(ADMIN)  # through a server, reading two provinces' records is a DLA admin's
    for org in (ORIGIN, DESTINATION):
        r = lhr("--json", "validate", "--org", org, input=lhr.reads())
        assert json.loads(r.stdout)["stats"]["errors"] == 0, r
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "transfer", "list", "--status", "received")
    assert [o["id"] for o in json.loads(r.stdout)] == [order]
    assert {"transfer_create", "transfer_approve", "transfer_receive"} <= {
        a for (a,) in _audit(lhr)
    }


def _audit(lhr: Lhr) -> list[tuple[str]]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT action FROM audit_log"))]


def test_reject_sends_it_back_and_cancel_ends_a_draft(laos: Lhr, slot: CardSlot) -> None:
    lhr = laos
    first, second = people(lhr, 2)
    before = count(lhr, ORIGIN)
    order = create(lhr, slot, first)
    r = as_user(lhr, slot, ORIGIN_REGISTRAR, "transfer", "approve", str(order), *LETTER, "--yes")
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, DESTINATION_OFFICER, "transfer", "reject", str(order), "--reason",
                "ไม่มีตำแหน่งว่าง")  # fmt: skip
    assert r.exit_code == 0, r
    assert lhr.scalar("SELECT org_code FROM staff WHERE national_id = :n", n=first) == ORIGIN
    assert count(lhr, ORIGIN) == before and count(lhr, DESTINATION) == 0

    order = create(lhr, slot, second)
    r = as_user(lhr, slot, ORIGIN_OFFICER, "transfer", "cancel", str(order))
    assert r.exit_code == 0, r
    assert lhr.scalar("SELECT status FROM transfer WHERE id = :i", i=order) == "cancelled"
    create(lhr, slot, second)  # no longer open: a new order may start


def test_bad_inputs_change_nothing(laos: Lhr, slot: CardSlot) -> None:
    lhr = laos
    nid, other = people(lhr, 2)
    unknown = person(99).national_id
    order = create(lhr, slot, nid)
    state = lambda: (  # noqa: E731
        lhr.scalar("SELECT count(*) FROM transfer"),
        lhr.scalar("SELECT org_code FROM staff WHERE national_id = :n", n=nid),
        lhr.scalar("SELECT status FROM transfer WHERE id = :i", i=order),
    )
    before = state()
    cases = [
        (ORIGIN_OFFICER, ("transfer", "create", "--person", unknown, "--to", DESTINATION), 2,
         "No active record"),
        (DESTINATION_OFFICER, ("transfer", "create", "--person", other, "--to", ORIGIN), 2,
         "No active record"),
        (ORIGIN_OFFICER, ("transfer", "create", "--person", other, "--to", "9999999"), 2,
         "Unknown LAO code"),
        (ORIGIN_OFFICER, ("transfer", "create", "--person", other, "--to", ORIGIN), 2,
         "is the person's own LAO"),
        (ORIGIN_OFFICER, ("transfer", "create", "--person", nid, "--to", DESTINATION), 6,
         "already has an open transfer"),
        (ORIGIN_REGISTRAR, ("transfer", "approve", str(order), "--letter-no", "x",
                            "--letter-date", "01/01/2600", "--yes"), 2, "in the future"),
        (DESTINATION_OFFICER, ("transfer", "approve", str(order), *LETTER, "--yes"), 4,
         "may not approve a transfer"),
        (ORIGIN_OFFICER, ("transfer", "approve", str(order), *LETTER, "--yes"), 4,
         "may not approve a transfer"),
        (DESTINATION_OFFICER, ("transfer", "receive", str(order)), 6, "is draft"),
        (DESTINATION_OFFICER, ("--lang", "th", "transfer", "receive", str(order)), 6,
         "อยู่ในสถานะร่าง จึงทำขั้นตอนนี้ไม่ได้ (ต้องอยู่ในสถานะอนุมัติแล้ว รอรับโอน)"),
    ]  # fmt: skip
    for card, args, code, words in cases:
        r = as_user(lhr, slot, card, *args)
        assert r.exit_code == code, (args, r)
        assert words in r.message, (args, r)
        assert state() == before, args


def test_approval_asks_only_when_it_can_happen_and_names_the_move(
    laos: Lhr, slot: CardSlot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_accounts import NEW_PASSWORD

    lhr = laos
    (nid,) = people(lhr, 1)
    order = create(lhr, slot, nid)
    monkeypatch.setattr("lhrctl.commands._prompts.terminal", lambda: True)
    approve = ("transfer", "approve", str(order), *LETTER)

    slot.insert(ORIGIN_OFFICER)  # not the registrar: refused at once, nothing asked
    r = lhr(*approve, input=f"{NEW_PASSWORD}\ny\n")
    assert r.exit_code == 4, r
    assert "Approve transfer" not in r.stderr

    slot.insert(ORIGIN_REGISTRAR)  # asked, with who moves from where to where; "no" changes nothing
    r = lhr(*approve, input=f"{NEW_PASSWORD}\nn\n")
    assert r.exit_code == 2, r
    name = lhr.scalar(
        "SELECT title || first_name || ' ' || last_name FROM staff WHERE national_id = :n", n=nid
    )
    # named with their types: a district may have an อบต. and a เทศบาลตำบล of one name
    origin, destination = (
        lhr.scalar("SELECT type || ' ' || name FROM lao WHERE code = :c", c=code).split()
        for code in (ORIGIN, DESTINATION)
    )
    assert origin[0] == destination[0] == "sao"
    question = r.stderr[r.stderr.index("Approve transfer") :]
    assert f"{name} (" in question
    assert f"from อบต.{origin[1]} ({ORIGIN}) to อบต.{destination[1]} ({DESTINATION})" in question
    assert "Cancelled: nothing was changed" in r.message
    assert lhr.scalar("SELECT status FROM transfer WHERE id = :i", i=order) == "draft"
    assert lhr.scalar("SELECT org_code FROM staff WHERE national_id = :n", n=nid) == ORIGIN


def test_a_certified_lao_blocks_approval(laos: Lhr, slot: CardSlot) -> None:
    lhr = laos
    (nid,) = people(lhr, 1)
    order = create(lhr, slot, nid)
    slot.insert(ADMIN)
    dates = ("--lao-deadline", "2569-12-31", "--province-deadline", "2570-01-31")
    assert lhr("round", "open", "p1", *dates, input=f"{PASSWORD}\n").exit_code == 0
    r = lhr("certify", "--level", "lao", "--org", DESTINATION, "--yes", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, ORIGIN_REGISTRAR, "transfer", "approve", str(order), *LETTER, "--yes")
    assert r.exit_code == 4, r
    assert f"LAO {DESTINATION} is certified at LAO level" in r.message
    assert lhr.scalar("SELECT status FROM transfer") == "draft"


def _approve_at(url: str, order: int, start_at: float) -> int:
    import time
    from datetime import date

    from lhrctl import db
    from lhrctl.errors import LhrError
    from lhrctl.services import transfers
    from lhrctl.services.access import Operator

    engine = db.make_engine(url)
    operator = Operator(1, ADMIN.national_id, "admin", "dla_admin", None)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        transfers.approve_transfer(engine, operator, order, "พร 1", date(2026, 11, 1))
    except LhrError as error:
        return error.exit_code
    return 0


def test_two_terminals_approving_at_once(laos: Lhr, slot: CardSlot) -> None:
    import multiprocessing
    import time

    lhr = laos
    (nid,) = people(lhr, 1)
    order = create(lhr, slot, nid)
    start_at = time.time() + 3
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        codes = pool.starmap(_approve_at, [(lhr.db_url, order, start_at)] * 2)
    assert sorted(codes) == [0, 6]
    assert lhr.scalar("SELECT count(*) FROM staff_history WHERE action = 'transfer_approved'") == 1
