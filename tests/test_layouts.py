"""Tables fit an officer's terminal of 80 to 100 columns: a row stays on one line, a bar keeps its
percentage beside it, an action is never cut; free text gives way with …"""

from __future__ import annotations

import io
import json
import re
from contextlib import nullcontext
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from lhrctl.commands import _fit
from lhrctl.commands._context import AppState
from lhrctl.commands._findings import row_progress
from lhrctl.commands._fit import CUT, KEEP, WRAP
from lhrctl.commands._ui import Styled, Ui
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


TEXTS = st.sampled_from(["สมชาย", "ใจดี\u200b", "นักวิชาการคอมพิวเตอร์ชำนาญการ", "LHR204", "Sheet1!96615",
                         "a long problem that a narrow terminal cuts short or wraps", "", "x y", "中文字",
                         "[bold]x[/]", "\t", "ผู้อำนวยการกองการศึกษา ศาสนาและวัฒนธรรม"])  # fmt: skip
CELLS = st.one_of(TEXTS, st.none(), st.integers(-5, 10**6), TEXTS.map(lambda t: Styled(t, "red")))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(2, 4).flatmap(lambda n: st.lists(st.lists(CELLS, min_size=n, max_size=n), min_size=2, max_size=8)),
    fits=st.lists(st.sampled_from([WRAP, KEEP, CUT]), max_size=4),
    width=st.sampled_from([40, 80, 119, 200]),
    terminal=st.booleans(),
    title=st.sampled_from([None, "บุคลากร [draft]"]),
)  # fmt: skip
def test_a_long_table_is_drawn_as_rich_draws_it_a_row_at_a_time(
    rows: list[list[object]], fits: list[str], width: int, terminal: bool, title: str | None
) -> None:
    """_ui.table hands Rich the cells of a table in which none wraps as one cell a column (Rich
    took 0.5 s to draw 1,000 rows); what it draws is what Rich draws from the rows."""
    headers = ["เลขที่", "Name", "ปัญหา", "Level"][: len(rows[0])]

    def drawn(row_at_a_time: bool) -> str:
        ui = Ui(json_mode=False, quiet=False, lang="en")
        ui.out = Console(file=io.StringIO(), width=width, force_terminal=terminal,
                         color_system="truecolor" if terminal else None, highlight=False)  # fmt: skip
        with (
            mock.patch.object(_fit, "add_columns", _never_whole) if row_at_a_time else nullcontext()
        ):
            ui.table(headers, rows, title=title, fits=fits)
        text: str = ui.out.file.getvalue()  # type: ignore[attr-defined]
        return text

    assert drawn(row_at_a_time=False) == drawn(row_at_a_time=True)


@pytest.mark.parametrize("width", [36, 37, 41, 60])
def test_a_cut_column_drawn_at_once_is_cut_as_rich_cuts_it(width: int) -> None:
    """The lines a column cuts short (an ellipsis last; a wide character that straddles the
    edge gives way to a space) read as Rich cuts them, a row at a time."""
    rows = [
        ["LHR204", "ผู้อำนวยการกองการศึกษา ศาสนาและวัฒนธรรม ผู้อำนวยการกองการศึกษา"],
        ["LHR101", "中文字中文字中文字中文字中文字中文字中文字中文字"],
        ["LHR102", "short"],
    ]
    test_a_long_table_is_drawn_as_rich_draws_it_a_row_at_a_time.hypothesis.inner_test(  # type: ignore[attr-defined]
        rows, [KEEP, CUT], width, False, None
    )


_add_columns = _fit.add_columns
_add_row = Table.add_row


def _never_whole(*args: Any) -> bool:
    _add_columns(*args)
    return False


def test_a_title_longer_than_its_table_stays_on_one_line() -> None:
    """A certification's status over its narrow table of counts was cut onto two lines: Rich
    wraps a table's own title at the table's width."""
    title = "อบต.เกาะรัง (6160402) — รับรองระดับ อปท. แล้ว รอจังหวัดรับรอง"
    for lang in ("en", "th"):
        ui = Ui(json_mode=False, quiet=False, lang=lang)
        ui.out = Console(file=io.StringIO(), width=80, highlight=False)
        ui.table(["ประเภท", "คน"], [["ครู", 12]], title=title)
        ui.fields([("สถานะ", "รับรองแล้ว")], title=title)
        lines = ui.out.file.getvalue().splitlines()  # type: ignore[attr-defined]
        assert lines[0] == title and lines[1].split() == ["ประเภท", "คน"]
        assert title in lines and lines[-1].split() == ["สถานะ", "รับรองแล้ว"]


def test_a_long_table_of_findings_is_drawn_at_once() -> None:
    rows = [["LHR204", "warning", f"Sheet1!{n}", "first_name", "ธนากร\u200b", "Thai text was not normalised"]
            for n in range(3, 1003)]  # fmt: skip
    ui = Ui(json_mode=False, quiet=False, lang="en")
    ui.out = Console(file=io.StringIO(), width=200, highlight=False)
    added = []

    def add_row(table: Table, *cells: Any, **options: Any) -> None:
        added.append(cells)
        _add_row(table, *cells, **options)

    with mock.patch.object(Table, "add_row", add_row):
        ui.table(["Rule", "Level", "Where", "Column", "Value", "Problem"], rows)
    assert len(added) == 1  # a row of six cells of 1,000 lines
    lines = ui.out.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1000 + 4
    assert (
        lines[3]
        == "│ LHR204 │ warning │ Sheet1!3    │ first_name │ ธนากร\u200b │ Thai text was not normalised │"
    )


@pytest.mark.parametrize(("lang", "opening", "counted"), [("en", "opening the file…", "1,500 rows"),
                                                          ("th", "กำลังเปิดไฟล์…", "1,500 แถว")])  # fmt: skip
def test_the_progress_of_a_file_says_it_is_opening_until_rows_are_counted(
    lang: str, opening: str, counted: str
) -> None:
    """A large sheet is laid out whole before a row is counted: seconds of "0 rows" before."""
    state = AppState(lang=lang)
    state.ui.err = Console(file=io.StringIO(), width=100, force_terminal=True, highlight=False)
    shown = []
    with row_progress(state, "staff.xlsx") as advance:
        assert advance is not None
        shown.append(_screen(state))
        advance(1500)
        shown.append(_screen(state))
    assert opening in shown[0] and " 0 " not in shown[0]
    assert counted in shown[1] and opening not in shown[1]


def _screen(state: AppState) -> str:
    """What the live progress shows now."""
    live = state.ui.err._live_stack[-1]  # the progress bar, drawn at once
    live.refresh()
    return plain(state.ui.err.file.getvalue().split("\r")[-1])  # type: ignore[attr-defined]


def test_a_change_from_no_value_reads_as_a_dash() -> None:
    """A record's history said `level: None → คศ.1` (Python's word) of a level first given."""
    from lhrctl.commands._ui import Ui
    from lhrctl.commands.staff import _describe_changes

    for lang, level in (("en", "level"), ("th", "ระดับ")):
        ui = Ui(json_mode=False, quiet=False, lang=lang)
        shown = _describe_changes(ui, {"level": [None, "คศ.1"], "division": ["กองคลัง", None]})
        assert (
            shown
            == f"{level}: - → คศ.1, "
            + ("division" if lang == "en" else "ส่วนราชการ")
            + ": กองคลัง → -"
        )
