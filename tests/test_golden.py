"""Golden outputs: every staff file in tests/data read as today's pipeline reads it, the records it
stages and its findings (rule, sheet, row, column, value), kept in tests/data/golden. A faster
reader (issue 22) must give the same; a change meant to alter them rewrites the files with
`LHR_UPDATE_GOLDEN=1 pytest tests/test_golden.py` and shows up in the diff.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
FILES = sorted(p for p in (DATA / "legacy").iterdir() if p.suffix in (".xlsx", ".xls", ".csv"))
TODAY = date(2026, 12, 2)  # the age rules depend on the day


def read(path: Path, workers: int) -> dict[str, object]:
    from lhrctl.staff_files.reading import LaoDirectory, read_staff_file
    from lhrctl.staff_files.staging import ACCEPTED_COLUMNS

    checked = read_staff_file(path, directory=LaoDirectory.bundled(), today=TODAY, workers=workers)
    records = [
        dict(zip(ACCEPTED_COLUMNS, row, strict=True)) for row in checked.stage.accepted_rows()
    ]
    findings = [
        {k: f.as_dict("en")[k] for k in ("rule", "sheet", "row", "column", "value")}
        for f in checked.findings
    ]
    return json.loads(json.dumps({"records": records, "findings": findings}, default=str))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_file_reads_as_its_golden_output(path: Path) -> None:
    golden = GOLDEN / f"{path.name}.json"
    found = read(path, workers=0)
    if os.environ.get("LHR_UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert found == json.loads(golden.read_text("utf-8"))


def test_worker_processes_read_as_one_process_does() -> None:
    """The largest file, its rows checked by two worker processes: the same output."""
    path = max(FILES, key=lambda p: p.stat().st_size)
    assert read(path, workers=2) == json.loads((GOLDEN / f"{path.name}.json").read_text("utf-8"))


WORKBOOKS = [p for p in FILES if p.suffix == ".xlsx"]


@pytest.mark.parametrize("path", WORKBOOKS, ids=[p.name for p in WORKBOOKS])
def test_a_workbook_loaded_apart_reads_as_its_golden_output(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each .xlsx loaded in a child process while its extent is checked (as a large one is)."""
    from lhrctl.staff_files import sheet_loader

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    taken = []
    loaded = sheet_loader._Apart.loaded
    monkeypatch.setattr(
        sheet_loader._Apart, "loaded", lambda self, m: taken.append(loaded(self, m)) or taken[0]
    )
    assert read(path, workers=0) == json.loads((GOLDEN / f"{path.name}.json").read_text("utf-8"))
    assert len(taken) == 1 and taken[0], "the sheets came from the child"


@pytest.mark.parametrize("executable", ["/nonexistent/python", "/bin/true"])
def test_a_loader_that_cannot_start_leaves_the_workbook_read_here(
    executable: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No process can be started (or it says nothing): the sheets are loaded in this process,
    the same, and nothing is left in the temporary folder."""
    import sys
    import tempfile

    from lhrctl.staff_files import sheet_loader

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    monkeypatch.setattr(sys, "executable", executable)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    here = []
    loaded_here = sheet_loader._loaded_here
    monkeypatch.setattr(
        sheet_loader, "_loaded_here", lambda *a: here.append(loaded_here(*a)) or here[-1]
    )
    path = WORKBOOKS[0]
    assert read(path, workers=0) == json.loads((GOLDEN / f"{path.name}.json").read_text("utf-8"))
    assert len(here) == 1 and here[0], "the sheets were loaded here, as columns"
    assert [p.name for p in tmp_path.iterdir() if "sheets" in p.name] == []
