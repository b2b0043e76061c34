"""`lhrctl serve`: a workstation with no database URL works through the server, and the server
refuses every misuse of a sign-in (issue 17)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any

import httpx
import pytest

from lhrctl import __version__
from lhrctl.server.client import Credential, Server
from lhrctl.server.wire import API, CARD_HEADER, OPERATION_HEADER, VERSION_HEADER
from lhrctl.services.operations import fingerprint
from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr, person
from tests.server_thread import serving
from tests.test_accounts import NEW_PASSWORD, add_user, enrol, register_lao
from tests.test_lockout import card_of


@pytest.fixture
def office(admin: Lhr) -> Iterator[Lhr]:
    """The admin's database behind a server; the returned runner has only `--server`."""
    with serving(admin.db_url) as url:
        yield Lhr(admin.db_url, server=url)


def refusals(lhr: Lhr, action: str) -> list[str]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT details FROM audit_log WHERE action = :a AND outcome = 'refused' "
                "ORDER BY id"
            ),
            {"a": action},
        )
        return [json.loads(r[0])["error"] for r in rows]


def test_a_workstation_without_a_database_url(office: Lhr) -> None:
    r = office("round", "open", "phase 1", "--lao-deadline", "31/12/2569",
               "--province-deadline", "31/01/2570", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    assert "Signed in: นายสมชาย ใจดี (DLA admin)" in r.message
    assert office.scalar("SELECT name FROM round WHERE is_open IS NOT NULL") == "phase 1"
    r = office("--json", "round", "list")
    assert [x["name"] for x in json.loads(r.stdout)] == ["phase 1"]
    r = office("--json", "user", "add", "--national-id", person(70).national_id,
               "--role", "province_officer", "--scope", "54", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    assert len(json.loads(r.stdout)["enrolment_code"]) == 14
    r = office("user", "add", "--national-id", person(71).national_id, "--role",
               "lao_officer", "--scope", "6540206", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 4, r  # the server's refusal, in the same words
    assert "are made only by `lhrctl registrar set`" in r.message
    r = office("--json", "audit", "log", "--action", "round_open", input=f"{PASSWORD}\n")
    assert [row["outcome"] for row in json.loads(r.stdout)] == ["ok"]
    r = office("audit", "verify", input=f"{PASSWORD}\n")  # a read, but through a server: signed
    assert r.exit_code == 0, r
    assert "Audit log intact" in r.message
    r = office("--json", "org", "list", "--province", "54")
    assert len(json.loads(r.stdout)) == 84
    r = office("init")  # the server host's own business
    assert r.exit_code == 2, r
    assert "This command does not work through a server yet; run it on the server host." in (
        r.message
    )


def test_a_wrong_password_through_the_server(office: Lhr) -> None:
    r = office("user", "list", input="wrong password\n")
    assert r.exit_code == 3, r
    assert "Wrong password (4 attempt(s) left" in r.message
    assert refusals(office, "user_list") == [
        "Wrong password (4 attempt(s) left before the account is locked)."
    ]


# ----------------------------------------------------------------------------- misuse


def raw(
    url: str, name: str, token: str | None, card: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    sent = {VERSION_HEADER: __version__, CARD_HEADER: card, OPERATION_HEADER: fingerprint(name)}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return httpx.post(f"{url}{API}/ops/{name}", json=body or {}, headers=sent)


def signed_in(url: str, command: str, model: Any = ADMIN, password: str = PASSWORD) -> Credential:
    credential, _ = Server(url).sign_in(card_of(model), password, command)
    return credential


def refused_with(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert words in response.json()["en"], response.json()


def test_no_token(office: Lhr) -> None:
    binding = card_of(ADMIN).binding
    refused_with(raw(str(office.server), "user_list", None, binding), 401, "it is not signed in")
    refused_with(raw(str(office.server), "user_list", "made-up", binding), 401, "not signed in")
    assert len(refusals(office, "user_list")) == 2


def test_another_cards_token(office: Lhr) -> None:
    url = str(office.server)
    credential = signed_in(url, "user_list")
    other = card_of(person(72)).binding
    refused_with(raw(url, "user_list", credential.token, other), 401, "with another card")


def test_an_expired_token(office: Lhr) -> None:
    url = str(office.server)
    credential = signed_in(url, "user_list")
    from sqlalchemy import text

    with office.engine().begin() as conn:
        conn.execute(text("UPDATE api_token SET expires_at = '2020-01-01 00:00:00'"))
    refused_with(raw(url, "user_list", credential.token, credential.binding), 401, "expired")
    signed_in(url, "user_list")  # a new sign-in clears the table of long-expired ones
    assert office.scalar("SELECT count(*) FROM api_token WHERE expires_at < '2021-01-01'") == 0
    assert office.scalar("SELECT count(*) FROM api_token") == 1


def test_a_token_replayed_for_a_second_command(office: Lhr) -> None:
    url = str(office.server)
    credential = signed_in(url, "user_list")
    assert raw(url, "user_list", credential.token, credential.binding).status_code == 200
    again = raw(url, "user_list", credential.token, credential.binding)
    refused_with(again, 401, "its command has already run")
    other = raw(url, "round_close", credential.token, credential.binding)
    refused_with(other, 401, "it was signed in for user_list, not round_close")


def test_a_province_officers_token_on_another_province(office: Lhr, slot: CardSlot) -> None:
    phrae, trang_officer = person(73), person(74)
    local = Lhr(office.db_url)  # set up in-process: a Phrae officer, an LAO account in Trang
    enrol(local, slot, phrae, add_user(local, phrae, "province_officer", "54"))
    slot.insert(ADMIN)
    register_lao(local, "6600803", trang_officer)
    url = str(office.server)
    credential = signed_in(url, "user_unlock", phrae, NEW_PASSWORD)
    r = Server(url)
    with pytest.raises(Exception) as caught:
        r.call("user_unlock", credential, {"national_id": trang_officer.national_id})
    assert getattr(caught.value, "exit_code", None) == 4
    assert "outside your scope" in str(caught.value)
    assert refusals(office, "user_unlock")[-1].startswith("The account of")


def test_reads_of_people_need_an_officer_of_that_scope(office: Lhr, slot: CardSlot) -> None:
    """Attack: anyone who reaches the server asks for what an office reads of its own database
    without signing in — an LAO's findings, its registrars, a card's account, the audit check,
    the bookings. Through the server each needs a signed-in officer whose scope covers it, and
    every refusal is audited; what names nobody stays open to all."""
    from lhrctl.auth.thaiid import ThaiIdCard
    from lhrctl.services.operations import encode

    url, nobody = str(office.server), card_of(ADMIN).binding
    admins_card = encode(ThaiIdCard, card_of(ADMIN))
    private = {
        "validate_stored": {"org": ORG},
        "registrar_holders": {"org": ORG},
        "certify_verify": {"org": ORG},
        "whoami": {"card": admins_card},
        "audit_verify": {},
        "conference_bookings": {},
        "conference_join_info": {"booking_id": 1},
    }
    for name, body in private.items():
        refused_with(raw(url, name, None, nobody, body), 401, "it is not signed in")
    public = {
        "org_list": {"province": "54"},
        "round_list": {},
        "certify_status": {"org": ORG},
        "conference_rooms": {},
    }
    for name, body in public.items():
        assert raw(url, name, None, "", body).status_code == 200, name
    refused_with(raw(url, "report_progress", None, ""), 409, "No certification round is open")

    phrae = person(75)
    local = Lhr(office.db_url)
    enrol(local, slot, phrae, add_user(local, phrae, "province_officer", "54"))
    for body, words in (
        ({"org": "6600803"}, "LAO 6600803 is outside your scope"),  # an LAO of Trang
        ({"province": "66"}, "Province 66 is outside your scope"),
        ({}, "The whole country is outside your scope"),
    ):
        credential = signed_in(url, "validate_stored", phrae, NEW_PASSWORD)
        refused_with(raw(url, "validate_stored", *astuple(credential), body), 403, words)
    credential = signed_in(url, "audit_verify", phrae, NEW_PASSWORD)
    refused_with(raw(url, "audit_verify", *astuple(credential)), 403, "The whole country")
    credential = signed_in(url, "whoami", phrae, NEW_PASSWORD)  # and asks about another's card
    refused_with(
        raw(url, "whoami", *astuple(credential), {"card": admins_card}), 403, "only by its holder"
    )
    assert len(refusals(office, "validate_stored")) == 1 + 3
    assert refusals(office, "whoami")[-1].startswith("Through the server, a card can be asked")

    credential = signed_in(url, "validate_stored", phrae, NEW_PASSWORD)  # their own province
    answer = raw(url, "validate_stored", *astuple(credential), {"org": ORG})
    assert answer.status_code == 200 and '"result"' in answer.text


def test_a_client_of_another_version(office: Lhr, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another release works where an operation is the same on both sides; where it is not, the
    call is refused before anything runs, naming the command and both releases (exit 8)."""
    from lhrctl.services import operations

    url = str(office.server)
    same = {VERSION_HEADER: "0.0.9", OPERATION_HEADER: fingerprint("round_list")}
    assert httpx.post(f"{url}{API}/ops/round_list", json={}, headers=same).status_code == 200
    changed = {VERSION_HEADER: "0.0.9", OPERATION_HEADER: "0123456789abcdef"}
    r = httpx.post(f"{url}{API}/ops/round_list", json={}, headers=changed)
    assert r.status_code == 503 and r.json()["exit_code"] == 8
    assert r.json()["en"] == (
        f"This lhrctl (0.0.9) and the server ({__version__}) differ in `round list`."
    )
    r = httpx.post(f"{url}{API}/ops/plan_submit", json={}, headers=changed)  # one it lacks
    assert r.status_code == 503 and "differ in `plan submit`" in r.json()["en"]
    assert httpx.post(f"{url}{API}/sign-in", json={}).status_code == 503  # no lhrctl at all

    # the CLI of a release whose `round list` returns another shape is told so, in both words
    changed_op = operations.Operation(
        "round_list", "rounds:list_rounds", signed_in=False, reach="public", streams=True
    )
    monkeypatch.setitem(operations.OPERATIONS, "round_list", changed_op)
    operations.fingerprint.cache_clear()
    try:
        r = office("round", "list")
    finally:
        operations.fingerprint.cache_clear()
    assert r.exit_code == 8, r
    assert f"and the server ({__version__}) differ in `round list`" in r.message
    assert f"Install lhrctl {__version__} on this workstation." in r.message


def test_what_a_command_may_send_is_bounded(admin: Lhr, tmp_path: Path) -> None:
    """Attack: a body far over the limit, or one that will not say its length, is refused from
    its headers; the CLI does not send what the server would turn away."""
    big = tmp_path / "big.csv"
    big.write_bytes(LEGACY.with_name("06_F_6600803.csv").read_bytes() * 40_000)  # > 1 MB
    with serving(admin.db_url, max_upload_mb=1) as url:
        headers = {VERSION_HEADER: __version__, OPERATION_HEADER: fingerprint("import_staff")}
        r = httpx.post(f"{url}{API}/ops/import_staff", content=b"x" * 1_000_001, headers=headers)
        refused_with(r, 413, "the server takes at most 1 MB")

        def chunks() -> Iterator[bytes]:
            yield b"{}"

        r = httpx.post(f"{url}{API}/ops/import_staff", content=chunks(), headers=headers)
        refused_with(r, 411, "The request does not say its length")
        r = Lhr(admin.db_url, server=url)("import", "staff", str(big))
        assert r.exit_code == 2, r  # before the card and password are asked for
        assert "the server takes at most 1 MB in one command" in r.message
        assert "raise max_upload_mb" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 0


def test_a_server_that_is_down(admin: Lhr) -> None:
    r = Lhr(admin.db_url, server="http://127.0.0.1:9")("round", "list")
    assert r.exit_code == 8, r
    assert "Cannot reach the lhrctl server http://127.0.0.1:9" in r.message


# ----------------------------------------------------------------------------- a whole round

LEGACY = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
ORG = "6540206"
REGISTRAR = person(81, national_id="3077347516751")  # on the LAO's staff (the file's)
OFFICER = person(82, national_id="3637403095773")
PHRAE = person(83)


def by(lhr: Lhr, slot: CardSlot, card: Any, *args: str, password: str = NEW_PASSWORD) -> Any:
    slot.insert(card)
    return lhr(*args, input=f"{password}\n")


def test_a_round_and_a_transfer_with_only_lhr_server(office: Lhr, slot: CardSlot) -> None:
    """Everything an office does, from a workstation whose environment names the server and
    nothing else: staff import (the file is uploaded and checked there), registrars and their
    enrolment, a transfer, LAO and province certification, the audit check."""
    lhr = office
    r = by(lhr, slot, ADMIN, "round", "open", "phase 1", "--lao-deadline", "31/12/2569",
           "--province-deadline", "31/01/2570", password=PASSWORD)  # fmt: skip
    assert r.exit_code == 0, r
    r = by(lhr, slot, ADMIN, "--json", "import", "staff", "--skip-invalid", str(LEGACY),
           password=PASSWORD)  # fmt: skip
    assert r.exit_code == 1, r  # the file's bad rows are reported; the good ones are in
    imported = json.loads(r.stdout)
    assert imported["files"][0]["file"] == str(LEGACY) and imported["new"] > 40
    assert lhr.scalar("SELECT count(*) FROM staff WHERE org_code = :o", o=ORG) == imported["new"]

    r = by(lhr, slot, ADMIN, "--json", "registrar", "set", "--org", ORG, "--registrar",
           REGISTRAR.national_id, "--officer", OFFICER.national_id, "--yes", password=PASSWORD)  # fmt: skip
    assert r.exit_code == 0, r
    codes = json.loads(r.stdout)
    for card, role in ((REGISTRAR, "registrar"), (OFFICER, "officer")):
        slot.insert(card)
        code = codes[role]["enrolment_code"]
        r = lhr("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
        assert r.exit_code == 0, r
    slot.insert(ADMIN)
    r = lhr("--json", "user", "add", "--national-id", PHRAE.national_id, "--role",
            "province_officer", "--scope", "54", input=f"{PASSWORD}\n")  # fmt: skip
    slot.insert(PHRAE)
    code = json.loads(r.stdout)["enrolment_code"]
    assert lhr("passwd", input=f"{code}\n{NEW_PASSWORD}\n{NEW_PASSWORD}\n").exit_code == 0

    mover = lhr.scalar(
        "SELECT national_id FROM staff WHERE org_code = :o AND national_id NOT IN "
        "(SELECT national_id FROM account) ORDER BY national_id LIMIT 1",
        o=ORG,
    )
    r = by(lhr, slot, OFFICER, "--json", "transfer", "create", "--person", str(mover),
           "--to", "6600803")  # fmt: skip
    assert r.exit_code == 0, r
    order = str(json.loads(r.stdout)["id"])
    r = by(lhr, slot, REGISTRAR, "transfer", "approve", order, "--letter-no", "พร 1",
           "--letter-date", "15/11/2569", "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    r = by(lhr, slot, ADMIN, "--json", "transfer", "receive", order, password=PASSWORD)
    assert json.loads(r.stdout)["status"] == "received"
    assert lhr.scalar("SELECT org_code FROM staff WHERE national_id = :n", n=mover) == "6600803"

    r = by(lhr, slot, REGISTRAR, "certify", "--level", "lao", "--org", ORG,
           "--accept-warnings", "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    r = by(lhr, slot, PHRAE, "certify", "--level", "province", "--org", ORG, "--sample", "2",
           "--yes")  # fmt: skip
    assert r.exit_code == 0, r
    r = lhr("--json", "certify", "status", "--org", ORG)
    assert json.loads(r.stdout)["state"] == "province_certified"
    r = by(lhr, slot, OFFICER, "import", "staff", str(LEGACY))  # locked now: refused, exit 4
    assert r.exit_code == 4, r
    assert by(lhr, slot, ADMIN, "audit", "verify", password=PASSWORD).exit_code == 0


def test_tls_the_certificate_must_verify(
    admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    key_file, cert_file, ca_file = tmp_path / "key.pem", tmp_path / "cert.pem", tmp_path / "ca.pem"
    cert.private_key_pem.write_to_path(str(key_file))
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    ca.cert_pem.write_to_path(str(ca_file))
    with serving(admin.db_url, tls=(str(cert_file), str(key_file))) as url:
        assert url.startswith("https://")
        workstation = Lhr(admin.db_url, server=url)
        r = workstation("round", "list")  # the office's CA is not trusted here: nothing is sent
        assert r.exit_code == 8, r
        assert f"The certificate of the lhrctl server {url} does not verify" in r.message
        assert "LHR_SERVER_CA" in r.message
        monkeypatch.setenv("LHR_SERVER_CA", str(ca_file))
        r = workstation("--json", "round", "list")
        assert r.exit_code == 0, r
        assert json.loads(r.stdout) == []


def test_arguments_of_the_wrong_shape(office: Lhr) -> None:
    headers = {VERSION_HEADER: __version__, OPERATION_HEADER: fingerprint("certify_status")}
    url = f"{office.server}{API}/ops/certify_status"
    r = httpx.post(url, json={"org": ["not", "a", "code"]}, headers=headers)
    refused_with(r, 400, "Operation certify_status: org is not valid")
    r = httpx.post(url, json={"org": "6540206", "extra": 1}, headers=headers)
    refused_with(r, 400, "Operation certify_status takes no argument extra.")


# ----------------------------------------------------------------------------- long work

STOPPED: list[int] = []


def slow_count(engine: Any, *, progress: Callable[[int], None] | None = None) -> int:
    """A long operation for the test below: it counts, slowly, telling its progress."""
    from lhrctl.errors import LhrError

    done = 0
    try:
        for done in range(1, 301):
            if progress is not None:
                progress(done)
            time.sleep(0.02)
    except LhrError:
        STOPPED.append(done)
        raise
    return done


def test_long_work_streams_its_progress(office: Lhr, slot: CardSlot) -> None:
    r = Lhr(office.db_url)("import", "staff", "--skip-invalid", str(LEGACY), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    seen: list[int] = []
    url = str(office.server)
    found = Server(url).call(
        "validate_stored", signed_in(url, "validate_stored"), {"org": ORG, "progress": seen.append}
    )
    assert found.rows == office.scalar("SELECT count(*) FROM staff WHERE org_code = :o", o=ORG)
    assert seen and seen[-1] == found.rows
    exported: list[int] = []
    records = Server(url).call(
        "staff_export", signed_in(url, "staff_export"), {"org": ORG, "progress": exported.append}
    )
    assert exported[-1] == len(records) == found.rows
    assert {r["org_code"] for r in records} == {ORG}


def test_a_client_that_leaves_stops_the_work(admin: Lhr, monkeypatch: pytest.MonkeyPatch) -> None:
    from lhrctl.services import operations

    slow = operations.Operation("slow_count", "tests.test_server:slow_count", signed_in=False,
                                reach="public", streams=True)  # fmt: skip
    monkeypatch.setitem(operations.OPERATIONS, "slow_count", slow)
    STOPPED.clear()
    with serving(admin.db_url) as url:
        seen: list[int] = []

        def leave_early(done: int) -> None:
            seen.append(done)
            if done == 3:
                raise KeyboardInterrupt  # the officer's Ctrl-C

        with pytest.raises(KeyboardInterrupt):
            Server(url).call("slow_count", None, {"progress": leave_early})
        deadline = time.monotonic() + 5
        while not STOPPED and time.monotonic() < deadline:
            time.sleep(0.05)
    assert STOPPED and STOPPED[-1] < 100  # it stopped at its next step, long before the end
    assert seen == [1, 2, 3]


def test_a_sign_in_of_the_wrong_shape(office: Lhr) -> None:
    headers = {VERSION_HEADER: __version__}
    url = f"{office.server}{API}/sign-in"
    body = {"card": {"national_id": "1"}, "password": PASSWORD, "command": "user_list"}
    refused_with(httpx.post(url, json=body, headers=headers), 400, "are not a Thai ID card's")
    body = {"card": {}, "password": PASSWORD, "command": "drop_everything"}
    refused_with(httpx.post(url, json=body, headers=headers), 400, "No command signs in as")


def test_every_sign_in_a_command_asks_for_is_one_the_server_knows(office: Lhr) -> None:
    """Each `sign_in(st, "…")` of the commands names a command the server gives sign-ins for."""
    import re

    from lhrctl.server.app import COMMANDS

    commands = Path(__file__).resolve().parent.parent / "lhrctl" / "commands"
    source = "".join(p.read_text("utf-8") for p in commands.glob("*.py"))
    asked = set(re.findall(r'sign_in\(st, "([a-z_]+)"', source))
    asked |= {f"conference_{step}" for step in ("approve", "reject", "cancel")}
    assert asked - COMMANDS == set()
    r = office("--json", "conference", "list", "--mine", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) == []


# ----------------------------------------------------------------------------- the process


@pytest.mark.parametrize("backend", ["postgresql"])
def test_lhrctl_serve_runs_as_a_process_of_its_own(admin: Lhr, tmp_path: Path) -> None:
    """The real entry point, as systemd starts it: `lhrctl serve --config FILE --migrate`, one
    worker; a workstation's lhrctl works through it; SIGTERM stops it cleanly."""
    import signal
    import socket
    import subprocess
    import sys

    from tests.conftest import run_cli

    bad = tmp_path / "bad.toml"
    bad.write_text('database = "postgresql://somewhere/lhr"\n')
    r = run_cli("serve", "--config", str(bad))
    assert r.exit_code == 2, r
    assert f"The server configuration {bad} has unknown keys database." in r.message
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = tmp_path / "server.toml"
    config.write_text(f'database_url = "{admin.db_url}"\nport = {port}\nworkers = 1\n')
    command = [sys.executable, "-m", "lhrctl", "serve", "--config", str(config), "--migrate"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{url}{API}/version", timeout=1)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        workstation = Lhr(admin.db_url, server=url)
        r = workstation("--json", "org", "list", "--province", "54")
        assert r.exit_code == 0, r
        assert len(json.loads(r.stdout)) == 84
        r = workstation("--json", "user", "list", input=f"{PASSWORD}\n")
        assert r.exit_code == 0, r
        assert [u["role"] for u in json.loads(r.stdout)] == ["dla_admin"]
    finally:
        proc.terminate()
        _, said = proc.communicate(timeout=20)
    # uvicorn shuts down gracefully, then ends by its signal, as systemd expects of a service
    assert proc.returncode == -signal.SIGTERM and "Traceback" not in said, said
    said = " ".join(said.split())
    assert f"at http://127.0.0.1:{port}" in said and "lhrctl serving postgresql" in said
