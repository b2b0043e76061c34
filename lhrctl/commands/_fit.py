"""How wide each column of a table may be in the terminal it prints to.

Rich shrinks every column alike when a table is too wide, down to nothing for a narrow one (a row
number). Here the columns kept whole get their full width first, and the columns that may be cut
(`CUT`: free text) share what is left, each capped, so the table fits without Rich's squeeze.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

PADDING = 2  # a space either side of a cell
LEAST = 6  # a cut column still shows this much


def cell_width(value: object) -> int:
    return Text.from_markup("-" if value is None else str(value)).cell_len


def natural_widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    return [
        max([cell_width(header), *(cell_width(row[i]) for row in rows)])
        for i, header in enumerate(headers)
    ]


def cut_widths(natural: Sequence[int], cut: Sequence[bool], width: int, edges: int) -> list[int]:
    """Each cut column's cap (the others': their natural width), the table `width` wide with
    `edges` characters of borders."""
    fixed = edges + sum(n + PADDING for n, c in zip(natural, cut, strict=True) if not c)
    free = width - fixed - PADDING * sum(cut)
    wanted = sum(n for n, c in zip(natural, cut, strict=True) if c)
    if wanted <= free or not wanted:
        return list(natural)
    return [max(LEAST, free * n // wanted) if c else n for n, c in zip(natural, cut, strict=True)]
