"""Tables fit an officer's terminal of 80 to 100 columns: a row stays on one line, a bar keeps its
percentage beside it, an action is never cut; free text gives way with …"""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from tests.conftest import PASSWORD, Lhr

DEADLINES = ("--lao-deadline", "2569-12-31", "--province-deadline", "2570-01-31")


def plain(stdout: str) -> str:
    """The text a person sees: a terminal's styles (bold, italic) taken out."""
    return re.sub(r"\x1b\[[0-9;]*m", "", stdout)


def body(stdout: str) -> list[str]:
    """The table's rows: the lines after the header's rule, but the bottom rule."""
    lines = plain(stdout).splitlines()
    start = next(i for i, line in enumerate(lines) if set(line.strip()) <= set("━─┡┩╇┿├┤┼ "))
    return [line for line in lines[start + 1 :] if line.strip() and not line.startswith("└")]


@pytest.mark.parametrize("backend", ["sqlite"])  # layout, not storage
@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("width", [80, 100])
def test_progress_and_audit_log_fit_the_terminal(admin: Lhr, width: int, lang: str) -> None:
    assert admin("round", "open", "p1", *DEADLINES, input=f"{PASSWORD}\n").exit_code == 0
    # a terminal of that width, as Rich is told it is (TTY_COMPATIBLE), without colours
    env = {"COLUMNS": str(width), "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    r = admin("--json", "report", "progress", input=admin.reads())
    provinces = len(json.loads(r.stdout)["provinces"])
    r = admin("--lang", lang, "report", "progress", env=env, input=admin.reads())
    assert r.exit_code == 0, r
    assert max(cell_len(line) for line in plain(r.stdout).splitlines()) <= width, r.stdout
    rows = body(r.stdout)
    assert len(rows) == provinces  # a province a line: no bar or percentage wrapped onto a second
    assert all(line.rstrip("│ ").endswith("%") for line in rows), rows[:3]

    r = admin("--json", "audit", "log", input=f"{PASSWORD}\n")
    count = len(json.loads(r.stdout)) + 1  # and the reading about to be logged
    r = admin("--lang", lang, "audit", "log", env=env, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert max(cell_len(line) for line in plain(r.stdout).splitlines()) <= width, r.stdout
    rows = body(r.stdout)
    assert len(rows) == count  # an entry a line: details cut short, not wrapped
    whole = "LAO registry imported" if lang == "en" else "นำเข้าทะเบียน อปท."
    assert any(whole in line for line in rows), rows  # the action is never cut


@pytest.mark.parametrize("backend", ["sqlite"])
def test_audit_details_read_in_the_buddhist_era(admin: Lhr) -> None:
    assert admin("round", "open", "p1", *DEADLINES, input=f"{PASSWORD}\n").exit_code == 0
    r = admin("audit", "log", input=f"{PASSWORD}\n")
    assert "LAO deadline=31/12/2569" in r.stdout and "2026-12-31" not in r.stdout, r.stdout
