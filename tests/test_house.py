"""The rules of the house, checked: what each layer may import, short functions, one home for the
Buddhist Era, every command's help, and JSON on stdout under --json whatever a command is given."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from tests.conftest import PASSWORD, Lhr
from tests.test_language import subcommands as subcommands_of

PACKAGE = Path(__file__).resolve().parent.parent / "lhrctl"


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text("utf-8"))


def imported(tree: ast.Module) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def importers(prefix: str) -> set[str]:
    return {
        path
        for path, tree in modules()
        if any(n == prefix or n.startswith(prefix + ".") for n in imported(tree))
    }


def test_only_the_commands_import_typer_and_rich() -> None:
    outside = {
        p for p in importers("typer") | importers("rich") if not p.startswith("lhrctl/commands/")
    }
    assert outside == {"lhrctl/cli.py"}


def test_only_the_card_adapter_imports_pyscard() -> None:
    assert importers("smartcard") == {"lhrctl/auth/card.py"}


def test_only_db_creates_engines() -> None:
    creating = {
        path
        for path, tree in modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and (node.id if isinstance(node, ast.Name) else node.attr) == "create_engine"
    }
    assert creating == {"lhrctl/db.py"}


@pytest.mark.parametrize("folder", ["lhrctl/staff_files/", "lhrctl/writers/", "lhrctl/auth/"])
def test_the_edges_import_no_service(folder: str) -> None:
    assert {p for p in importers("lhrctl.services") if p.startswith(folder)} == set()


def test_services_import_no_command() -> None:
    assert {p for p in importers("lhrctl.commands") if p.startswith("lhrctl/services/")} == set()


def test_no_function_is_hard_to_read() -> None:
    """radon's cyclomatic complexity, grade A or B (10 or less): `radon cc -n C lhrctl` is empty."""
    from radon.complexity import cc_visit

    too_complex = [
        f"{path}:{block.lineno} {block.name} ({block.complexity})"
        for path in sorted(PACKAGE.rglob("*.py"))
        for block in cc_visit(path.read_text("utf-8"))
        if block.complexity > 10
    ]
    assert too_complex == []


def test_the_buddhist_era_and_thai_digits_have_one_home() -> None:
    offset = re.compile(r"\b543\b")
    thai_digits = re.compile("๐-๙|๐๑๒")  # a range or a table of them (not an example in a doc)
    homes = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*.py")
        if offset.search(text := path.read_text("utf-8")) or thai_digits.search(text)
    }
    assert homes == {"lhrctl/thai.py"}


# ----------------------------------------------------------------------------- the commands


def command_paths() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Every command and group, and the commands that do something (not a group's help)."""
    from lhrctl.cli import app

    found: list[tuple[str, ...]] = []
    leaves: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        subcommands = subcommands_of(command)
        for name, sub in subcommands.items():
            walk(sub, (*path, name))
        if path:
            found.append(path)
        if path and (not subcommands or getattr(command, "invoke_without_command", False)):
            leaves.append(path)

    walk(typer.main.get_command(app), ())
    return found, leaves


COMMANDS, LEAVES = command_paths()


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    r = Lhr("sqlite:///unused.db")(*path, "--help")
    assert r.exit_code == 0, r
    assert "Usage:" in r.stdout and f"lhrctl {' '.join(path)}" in " ".join(r.stdout.split())


def test_every_command_under_json_prints_json_or_nothing(admin: Lhr) -> None:
    """Each command run bare with --json (the ADMIN's card in the reader, the password typed): its
    stdout parses as JSON or is empty, and no command ends in an internal error (exit 70)."""
    outcomes = {}
    for path in LEAVES:
        if path == ("card", "readers"):  # talks to pcscd itself: test_signin, in the pcsc group
            continue
        r = admin("--json", *path, input=f"{PASSWORD}\n{PASSWORD}\n{PASSWORD}\n")
        assert r.exit_code != 70, r
        if r.stdout.strip():
            try:
                json.loads(r.stdout)
            except ValueError as exc:
                raise AssertionError(f"lhrctl --json {' '.join(path)}: {r}") from exc
        outcomes[" ".join(path)] = r.exit_code
    # the ones that need nothing more did their job
    for done in ("org list", "round list", "rules", "user list", "whoami", "audit verify"):
        assert outcomes[done] == 0, (done, outcomes)
