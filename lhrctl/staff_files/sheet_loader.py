"""A workbook's sheets laid out in a child process limited in memory: loaded as text columns
(sheet_frames) while this process reads their extent (bounds), or measured where the extent is
not read from the file (.xls, .xlsb).

fastexcel and python-calamine lay a sheet's whole grid out at once, and a grid too large for
memory aborts the process that asked for it. A small workbook is measured, then loaded, here. A
large one is loaded in a child while this process measures it on the other core: the measure
then costs no time (the load takes longer), and a sheet found too large costs the child only,
which is stopped. An .xls or .xlsb sheet is measured by a child laying it out, before this
process does.

The child is this module, run as `python -m lhrctl.staff_files.sheet_loader`:
    stdin:  {"task": "load" or "measure", "path": …, "sheets": [name, …], "folder": …,
             "memory": bytes, "pieces": bytes (0: each sheet whole), "chunk": bytes}
    stdout: {"ready": true}, then for each sheet in turn one line:
            {"sheet": name, "file": arrow_ipc_path, "first_col": n, "odd": bool} (loaded,
            "odd": whether a cell's text is one sheet_frames.exact_cells looks at again), or
            {"sheet": name, "rows": n, "columns": n} (measured), or
            {"sheet": name, "error": text} where the reader cannot read it.
            In pieces (one sheet, sheet_pieces), a line for each piece in turn, as a loaded
            sheet's with "piece": its index and "rows", "columns": the extent laid out so far;
            then {"sheet": name, "end": true, "merges": [[[top, col], [bottom, col]], …]}, or
            {"sheet": name, "unfit": text} where the pieces cannot stand for the sheet.
A sheet with no line (or no end) is one the child died on: laid out, it took more than
`memory`.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lhrctl.errors import InputUnreadable
from lhrctl.staff_files.bounds import (
    Extent,
    Merge,
    SheetMarks,
    check_sheets,
    refuse_large,
    too_large,
    typed_text,
)
from lhrctl.staff_files.error_cells import ErrorCells, into_frame
from lhrctl.staff_files.leftovers import sweep
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.sheet_frames import SheetFrame, exact_cells, odd_cells
from lhrctl.staff_files.sheet_pieces import PIECE_BYTES, PIECE_CHUNK, PiecesUnfit, cuttable

if TYPE_CHECKING:
    import polars as pl

# a workbook this large (some 50,000 rows) is loaded apart: its extent takes longer to measure
# than the child takes to start
LOAD_APART = 4_000_000
# where the child writes what it loads: memory, where the system offers it as files (six
# pieces of a 200,000-row sheet written to disk took 0.36 s, to /dev/shm 0.06 s)
_SHM = "/dev/shm"  # noqa: S108 (mkdtemp makes the child's folder in it, its own)
_SCRATCH = _SHM if os.access(_SHM, os.W_OK) else None
_FOLDER = "lhrctl-sheets-"  # then the process ID, so a killed process's folder can be found

# a sheet's text columns, its first used column, and whether a cell's text is odd
# (sheet_frames.odd_cells), where the loader said
Loaded = tuple["pl.DataFrame", int, bool | None]
Ahead = tuple[Path, tuple[str, ...], SheetLimits, bool]
_AHEAD: dict[Ahead, _Apart] = {}  # children started by loading_ahead, for load_frames


@contextlib.contextmanager
def loading_ahead(
    path: Path, sheets: list[str], limits: SheetLimits, *, pieces: bool = False
) -> Iterator[None]:
    """A large workbook's `sheets` start loading in a child now, for `load_frames` to take up
    (the same path, sheets, limits and pieces) once the command has done what it does first;
    stopped at the end if it is not taken up."""
    key = (path, tuple(sheets), limits, pieces)
    apart = _Apart.start(path, sheets, limits, "load", pieces) if large_file(path) else None
    if apart is not None:
        _AHEAD[key] = apart
    try:
        yield
    finally:
        if apart is not None and _AHEAD.pop(key, None) is apart:
            apart.close()


def large_file(path: Path) -> bool:
    """Large enough to load apart; not a file that is gone (the reader says so, in its turn)."""
    try:
        return path.stat().st_size >= LOAD_APART
    except OSError:
        return False


def load_frames(
    path: Path, sheets: list[str], limits: SheetLimits, *, pieces: bool = False
) -> tuple[dict[str, SheetFrame], dict[str, ErrorCells]]:
    """The `sheets` within the limits (any other refused, exit 7) whose cells can be told back
    exactly (sheet_frames.exact_cells), as columns with their merged cells and their
    spreadsheet errors (read as empty cells: error_cells); the others are python-calamine's to
    read. And each sheet's error cells, where they were found. `pieces`: a large workbook's one
    sheet may be loaded in pieces (sheet_pieces), its frame given once the first is loaded,
    the others as they are; where they cannot stand for it, PiecesUnfit."""
    apart = _AHEAD.pop((path, tuple(sheets), limits, pieces), None)  # started by the command
    if apart is None and large_file(path):
        apart = _Apart.start(path, sheets, limits, "load", pieces)
    if apart is not None and apart.pieces:
        return {sheets[0]: _in_pieces(path, sheets[0], limits, apart)}, {}
    try:
        marks = check_sheets(path, sheets, limits)
        loaded = apart.loaded(set(marks)) if apart else None
    finally:
        if apart:
            apart.close()
    if loaded is None:  # small, or no child could be started or said anything: loaded here
        loaded = _loaded_here(path, list(marks))
    return _told_back(path, marks, loaded)


def _told_back(
    path: Path, marks: dict[str, SheetMarks], loaded: dict[str, Loaded]
) -> tuple[dict[str, SheetFrame], dict[str, ErrorCells]]:
    """The sheets loaded whose cells can be told back, with their error cells; and each
    sheet's error cells."""
    frames = {}
    for name, marked in marks.items():
        if name not in loaded:
            continue
        frame, first_col, odd = loaded[name]
        if exact_cells(frame, partial(typed_text, path, name), odd):
            frame = into_frame(frame, marked.errors, 0, first_col)
            frames[name] = SheetFrame(frame, first_col, marked.merges)
    return frames, {name: marked.errors for name, marked in marks.items()}


def _loaded_here(path: Path, sheets: list[str]) -> dict[str, Loaded]:
    reader = _reader(path)
    loaded = {}
    for name in [] if isinstance(reader, str) else sheets:
        load = _load(reader, name)
        _give_back_freed_memory()
        if not isinstance(load, str):
            loaded[name] = load
    return loaded


def _give_back_freed_memory() -> None:
    """calamine's grid of a sheet is freed once its columns are made, but glibc keeps the pages
    for the process, and polars allocates elsewhere (jemalloc): handed back, a 500,000-row
    sheet loaded here (where no child could be started) peaks some 200 MB lower. Nothing to do
    where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return


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
        first_col = columns[0].absolute_index if columns else 0
        return pl.DataFrame(sheet.to_polars()), first_col, None
    except MemoryError:
        raise
    except Exception as exc:
        return str(exc)


def _in_pieces(path: Path, name: str, limits: SheetLimits, apart: _Apart) -> SheetFrame:
    """The sheet's frame from its first piece, the others to come (`_LaterPieces`)."""
    try:
        later = _LaterPieces(apart, path, name, limits)
        line = later.line()
        first = later.told(line)
    except BaseException:
        apart.close()
        raise
    return SheetFrame(first, line["first_col"], [], later)  # no merge down, until the end says


class _LaterPieces:
    """A sheet's pieces after the first, as the child loads them: each within the limits (exit
    7), its cells told back exactly, else PiecesUnfit; and at the end, PiecesUnfit where a cell
    is merged down (the pieces were read as if none were: their merged cells come last). Kept
    once read, for whoever reads the sheet again from its start."""

    def __init__(self, apart: _Apart, path: Path, name: str, limits: SheetLimits):
        self.apart, self.path, self.name, self.limits = apart, path, name, limits
        # asked of each piece with a date cell's text: the XML read once
        self.typed_text = functools.cache(partial(typed_text, path, name))
        self.lines = apart.said()
        self.read: list[pl.DataFrame] = []
        self.ended = False  # its end read, or no more wanted (`close`)

    def __iter__(self) -> Iterator[pl.DataFrame]:
        yield from self.read
        while not self.ended:
            try:
                piece = self._next()
            except BaseException:  # no more are read: the child and its folder go now
                self.close()
                raise
            if piece is not None:
                self.read.append(piece)
                yield piece

    def _next(self) -> pl.DataFrame | None:
        line = self.line()
        if line.get("end"):
            self.ended = True
            self.close()
            if any(bottom > top for (top, _), (bottom, _) in line["merges"]):
                raise PiecesUnfit("a cell is merged down")
            return None
        return self.told(line)

    def told(self, line: dict[str, Any]) -> pl.DataFrame:
        """The piece a line says the child loaded, its cells told back exactly, else
        PiecesUnfit."""
        import polars as pl

        piece = pl.read_ipc(line["file"])
        if not exact_cells(piece, self.typed_text, line.get("odd")):
            raise PiecesUnfit("a cell cannot be told back")
        return piece

    def line(self) -> dict[str, Any]:
        """The child's next line of a piece or of the end, its extent within the limits."""
        line = next(self.lines, None)
        if line is None and not self.apart.started:
            raise PiecesUnfit("no process could load it")
        if line is None:  # it died: laid out, the piece took more than it may
            raise _took_too_much(self.path, self.name, self.limits)
        if "piece" not in line and not line.get("end"):
            raise PiecesUnfit(line.get("unfit") or line.get("error") or "")
        if "piece" in line:
            refuse_large(self.path, {self.name: Extent(line["rows"], line["columns"])}, self.limits)
        return line

    def close(self) -> None:
        self.ended = True
        self.apart.close()


class _Apart:
    """A child process at work on the sheets (`task`: "load" or "measure"), started first;
    `close` stops it wherever it is and removes what it wrote. `pieces`: a load may be in
    pieces (it is, where `self.pieces`)."""

    def __init__(
        self, path: Path, sheets: list[str], limits: SheetLimits, task: str, pieces: bool = False
    ):
        self.path, self.sheets, self.limits = path, sheets, limits
        self.started = False  # it said it is ready (said)
        self.pieces = pieces and task == "load" and cuttable(path, sheets, limits)
        sweep(Path(_SCRATCH or tempfile.gettempdir()), _FOLDER)  # a killed process's
        self.folder = Path(tempfile.mkdtemp(prefix=f"{_FOLDER}{os.getpid()}-", dir=_SCRATCH))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "lhrctl.staff_files.sheet_loader"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except BaseException:  # no process can be started, or Ctrl+C came meanwhile
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        request: dict[str, Any] = {"task": task, "path": str(path), "sheets": sheets}
        request["folder"] = str(self.folder)
        request |= {"pieces": PIECE_BYTES if self.pieces else 0, "chunk": PIECE_CHUNK}
        assert self.process.stdin is not None  # noqa: S101 (asked for above)
        try:
            with contextlib.suppress(BrokenPipeError), self.process.stdin as stdin:
                stdin.write(json.dumps(request | {"memory": limits.load_memory}).encode())
        except BaseException:  # Ctrl+C: no one else holds this object to close it
            self.close()
            raise

    @classmethod
    def start(
        cls, path: Path, sheets: list[str], limits: SheetLimits, task: str, pieces: bool = False
    ) -> _Apart | None:
        """The child started; None where no process can be (the work is done here)."""
        try:
            return cls(path, sheets, limits, task, pieces)
        except OSError:
            return None

    def loaded(self, sheets: set[str]) -> dict[str, Loaded] | None:
        """The `sheets` the child loaded; None if it did not start."""
        import polars as pl

        found = dict(self.each_told())
        self.stop()  # its memory goes before the sheets take this process's
        if not self.started:
            return None
        return {
            name: (
                pl.read_ipc(found[name]["file"]),
                found[name]["first_col"],
                found[name].get("odd"),  # where it says nothing of it: looked at here
            )
            for name in sheets
            if "file" in found.get(name, {})
        }

    def said(self) -> Iterator[dict[str, Any]]:
        """What the child says, a line at a time, once it says it is ready (nothing if it
        does not start)."""
        assert self.process.stdout is not None  # noqa: S101 (asked for above)
        lines: Iterator[dict[str, Any]] = (json.loads(line) for line in self.process.stdout)
        self.started = bool(next(lines, {}).get("ready"))
        if self.started:
            yield from lines

    def each_told(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """What the child says of each sheet, as it says it (nothing if it does not start). A
        sheet it dies on is refused."""
        said = set()
        for line in self.said():
            said.add(line["sheet"])
            yield line["sheet"], line
            if said >= set(self.sheets):  # not waiting for it to free what it held, and exit
                return
        if self.started and (lost := [name for name in self.sheets if name not in said]):
            raise _took_too_much(self.path, lost[0], self.limits)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def close(self) -> None:
        self.stop()
        if self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def measure_apart(path: Path, sheets: list[str], limits: SheetLimits) -> None:
    """Refuse (exit 7) a sheet among `sheets` wider or larger than the limits, measured by
    laying it out in a child process limited in memory: for an .xls or .xlsb, whose extent is
    not read from the file here (a 5 KB .xls with one cell at IV65536 is a grid of 16.7 million
    cells, and an .xlsb with one at XFD1048576 one of 17 billion)."""
    apart = _Apart.start(path, sheets, limits, "measure")
    if apart is None:
        return
    try:  # the first sheet too large stops the child
        for name, line in apart.each_told():
            if "rows" in line:
                refuse_large(path, {name: Extent(line["rows"], line["columns"])}, limits)
    finally:
        apart.close()


def _took_too_much(path: Path, sheet: str, limits: SheetLimits) -> InputUnreadable:
    size = f"{limits.load_memory / (1 << 30):,.1f} GB"
    return too_large(
        path,
        f"sheet {sheet!r} takes more than {size} of memory to lay out",
        f"ชีต {sheet!r} ใช้หน่วยความจำเกิน {size} ในการอ่าน",
        limits,
    )


def main() -> None:
    """The child: loads the sheets asked for on stdin, each into an Arrow file, or measures
    them (module docstring)."""
    request = json.loads(sys.stdin.buffer.read())
    _limit_memory(request["memory"])
    if request["task"] == "measure":
        _measure_each(Path(request["path"]), request["sheets"])
    else:
        _load_each(request)


def _measure_each(path: Path, sheets: list[str]) -> None:
    from python_calamine import CalamineWorkbook

    _say({"ready": True})
    workbook = None
    for name in sheets:
        try:
            workbook = workbook or CalamineWorkbook.from_path(str(path))
            end = workbook.get_sheet_by_name(name).end or (-1, -1)
        except MemoryError:
            raise
        except Exception as exc:
            _say({"sheet": name, "error": str(exc)})
            continue
        _say({"sheet": name, "rows": end[0] + 1, "columns": end[1] + 1})


def _load_each(request: dict[str, Any]) -> None:
    # polars takes the grid once it is laid out: imported meanwhile (fastexcel lets go of the
    # GIL), not after, where its 0.1 s would hold up the sheet
    threading.Thread(target=importlib.import_module, args=("polars",), daemon=True).start()
    if request.get("pieces"):
        _load_pieces(request)
        return
    reader = _reader(Path(request["path"]))
    _say({"ready": True})
    for index, name in enumerate(request["sheets"]):
        load = reader if isinstance(reader, str) else _load(reader, name)
        if isinstance(load, str):
            _say({"sheet": name, "error": load})
            continue
        written = _written(load[0], Path(request["folder"]) / f"{index}.arrow")
        _say({"sheet": name, "first_col": load[1]} | written)  # no room: python-calamine reads it
        del load  # its columns, before the next sheet's grid


def _load_pieces(request: dict[str, Any]) -> None:
    """The one sheet asked for, in pieces (sheet_pieces)."""
    from lhrctl.staff_files.sheet_pieces import pieces

    name, folder = request["sheets"][0], Path(request["folder"])
    _say({"ready": True})
    rows = 0
    merges: list[Merge] = []
    try:
        path, size, chunk = Path(request["path"]), request["pieces"], request["chunk"]
        loaded = pieces(path, name, folder, merges, size, chunk)
        for index, (frame, first_col) in enumerate(loaded):
            rows += frame.height
            written = _written(frame, folder / f"{index}.arrow")
            if "error" in written:
                raise PiecesUnfit(written["error"])
            extent = {"rows": rows, "columns": first_col + frame.width}
            _say({"sheet": name, "piece": index, "first_col": first_col} | extent | written)
    except PiecesUnfit as exc:
        _say({"sheet": name, "unfit": str(exc)})
        return
    _say({"sheet": name, "end": True, "merges": merges})


def _written(frame: pl.DataFrame, file: Path) -> dict[str, Any]:
    """The frame written into `file`: what is said of it ("file", "odd"), or the error."""
    # its cells looked at (odd_cells) beside the writing: both let go of the GIL, and the
    # look, 0.11 s of 200,000 rows, no longer waits for the writing to be over
    with ThreadPoolExecutor(1) as beside:
        odd = beside.submit(odd_cells, frame)
        try:
            frame.write_ipc(file, compression="uncompressed")
        except OSError as exc:
            return {"error": str(exc)}
        return {"file": str(file), "odd": odd.result()}


def _limit_memory(memory: int) -> None:
    """An allocation past `memory` fails at once (a grid of billions of cells), rather than
    taking the machine's memory until the parent stops this process; and the process it aborts
    leaves no core file in the officer's folder. The memory it may write, not its address
    space: the allocators reserve address space per thread, unwritten (0.8 GB with 12 threads),
    and a machine with more cores has more threads, so the address space of a sheet of 1,600
    cells passed 1 GB with 8 of them, and the loader died."""
    try:
        import resource
    except ImportError:  # not a POSIX system: the parent's stop is the only limit
        return
    for limit, most in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):  # a system that will not: no limit
            resource.setrlimit(limit, (most, most))


def _say(message: dict[str, object]) -> None:
    print(json.dumps(message), flush=True)


if __name__ == "__main__":
    main()
