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
_PREFIX = rb"(?:[\w.-]+:)?"
_ERROR_CELL = re.compile(
    rb"<" + _PREFIX + rb"c\s([^>]*?\st\s*=\s*[\"']e[\"'][^>]*)>(.*?)</" + _PREFIX + rb"c>", re.S
)
_REFERENCE = re.compile(rb"(?:^|\s)r\s*=\s*[\"']([A-Za-z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<" + _PREFIX + rb"v>([^<]*)</")
_CHUNK = 1 << 22

# each row's error cells (the row, the column, from 0): [(column, the error's text)]
ErrorCells = dict[int, list[tuple[int, str]]]


def error_cells(path: Path, sheet: str) -> ErrorCells:
    """The sheet's error cells that carry a reference (those without one are left empty); none
    where the file is no .xlsx/.xlsm, or has no such sheet."""
    found: ErrorCells = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_parts(archive).get(sheet)
            if part is None:
                return {}
            with archive.open(part) as stream:
                held = b""
                while chunk := stream.read(_CHUNK):
                    held += chunk
                    cut = held.rfind(b"row>") + 4  # after a `</row>`, whatever its prefix
                    if cut >= 4:
                        found_in(held[:cut], found)
                        held = held[cut:]
                found_in(held, found)
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    return found


def found_in(xml: bytes, found: ErrorCells) -> ErrorCells:
    """The error cells of a run of a sheet's XML (whole rows), added to `found`."""
    if MARK not in xml:
        return found
        return
    for attributes, content in _ERROR_CELL.findall(xml):
        reference, value = _REFERENCE.search(attributes), _VALUE.search(content)
        if reference is None or value is None:
            continue
        row, column = int(reference.group(2)) - 1, column_number(reference.group(1).upper()) - 1
        found.setdefault(row, []).append((column, value.group(1).decode("utf-8", "replace")))
    return found


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
