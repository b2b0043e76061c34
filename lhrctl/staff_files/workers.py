"""Where a file's rows are checked: in this process, or, for a big file, in worker processes.

The row checks are pure Python and take most of an import, so on a machine with more than one
core a big file's rows are handed out in batches to worker processes. Each worker stages the
rows it checks in a part file of its own; the main process only reads and hands out, then takes
the parts into the file's stage (every row carries its place in reading order) and the findings
into the result. Workers are spawned, not forked: the main process may hold a card reader's
context and a progress bar's thread, which a fork would copy (so a script that reads a big file
needs the `if __name__ == "__main__":` guard, as with any spawned worker). A worker whose main
process is gone (killed) stops at once; its part file is named after that process, so the next
import sweeps it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

from lhrctl.staff_files.readers import Row
from lhrctl.staff_files.rows import Seqs, SheetPlan, check_rows
from lhrctl.staff_files.rules import Finding
from lhrctl.staff_files.staging import Stage

BATCH = 2000  # rows handed out at a time
MIN_ROWS = 20_000  # below this, starting workers costs more than they save
MAX_WORKERS = 4

Progress = Callable[[int], None]


class RowChecks(Protocol):
    @property
    def processes(self) -> int:
        """The worker processes that check rows (0: this one does)."""
        ...

    def expect(self, rows: int) -> None:
        """`rows` rows are about to be submitted (where the checks are made may depend on it)."""
        ...

    def submit(self, plan: SheetPlan, seqs: Seqs, rows: list[Row]) -> None: ...

    def finish(self) -> tuple[int, list[Finding]]:
        """Every submitted row checked and in the stage: the data rows and their findings."""
        ...

    def close(self) -> None: ...


def usable_cores() -> int:
    """The cores this process may use, not the machine's."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def worker_count(expected_rows: int) -> int:
    """How many workers a file of about `expected_rows` rows gets: 0 means check in-process."""
    cores = usable_cores()
    if cores < 2 or expected_rows < MIN_ROWS:
        return 0
    return min(cores, MAX_WORKERS)


class InProcess:
    processes = 0

    def __init__(self, stage: Stage, provinces: Mapping[str, str], progress: Progress | None):
        self._stage, self._provinces, self._progress = stage, provinces, progress
        self._rows = 0
        self._findings: list[Finding] = []

    def expect(self, rows: int) -> None:
        pass

    def submit(self, plan: SheetPlan, seqs: Seqs, rows: list[Row]) -> None:
        seen, found = check_rows(plan, rows, self._stage, self._provinces, seqs)
        self._rows += seen
        self._findings += found
        if self._progress:
            self._progress(self._rows)

    def finish(self) -> tuple[int, list[Finding]]:
        return self._rows, self._findings

    def close(self) -> None:
        pass


class Deferred:
    """Row checks made when the first rows come: a sheet read as columns may leave none for
    them, and then no worker is started; or few, and then none is worth starting."""

    def __init__(self, make: Callable[[int | None], RowChecks]):
        self._make = make  # given how many rows are coming, if that is known
        self._checks: RowChecks | None = None

    @property
    def processes(self) -> int:
        return self._checks.processes if self._checks is not None else 0

    def expect(self, rows: int) -> None:
        """`rows` rows are coming now (the first submitted decide, if nothing was before)."""
        if self._checks is None and rows:
            self._checks = self._make(rows)

    def submit(self, plan: SheetPlan, seqs: Seqs, rows: list[Row]) -> None:
        if self._checks is None:
            self._checks = self._make(None)
        self._checks.submit(plan, seqs, rows)

    def finish(self) -> tuple[int, list[Finding]]:
        return self._checks.finish() if self._checks is not None else (0, [])

    def close(self) -> None:
        if self._checks is not None:
            self._checks.close()


class WorkerFailed(RuntimeError):
    """A worker process broke: a bug, or it was killed. The import stops (an internal error)."""


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # this process's end: it only sends
    results: Connection  # this process's end: it only receives


class WorkerPool:
    """Workers fed one batch at a time, each through pipes of its own: a worker that dies shows
    as the end of its pipe, and so does the main process to a worker (no queue threads that could
    hold either up)."""

    def __init__(
        self,
        stage: Stage,
        provinces: Mapping[str, str],
        progress: Progress | None,
        workers: int,
    ):
        context = multiprocessing.get_context("spawn")
        self._stage, self._progress = stage, progress
        self._rows = 0
        self._findings: list[Finding] = []
        self._parts: list[Path] = []
        self._workers: list[_Worker] = []
        self._idle: list[_Worker] = []
        self.processes = workers
        for n in range(workers):
            task_out, task_in = context.Pipe(duplex=False)
            result_out, result_in = context.Pipe(duplex=False)
            process = context.Process(
                target=_work,
                args=(task_out, result_in, dict(provinces), os.getpid()),
                name=f"lhrctl-check-{n}",
                daemon=True,
            )
            process.start()
            task_out.close()  # the worker's ends: once it is gone, its pipes end
            result_in.close()
            self._workers.append(_Worker(process, task_in, result_out))
        self._idle = list(self._workers)

    def expect(self, rows: int) -> None:
        pass

    def submit(self, plan: SheetPlan, seqs: Seqs, rows: list[Row]) -> None:
        while not self._idle:
            self._collect()
        self._idle.pop().tasks.send((plan, seqs, rows))

    def finish(self) -> tuple[int, list[Finding]]:
        while len(self._idle) < len(self._workers):
            self._collect()
        for worker in self._workers:
            worker.tasks.send(None)
        for worker in self._workers:
            kind, payload = self._receive(worker)
            if kind != "done":
                raise WorkerFailed(f"{worker.process.name} did not hand its part over: {kind}")
            self._parts.append(Path(payload))
        for part in self._parts:
            self._stage.absorb(part)
        self._parts.clear()
        return self._rows, self._findings

    def close(self) -> None:
        for worker in self._workers:
            worker.tasks.close()  # a worker still waiting for a batch sees the end and stops
            worker.results.close()
        for worker in self._workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()
        for part in self._parts:  # handed over, never absorbed: the import stopped
            part.unlink(missing_ok=True)

    def _collect(self) -> None:
        """Wait for a worker to finish its batch, and take in its findings."""
        busy = {worker.results: worker for worker in self._workers if worker not in self._idle}
        for ready in wait(list(busy)):
            worker = busy[ready]  # type: ignore[index]
            kind, payload = self._receive(worker)
            if kind != "checked":
                raise WorkerFailed(f"{worker.process.name} sent {kind!r} for a batch")
            seen, found = payload
            self._rows += seen
            self._findings += found
            self._idle.append(worker)
            if self._progress:
                self._progress(self._rows)

    def _receive(self, worker: _Worker) -> tuple[str, Any]:
        try:
            kind, payload = worker.results.recv()
        except EOFError:
            worker.process.join(timeout=2)
            code = worker.process.exitcode
            raise WorkerFailed(f"{worker.process.name} ended (exit code {code})") from None
        if kind == "failed":
            raise WorkerFailed(f"a row-check worker failed:\n{payload}")
        return kind, payload


def _work(tasks: Connection, results: Connection, provinces: dict[str, str], owner: int) -> None:
    """A worker: check batches until told to stop, then hand its part of the stage over."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    stage: Stage | None = None
    try:
        stage = Stage(owner=owner)
        while (task := tasks.recv()) is not None:
            plan, seqs, rows = task
            results.send(("checked", check_rows(plan, rows, stage, provinces, seqs)))
        results.send(("done", str(stage.hand_over())))
    except (EOFError, BrokenPipeError):
        return  # the main process is gone: nobody will take this part
    except BaseException:
        with contextlib.suppress(OSError):
            results.send(("failed", traceback.format_exc()))
    finally:
        if stage is not None:
            stage.close()  # removes the file unless it was handed over
