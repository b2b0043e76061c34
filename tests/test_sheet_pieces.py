"""A sheet cut into pieces (staff_files/sheet_pieces) lays out as the whole sheet does: the
pieces, one after the other, are the columns fastexcel gives of the sheet whole, whatever
lies between the cuts (empty rows, rows of empty cells, a narrower stretch); and a sheet the
pieces cannot stand for is said to be so (PiecesUnfit), not laid out otherwise."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
import pytest

from lhrctl.staff_files.bounds import Merge
from lhrctl.staff_files.sheet_pieces import PiecesUnfit, pieces

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
LEGACY = Path(__file__).parent / "data" / "legacy"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

Cells = list[tuple[str, str | None]]  # (column letters, text; None: a formatted empty cell)


def sheet_xml(rows: list[tuple[int | None, Cells]], prefix: str = "") -> str:
    """A worksheet of inline-string cells; a row numbered None carries no number."""
    p = f"{prefix}:" if prefix else ""
    body = []
    for number, cells in rows:
        marks = "" if number is None else f' r="{number}"'
        row = "".join(
            f'<{p}c{_at(col, number)} s="1"/>'
            if text is None
            else f'<{p}c{_at(col, number)} t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'
            for col, text in cells
        )
        body.append(f"<{p}row{marks}>{row}</{p}row>")
    space = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<{p}worksheet {space}="{MAIN}"><{p}dimension ref="A1:Z99999"/>'
        f"<{p}sheetData>{''.join(body)}</{p}sheetData>"
        f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:C1"/></{p}mergeCells></{p}worksheet>'
    )


def _at(col: str, number: int | None) -> str:
    """A cell's reference; none in a row without a number (laid out one after the other)."""
    return "" if number is None else f' r="{col}{number}"'


def workbook(path: Path, xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _BOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", xml)
    return path


def whole(path: Path) -> tuple[pl.DataFrame, int]:
    """The sheet as sheet_loader lays it out whole."""
    import fastexcel

    loaded = fastexcel.read_excel(str(path)).load_sheet(
        "Staff", header_row=None, skip_rows=0, dtypes="string"
    )
    return pl.DataFrame(loaded.to_polars()), loaded.available_columns()[0].absolute_index


def in_pieces(path: Path, tmp_path: Path, size: int = 150) -> tuple[list[pl.DataFrame], int]:
    """The sheet in pieces of `size` bytes of XML (some 180 a row of three cells here)."""
    folder = tmp_path / "pieces"
    folder.mkdir(exist_ok=True)
    merges: list[Merge] = []
    loaded = list(pieces(path, "Staff", folder, merges, size, chunk=32))
    assert list(folder.iterdir()) == []  # each piece's workbook gone once laid out
    assert merges == [((0, 0), (0, 2))]  # the title's, A1:C1, found after the last piece
    return [frame for frame, _ in loaded], loaded[0][1]


def staff_rows(first: int, last: int, cols: str = "CDE") -> list[tuple[int | None, Cells]]:
    return [(n, [(c, f"{c}{n}") for c in cols]) for n in range(first, last + 1)]


SHEETS = {
    # a title in row 3, the table from column C, rows of formatted empty cells and missing
    # rows across the cuts, a stretch narrower than the first rows, empty rows at the end
    "gaps": [
        (3, [("C", "บัญชีรายชื่อ")]),
        *staff_rows(5, 9),
        (10, [("C", None), ("E", None)]),
        (11, []),
        *staff_rows(14, 16, "CD"),
        *staff_rows(30, 33),
        (34, [("D", None)]),
        (35, [("F", None)]),
        *staff_rows(36, 41, "D"),
        (50, [("C", None)]),
    ],
    # a row with no number, its cells none either, after a numbered one (the reader counts
    # them on); not where a piece begins (a later piece's first row is numbered: UNFIT)
    "counted": [
        *staff_rows(1, 4, "AB"),
        (None, [("A", "x"), ("B", "y")]),
        *staff_rows(9, 14, "AB"),
    ],
}


@pytest.mark.parametrize("prefix", ["", "x"], ids=["plain", "prefixed"])
@pytest.mark.parametrize("size", [400, 650])
@pytest.mark.parametrize("name", list(SHEETS))
def test_the_pieces_are_the_sheet_laid_out_whole(
    tmp_path: Path, name: str, size: int, prefix: str
) -> None:
    path = workbook(tmp_path / "staff.xlsx", sheet_xml(SHEETS[name], prefix))
    frames, first_col = in_pieces(path, tmp_path, size)
    expected, expected_col = whole(path)
    assert len(frames) >= 3
    assert first_col == expected_col == (2 if name == "gaps" else 0)
    assert pl.concat(frames).equals(expected)
    assert all(f.columns == expected.columns for f in frames)


UNFIT = {
    "a cell left of the first rows' columns": [*staff_rows(1, 6), (7, [("B", "x")])],
    "a cell right of the first rows' columns": [*staff_rows(1, 6), (7, [("F", "x")])],
    "a later piece's first row without its number": [*staff_rows(1, 5), (None, [("C", "x")])],
    "a row numbered above the rows before it": [*staff_rows(1, 5), (2, [("C", "x")])],
    "its first rows hold nothing": [(1, [("C", None)]), (2, []), (3, []), *staff_rows(4, 8)],
}


@pytest.mark.parametrize("rows", list(UNFIT.values()), ids=list(UNFIT))
def test_a_sheet_the_pieces_cannot_stand_for_is_unfit(
    tmp_path: Path, rows: list[tuple[int | None, Cells]]
) -> None:
    path = workbook(tmp_path / "staff.xlsx", sheet_xml(rows))
    with pytest.raises(PiecesUnfit):
        in_pieces(path, tmp_path)


def test_a_sheet_of_shared_strings_is_cut_only_where_they_are_few(tmp_path: Path) -> None:
    """Every piece reads the shared strings again: a workbook whose shared strings are more
    than a 64th of its sheet (Excel's, here 9.6 KB beside 24 KB) is read whole; openpyxl writes
    its text in the cells."""
    from openpyxl import Workbook

    from lhrctl.staff_files.limits import SheetLimits
    from lhrctl.staff_files.sheet_pieces import cuttable

    inline = Workbook()
    inline.active.title = "Staff"
    for n in range(300):
        inline.active.append([f"{n:013d}", f"ชื่อ{n}", "15/03/2520", 45000])
    inline.save(tmp_path / "inline.xlsx")
    limits = SheetLimits()
    assert cuttable(tmp_path / "inline.xlsx", ["Staff"], limits)
    assert not cuttable(LEGACY / "01_A_6540206.xlsx", ["Sheet1"], limits)
    assert not cuttable(tmp_path / "inline.xlsx", ["Staff", "Other"], limits)  # one sheet only
    assert not cuttable(tmp_path / "inline.xlsx", ["Staff"], SheetLimits(max_cells=1000))
