"""Cells that hold a spreadsheet error (`#REF!`, `#N/A`…: a formula whose reference was deleted,
a lookup that found nothing), found in an .xlsx/.xlsm sheet's XML.

python-calamine and fastexcel read such a cell as empty (python-calamine issue #105): a salary
of `#N/A` would be read as no salary, and a position of `#REF!` as none, said nowhere. The
readers put the error's text back in its cell, in a row (`put_back`) or in a sheet's columns
(`into_frame`), so that the checks say what the cell holds (LHR903). An .xls, .xlsb or .ods
sheet's errors are still read as empty cells.

An error cell's value begins with `#` (`<v>#REF!</v>`): a sheet is searched for that first
(`MARK`, a byte search, cheap beside the passes it rides on), and for the cells themselves only
where it is found (as it is where a text begins with `#`).
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from lhrctl.staff_files.bounds import column_number, sheet_parts

if TYPE_CHECKING:
    import polars as pl

MARK = b">#"
# looked for first: a byte search for one byte is some 17 times faster than one for MARK (0.01 s,
# not 0.17 s, over a 200,000-row sheet's XML), and most sheets hold no `#` at all
_HASH = b"#"
_PREFIX = rb"(?:[\w.-]+:)?"
_CELL_OPEN = re.compile(rb"<" + _PREFIX + rb"c\s")
_ERROR_CELL = re.compile(
    rb"<" + _PREFIX + rb"c\s([^>]*?\st\s*=\s*[\"']e[\"'][^>]*)>(.*?)</" + _PREFIX + rb"c>", re.S
)
_REFERENCE = re.compile(rb"(?:^|\s)r\s*=\s*[\"']([A-Za-z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</")
_BACK = 1 << 16  # how far before its value a cell's tag may open (its formula between)
_CHUNK = 1 << 22

# each row's error cells (the row, the column, from 0): [(column, the error's text)]
ErrorCells = dict[int, list[tuple[int, str]]]


class ErrorScan:
    """The error cells of a sheet's XML, read a chunk at a time (on the pass that reads its
    extent: bounds), each run of whole rows searched where it holds MARK."""

    def __init__(self) -> None:
        self.found: ErrorCells = {}
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        if _HASH not in chunk and _HASH not in self._tail:  # the rows before its last, skipped
            cut = chunk.rfind(b"row>") + 4
            self._tail = chunk[cut:] if cut >= 4 else self._tail + chunk
            return
        text = self._tail + chunk
        cut = text.rfind(b"row>") + 4  # after a `</row>`, whatever its prefix
        if cut < 4:
            self._tail = text
            return
        found_in(text, self.found, cut)
        self._tail = text[cut:]

    def end(self) -> ErrorCells:
        found_in(self._tail, self.found, len(self._tail))
        self._tail = b""
        return self.found


def error_cells(path: Path, sheet: str) -> ErrorCells:
    """The sheet's error cells that carry a reference (those without one are left empty); none
    where the file is no .xlsx/.xlsm, or has no such sheet."""
    scan = ErrorScan()
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_parts(archive).get(sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    scan.feed(chunk)
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    return scan.end()


def marked(xml: bytes) -> bool:
    """Whether `xml` holds a value that begins with `#`, as an error cell's does."""
    return _HASH in xml and MARK in xml


def found_in(xml: bytes, found: ErrorCells, end: int) -> ErrorCells:
    """The error cells of `xml` up to `end` (whole rows), added to `found`: each value that
    begins with `#` (found by a byte search), in the cell it is the value of."""
    at = xml.find(MARK, 0, end) if xml.find(_HASH, 0, end) >= 0 else -1
    while at >= 0:
        start = _cell_start(xml, at)
        cell = _ERROR_CELL.match(xml, start, end) if start >= 0 else None
        if cell is not None and cell.end() > at:
            _found(cell, found)  # once: its formula may hold a `>#` too (`=#REF!`)
            at = cell.end() - 1
        at = xml.find(MARK, at + 1, end)
    return found


def _cell_start(xml: bytes, at: int) -> int:
    """Where the cell whose value is at `at` opens: the tags before it, back to the cell's."""
    tag = at
    while (tag := xml.rfind(b"<", max(0, at - _BACK), tag)) >= 0:
        if _CELL_OPEN.match(xml, tag):
            return tag
    return -1


def _found(cell: re.Match[bytes], found: ErrorCells) -> None:
    reference, value = _REFERENCE.search(cell.group(1)), _VALUE.search(cell.group(2))
    if reference is not None and value is not None:
        row, column = int(reference.group(2)) - 1, column_number(reference.group(1).upper()) - 1
        found.setdefault(row, []).append((column, value.group(1).decode("utf-8", "replace")))


def put_back(cells: list[object], errors: list[tuple[int, str]], first_col: int) -> None:
    """A row's error cells (`errors`: its columns from 0) into its `cells`, which start at
    the sheet's `first_col`: read as empty, they hold the error's text."""
    for column, text in errors:
        j = column - first_col
        if 0 <= j < len(cells) and cells[j] in ("", None):
            cells[j] = text


def into_frame(
    frame: pl.DataFrame, errors: ErrorCells, first_row: int, first_col: int
) -> pl.DataFrame:
    """A sheet's text columns (sheet_frames.SheetFrame: their row i the sheet's row
    `first_row` + i, from 0; their columns from its `first_col`) with its error cells' text."""
    import polars as pl

    by_column: dict[int, dict[int, str]] = defaultdict(dict)
    for row, cells in errors.items():
        for column, text in cells:
            i, j = row - first_row, column - first_col
            if 0 <= i < frame.height and 0 <= j < frame.width:
                by_column[j][i] = text
    if not by_column:
        return frame
    columns = []
    for j, texts in sorted(by_column.items()):
        series = frame.to_series(j).clone()
        empty = [i for i in texts if series[i] is None]
        columns.append(series.scatter(empty, pl.Series([texts[i] for i in empty], dtype=pl.String)))
    return frame.with_columns(columns)
