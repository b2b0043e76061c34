"""The README's table of roles and commands, walked through the CLI: each allowed run succeeds,
each refused one exits 4 and is in the audit log as refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import NEW_PASSWORD, add_user, enrol, register_lao
from tests.test_staff_import import write_big_csv

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

FILE = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
ORG = "6540206"  # Phrae (54)
REGISTRAR = person(51, national_id="3077347516751")  # on the LAO's staff
OFFICER = person(52, national_id="3637403095773")  # on the LAO's staff
PROVINCE = person(53)
CARDS = {"dla_admin": ADMIN, "province_officer": PROVINCE, "lao_registrar": REGISTRAR,
         "lao_officer": OFFICER}  # fmt: skip
MOVERS = {  # a person on the staff for each role that may start a transfer
    "dla_admin": "1004911975812",
    "lao_registrar": "1201480144327",
    "lao_officer": "1278428011091",
}

# command → the roles allowed to run it (on LAO 6540206 / province 54); the others get exit 4
TABLE: dict[str, set[str]] = {
    "import orgs": {"dla_admin"},
    "round open": {"dla_admin"},
    "user add": {"dla_admin"},
    "import staff": {"dla_admin", "province_officer", "lao_registrar", "lao_officer"},
    "staff export": {"dla_admin", "province_officer", "lao_registrar", "lao_officer"},
    "registrar set": {"dla_admin", "province_officer", "lao_registrar"},
    "certify --level lao": {"dla_admin", "lao_registrar"},
    "certify --level province": {"dla_admin", "province_officer"},
    "certify return": {"dla_admin", "province_officer"},
    "transfer create": {"dla_admin", "lao_registrar", "lao_officer"},
}


def as_admin(lhr: Lhr, slot: CardSlot, *args: str) -> None:
    slot.insert(ADMIN)
    r = lhr(*args, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, (args, r)


@pytest.fixture
def office(admin: Lhr, slot: CardSlot) -> Lhr:
    slot.insert(ADMIN)
    r = admin("import", "staff", "--skip-invalid", str(FILE), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r  # the file's bad rows are reported; the good ones are in
    codes = register_lao(admin, ORG, REGISTRAR, OFFICER, hire=False)
    codes[PROVINCE.national_id] = add_user(admin, PROVINCE, "province_officer", "54")
    for card in (PROVINCE, REGISTRAR, OFFICER):
        enrol(admin, slot, card, codes[card.national_id])
    return admin


def _runs(lhr: Lhr, slot: CardSlot, tmp: Path) -> dict[str, Callable[[str], list[str]]]:
    """For each command: set the state up for `role`'s run and return its arguments."""
    seq = iter(range(60, 200))

    def clean_csv(role: str) -> list[str]:
        path = tmp / f"{role}.csv"
        write_big_csv(path, 2)
        return ["import", "staff", "--org", ORG, str(path)]

    def certified(role: str) -> list[str]:
        as_admin(lhr, slot, "certify", "--level", "lao", "--org", ORG, "--accept-warnings", "--yes")
        return []

    return {
        "import orgs": lambda role: ["import", "orgs"],
        "round open": lambda role: ["round", "open", f"r-{role}", "--lao-deadline", "2569-12-31",
                                    "--province-deadline", "2570-01-31"],
        "user add": lambda role: ["user", "add", "--national-id", person(next(seq)).national_id,
                                  "--role", "province_officer", "--scope", "54"],
        "import staff": clean_csv,
        "staff export": lambda role: ["staff", "export", "--org", ORG, "-o",
                                      str(tmp / f"{role}.json")],
        "registrar set": lambda role: ["registrar", "set", "--org", ORG, "--registrar",
                                       REGISTRAR.national_id, "--officer", OFFICER.national_id,
                                       "--yes"],
        "certify --level lao": lambda role: ["certify", "--level", "lao", "--org", ORG,
                                             "--accept-warnings", "--yes"],
        "certify --level province": lambda role: [*certified(role), "certify", "--level",
                                                  "province", "--org", ORG, "--sample", "0",
                                                  "--yes"],
        "certify return": lambda role: [*certified(role), "certify", "return", "--org", ORG,
                                        "--reason", "walk", "--yes"],
        "transfer create": lambda role: ["transfer", "create", "--person",
                                         MOVERS.get(role, MOVERS["dla_admin"]), "--to", "6600803"],
    }  # fmt: skip


def _reset(lhr: Lhr, slot: CardSlot) -> None:
    """Back to: a round open, the LAO recording, no open transfer."""
    state = lhr.scalar("SELECT state FROM certification WHERE org_code = :o", o=ORG)
    if state in ("lao_certified", "province_certified"):
        as_admin(lhr, slot, "certify", "return", "--org", ORG, "--reason", "reset", "--yes")
    open_round = lhr.scalar("SELECT name FROM round WHERE is_open IS NOT NULL")
    if open_round is None:
        as_admin(lhr, slot, "round", "open", "walk", "--lao-deadline", "2569-12-31",
                 "--province-deadline", "2570-01-31")  # fmt: skip
    for (order,) in _open_orders(lhr):
        as_admin(lhr, slot, "transfer", "cancel", str(order))


def _open_orders(lhr: Lhr) -> list[tuple[int]]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        rows = conn.execute(text("SELECT id FROM transfer WHERE status = 'draft'"))
        return [tuple(r) for r in rows]


def test_every_role_can_do_exactly_what_the_table_says(
    office: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    lhr = office
    runs = _runs(lhr, slot, tmp_path)
    for command, allowed in TABLE.items():
        for role, card in CARDS.items():
            _reset(lhr, slot)
            if command == "round open" and role in allowed:
                as_admin(lhr, slot, "round", "close")
            args = runs[command](role)
            refused_before = lhr.scalar("SELECT count(*) FROM audit_log WHERE outcome = 'refused'")
            slot.insert(card)
            password = PASSWORD if role == "dla_admin" else NEW_PASSWORD
            r = lhr(*args, input=f"{password}\n")
            refused = lhr.scalar("SELECT count(*) FROM audit_log WHERE outcome = 'refused'")
            if role in allowed:
                assert r.exit_code == 0, (command, role, r)
                assert refused == refused_before, (command, role)
            else:
                assert r.exit_code == 4, (command, role, r)
                assert refused == refused_before + 1, (command, role)
