"""Web systems' "Excel" exports: an HTML page of tables saved as `.xls`, which Excel opens
without a word and no workbook reader can. Read with the standard library's HTML parser.

Each table is a sheet of text cells. As in a workbook: a cell spanning rows (`rowspan`, a
division written once for its group) gives its value to each row; one spanning columns
(`colspan`, a title) fills the first of them. A table inside a cell is a table of its own.
"""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = {"br", "p", "div"}  # a line break within a cell reads as a space
Cell = tuple[str, int, int]  # text, rows spanned, columns spanned


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Cell]]] = []  # in the order they open
        self._open: list[list[list[Cell]]] = []  # tables under way, innermost last
        self._cells: list[tuple[list[str], int, int]] = []  # cells under way, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append([])
            self.tables.append(self._open[-1])
        elif not self._open:
            return
        elif tag == "tr":
            self._open[-1].append([])
        elif tag in ("td", "th"):
            if not self._open[-1]:  # a cell before any <tr>
                self._open[-1].append([])
            spans = dict(attrs)
            self._cells.append(([], _span(spans.get("rowspan")), _span(spans.get("colspan"))))
        elif tag in _BREAKS and self._cells:
            self._cells[-1][0].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self._open.pop()
        elif tag in ("td", "th") and self._cells and self._open and self._open[-1]:
            parts, rows, cols = self._cells.pop()
            self._open[-1][-1].append((" ".join("".join(parts).split()), rows, cols))

    def handle_data(self, data: str) -> None:
        if self._cells:
            self._cells[-1][0].append(data)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 10_000))  # a bogus span must not blow up the grid
    except ValueError:
        return 1


def html_tables(text: str) -> list[list[list[str]]]:
    """The page's tables, in the order they open, as rows of cells with the spans laid out."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [_grid(rows) for rows in parser.tables if rows]


def _grid(rows: list[list[Cell]]) -> list[list[str]]:
    """The table laid out. A span reaches no further than the table does: down, to its last
    row; across, to its widest row's count of cells (a 90 KB page spanning one cell over
    10,000 x 10,000 would otherwise be a hundred million cells)."""
    grid: list[list[str]] = []
    below: dict[int, tuple[str, int]] = {}  # column -> (value, rows still to fill) from above
    width = max(len(cells) for cells in rows)
    for number, cells in enumerate(rows):
        row: list[str] = []
        for text, spans_down, spans_across in cells:
            down, across = min(spans_down, len(rows) - number), min(spans_across, width)
            _fill_from_above(row, below)
            if down > 1:  # the value goes down its first column; the others stay blank
                below[len(row)] = (text, down - 1)
                below.update({len(row) + k: ("", down - 1) for k in range(1, across)})
            row += [text, *[""] * (across - 1)]
        while below and len(row) <= max(below):  # cells from above past this row's last
            _fill_from_above(row, below)
            if len(row) <= max(below, default=-1) and len(row) not in below:
                row.append("")
        grid.append(row)
    return grid


def _fill_from_above(row: list[str], below: dict[int, tuple[str, int]]) -> None:
    """Put in `row`, from where it has got to, the cells that spans above reach down to."""
    while len(row) in below:
        column = len(row)
        value, left = below.pop(column)
        row.append(value)
        if left > 1:
            below[column] = (value, left - 1)
