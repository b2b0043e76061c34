"""Every workbook lhrctl writes prints as a person expects: A4 landscape, one page wide, the
header frozen and repeated on every page, columns as wide as their Thai content."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

MIN_WIDTH = 6
MAX_WIDTH = 60  # wider content wraps in its cell instead
SAMPLE_ROWS = 300  # the widths of a long sheet are measured on its first rows


def text_width(value: object) -> int:
    """Columns a value takes on screen: Thai vowels and tone marks above or below take none."""
    if value is None:
        return 0
    text = str(value)
    return sum(1 for ch in text if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))


def column_widths(rows: Iterable[Sequence[object]]) -> list[float]:
    """Each column's width (in Excel's character units), from the longest value in it."""
    widest: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            if index >= len(widest):
                widest.append(0)
            widest[index] = max(widest[index], text_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, w * 1.15 + 2)) for w in widest]


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = round(width, 1)


def print_setup(ws: Any, header_row: int | None) -> None:
    """A4 landscape, fitted to one page wide, the header row frozen and on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = f"A{header_row + 1}"


def wrap_wide_cells(ws: Any, widths: Sequence[float]) -> None:
    """Cells of a column at its widest wrap, so nothing is cut on paper (not write-only)."""
    from openpyxl.styles import Alignment

    wide = {i + 1 for i, w in enumerate(widths) if w >= MAX_WIDTH}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows():
        for cell in row:
            if cell.column in wide:
                cell.alignment = wrap


def fit_for_print(ws: Any, header_row: int | None = 1) -> None:
    """A finished (not write-only) sheet: widths from its content, print setup, wrapping."""
    widths = column_widths(
        [cell.value for cell in row]
        for row in ws.iter_rows(min_row=header_row or 1, max_row=SAMPLE_ROWS)
    )
    set_widths(ws, widths)
    wrap_wide_cells(ws, widths)
    print_setup(ws, header_row)
