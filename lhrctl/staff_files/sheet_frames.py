"""A workbook sheet read into columns: fastexcel (calamine to Arrow) lays the whole sheet out as
text columns in Rust, with no Python object per cell, where python-calamine makes one per cell.

Text is all fastexcel is asked for, so every cell comes as calamine writes it out: a text cell
as it is, a number as its shortest decimal (`15060`, `0.5`), a date cell as
`2520-03-15 00:00:00`, a boolean as `true`. What the rest of lhrctl sees must be what
python-calamine gives (`cell`), so a sheet is read this way only when every cell's value can be
told back exactly (`exact_cells`): no number too large or too small to write back the same, no
time of day alone, and a date cell's or a boolean's text only where no text cell of the workbook
reads the same (bounds.typed_text looks in the XML). A text column does not tell the number
15060 from the text `15060` either; where the two would read differently (in an ID or a date
column, column_checks.numbers_read_as_text), the sheet is read again (`Sheet.reread`). Any other
sheet is read through python-calamine, cell by cell, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from itertools import chain
from typing import TYPE_CHECKING, Protocol

from lhrctl.staff_files.bounds import Merge

if TYPE_CHECKING:
    import polars as pl

Row = tuple[int, list[object]]

# how calamine writes out a number: `-`, digits without leading zeros, a fraction without
# trailing ones; 15 significant digits at most is what a float gives back the same in Python
NUMBER = r"^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]*[1-9])?$"
# a date cell as calamine writes it out, and a boolean
DATE_CELL = r"^([0-9]{4})-([0-9]{2})-([0-9]{2}) [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?$"
TYPED = rf"{DATE_CELL}|^(?:true|false)$"
# what is never told back: a number Python writes with an exponent (1e-05, 1e+16) or rounds, a
# time of day alone (its date is calamine's day 0 or 1), an ISO date cell
_UNTOLD = (
    r"^(?:-?0\.0000[0-9]*|-?[0-9]{16,}(?:\.[0-9]+)?|-?[0-9]+\.[0-9]{16,}"
    r"|1899-.*|1900-0[12]-.*|[0-9]{4}-[0-9]{2}-[0-9]{2}T.*)$"
)
_ODD = rf"{_UNTOLD}|{TYPED}"
_NUMBER = re.compile(NUMBER)
_DATE_CELL = re.compile(DATE_CELL)


class LaterPieces(Protocol):
    """A sheet's pieces after its first (sheet_loader), each lined up with it, read again from
    the first of them by each who iterates, up to the end (where a cell merged down is
    PiecesUnfit); `close`: no more are loaded."""

    def __iter__(self) -> Iterator[pl.DataFrame]: ...

    def close(self) -> None: ...


@dataclass
class SheetFrame:
    """A sheet's cells as text columns, its row i the sheet's row i + 1; its columns start at
    the sheet's first used column, as python-calamine's cells do. Loaded in pieces, `frame`
    holds the first rows, and `later` the rest, as they are loaded; `merges` are then none,
    until the end says otherwise (`finish`)."""

    frame: pl.DataFrame
    first_col: int  # the sheet's first used column, from 0
    merges: list[Merge]
    later: LaterPieces | None = None

    def pieces(self) -> Iterator[tuple[int, pl.DataFrame]]:
        """The sheet's rows a piece at a time, each with its first row's index (from 0)."""
        start = 0
        for piece in chain([self.frame], self.later or ()):
            yield start, piece
            start += piece.height

    def close(self) -> None:
        """The pieces not loaded yet are not."""
        if self.later is not None:
            self.later.close()

    def finish(self) -> None:
        """Loaded in pieces and not closed: every piece read, to the end, which says whether a
        cell is merged down (PiecesUnfit: the rows were read as if none were)."""
        for _ in self.later or ():
            pass

    def lowest_merge_down(self) -> int:
        """The last row (from 1) a cell merged down reaches; 0 if none is."""
        return max((bottom + 1 for (top, _), (bottom, _) in self.merges if bottom > top), default=0)

    def rows(self) -> Iterator[Row]:
        """The rows as python-calamine gives them (see `cell`), merged cells filled down."""
        from lhrctl.staff_files.readers import DownwardMerges

        fill = DownwardMerges(self.merges, self.first_col)
        for start, piece in self.pieces():
            for offset, values in enumerate(piece.iter_rows(), start):
                cells = [cell(v) for v in values]
                fill.fill(offset, cells)
                yield offset + 1, cells


def cell(text: str | None) -> object:
    """A cell's value as python-calamine gives it: `""` for an empty one, a float for a number,
    a date for a date cell at midnight, else a datetime; a bool."""
    if text is None:
        return ""
    if _NUMBER.match(text):
        return float(text)
    if _DATE_CELL.match(text):
        moment = datetime.fromisoformat(text)
        return moment.date() if moment.time() == time() else moment
    return {"true": True, "false": False}.get(text, text)


def odd_cells(frame: pl.DataFrame) -> bool:
    """Whether a cell's text is one `exact_cells` looks at again (it may not be told back, or
    may read as a date cell's or a boolean's value): one pass, and the usual sheet has none."""
    return _any_cell(frame, _ODD)


def _any_cell(frame: pl.DataFrame, pattern: str) -> bool:
    """Whether a cell's text holds `pattern` (a frame without columns has none)."""
    import polars as pl

    if frame.width == 0:
        return False
    cells = pl.any_horizontal(pl.col(c).str.contains(pattern) for c in frame.columns)
    return bool(frame.select(cells.any()).item())


def exact_cells(
    frame: pl.DataFrame, typed_text: Callable[[], bool], odd: bool | None = None
) -> bool:
    """Every cell's value can be told back from its text (module docstring). `typed_text`: a
    text cell of the workbook reads as a date cell's or a boolean's value written out; asked
    (it reads the XML again) only of a sheet that has such values. `odd`: what `odd_cells` said
    of the frame, where it was asked already (by the sheet loader, beside writing it out)."""
    if not (odd_cells(frame) if odd is None else odd):  # the usual sheet: one pass
        return True
    return not _any_cell(frame, _UNTOLD) and not (_any_cell(frame, TYPED) and typed_text())
