"""How large a sheet of staff may be: the limits the commands' options set (`--max-columns`,
`--max-cells`) and `bounds` checks, kept apart so that the options cost nothing at start-up."""

from __future__ import annotations

from dataclasses import dataclass

MAX_COLUMNS = 256
# 500,000 people (the whole country in one workbook) with 20 columns
MAX_CELLS = 10_000_000


@dataclass(frozen=True)
class SheetLimits:
    """What a staff list can be: more is a mistake (stray cells far from the table) or an attack."""

    max_columns: int = MAX_COLUMNS
    max_cells: int = MAX_CELLS

    @property
    def load_memory(self) -> int:
        """The memory a process loading one such sheet as columns may write: the
        interpreter with polars and their threads, then for each cell its place in the grid and
        its text twice (the grid's and the columns'), text that the sheet's XML bounds."""
        return _LOAD_BASE + self.max_cells * _LOAD_BYTES_PER_CELL


_LOAD_BASE = 1 << 30
_LOAD_BYTES_PER_CELL = 500  # 135 measured, at 500,000 rows x 13 columns
