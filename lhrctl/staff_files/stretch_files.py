"""The staging files of a file's settled rows, a stretch of rows each, for an import that
inserts one stretch while the next is checked (services/staff_as_read).

SQLite attaches a file only outside a transaction, so the files are made, empty, before the
import's transaction begins, and the stage writes its settled rows into them in turn (its
writer thread, by the ADBC driver: staging.ingest). Each file, once written and closed, is
handed to `ready` with the LAOs of its rows, and never written again: the import's connection
reads it only then, and until its transaction ends it trusts what it read of it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lhrctl.staff_files.staging import create, ingest

if TYPE_CHECKING:
    import polars as pl

Ready = Callable[[int, set[str], int], None]  # a file's index, the LAOs of its rows, their count


class StretchFiles:
    """`count` files beside the staging file `beside`: the first holds the first stretch of
    rows written (the column checks settle a short one, for the import to begin soon), each
    other the stretches written until it holds a `count`th of the file's `rows` (about), the
    last the stretches left. One stretch a file, a 500,000-row sheet loaded in pieces had its
    last 318,000 rows inserted once all were read (1.5 s); in shares, the last 70,000."""

    def __init__(self, beside: Path, count: int, rows: int = 0) -> None:
        self.paths = [beside.with_name(f"{beside.stem}-{k}.db") for k in range(count)]
        self._finalizer = weakref.finalize(self, _remove, list(self.paths))
        for path in self.paths:
            create(path).close()
        self.ready: Ready = _nobody
        self._share = rows // count
        self._current = 0
        self._rows = 0  # in the current file
        self._orgs: set[str] = set()  # of the current file's rows

    def write(self, frames: list[pl.DataFrame]) -> None:
        """A stretch of settled rows into the current file (on the stage's writer thread, in
        order), which is handed over unless it is the last."""
        ingest(self.paths[self._current], frames)
        for frame in frames:
            self._rows += frame.height
            self._orgs.update(frame.get_column("org_code").drop_nulls().unique().to_list())
        last = self._current == len(self.paths) - 1
        if not last and (self._current == 0 or self._rows >= self._share):
            self._hand_over()

    def done(self) -> None:
        """Every settled row is written: the current file is handed over, if it holds any."""
        if self._rows:
            self._hand_over()

    def _hand_over(self) -> None:
        self.ready(self._current, self._orgs, self._rows)
        self._current, self._rows, self._orgs = self._current + 1, 0, set()

    def close(self) -> None:
        self._finalizer()


def _nobody(_index: int, _orgs: set[str], _rows: int) -> None:
    return None


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
