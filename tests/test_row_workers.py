"""Row checks in worker processes: the same result as in-process, no hang when a worker
breaks, no worker or part file left behind when the main process is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from lhrctl.staff_files.reading import LaoDirectory, StaffFile, read_staff_file
from lhrctl.staff_files.staging import Stage
from lhrctl.staff_files.workers import WorkerFailed, WorkerPool
from tests.conftest import REPO
from tests.test_staff_import import LEGACY, write_big_csv

TODAY = date(2026, 11, 23)


def staged(checked: StaffFile) -> list[tuple[object, ...]]:
    with sqlite3.connect(checked.stage.path) as conn:
        return conn.execute("SELECT * FROM stage ORDER BY seq").fetchall()


def both_ways(path: Path, org: str | None = None) -> tuple[StaffFile, StaffFile]:
    directory = LaoDirectory.bundled()
    # every row through the row checks: here, then in two workers
    here = read_staff_file(
        path, directory=directory, today=TODAY, org=org, workers=0, columns=False
    )
    apart = read_staff_file(
        path, directory=directory, today=TODAY, org=org, workers=2, columns=False
    )
    return here, apart


@pytest.mark.parametrize("name", sorted(p.name for p in LEGACY.iterdir() if p.suffix != ".json"))
def test_workers_find_and_stage_what_one_process_does(name: str) -> None:
    here, apart = both_ways(LEGACY / name)
    assert apart.rows == here.rows > 0
    assert apart.findings == here.findings
    assert staged(apart) == staged(here)
    assert apart.org_code == here.org_code


def test_workers_keep_reading_order_over_many_batches(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    write_big_csv(big, 9_000)  # five batches, two workers
    header, *lines = big.read_text(encoding="utf-8").splitlines()
    lines[4_321] = lines[10]  # an ID twice, far apart: LHR103 on both rows
    lines[7_000] = lines[7_000].replace("01/01/2520", "31/02/2520")  # LHR301
    big.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")

    here, apart = both_ways(big, "6540206")
    assert apart.rows == here.rows == 9_000
    assert apart.findings == here.findings
    assert [(f.rule, f.row) for f in apart.findings] == [
        ("LHR103", 12),
        ("LHR103", 4_323),
        ("LHR301", 7_002),
    ]
    rows = staged(apart)
    assert rows == staged(here)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # seq: reading order
    assert sum(r[4] for r in rows) == 9_000 - 3  # ok: every row but the three rejected


def test_a_broken_worker_is_an_error_not_a_hang() -> None:
    stage = Stage()
    pool = WorkerPool(stage, {}, None, 1)
    try:
        pool.submit(None, 0, [(1, ["not", "a", "plan"])])  # type: ignore[arg-type]
        with pytest.raises(WorkerFailed, match="AttributeError"):
            pool.finish()
    finally:
        pool.close()
        stage.close()


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return status == "Z"  # ended, not yet reaped by its new parent


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killing_the_main_process_stops_its_workers_and_sweeps_their_parts(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.csv"
    write_big_csv(big, 120_000, thai_digits=True)  # rows the column checks leave to workers
    proc = subprocess.Popen(
        [sys.executable, "-m", "lhrctl", "validate", "--org", "6540206", str(big)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"TMPDIR": str(tmp_path)},
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = [c for c in _children(proc.pid) if "spawn_main" in _cmdline(c)]
    assert len(workers) >= 2, "the check did not start workers"
    time.sleep(1.0)  # they are checking rows now
    files = list(tmp_path.glob(f"lhrctl-stage-{proc.pid}-*"))
    assert len(files) == 1 + len(workers), "the stage and a part per worker, while checking"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL

    deadline = time.monotonic() + 10
    while not all(_gone(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(w) for w in workers), "workers outlived the killed process"

    tempfile.tempdir = str(tmp_path)
    try:
        Stage().close()  # the next import sweeps what the killed one left
    finally:
        tempfile.tempdir = None
    assert not list(tmp_path.glob(f"lhrctl-stage-{proc.pid}-*"))


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except FileNotFoundError:
        return ""
