"""Cells that hold a spreadsheet error (`#REF!`, `#N/A`…: a formula whose reference was deleted,
a lookup that found nothing), found in an .xlsx/.xlsm sheet's XML.

python-calamine and fastexcel read such a cell as empty (python-calamine issue #105): a salary
of `#N/A` would be read as no salary, and a position of `#REF!` as none, said nowhere. The
readers put the error's text back in its cell, so that the checks say what the cell holds
(LHR903). An .xls, .xlsb or .ods sheet's errors are still read as empty cells.

An error cell's value begins with `#` (`<v>#REF!</v>`): a sheet is searched for that first
(`MARK`, a byte search, cheap beside the passes it rides on), and for the cells themselves only
where it is found (as it is where a text begins with `#`).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lhrctl.staff_files.bounds import column_number, sheet_parts

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


def holds_error(xml: bytes) -> bool:
    """Whether a run of a sheet's XML (whole rows) holds an error cell."""
    return MARK in xml and _ERROR_CELL.search(xml) is not None


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
                        _found_in(held[:cut], found)
                        held = held[cut:]
                _found_in(held, found)
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    return found


def _found_in(xml: bytes, found: ErrorCells) -> None:
    if MARK not in xml:
        return
    for attributes, content in _ERROR_CELL.findall(xml):
        reference, value = _REFERENCE.search(attributes), _VALUE.search(content)
        if reference is None or value is None:
            continue
        row, column = int(reference.group(2)) - 1, column_number(reference.group(1).upper()) - 1
        found.setdefault(row, []).append((column, value.group(1).decode("utf-8", "replace")))


def put_back(cells: list[object], errors: list[tuple[int, str]], first_col: int) -> None:
    """A row's error cells (`errors`: its columns from 0) into its `cells`, which start at
    the sheet's `first_col`: read as empty, they hold the error's text."""
    for column, text in errors:
        j = column - first_col
        if 0 <= j < len(cells) and cells[j] in ("", None):
            cells[j] = text
