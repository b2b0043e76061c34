"""A workbook's sheets loaded as text columns (sheet_frames), each only once its extent is known
to be within the limits (bounds).

fastexcel lays a sheet's whole grid out at once, and a grid too large for memory aborts the
process that asked for it. A small workbook is measured, then loaded, here. A large one is
loaded in a child process limited in the memory it may take, while this one measures it on the
other core: the measure then costs no time (the load takes longer), and a sheet found too large
costs the child only, which is stopped.

The child is this module, run as `python -m lhrctl.staff_files.sheet_loader`:
    stdin:  {"path": …, "sheets": [name, …], "folder": …, "memory": bytes}
    stdout: {"ready": true}, then for each sheet in turn one line:
            {"sheet": name, "file": arrow_ipc_path, "first_col": n}, or
            {"sheet": name, "error": text} where the reader cannot read it.
A sheet with no line is one the child died on: laid out, it took more than `memory`.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lhrctl.errors import InputUnreadable
from lhrctl.staff_files.bounds import Merge, check_sheets, too_large, typed_text
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.sheet_frames import SheetFrame, exact_cells

if TYPE_CHECKING:
    import polars as pl

# a workbook this large (some 50,000 rows) is loaded apart: its extent takes longer to measure
# than the child takes to start
LOAD_APART = 4_000_000

Loaded = tuple["pl.DataFrame", int]  # a sheet's text columns, and its first used column


def load_frames(path: Path, sheets: list[str], limits: SheetLimits) -> dict[str, SheetFrame]:
    """The `sheets` within the limits (any other refused, exit 7) whose cells can be told back
    exactly (sheet_frames.exact_cells), as columns with their merged cells; the others are
    python-calamine's to read."""
    apart = _LoadApart.start(path, sheets, limits) if path.stat().st_size >= LOAD_APART else None
    if apart is None:
        merges = check_sheets(path, sheets, limits)
        return _told_back(path, merges, _loaded_here(path, list(merges)))
    try:
        merges = check_sheets(path, sheets, limits)
        return _told_back(path, merges, apart.loaded(merges))
    finally:
        apart.close()


def _told_back(
    path: Path, merges: dict[str, list[Merge]], loaded: dict[str, Loaded]
) -> dict[str, SheetFrame]:
    return {
        name: SheetFrame(loaded[name][0], loaded[name][1], merged)
        for name, merged in merges.items()
        if name in loaded and exact_cells(loaded[name][0], partial(typed_text, path, name))
    }


def _loaded_here(path: Path, sheets: list[str]) -> dict[str, Loaded]:
    reader = _reader(path)
    found = {} if isinstance(reader, str) else {name: _load(reader, name) for name in sheets}
    return {name: load for name, load in found.items() if not isinstance(load, str)}


def _reader(path: Path) -> Any:
    """fastexcel's reader of the workbook, or what it says is wrong with it."""
    import fastexcel

    try:
        return fastexcel.read_excel(str(path))
    except Exception as exc:
        return str(exc)


def _load(reader: Any, name: str) -> Loaded | str:
    """The sheet's cells as text columns (calamine's grid of it is gone on return), or what the
    reader says is wrong with it. A memory error is not caught."""
    import polars as pl

    try:
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        columns = sheet.available_columns()
        return pl.DataFrame(sheet.to_polars()), columns[0].absolute_index if columns else 0
    except MemoryError:
        raise
    except Exception as exc:
        return str(exc)


class _LoadApart:
    """The sheets loading in a child process, started before their extent is checked and
    taken (`loaded`) once it has been; `close` stops the child wherever it is and removes what
    it wrote."""

    def __init__(self, path: Path, sheets: list[str], limits: SheetLimits):
        self.path, self.sheets, self.limits = path, sheets, limits
        self.folder = Path(tempfile.mkdtemp(prefix="lhrctl-sheets-"))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "lhrctl.staff_files.sheet_loader"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        request = {"path": str(path), "sheets": sheets, "folder": str(self.folder)}
        assert self.process.stdin is not None  # noqa: S101 (asked for above)
        with contextlib.suppress(BrokenPipeError), self.process.stdin as stdin:
            stdin.write(json.dumps(request | {"memory": limits.load_memory}).encode())

    @classmethod
    def start(cls, path: Path, sheets: list[str], limits: SheetLimits) -> _LoadApart | None:
        """The child started; None where no process can be (the sheets are loaded here)."""
        try:
            return cls(path, sheets, limits)
        except OSError:
            return None

    def loaded(self, merges: dict[str, list[Merge]]) -> dict[str, Loaded]:
        """The sheets among `merges` the child loaded. A sheet it died on is refused."""
        import polars as pl

        found = self._told()
        if found is None:
            return {}  # it could not start: every sheet is read cell by cell
        if lost := [name for name in self.sheets if name not in found]:
            raise _took_too_much(self.path, lost[0], self.limits)
        return {
            name: (pl.read_ipc(found[name]["file"]), found[name]["first_col"])
            for name in merges
            if "file" in found[name]
        }

    def _told(self) -> dict[str, dict[str, Any]] | None:
        """What the child said of each sheet, once it is done; None if it did not start."""
        assert self.process.stdout is not None  # noqa: S101 (asked for above)
        with self.process.stdout as stdout:
            told = [json.loads(line) for line in stdout.read().splitlines()]
        self.process.wait()
        if not told or not told[0].get("ready"):
            return None
        return {line["sheet"]: line for line in told[1:]}

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _took_too_much(path: Path, sheet: str, limits: SheetLimits) -> InputUnreadable:
    size = f"{limits.load_memory / (1 << 30):,.1f} GB"
    return too_large(
        path,
        f"sheet {sheet!r} takes more than {size} of memory to lay out",
        f"ชีต {sheet!r} ใช้หน่วยความจำเกิน {size} ในการอ่าน",
        limits,
    )


def main() -> None:
    """The child: loads the sheets asked for on stdin, each into an Arrow file (module doc)."""
    request = json.loads(sys.stdin.buffer.read())
    _limit_memory(request["memory"])
    reader = _reader(Path(request["path"]))
    _say({"ready": True})
    for index, name in enumerate(request["sheets"]):
        load = reader if isinstance(reader, str) else _load(reader, name)
        if isinstance(load, str):
            _say({"sheet": name, "error": load})
            continue
        file = Path(request["folder"]) / f"{index}.arrow"
        try:
            load[0].write_ipc(file, compression="uncompressed")
        except OSError as exc:  # no room for it: python-calamine reads it
            _say({"sheet": name, "error": str(exc)})
            continue
        _say({"sheet": name, "file": str(file), "first_col": load[1]})
        del load  # its columns, before the next sheet's grid


def _limit_memory(memory: int) -> None:
    """An allocation past `memory` fails at once (a grid of billions of cells), rather than
    taking the machine's memory until the parent stops this process; and the process it aborts
    leaves no core file in the officer's folder."""
    try:
        import resource
    except ImportError:  # not a POSIX system: the parent's stop is the only limit
        return
    for limit, most in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):  # a system that will not: no limit
            resource.setrlimit(limit, (most, most))


def _say(message: dict[str, object]) -> None:
    print(json.dumps(message), flush=True)


if __name__ == "__main__":
    main()
