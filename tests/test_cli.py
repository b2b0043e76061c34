"""The command line as a whole: help for every command, quick start-up, errors, languages."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lhrctl.cli import app, hoist_global_options
from lhrctl.commands._arguments import parse_date_arg, parse_national_id
from lhrctl.errors import UsageError
from lhrctl.national_id import mask_national_id
from tests.conftest import OFFLINE, REPO, Lhr, run_cli
from tests.test_language import subcommands


def walk(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = [(path, command)]
    for name, sub in subcommands(command).items():
        found += walk(sub, (*path, name))
    return found


def test_every_command_has_help_text() -> None:
    import typer.main

    commands = walk(typer.main.get_command(app))
    assert len(commands) > 15
    for path, command in commands[1:]:
        assert (getattr(command, "help", None) or "").strip(), (
            f"lhrctl {' '.join(path)} has no help"
        )


def modules_loaded(
    args: list[str], modules: tuple[str, ...], exit_codes: tuple[int, ...] = (0, 1)
) -> list[str]:
    """Those of `modules` that `lhrctl ARGS`, run in a fresh interpreter, loads."""
    code = (
        "import sys; from typer.testing import CliRunner; from lhrctl.cli import app; "
        f"r = CliRunner().invoke(app, {args!r}); assert r.exit_code in {exit_codes!r}, r.output; "
        f"print([m for m in {modules!r} if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded: list[str] = ast.literal_eval(out.stdout.strip().splitlines()[-1])
    return loaded


def test_help_imports_no_heavy_module() -> None:
    heavy = ("sqlalchemy", "smartcard", "openpyxl", "sqlmodel", "argon2", "typer.rich_utils",
             "lhrctl.commands.import_", "lhrctl.commands.validate", "lhrctl.commands.user")  # fmt: skip
    assert modules_loaded(["--help"], heavy) == []


def test_checking_a_file_loads_nothing_of_the_database() -> None:
    """`validate FILE` needs no database: SQLAlchemy and the tables took half its time."""
    file = "tests/data/legacy/01_A_6540206.xlsx"
    database = ("sqlalchemy", "sqlmodel", "alembic", "smartcard")
    assert modules_loaded(["validate", "--org", "6540206", file], database) == []


def test_a_command_given_plain_values_builds_no_pydantic_checks() -> None:
    """Typer checks each value with a pydantic adapter: 0.1 s of every command, for values
    (a default, a text, a path) it leaves as they are (commands/_quick_params)."""
    file = "tests/data/legacy/01_A_6540206.xlsx"
    args = ["validate", "--org", "6540206", "--format", "json", "--mapping", "x.toml", file]
    assert modules_loaded(args, ("pydantic", "typer._adapters"), exit_codes=(7,)) == []  # x.toml
    assert modules_loaded(["validate", "--org", "6540206", file], ("pydantic",)) == []


@pytest.mark.parametrize("command", [["validate"], ["import", "staff"]])
def test_a_large_workbook_loads_before_the_database_modules_are_imported(
    command: list[str], tmp_path: Path
) -> None:
    """The sheet's loader is started before SQLAlchemy or pydantic (typer's checks of a list of
    files) is imported: `import staff` started it 0.8 s into its run, the whole of that on the
    officer's wait (the bench's import step, which starts it first, did not show it)."""
    heavy = ("sqlalchemy", "sqlmodel", "pydantic", "lhrctl.services.staff_import")
    args = ["--db", f"sqlite:///{tmp_path / 'lhr.db'}", *command]
    args.append("tests/data/legacy/01_A_6540206.xlsx")
    code = (
        "import subprocess, sys\n"
        "from lhrctl.staff_files import sheet_loader\n"
        "sheet_loader.LOAD_APART = 0  # any workbook is loaded apart\n"
        "seen, real = [], subprocess.Popen.__init__\n"
        "def spawn(self, args, *more, **options):\n"
        "    if 'lhrctl.staff_files.sheet_loader' in args:\n"
        f"        seen.append([m for m in {heavy!r} if m in sys.modules])\n"
        "    real(self, args, *more, **options)\n"
        "subprocess.Popen.__init__ = spawn\n"
        "from typer.testing import CliRunner; from lhrctl.cli import app\n"
        f"CliRunner().invoke(app, {args!r})\n"
        "print(seen)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert ast.literal_eval(out.stdout.strip().splitlines()[-1]) == [
        []
    ]  # one loader, started first


def test_a_number_given_is_still_checked_by_typer() -> None:
    for given, said in (("0", "greater than or equal to 1"), ("many", "valid integer")):
        r = CliRunner().invoke(app, ["validate", "--max-findings", given, "x.csv"])
        assert r.exit_code == 2, r.output
        assert "Invalid value for '--max-findings': Input should be" in r.output
        assert said in r.output


def test_a_mapping_that_is_a_folder_is_a_line_saying_so(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("เลขประจำตัวประชาชน\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["validate", "--mapping", str(tmp_path), str(staff)])
    assert r.exit_code == 7, r.output  # it was an internal error (70): the folder was read
    assert r.output.strip() == f"Error: {tmp_path} is a folder, not a file."


def test_a_report_loads_none_of_the_checks(lhr: Lhr) -> None:
    """Every command's start-up is the officer's wait: the record checks (70 ms to load) are
    loaded only by the commands that check."""
    lhr("init", env={"LHR_CARD_TIMEOUT": "0.5"})  # the schema; no round is open
    checks = ("lhrctl.services.staff_validate", "lhrctl.staff_files.workers")
    args = ["--db", lhr.db_url, "report", "progress"]
    assert modules_loaded(args, checks, exit_codes=(6,)) == []  # 6: no round


def test_errors_are_one_line_and_a_hint(tmp_path: object) -> None:
    r = run_cli("--db", f"sqlite:///{tmp_path}/x.db", "org", "show", "6540206")
    assert r.exit_code == 8
    assert r.stderr.splitlines()[0].startswith("Error: The database sqlite:///")
    assert r.stderr.splitlines()[1].startswith("Hint: Run `lhrctl init`")
    assert len(r.stderr.splitlines()) == 2 and r.stdout == ""


def test_a_place_no_file_can_be_made_is_one_line_and_a_hint(tmp_path: Path) -> None:
    """`-o` naming a folder, or a path through a file, was an internal error (exit 70); a
    marked-up workbook also left Python's complaint about its half-built sheet on stderr."""
    file = "tests/data/legacy/01_A_6540206.xlsx"
    for fmt in ("csv", "xlsx"):
        r = run_cli("validate", "--org", "6540206", "--format", fmt, "-o", str(tmp_path), file)
        assert r.exit_code == 2, r
        assert r.stderr.splitlines() == [
            f"Error: Cannot write {tmp_path}: it is a folder.",
            "Hint: Give a file name in a folder you can write to.",
        ]
    through = tmp_path / "a file"
    through.write_text("kept\n", encoding="utf-8")
    args = ("--format", "xlsx", "-o", str(through / "marked.xlsx"), file)
    r = run_cli("--lang", "th", "validate", "--org", "6540206", *args)
    assert r.exit_code == 2, r
    assert "ไม่ได้: มีไฟล์อยู่ในตำแหน่งของโฟลเดอร์" in r.stderr.splitlines()[0]
    assert len(r.stderr.splitlines()) == 2 and through.read_text(encoding="utf-8") == "kept\n"


def test_ctrl_c_inside_polars_is_exit_130_not_a_panic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C while polars ran Python code came back as pyo3's PanicException (a BaseException):
    a Rust traceback and exit 1. Any other panic is a bug, and still shows as one."""
    import polars as pl

    from lhrctl.staff_files import reading

    def panics(message: str) -> object:
        def read(*args: object, **kwargs: object) -> object:
            raise pl.exceptions.PanicException(message)

        return read

    interrupted = (
        "called `Result::unwrap()` on an `Err` value: PyErr { type: <class 'KeyboardInterrupt'>"
    )
    file = "tests/data/legacy/01_A_6540206.xlsx"
    monkeypatch.setattr(reading, "read_staff_file", panics(interrupted))
    r = OFFLINE("validate", "--org", "6540206", file)
    assert (r.exit_code, r.stdout, r.stderr) == (130, "", "")
    monkeypatch.setattr(reading, "read_staff_file", panics("index out of bounds"))
    with pytest.raises(pl.exceptions.PanicException):
        OFFLINE("validate", "--org", "6540206", file)


@pytest.mark.parametrize(
    ("reason", "code", "said"),
    [  # the write lock held by another officer's import longer than lhrctl waits; a failure
        ("database is locked", 6, "stayed busy with another officer's work"),
        ("disk I/O error", 8, "Database error: disk I/O error"),
    ],
)
def test_a_database_error_outside_an_action_says_what_it_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, reason: str, code: int, said: str
) -> None:
    """A lock timeout no action caught (the schema's check, an upgrade) is the busy database,
    exit 6 with a hint to try again once the other work is done; any other failure exit 8."""
    from sqlalchemy.exc import OperationalError

    from lhrctl import db

    def fails(engine: object) -> None:
        raise OperationalError("SELECT version_num FROM alembic_version", {}, Exception(reason))

    monkeypatch.setattr(db, "require_current_schema", fails)
    r = Lhr(f"sqlite:///{tmp_path}/x.db")("org", "list")
    assert r.exit_code == code, r
    assert said in r.stderr.splitlines()[0]


def test_thai_messages(tmp_path: object) -> None:
    r = run_cli("--lang", "th", "--db", f"sqlite:///{tmp_path}/x.db", "org", "list")
    assert r.exit_code == 8
    assert "ข้อผิดพลาด:" in r.stderr and "lhrctl init" in r.stderr


def test_usage_errors_are_exit_2() -> None:
    assert run_cli("org", "list", "--no-such-option").exit_code == 2
    assert run_cli("--lang", "fr", "org", "list").exit_code == 2


def test_json_puts_only_json_on_stdout(lhr: Lhr) -> None:
    r = lhr("init", "--json", env={"LHR_CARD_TIMEOUT": "0.5"})
    # without a card there is no admin to enrol, but the schema is there and stdout is clean
    assert r.exit_code in (3, 5), r
    assert r.stdout == ""
    r = lhr("--json", "org", "list")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) == []


def test_global_options_may_follow_the_command() -> None:
    assert hoist_global_options(["org", "list", "--json", "--db=x", "-p", "54"]) == [
        "--json", "--db=x", "org", "list", "-p", "54",
    ]  # fmt: skip
    assert hoist_global_options(["import", "orgs", "--db", "u", "--", "--json"]) == [
        "--db", "u", "import", "orgs", "--", "--json",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("22/11/2569", "2026-11-22"),
        ("2569-11-22", "2026-11-22"),
        ("2026-11-22", "2026-11-22"),
        ("29/02/2543", "2000-02-29"),
        ("๒๒/๑๑/๒๕๖๙", "2026-11-22"),
    ],
)
def test_dates_typed_by_an_operator(text: str, iso: str) -> None:
    assert parse_date_arg(text).isoformat() == iso


@pytest.mark.parametrize("text", ["31/02/2569", "tomorrow", "2569/11"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(UsageError):
        parse_date_arg(text)


def test_national_ids() -> None:
    assert parse_national_id("1-1004-00012-34-8") == "1100400012348"
    assert mask_national_id("1100400012348") == "1-1004-xxxxx-xx-8"
    with pytest.raises(UsageError, match="13 digits"):
        parse_national_id("12345")


def test_output_cut_short_by_its_reader_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """`lhrctl rules | head -1`: the reader leaves while lhrctl writes (the pipe breaks);
    lhrctl stops quietly with 141, as a shell reports it, not with an 'Internal error'."""
    from typer.testing import CliRunner

    from lhrctl.commands._ui import Ui

    def cut_short(*_: object, **__: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(Ui, "rows", cut_short)
    r = CliRunner().invoke(app, ["rules"])
    assert r.exit_code == 141, r.output
    assert "Internal error" not in r.output
