"""How wide each column of a table may be in the terminal it prints to.

Rich shrinks every column alike when a table is too wide, down to nothing for a narrow one (a row
number). Here the columns kept whole get their full width first, and the columns that may be cut
(`CUT`: free text) share what is left, each capped, so the table fits without Rich's squeeze.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WRAP, KEEP, CUT = "wrap", "keep", "cut"  # how a column gives way (`_ui.Column`)
PADDING = 2  # a space either side of a cell
LEAST = 6  # a cut column still shows this much


def shown(value: object) -> str:
    """A cell's text as a table shows it: none is `-`."""
    return "-" if value is None else str(value)


def cell_width(value: object) -> int:
    """As _ui shows it (a Rich Text: no markup, no control codes)."""
    from rich.cells import cell_len  # here, not at import: `lhrctl --help` stays quick
    from rich.control import strip_control_codes

    return cell_len(strip_control_codes(shown(value)))


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


def add_columns(
    table: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    fits: Sequence[str],
    width: int,
    compact: bool,
) -> bool:
    """The table's columns, each giving way as its fit says, the whole within `width`; whether
    it is within `width` with no cell wrapped (a cut one is only cut short)."""
    fit = [fits[i] if i < len(fits) else WRAP for i in range(len(headers))]
    natural = natural_widths(headers, rows)
    edges = len(headers) - 1 if compact else len(headers) + 1
    caps = cut_widths(natural, [f == CUT for f in fit], width, edges)
    for index, header in enumerate(headers):
        if fit[index] == KEEP:
            table.add_column(header, no_wrap=True, min_width=natural[index])
        elif fit[index] == CUT:
            table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=caps[index])
        else:
            table.add_column(header)
    return edges + sum(caps) + PADDING * len(caps) <= width
