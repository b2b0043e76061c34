"""Certification (seed 000, workflow 1) through the CLI, with virtual cards for a DLA admin, an LAO
registrar and province officers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import NEW_PASSWORD, add_user, enrol, register_lao

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

LEGACY = Path(__file__).parent / "data" / "legacy"
ORG = "6540206"  # อบต. in Phrae (54)
FILE = LEGACY / "01_A_6540206.xlsx"
REGISTRAR = person(21)
OFFICER_54 = person(22)
OFFICER_66 = person(23)
LAO_OFFICER = person(24)


def as_user(lhr: Lhr, slot: CardSlot, card: object, *args: str) -> object:
    slot.insert(card)  # type: ignore[arg-type]
    return lhr(*args, input=f"{NEW_PASSWORD}\n")


@pytest.fixture
def office(admin: Lhr, slot: CardSlot) -> Lhr:
    """A round open, and the registrar of ORG and officers of provinces 54 and 66 enrolled."""
    r = admin(
        "round",
        "open",
        "phase 1",
        "--lao-deadline",
        "31/12/2569",
        "--province-deadline",
        "2027-01-31",
        input=f"{PASSWORD}\n",
    )
    assert r.exit_code == 0, r
    codes = register_lao(admin, ORG, REGISTRAR, LAO_OFFICER)
    codes[OFFICER_54.national_id] = add_user(admin, OFFICER_54, "province_officer", "54")
    codes[OFFICER_66.national_id] = add_user(admin, OFFICER_66, "province_officer", "66")
    for card in (REGISTRAR, OFFICER_54, OFFICER_66, LAO_OFFICER):
        enrol(admin, slot, card, codes[card.national_id])
    return admin


def audit_outcomes(lhr: Lhr, action: str) -> list[str]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        rows = conn.execute(
            text("SELECT outcome FROM audit_log WHERE action = :a ORDER BY id"), {"a": action}
        )
        return [r[0] for r in rows]


@pytest.mark.pcsc  # end to end: every card through the real pcscd
def test_a_whole_round_of_seed_000(office: Lhr, slot: CardSlot, tmp_path: Path) -> None:
    lhr = office
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r  # the file's bad rows are reported; the good ones are in
    imported = lhr.scalar("SELECT count(*) FROM staff WHERE org_code = :o", o=ORG)
    assert imported and imported > 0
    r = lhr("--json", "validate", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    assert json.loads(r.stdout)["stats"]["errors"] == 0, r

    # the LAO certifies: the records are locked
    r = as_user(
        lhr,
        slot,
        REGISTRAR,
        "certify",
        "--level",
        "lao",
        "--org",
        ORG,
        "--accept-warnings",
        "--yes",
    )
    assert r.exit_code == 0, r
    assert "certified at LAO level" in r.message
    assert lhr.scalar("SELECT state FROM certification WHERE org_code = :o", o=ORG) == (
        "lao_certified"
    )
    assert lhr.scalar("SELECT count(*) FROM certified_record") == imported
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 4, r
    assert f"LAO {ORG} is certified at LAO level in round 'phase 1'" in r.message
    assert "lhrctl certify return" in r.message

    # the province sees it ready, spot-checks it and certifies
    r = lhr("--json", "report", "progress", "--province", "54")
    laos = {lao["code"]: lao for lao in json.loads(r.stdout)["laos"]}
    assert laos[ORG]["state"] == "lao_certified" and laos[ORG]["late"] is False
    sample = ["--sample", "3", "--seed", "7"]
    r = as_user(
        lhr, slot, OFFICER_54, "certify", "--level", "province", "--org", ORG, *sample, "--yes"
    )
    assert r.exit_code == 0, r
    assert "Spot check: 3 records at random (--seed 7)" in r.message or "Spot check" in r.stdout
    r = lhr("--json", "certify", "status", "--org", ORG)
    status = json.loads(r.stdout)
    assert status["state"] == "province_certified"
    assert status["lao_name"] == "อบต.แม่ยางตาล"  # with its type
    assert [(e["action"], e["to"]) for e in status["history"]] == [
        ("certify_lao", "lao_certified"),
        ("certify_province", "province_certified"),
    ]
    assert sum(status["counts"].values()) == imported
    r = lhr("certify", "history", "--org", ORG)
    # the steps as an officer reads them, not the audit log's keys
    assert "certified at LAO level" in r.stdout and "certified at province level" in r.stdout
    assert "certify_lao" not in r.stdout

    r = lhr("--json", "report", "progress", "-o", str(tmp_path / "progress.xlsx"))
    report = json.loads(r.stdout)
    provinces = {p["code"]: p for p in report["provinces"]}
    assert provinces["54"]["states"]["province_certified"] == 1
    assert provinces["54"]["people"] == status["counts"]
    assert sum(p["laos"] for p in report["provinces"]) == 7849
    assert len(report["provinces"]) == 76  # Bangkok has no DLA LAO
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "progress.xlsx")
    assert wb.sheetnames == ["Summary", "LAOs"]
    sheet = [[c.value for c in row] for row in wb["Summary"].iter_rows(min_row=3)]
    assert sheet == [
        [
            p["code"], p["name"], p["laos"], p["states"]["recording"], p["states"]["returned"],
            p["states"]["lao_certified"], p["states"]["province_certified"], p["late"],
            p["people"]["civil_servant"], p["people"]["permanent_employee"],
            p["people"]["contract"],
        ]
        for p in report["provinces"]
    ]  # fmt: skip
    assert wb["LAOs"].max_row == 7849 + 1

    r = lhr("certify", "verify", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    assert r.exit_code == 0, r

    # a return unlocks it
    r = as_user(
        lhr, slot, OFFICER_54, "certify", "return", "--org", ORG, "--reason", "ตรวจสอบวุฒิ", "--yes"
    )
    assert r.exit_code == 0, r
    assert lhr.scalar("SELECT state FROM certification WHERE org_code = :o", o=ORG) == "returned"
    assert lhr.scalar("SELECT reason FROM certification_event ORDER BY id DESC LIMIT 1") == (
        "ตรวจสอบวุฒิ"
    )
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r  # no longer locked: the same file's findings, nothing refused
    assert "locked" not in r.message


def test_who_may_certify_what(office: Lhr, slot: CardSlot) -> None:
    lhr = office
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r

    # nobody certifies at province level an LAO that has not certified itself
    r = as_user(lhr, slot, OFFICER_54, "certify", "--level", "province", "--org", ORG, "--yes")
    assert r.exit_code == 6, r
    assert "has not certified its own data yet (recording)" in r.message
    # an LAO officer is not the registrar; a province officer does not certify for the LAO
    r = as_user(lhr, slot, LAO_OFFICER, "certify", "--level", "lao", "--org", ORG, "--yes")
    assert r.exit_code == 4, r
    r = as_user(lhr, slot, OFFICER_54, "certify", "--level", "lao", "--org", ORG, "--yes")
    assert r.exit_code == 4, r
    # a registrar only certifies their own LAO
    r = as_user(lhr, slot, REGISTRAR, "certify", "--level", "lao", "--org", "6600803", "--yes")
    assert r.exit_code == 4, r
    assert lhr.scalar("SELECT count(*) FROM certification") == 0

    r = as_user(lhr, slot, OFFICER_54, "certify", "return", "--org", "9999999", "--reason", "x",
                "--yes")  # fmt: skip
    assert r.exit_code == 2, r
    assert r.message.startswith("Signed in") and "Unknown LAO code '9999999'" in r.message
    args = ("certify", "--level", "lao", "--org", ORG, "--accept-warnings", "--yes")
    r = as_user(lhr, slot, REGISTRAR, *args)
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, REGISTRAR, *args[:-1])  # no --yes: refused before any question
    assert r.exit_code == 6, r
    assert "already certified at LAO level" in r.message and "Certify the data" not in r.stderr
    # a province officer acts only in their province
    r = as_user(lhr, slot, OFFICER_66, "certify", "--level", "province", "--org", ORG, "--yes")
    assert r.exit_code == 4, r
    r = as_user(lhr, slot, OFFICER_66, "certify", "return", "--org", ORG, "--reason", "x")
    assert r.exit_code == 4, r  # no --yes: refused before any question
    assert "Send the data" not in r.stderr
    assert lhr.scalar("SELECT state FROM certification") == "lao_certified"
    assert audit_outcomes(lhr, "certify_lao_review")[:3] == ["refused", "refused", "refused"]
    assert "refused" in audit_outcomes(lhr, "certify_province_review")
    # unknown LAO, then 66: both refused at the check, before the question
    assert audit_outcomes(lhr, "certify_return_review") == ["failed", "refused"]


def test_errors_block_certification_and_verify_finds_edits(office: Lhr, slot: CardSlot) -> None:
    from sqlalchemy import text

    lhr = office
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r
    victim = lhr.scalar("SELECT national_id FROM staff WHERE org_code = :o LIMIT 1", o=ORG)
    with lhr.engine().begin() as conn:  # a birth date in the future, behind the tool's back
        conn.execute(
            text("UPDATE staff SET birth_date = '2999-01-01' WHERE national_id = :n"), {"n": victim}
        )
    args = ("certify", "--level", "lao", "--org", ORG, "--accept-warnings", "--yes")
    r = as_user(lhr, slot, REGISTRAR, *args)
    assert r.exit_code == 1, r
    assert "error(s) in its records" in r.message and "LHR305" in r.stdout
    assert lhr.scalar("SELECT count(*) FROM certification") == 0
    assert audit_outcomes(lhr, "certify_lao") == ["failed"]

    with lhr.engine().begin() as conn:
        conn.execute(
            text("UPDATE staff SET birth_date = '1980-01-01' WHERE national_id = :n"), {"n": victim}
        )
    r = as_user(lhr, slot, REGISTRAR, *args)
    assert r.exit_code == 0, r
    with lhr.engine().begin() as conn:
        conn.execute(
            text("UPDATE staff SET salary = salary + 1 WHERE national_id = :n"), {"n": victim}
        )
    r = lhr("--json", "certify", "verify", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    assert r.exit_code == 1
    assert json.loads(r.stdout)["changed"] == [victim]


def test_rounds_are_one_at_a_time(admin: Lhr, slot: CardSlot) -> None:
    r = admin("certify", "status", "--org", ORG)
    assert r.exit_code == 0 and "recording" in r.stdout
    args = ("round", "open", "r1", "--lao-deadline", "2569-12-31", "--province-deadline")
    r = admin(*args, "2569-12-01", input=f"{PASSWORD}\n")
    assert r.exit_code == 2, r  # the province deadline before the LAO's
    r = admin(*args, "2570-01-31", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = admin("round", "open", "r2", "--lao-deadline", "2570-06-30", "--province-deadline",
              "2570-07-31", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 6, r
    assert "still open" in r.message
    r = admin("--json", "round", "list")
    assert json.loads(r.stdout) == [
        {
            "name": "r1",
            "lao_deadline": "2026-12-31",
            "province_deadline": "2027-01-31",
            "open": True,
        }
    ]
    r = admin("round", "close", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    slot.insert(ADMIN)
    r = admin("certify", "--level", "lao", "--org", ORG, "--yes", input=f"{PASSWORD}\n")
    assert r.exit_code == 6, r
    assert "No certification round is open" in r.message


def _certify_province_at(url: str, org: str, start_at: float) -> int:
    """One officer's terminal: waits for the agreed moment, then certifies; returns the exit code."""
    import time

    from lhrctl import db
    from lhrctl.errors import LhrError
    from lhrctl.services import certification
    from lhrctl.services.access import Operator

    engine = db.make_engine(url)
    operator = Operator(1, ADMIN.national_id, "admin", "dla_admin", None)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        certification.certify_province(engine, operator, org)
    except LhrError as error:
        return error.exit_code
    return 0


def test_two_officers_at_once_one_wins(admin: Lhr, slot: CardSlot) -> None:
    import multiprocessing
    import time

    lhr = admin
    args = ("--lao-deadline", "2569-12-31", "--province-deadline", "2570-01-31")
    assert lhr("round", "open", "p1", *args, input=f"{PASSWORD}\n").exit_code == 0
    r = lhr("import", "staff", "--skip-invalid", str(FILE), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    certify = ("certify", "--level", "lao", "--org", ORG, "--accept-warnings", "--yes")
    assert lhr(*certify, input=f"{PASSWORD}\n").exit_code == 0

    start_at = time.time() + 3  # both processes are up and connected by then
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        codes = pool.starmap(_certify_province_at, [(lhr.db_url, ORG, start_at)] * 2)
    assert sorted(codes) == [0, 6]
    assert lhr.scalar("SELECT state FROM certification") == "province_certified"
    assert (
        lhr.scalar("SELECT count(*) FROM certification_event WHERE action = 'certify_province'")
        == 1
    )
    assert audit_outcomes(lhr, "certify_province") == ["ok", "failed"]


def test_a_province_certifies_every_ready_lao_at_once(office: Lhr, slot: CardSlot) -> None:
    lhr = office
    other = "2540101"  # อบจ.แพร่, no records yet: it certifies zero people
    for org in (ORG, other):
        slot.insert(ADMIN)  # a DLA admin may act for any LAO
        r = lhr("certify", "--level", "lao", "--org", org, "--accept-warnings", "--yes",
                input=f"{PASSWORD}\n")  # fmt: skip
        assert r.exit_code == 0, r
    r = as_user(lhr, slot, OFFICER_54, "--json", "certify", "--level", "province", "--all-ready",
                "--sample", "0", "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) == [
        {"org_code": other, "state": "province_certified", "error": None},
        {"org_code": ORG, "state": "province_certified", "error": None},
    ]
    r = as_user(lhr, slot, OFFICER_54, "certify", "--level", "province", "--all-ready", "--yes")
    assert r.exit_code == 0, r
    assert "No LAO of province 54 is waiting" in r.message


def test_verify_names_an_edited_row_of_the_record_of_service(
    office: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from tests.kp7 import career, write_kp7
    from tests.test_history_import import careered

    lhr = office
    r = as_user(lhr, slot, REGISTRAR, "import", "staff", "--skip-invalid", str(FILE))
    assert r.exit_code == 1, r
    (nid,) = careered(lhr, 1)
    kp7 = write_kp7(tmp_path / "kp7.xlsx", career(nid))
    r = as_user(lhr, slot, REGISTRAR, "import", "history", str(kp7))
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, REGISTRAR, "certify", "--level", "lao", "--org", ORG,
                "--accept-warnings", "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    r = lhr("certify", "verify", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    assert r.exit_code == 0, r  # the sections as certified
    # the province's spot check (everyone, here) counts each person's rows of each section
    slot.insert(OFFICER_54)
    r = lhr("--lang", "th", "certify", "--level", "province", "--org", ORG, "--sample", "500",
            "--seed", "1", "--yes", input=f"{NEW_PASSWORD}\n", env={"COLUMNS": "250"})  # fmt: skip
    assert r.exit_code == 0, r
    masked = f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"
    (line,) = [ln for ln in r.stdout.splitlines() if masked in ln]
    assert "ตำแหน่ง 3, การศึกษา 1, อบรม 1, เครื่องราชฯ 2, วันลา 1, เปลี่ยนชื่อ 1" in line

    r = as_user(lhr, slot, REGISTRAR, "import", "history", str(kp7))
    assert r.exit_code == 4, r  # certified: locked, sections too
    with lhr.engine().begin() as conn:  # a salary raised behind the tool's back
        conn.execute(
            text("UPDATE position_entry SET salary = 29550 WHERE national_id = :n "
                 "AND effective_on = '2023-03-15'"), {"n": nid},
        )  # fmt: skip
        conn.execute(text("DELETE FROM training WHERE national_id = :n"), {"n": nid})
    r = lhr("--json", "certify", "verify", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    assert r.exit_code == 1, r
    found = json.loads(r.stdout)
    assert found["changed"] == [nid]
    assert found["sections"] == [
        {"national_id": nid, "section": "positions", "label": "15/03/2566 นักวิชาการเงินและบัญชี",
         "change": "changed"},
        {"national_id": nid, "section": "training", "label": "การเงินการคลังท้องถิ่น 01/06/2558",
         "change": "removed"},
    ]  # fmt: skip
    r = lhr("--lang", "th", "certify", "verify", "--org", ORG, input=lhr.reads(NEW_PASSWORD))
    shown = " ".join(r.stdout.split())
    assert "ตำแหน่งและอัตราเงินเดือน" in shown and "15/03/2566" in shown and "ถูกแก้ไข" in shown
