"""Readers of staff files: `.xlsx`/`.xlsm`/`.xls`/`.ods` through python-calamine (Rust, several
times faster than openpyxl; formula cells give their cached values), `.csv` and `.txt` streamed
through the csv module: UTF-8 (with or without BOM), cp874 or UTF-16, and the delimiter, detected.

A sheet is a name and an iterator of (row number as Excel shows it, cells).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from lhrctl.errors import InputUnreadable, LhrError
from lhrctl.staff_files.bounds import check_sheets, check_unpacked, sheet_parts
from lhrctl.staff_files.encodings import misread_thai, redecoded
from lhrctl.staff_files.error_cells import ErrorCells, error_cells, put_back
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.sheet_frames import SheetFrame
from lhrctl.staff_files.sheet_loader import load_frames, measure_apart
from lhrctl.staff_files.sheet_loader import loading_ahead as loading_sheets_ahead
from lhrctl.staff_files.text import decode_text, not_text, sniff_encoding

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
FRAME_SUFFIXES = (".xlsx", ".xlsm")  # read as columns where they can be (sheet_frames)
CSV_SUFFIXES = (".csv", ".txt")
# workbooks whose sheets' extent is not read from the file: it is measured in a child process
MEASURED_APART = (".xls", ".xlsb")
Row = tuple[int, list[object]]
# bytes a staff row takes on disk, about: enough to tell a big file from a small one unopened
_ROW_BYTES = {".xlsx": 80, ".xlsm": 80, ".xlsb": 60, ".ods": 60, ".xls": 150}
_CSV_ROW_BYTES = 150  # UTF-8 Thai; cp874 takes less
_SNIFF_CHARS = 1 << 16  # the sample the CSV delimiter is told from
_SAMPLE_ROWS = 200  # of each sheet: what its encoding is told from


@dataclass
class Sheet:
    name: str | None  # None for a CSV file
    rows: Iterator[Row]  # cells merged down a column repeated on each row (see _sheet_rows)
    encoding: str | None = None  # a text file's; a workbook's own is its reader's business
    redecoded: bool = False  # Thai misread as Latin letters, read again as cp874
    frame: SheetFrame | None = None  # its cells as columns too, where `rows` are read from them
    reread: Callable[[], Sheet] | None = None  # the same sheet read cell by cell (python-calamine)
    text: bool = False  # every cell is text as the file holds it (CSV): columns can be made of it
    close: Callable[[], None] = lambda: None  # what loads the rest of it (in pieces) stops
    finish: Callable[[], None] = lambda: None  # the rest of it read (in pieces: SheetFrame)


def _unreadable(path: Path, why: str, why_th: str) -> InputUnreadable:
    return InputUnreadable(
        f"{path.name}: {why}",
        f"{path.name}: {why_th}",
        hint_en="Open it in the spreadsheet program and save it again as .xlsx or CSV UTF-8.",
        hint_th="เปิดไฟล์ด้วยโปรแกรมตารางคำนวณแล้วบันทึกใหม่เป็น .xlsx หรือ CSV UTF-8",
    )


def expected_rows(path: Path) -> int:
    """About how many rows the file holds, from its size: 0 if it cannot be told."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    return size // _ROW_BYTES.get(path.suffix.lower(), _CSV_ROW_BYTES)


def staff_file_paths(items: list[Path]) -> list[Path]:
    """The files named, a folder standing for the staff files in it (by name)."""
    paths: list[Path] = []
    for item in items:
        if item.is_dir():
            paths += sorted(
                p for p in item.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES + CSV_SUFFIXES
            )
        else:
            paths.append(item)
    return paths


def open_sheets(
    path: Path,
    only: str | None = None,
    limits: SheetLimits | None = None,
    *,
    frames: bool = False,
    pieces: bool = False,
) -> list[Sheet]:
    """The file's sheets, each a lazy stream of rows (to `close` once read). `limits`: what a
    sheet may span, checked before it is loaded (None: a file already read once within them,
    as a marked-up copy's). `frames`: an .xlsx/.xlsm sheet is loaded as columns where it can
    be (sheet_frames), and its rows are read from them; `pieces`: a large one in pieces, where
    it can be (sheet_loader.load_frames)."""
    _require_file(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _thai_decoded([_csv_sheet(path)])
    if suffix in WORKBOOK_SUFFIXES:
        columns = frames and limits is not None and suffix in FRAME_SUFFIXES
        sheets = _named_workbook_sheets(path, suffix, only, _Loading(limits, columns, pieces))
        try:
            return _thai_decoded(sheets)
        except BaseException:  # their first rows could not be read: the rest is not loaded
            for sheet in sheets:
                sheet.close()
            raise
    raise _unreadable(
        path,
        f"lhrctl reads {', '.join(WORKBOOK_SUFFIXES + CSV_SUFFIXES)} files, not {suffix or 'this'}.",
        "ไม่รองรับไฟล์ชนิดนี้",
    )


def named_record_of_service(path: Path, only: str | None) -> bool:
    """A ก.พ.7 workbook, told by its sheets' names before any is laid out (an .xlsx/.xlsm; with
    --sheet, never: one sheet is no record of service)."""
    from lhrctl.staff_files.section_sheets import record_of_service

    return only is None and record_of_service(_sheet_names(path))


def _sheet_names(path: Path) -> list[str]:
    """The names of an .xlsx/.xlsm's sheets, read from its archive; none for another kind of
    file, or one not read so (its reader says what is wrong)."""
    if path.suffix.lower() not in FRAME_SUFFIXES:
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            return list(sheet_parts(archive))
    except (OSError, zipfile.BadZipFile):
        return []


@contextmanager
def loading_ahead(
    path: Path, only: str | None, limits: SheetLimits, *, pieces: bool = False
) -> Iterator[None]:
    """A large .xlsx/.xlsm's sheets (--sheet's, else the visible ones) start loading now, beside
    what the command does before it reads them (its database, the LAO registry), for
    `open_sheets` to take up; not a ก.พ.7 workbook's, which is told by its sheets' names and
    not read. What is wrong with the file, `open_sheets` says, in its turn."""
    from python_calamine import CalamineWorkbook

    chosen: list[str] = []
    kp7 = named_record_of_service(path, only)
    with suppress(Exception):  # anything wrong: said by open_sheets, in its turn
        if not kp7 and path.suffix.lower() in FRAME_SUFFIXES and _content_kind(path) == "workbook":
            check_unpacked(path, limits)
            chosen = _chosen_sheets(path, CalamineWorkbook.from_path(str(path)), only)
    with loading_sheets_ahead(path, chosen, limits, pieces=pieces) if chosen else nullcontext():
        yield


def require_readable(path: Path) -> None:
    """Fail now (InputUnreadable) if `path` is no file lhrctl can open, or a sheet of it is out
    of bounds; its rows are not read."""
    open_sheets(path, limits=SheetLimits())


def _require_file(path: Path) -> None:
    if not path.exists():
        raise InputUnreadable(f"{path}: no such file.", f"{path}: ไม่พบไฟล์")
    if path.is_dir():
        raise InputUnreadable(f"{path} is a folder, not a file.", f"{path} เป็นโฟลเดอร์")
    if path.stat().st_size == 0:
        raise _unreadable(path, "the file is empty.", "ไฟล์ว่างเปล่า")


@dataclass(frozen=True)
class _Loading:
    """How a workbook's sheets are loaded (open_sheets)."""

    limits: SheetLimits | None
    frames: bool = False
    pieces: bool = False


def _named_workbook_sheets(
    path: Path, suffix: str, only: str | None, loading: _Loading
) -> list[Sheet]:
    """A file named as a workbook: a workbook, or a web page or text export named like one."""
    kind = _content_kind(path)
    if kind == "html":
        return _html_sheets(path, only)
    if kind == "text":  # a tab-separated export named .xls
        return [_csv_sheet(path)]
    if kind == "sealed" and suffix != ".xls":
        raise _unreadable(
            path,
            "the workbook is password-protected (or an old .xls renamed).",
            "ไฟล์ถูกตั้งรหัสผ่านไว้ (หรือเป็นไฟล์ .xls ที่เปลี่ยนชื่อ)",
        )
    return _workbook_sheets(path, only, loading)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and the wrapper of an encrypted .xlsx
_ZIP = b"PK\x03\x04"  # .xlsx, .xlsm, .xlsb, .ods


def _content_kind(path: Path) -> str:
    """What a file named as a workbook holds: "workbook", "sealed" (a compound file, which is
    what an .xls is and what Excel wraps a password-protected .xlsx in), "html" or "text"."""
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith(_ZIP):
        return "workbook"
    if head.startswith(_OLE):
        return "sealed"
    text = (
        head.decode("utf-16", errors="replace") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    )
    if text is None and b"\x00" not in head:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text is None:
        return "workbook"  # let the workbook reader say what is wrong with it
    opening = text.lstrip().lower()
    if opening.startswith("<") and ("<table" in opening or "<html" in opening):
        return "html"
    return "text"


def _html_sheets(path: Path, only: str | None) -> list[Sheet]:
    from lhrctl.staff_files.html_table import html_tables

    tables = html_tables(decode_text(path.read_bytes(), path.name))
    names: list[str | None] = (
        [None] if len(tables) == 1 else [f"Table{i}" for i in range(1, len(tables) + 1)]
    )
    if only is not None:
        if only not in names:
            raise InputUnreadable(
                f"{path.name} is a web page, and has no table {only!r}.",
                f"{path.name} เป็นหน้าเว็บ และไม่มีตาราง {only!r}",
            )
        tables, names = [tables[names.index(only)]], [only]
    return [Sheet(name, _table_rows(table)) for name, table in zip(names, tables, strict=True)]


def _table_rows(table: list[list[str]]) -> Iterator[Row]:
    for number, cells in enumerate(table, start=1):
        row: list[object] = [*cells]
        yield number, row


def _workbook_sheets(path: Path, only: str | None, loading: _Loading) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    if loading.limits is not None:  # before the reader unpacks its shared strings
        check_unpacked(path, loading.limits)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        chosen = _chosen_sheets(path, workbook, only)
    except LhrError:
        raise
    except Exception as exc:  # calamine raises its own errors for zip, xml and biff damage
        raise _unreadable(
            path, f"not a readable workbook ({exc}).", f"ไม่ใช่ไฟล์ตารางคำนวณที่อ่านได้ ({exc})"
        ) from exc
    loaded, errors = _bounded(path, chosen, loading)
    return [
        Sheet(
            name,
            loaded[name].rows(),
            frame=loaded[name],
            reread=partial(_calamine_sheet, path, workbook, name, errors.get(name)),
            close=loaded[name].close,
            finish=loaded[name].finish,
        )
        if name in loaded
        else _calamine_sheet(path, workbook, name, errors.get(name))
        for name in chosen
    ]


def _bounded(
    path: Path, chosen: list[str], loading: _Loading
) -> tuple[dict[str, SheetFrame], dict[str, ErrorCells]]:
    """Refuse (exit 7) a chosen sheet beyond the limits; return those loaded as columns
    (`frames`), each laid out once its extent is checked, and the error cells its pass found
    (error_cells)."""
    limits = loading.limits
    if limits is None:
        return {}, {}
    if path.suffix.lower() in MEASURED_APART:
        measure_apart(path, chosen, limits)
    if loading.frames:
        return load_frames(path, chosen, limits, pieces=loading.pieces)
    marks = check_sheets(path, chosen, limits)
    return {}, {name: marked.errors for name, marked in marks.items()}


def _calamine_sheet(
    path: Path, workbook: Any, name: str, errors: ErrorCells | None = None
) -> Sheet:
    """A sheet read cell by cell through python-calamine, its error cells put back (found
    here where `errors` are not known: error_cells)."""
    try:
        data = workbook.get_sheet_by_name(name)
    except Exception as exc:
        raise _unreadable(
            path, f"sheet {name!r} cannot be read ({exc}).", f"อ่านชีต {name!r} ไม่ได้ ({exc})"
        ) from exc
    merged = list(getattr(data, "merged_cell_ranges", None) or [])
    if errors is None:
        errors = error_cells(path, name) if path.suffix.lower() in FRAME_SUFFIXES else {}
    return Sheet(name, _sheet_rows(data, merged, errors))


def _chosen_sheets(path: Path, workbook: Any, only: str | None) -> list[str]:
    """--sheet's sheet, else every visible one (hidden ones are lookup lists, scratch sheets)."""
    names = list(workbook.sheet_names)
    hidden = {m.name for m in workbook.sheets_metadata if not str(m.visible).endswith("Visible")}
    if only is None:
        return [n for n in names if n not in hidden]
    if only not in names:
        only = {redecoded(n): n for n in names}.get(only, only)  # named as it reads in Thai
    if only not in names:
        raise InputUnreadable(
            f"{path.name} has no sheet {only!r}; its sheets: {', '.join(names)}.",
            f"{path.name} ไม่มีชีต {only!r} (มี: {', '.join(names)})",
        )
    return [only]


def _sheet_rows(
    data: object, merged: list[tuple[tuple[int, int], tuple[int, int]]], errors: ErrorCells
) -> Iterator[Row]:
    """The sheet's rows, with their spreadsheet errors (read as empty cells). A cell merged
    down over several rows (a division or a personnel type written once for its group of
    people) gives its value to each of them; merges across columns (titles, totals lines) are
    left as they are."""
    # python-calamine's rows start at the sheet's first row, used or not; its cells start at the
    # first used column
    _, first_col = data.start or (0, 0)  # type: ignore[attr-defined]
    merges = DownwardMerges(merged, first_col)
    for row, cells in enumerate(data.iter_rows()):  # type: ignore[attr-defined]
        if row in errors:
            put_back(cells, errors[row], first_col)
        merges.fill(row, cells)
        yield row + 1, cells


class DownwardMerges:
    """The merges of a sheet that run down a column, filled in row by row."""

    def __init__(self, merged: list[tuple[tuple[int, int], tuple[int, int]]], first_col: int):
        downward = sorted(  # (top row, last row, column), by top row
            (top, bottom, col - first_col)
            for (top, col), (bottom, last_col) in merged
            if bottom > top and col == last_col
        )
        self._pending = iter(downward)
        self._upcoming = next(self._pending, None)
        self._active: list[tuple[int, int, object]] = []  # (last row, column, value) under way

    def fill(self, row: int, cells: list[object]) -> None:
        if not (self._active or self._upcoming):
            return
        self._active = [merge for merge in self._active if merge[0] >= row]
        for _, col, value in self._active:
            if 0 <= col < len(cells) and cells[col] in ("", None):
                cells[col] = value
        self._start(row, cells)

    def _start(self, row: int, cells: list[object]) -> None:
        """The merges whose top is this row start with its value."""
        while self._upcoming is not None and self._upcoming[0] <= row:
            top, bottom, col = self._upcoming
            if top == row and 0 <= col < len(cells):
                self._active.append((bottom, col, cells[col]))
            self._upcoming = next(self._pending, None)


def _thai_decoded(sheets: list[Sheet]) -> list[Sheet]:
    """The sheets, read again as cp874 if their names and first rows are Thai misread as
    Latin letters (see encodings)."""
    heads = [list(islice(sheet.rows, _SAMPLE_ROWS)) for sheet in sheets]
    for sheet, head in zip(sheets, heads, strict=True):
        sheet.rows = chain(head, sheet.rows)
    if misread_thai([s.name for s in sheets if s.name] + _texts(heads)):
        for sheet in sheets:
            sheet.name = None if sheet.name is None else str(redecoded(sheet.name))
            sheet.rows = ((n, [redecoded(c) for c in cells]) for n, cells in sheet.rows)
            sheet.encoding, sheet.redecoded = "cp874", True
            sheet.frame = None  # its columns hold the misread text
    return sheets


def _texts(heads: list[list[Row]]) -> list[str]:
    return [c for head in heads for _, cells in head for c in cells if isinstance(c, str)]


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            yield chunk


def _csv_sheet(path: Path) -> Sheet:
    encoding = sniff_encoding(lambda: _file_chunks(path))
    if encoding is None:
        raise not_text(path.name)
    return Sheet(None, _csv_rows(path, encoding), encoding, text=True)


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    with path.open(encoding=encoding, newline="") as f:
        delimiter = _delimiter(f.read(_SNIFF_CHARS))
        f.seek(0)
        try:
            for number, cells in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                yield number, list(cells)
        except csv.Error as exc:
            raise _unreadable(path, f"malformed CSV ({exc}).", f"ไฟล์ CSV ไม่ถูกต้อง ({exc})") from exc


def _delimiter(sample: str) -> str:
    """Comma, or what the file's first lines are separated by: a tab (Excel's "Unicode Text",
    "Text (Tab delimited)"), a semicolon (Excel where the decimal mark is a comma), a bar."""
    lines = sample[: sample.rfind("\n") + 1] or sample  # whole lines only
    try:
        return csv.Sniffer().sniff(lines, delimiters=",\t;|").delimiter
    except csv.Error:  # a single column, or nothing to tell by
        return ","
