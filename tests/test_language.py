"""Every word an officer reads exists in Thai and in English: help, parser errors, messages."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lhrctl.cli import app
from lhrctl.commands._language import folded
from lhrctl.commands.help_th import HELP_TH
from tests.conftest import PASSWORD, CardSlot, Lhr
from tests.test_transfers import laos  # noqa: F401  (the fixture: two LAOs with their people)

PACKAGE = Path(__file__).parent.parent / "lhrctl"

# English an officer types or reads as a name, not as a sentence: commands, values, formats
NAMES = set(
    re.findall(
        r"[a-z]+",
        """lhrctl lhr sqlite postgresql json csv xlsx xls toml stdout stdin pcscd atr mac jpeg tls api
    url http https init passwd whoami validate rules inspect serve import orgs staff org user audit
    card round certify transfer registrar report conference list show add disable unlock enable
    export template log verify readers read open close return status history create approve
    receive reject cancel set progress book form join info room lao province table error warning
    draft approved received rejected cancelled dla admin officer sao th en windows plan check
    kp7""",
    )
)


def _commands(command: Any, path: str = "lhrctl") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, child in subcommands(command).items():
        yield from _commands(child, f"{path} {name}")


def subcommands(command: Any) -> dict[str, Any]:
    """A group's commands, asked for as the parser does (the top level makes them then)."""
    import typer

    if not hasattr(command, "list_commands"):
        return {}
    ctx = typer.Context(command)
    return {name: command.get_command(ctx, name) for name in command.list_commands(ctx)}


def _texts() -> Iterator[tuple[str, str]]:
    """(where, English help) of every command, option and argument, as the tree is built."""
    import typer.main

    for path, command in _commands(typer.main.get_command(app)):
        yield path, command.help or ""
        for param in command.params:
            yield f"{path} {param.name}", getattr(param, "help", None) or ""


def test_every_command_and_option_has_english_and_thai_help() -> None:
    missing_en = [where for where, text in _texts() if not text.strip()]
    assert missing_en == []
    missing_th = {folded(text): where for where, text in _texts() if folded(text) not in HELP_TH}
    assert missing_th == {}, "add these to lhrctl/commands/help_th.py"
    used = {folded(text) for _, text in _texts()} | {"Show this message and exit."}
    assert set(HELP_TH) - used == set(), "translations of texts no longer in the help"


def english_words(text: str) -> set[str]:
    """Words of English prose left in `text`: not options, names in backticks, codes or units."""
    # not prose: `code`, options, CONSTANTS, .ext, type[hints], snake_case, paths, Sheet!row,
    # names with a number (Sheet1), hashes
    text = re.sub(
        r"`[^`]*`|--?[\w-]+|\b[A-Z_]{2,}\b|\.\w+\b|\w+\[[^\]]*\]|\w+_\w+|\S*/\S*|\S+!\d+|\b[A-Za-z]+\d+\b|\b[0-9a-f]{8,}",
        " ",
        text,
    )
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in NAMES}


def test_english_prose_is_found() -> None:
    words = english_words("แสดง Print these words (--json, `lhrctl org list`, LHR_LANG, .xlsx)")
    assert words == {"Print", "these", "words"}


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "th", "--help"], {}),
        (["--lang", "th", "certify", "--help"], {}),
        (["import", "staff", "--help"], {"LANG": "th_TH.UTF-8", "LHR_LANG": None}),
        (["--lang", "th", "transfer", "approve", "--help"], {}),
    ],
)
def test_help_in_thai_has_no_english_prose(args: list[str], env: dict[str, str | None]) -> None:
    r = CliRunner().invoke(app, args, env=env, terminal_width=100)  # type: ignore[arg-type]
    assert r.exit_code == 0, r.output
    assert "วิธีใช้" in r.output and "ตัวเลือก" in r.output
    assert english_words(r.output) == set(), r.output


def test_help_in_english_stays_english() -> None:
    r = CliRunner().invoke(app, ["--lang", "en", "certify", "--help"], terminal_width=100)
    assert "Usage: lhrctl certify [OPTIONS] COMMAND [ARGS]..." in r.output
    assert "Certify an LAO's data" in r.output and "รับรอง" not in r.output
    assert "<str>" not in r.output and "<bool>" not in r.output  # value placeholders, not types


@pytest.mark.parametrize(
    ("args", "th", "en"),
    [
        (["certfy"], "ไม่มีคำสั่ง 'certfy' (หมายถึง 'certify' หรือไม่)",
         "No such command 'certfy'. Did you mean 'certify'?"),
        (["round", "open", "p1"], "ยังไม่ได้ระบุ '--lao-deadline'", "Missing option '--lao-deadline'"),
        (["org", "list", "--provnce", "54"], "ไม่มีตัวเลือก --provnce (หมายถึง --province หรือไม่)",
         "No such option: --provnce"),
        (["validate", "--max-findings", "0", "x.xlsx"],
         "ค่าของ '--max-findings' ไม่ถูกต้อง: ต้องไม่น้อยกว่า 1", "Invalid value for '--max-findings'"),
        (["validate", "a.xlsx", "b.xlsx"], "มีค่าเกินมา: b.xlsx", "unexpected extra argument"),
        (["org", "list", "--province"], "ตัวเลือก '--province' ต้องมีค่าตามหลัง",
         "Option '--province' requires an argument."),
    ],
)  # fmt: skip
def test_parser_errors_speak_both_languages(args: list[str], th: str, en: str) -> None:
    r = CliRunner().invoke(app, ["--lang", "th", *args])
    assert r.exit_code == 2, r.output
    assert f"ข้อผิดพลาด: {th}" in r.stderr
    assert "คำแนะนำ: " in r.stderr and "--help" in r.stderr  # the next step, in Thai
    r = CliRunner().invoke(app, ["--lang", "en", *args])
    assert r.exit_code == 2, r.output
    assert en in r.stderr and "Hint: " in r.stderr


ERRORS = {"LhrError", "Findings", "UsageError", "SignInFailed", "NotAllowed",
          "ReaderUnavailable", "Conflict", "InputUnreadable", "DatabaseError"}  # fmt: skip


def _error_calls() -> Iterator[tuple[str, ast.Call]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ERRORS or name == "Finding":
                    yield f"{path.relative_to(PACKAGE)}:{node.lineno}", node


def test_every_error_message_and_hint_has_its_thai() -> None:
    """An error made with English only would show English to a Thai officer."""
    lacking = []
    for where, call in _error_calls():
        keywords = {k.arg for k in call.keywords}
        if ast.unparse(call.func).endswith("Finding"):
            continue
        if len(call.args) == 1 and "th" not in keywords and not _is_passed_through(call):
            lacking.append(f"{where}: message without Thai")
        if "hint_en" in keywords and "hint_th" not in keywords:
            lacking.append(f"{where}: hint without Thai")
    assert lacking == []


def _is_passed_through(call: ast.Call) -> bool:
    """`DatabaseError(message)` of a message the database gave: nothing to translate."""
    return not isinstance(call.args[0], (ast.Constant, ast.JoinedStr))


@pytest.mark.pcsc
@pytest.mark.parametrize("backend", ["sqlite"])  # words, not storage: one backend is enough
def test_a_day_of_work_in_thai(laos: Lhr, slot: CardSlot, tmp_path: Path) -> None:  # noqa: F811
    """The day of the issue, in Thai: help, a file checked and imported, a round, a transfer, the
    registrars, a room booked, the reports and the audit log. No English prose, no ISO date."""
    from tests.test_transfers import DESTINATION_OFFICER, LETTER, ORIGIN, ORIGIN_REGISTRAR, people

    lhr = laos
    th = ("--lang", "th")
    said: list[str] = []
    held: list[Any] = []  # the card in the reader: an officer leaves it there between commands

    def run(card: Any, *args: str, code: tuple[int, ...] = (0,), password: str = PASSWORD) -> None:
        if held != [card]:
            slot.insert(card)
            held[:] = [card]
        r = lhr(*th, *args, input=f"{password}\n")
        assert r.exit_code in code, (args, r)
        said.append(r.stdout + r.stderr)

    from tests.conftest import ADMIN
    from tests.test_accounts import NEW_PASSWORD

    source = str(Path(__file__).parent / "data" / "legacy" / "02_B_6160402.xlsx")
    run(ADMIN, "--help")
    run(ADMIN, "validate", source, code=(1,))
    run(ADMIN, "import", "staff", "--skip-invalid", source, code=(1,))
    run(ADMIN, "rules")
    run(ADMIN, "round", "open", "ระยะที่ 1", "--lao-deadline", "31/12/2569",
        "--province-deadline", "31/01/2570")  # fmt: skip
    run(ADMIN, "round", "list")
    run(ADMIN, "certify", "status", "--org", ORIGIN)
    run(ADMIN, "registrar", "show", "--org", ORIGIN)
    run(ADMIN, "registrar", "list", "--province", "54")
    run(ADMIN, "user", "list")
    run(ADMIN, "org", "show", ORIGIN)
    (nid,) = people(lhr, 1)
    from tests.test_transfers import create

    order = str(create(lhr, slot, nid))
    held.clear()  # `create` put its own cards in
    run(ORIGIN_REGISTRAR, "transfer", "approve", order, *LETTER, "--yes", password=NEW_PASSWORD)
    run(DESTINATION_OFFICER, "transfer", "receive", order, password=NEW_PASSWORD)
    run(DESTINATION_OFFICER, "transfer", "list", password=NEW_PASSWORD)
    run(DESTINATION_OFFICER, "staff", "show", nid, password=NEW_PASSWORD)
    run(ORIGIN_REGISTRAR, "certify", "--level", "lao", "--org", ORIGIN, "--accept-warnings",
        "--yes", code=(0, 1), password=NEW_PASSWORD)  # fmt: skip
    run(ORIGIN_REGISTRAR, "certify", "history", "--org", ORIGIN, password=NEW_PASSWORD)
    run(ADMIN, "conference", "room", "add", "8000", "--name", "ห้องประชุม สถ. 1", "--capacity", "20")
    day = date.today() + timedelta(days=1)
    tomorrow = f"{day:%d/%m}/{day.year + 543}"
    run(ADMIN, "conference", "book", "--room", "8000", "--date", tomorrow, "--from", "09:00",
        "--to", "10:00", "--participants", "10", "--title", "ประชุมติดตาม")  # fmt: skip
    run(ADMIN, "conference", "list", "--date", tomorrow)
    run(ADMIN, "report", "progress", "--province", "54", "-o", str(tmp_path / "progress.xlsx"))
    run(ADMIN, "audit", "log")
    everything = "\n".join(said)
    assert [line for line in everything.splitlines() if english_words(line)] == []
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", everything)  # no ISO (Gregorian) date


def test_every_stored_word_has_its_labels() -> None:
    """Each role, personnel type, state, status, outcome and audit action the services store is
    shown to people in both languages (`lhrctl.labels`)."""
    from lhrctl import labels
    from lhrctl.services import access, certification, conference, transfers
    from lhrctl.services.operations import OPERATIONS
    from lhrctl.staff_files.rules import RULES
    from lhrctl.staff_files.vocabulary import CANONICAL_TYPES

    expected = {
        "ROLES": set(access.ROLES),
        "PERSONNEL_TYPES": set(CANONICAL_TYPES),
        "CERTIFICATION_STATES": {certification.RECORDING, certification.LAO_CERTIFIED,
                                 certification.PROVINCE_CERTIFIED, certification.RETURNED},
        "TRANSFER_STATUSES": {transfers.DRAFT, transfers.APPROVED, transfers.RECEIVED,
                              transfers.REJECTED, transfers.CANCELLED},
        "BOOKING_STATES": {conference.PENDING, conference.APPROVED, conference.REJECTED,
                           conference.CANCELLED},
        "FINDING_LEVELS": {rule.severity for rule in RULES.values()},
    }  # fmt: skip
    for name, keys in expected.items():
        table = getattr(labels, name)
        assert set(table) == keys, name
    actions = {op.name for op in OPERATIONS.values()} | {op.sign_in for op in OPERATIONS.values()}
    assert actions - set(labels.ACTIONS) == set()
    tables = [v for k, v in vars(labels).items() if k.isupper() and isinstance(v, dict)]
    for table in tables:
        for key, (en, th) in table.items():
            assert en.strip() and th.strip(), key
            assert english_words(th) == set(), (key, th)
