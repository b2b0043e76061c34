"""How big a sheet is, told before it is loaded.

A workbook reader lays a sheet out as one grid from its first used cell to its last, all at once:
a 5 KB .xlsx with one stray cell at XFD1048576 is a grid of 17 billion cells, and the process
aborts trying to allocate it. So the extent of an .xlsx/.xlsm sheet is read from its XML first, in
one pass of byte searches over the inflated stream (about half a second of work for 200,000
rows), and a sheet larger than a staff list can be is refused with the limit and the option that
raises it.

An .ods sheet's extent is read the same way from `content.xml`, where one cell may say it repeats
16,384 times across and one row 1,048,576 times down. An .xls or .xlsb sheet's is measured by
laying it out in a child process limited in memory (sheet_loader.measure_apart).
"""

from __future__ import annotations

import functools
import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lhrctl.errors import InputUnreadable
from lhrctl.staff_files.limits import SheetLimits

if TYPE_CHECKING:
    from lhrctl.staff_files.error_cells import ErrorCells

_BYTES_PER_CELL = 200  # what a cell's XML takes at the most, about: bounds what a part unpacks to
_SMALL_WORKBOOK = 50_000_000  # what any workbook may unpack to, however low --max-cells is set


@dataclass(frozen=True)
class Extent:
    rows: int
    columns: int
    counted: bool = False  # its columns are cells without references, counted in a row

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def check_unpacked(path: Path, limits: SheetLimits) -> None:
    """Refuse (exit 7) a zipped workbook whose parts would unpack to more than a sheet of the
    largest size allowed takes: a zip bomb is refused from the sizes it declares, unread."""
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max(limits.max_cells * _BYTES_PER_CELL, _SMALL_WORKBOOK):
            size = f"{unpacked / 1e6:,.0f} MB"
            raise too_large(path, f"it unpacks to {size}", f"แตกไฟล์ออกมาได้ {size}", limits)
        if _ODS_CONTENT in archive.namelist():  # its reader lays out every table on opening
            refuse_large(path, _ods_extents(archive), limits)


@dataclass(frozen=True)
class SheetMarks:
    """What the pass that reads a sheet's extent finds beside it."""

    merges: list[Merge]  # its merged cells (a reader that does not see them needs them)
    errors: ErrorCells  # its cells that hold a spreadsheet error (readers read them as empty)


def check_sheets(path: Path, sheets: list[str], limits: SheetLimits) -> dict[str, SheetMarks]:
    """Refuse (exit 7) an .xlsx/.xlsm sheet among `sheets` wider or larger than the limits;
    what else the same pass finds of each sheet (SheetMarks)."""
    if not zipfile.is_zipfile(path):
        return {}
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        marks: dict[str, SheetMarks] = {}
        extents = {}
        for name in sheets:
            if name in parts:
                extents[name], marks[name] = _extent(archive, parts[name])
        for name, extent in extents.items():
            if _beyond_limits(extent, limits) and not extent.counted:
                # unless the far cells are empty, formatted only
                extents[name] = _valued_extent(archive, parts[name]) or extent
        refuse_large(path, extents, limits)
    return marks


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]{1,3}\d+:([A-Z]{1,3})(\d+)"')


def said_within(archive: zipfile.ZipFile, part: str, limits: SheetLimits) -> bool:
    """Whether the sheet's `<dimension>`, if it has one, says it is within the limits: where
    it says otherwise, `check_sheets` is to tell (the far cells may be formatted only)."""
    with archive.open(part) as stream:
        opening = stream.read(1 << 16)
    said = _DIMENSION.search(opening)
    if said is None:
        return True
    extent = Extent(int(said.group(2)), column_number(said.group(1)))
    return not _beyond_limits(extent, limits)


def merged_cells(text: bytes) -> list[Merge]:
    """The merged cells of a sheet's XML from its rows' end on (sheet_pieces, at the end)."""
    at = _merges_start(text)
    return _merges(text[at:]) if at >= 0 else []


# a text cell's value that reads as a date cell's or a boolean's value written out: in a shared
# string (<t>), an inline one (<is><t>) or a formula's text result (<v>)
_TYPED_TEXT = re.compile(
    rb">(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?|true|false)</(?:\w+:)?[tv]>"
)


def typed_text(path: Path, sheet: str) -> bool:
    """Whether a text cell of the sheet, or a shared string of its workbook, reads as a date
    cell's or a boolean's value written out: `2530-03-15 00:00:00`, `true` (sheet_frames)."""
    with zipfile.ZipFile(path) as archive:
        parts = [sheet_parts(archive).get(sheet, "")]
        parts += [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
        for part in parts:
            if part in archive.namelist() and _holds_typed_text(archive, part):
                return True
    return False


def _holds_typed_text(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    for chunk in _inflated(archive, part):
        if _TYPED_TEXT.search(tail + chunk):
            return True
        tail = chunk[-_OVERLAP:]
    return False


def _beyond_limits(extent: Extent, limits: SheetLimits) -> bool:
    return extent.columns > limits.max_columns or extent.cells > limits.max_cells


def refuse_large(path: Path, extents: dict[str, Extent], limits: SheetLimits) -> None:
    for name, extent in extents.items():
        if _beyond_limits(extent, limits):
            raise too_large(
                path,
                f"sheet {name!r} spans {extent.rows:,} rows x {extent.columns:,} columns",
                f"ชีต {name!r} มี {extent.rows:,} แถว x {extent.columns:,} คอลัมน์",
                limits,
            )


def too_large(path: Path, what_en: str, what_th: str, limits: SheetLimits) -> InputUnreadable:
    most_en = f"at most {limits.max_columns:,} columns and {limits.max_cells:,} cells"
    most_th = f"ไม่เกิน {limits.max_columns:,} คอลัมน์ และ {limits.max_cells:,} เซลล์"
    return InputUnreadable(
        f"{path.name}: {what_en}, more than a staff list can be ({most_en}).",
        f"{path.name}: {what_th} เกินกว่าที่บัญชีรายชื่อบุคลากรจะมีได้ ({most_th})",
        hint_en="If a cell far from the table was typed by mistake (Ctrl+End in Excel goes to "
        "the last one), delete its rows and columns and save again; if the sheet really is that "
        "large, raise --max-columns or --max-cells.",
        hint_th="หากมีเซลล์ที่พิมพ์ไว้ไกลจากตารางโดยไม่ตั้งใจ (กด Ctrl+End ใน Excel เพื่อไปยังเซลล์สุดท้าย) "
        "ให้ลบแถวและคอลัมน์นั้นแล้วบันทึกใหม่ หากชีตใหญ่เช่นนั้นจริง ให้เพิ่ม --max-columns หรือ --max-cells",
    )


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the part of the archive that holds its cells (.xlsx/.xlsm). Read
    with patterns, not an XML parser: the file is untrusted, and these two parts are small."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        links = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}  # not an .xlsx: its reader says what is wrong with it
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", links):
        found = _attributes(tag)
        targets[found.get("Id")] = found.get("Target", "")
    parts = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        found = _attributes(tag)
        link = next((v for k, v in found.items() if k.endswith(":id")), None)
        target = targets.get(link)
        if target:
            where = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[html.unescape(found.get("name", ""))] = str(PurePosixPath(where))
    return parts


def _attributes(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w:]+)="([^"]*)"', tag))


_ROW = b'row r="'  # <row r="12" …>, whatever the prefix of its namespace
_OVERLAP = 64  # bytes kept between chunks, so that no reference or value is cut in two unseen

# XML lets an attribute be written r="A1", r='A1' or r = "A1", after a space, a tab or a line
# break, and the reader takes a reference in small letters too: the text is searched with each
# of those read as the first (quotes as ", white space as a space, every letter as a capital),
# and a namespace's prefix as a tag of its own (`<x:c` as `<X<C`)
_PLAIN = bytes.maketrans(b"'\t\n\r:abcdefghijklmnopqrstuvwxyz", b'"   <ABCDEFGHIJKLMNOPQRSTUVWXYZ')
_WHITE = b" \t\n\r"  # left out of the text the extent pass reads: `<CR="A1"S="1">`


def _extent(archive: zipfile.ZipFile, part: str) -> tuple[Extent, SheetMarks]:
    """The rows and columns the sheet's grid will span: its last row (numbered, or counted
    where rows carry no number) and its rightmost column. Rows come in order, so each chunk's
    last row number is the highest so far; a row or cell numbered with more digits than that is
    a stray far below the table, and counts. One regular-expression pass a chunk finds both it
    and any cell right of the rightmost column seen so far. A cell may also carry no reference
    (the reader lays it right of the one before): where the pass meets a cell whose first
    attribute is not its reference, the chunk's rows are searched again, their cells counted.
    The merged cells come after the cells: from the chunk where they begin, the rest is kept
    and read for them. Each chunk is read up to its last `>`; the rest, perhaps a tag cut in
    two, with the next. The cells that hold a spreadsheet error are found on the way."""
    from lhrctl.staff_files.error_cells import ErrorScan  # here: it imports this module

    found = _Found()
    tail = b""
    merged: list[bytes] = []
    errors = ErrorScan()
    for chunk in _inflated(archive, part):
        text = tail + chunk
        cut = text.rfind(b">") + 1
        found.rows = _rows_to(text, cut, found.rows)
        found.search(text[:cut].translate(_PLAIN, _WHITE))
        errors.feed(chunk)
        if merged or (at := _merges_start(text)) >= 0:
            merged.append(chunk if merged else text[at:])
        tail = text[cut:]
    return found.extent(), SheetMarks(_merges(b"".join(merged)), errors.end())


class _Found:
    """What one pass over a sheet has found so far."""

    def __init__(self) -> None:
        self.rows, self.columns = 0, 1
        self.counted = 0  # the most cells a row holds, where they were counted
        self.open_row = 0  # cells of a row a chunk left open, where they are counted

    def search(self, plain: bytes) -> None:
        """A chunk's text up to its last `>`, in _PLAIN without _WHITE."""
        found = _cells_beyond(self.rows, self.columns).findall(plain)
        if self.open_row or not all(any(groups) for groups in found):
            found = _beyond(self.rows, self.columns).findall(plain)
            widest, self.open_row = _widest_row(plain, self.open_row)
            self.counted = max(self.counted, widest)
        # each distinct one: the first chunk finds every cell right of column A
        deeps = {deep for _, deep, _ in found if deep}
        wides = {letters or wide for letters, _, wide in found}
        self.rows = max([self.rows, *map(int, deeps)])
        self.columns = max([self.columns, *map(column_number, wides)])

    def extent(self) -> Extent:
        return Extent(self.rows, max(self.columns, self.counted), self.counted > self.columns)


def _widest_row(plain: bytes, open_row: int) -> tuple[int, int]:
    """The most cells a row in `plain` holds (a tag named C… counts as one: an upper bound),
    the row an earlier chunk left open included; and the cells of the row it leaves open."""
    widest = 0
    parts = plain.split(b"<ROW")
    for part in parts if open_row else parts[1:]:  # not the tags before the first row
        inside, closed, _ = part.partition(b"</ROW>")
        cells = inside.count(b"<C") + open_row
        widest, open_row = max(widest, cells), 0 if closed else cells
    return widest, open_row


Merge = tuple[tuple[int, int], tuple[int, int]]  # (top row, column), (bottom row, column), from 0
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def _merges_start(text: bytes) -> int:
    """Where the `<mergeCells>` tag begins in `text`, -1 if not there: the word inside a tag,
    not in a cell's text (where a `<` is always escaped)."""
    at = text.find(b"mergeCells")
    while at >= 0:
        if text.rfind(b"<", 0, at) > text.rfind(b">", 0, at):
            return at
        at = text.find(b"mergeCells", at + 1)
    return -1


def _merges(text: bytes) -> list[Merge]:
    """The merged ranges of `<mergeCell ref="D2:D4"/>` tags, as python-calamine gives them."""
    return [
        ((int(top) - 1, column_number(left) - 1), (int(bottom) - 1, column_number(right) - 1))
        for left, top, right, bottom in _MERGE.findall(text)
    ]


# in _PLAIN text, a cell that holds something: not `<c r="XFD1048576" s="1"/>`, a cell formatted
# and left empty (Excel keeps those when a whole row or column is formatted; readers skip them)
_VALUED_CELL = re.compile(rb'<C [^>]*?\bR *= *"([A-Z]{1,3})(\d+)"[^>]*?(/?)>')


def _valued_extent(archive: zipfile.ZipFile, part: str) -> Extent | None:
    """The extent of the cells that hold something, cell by cell: the slower, exact pass, for a
    sheet the first pass found too large. None when its cells carry no references."""
    rows = columns = 0
    seen = False
    tail = b""
    for chunk in _inflated(archive, part):
        text = tail + chunk
        end = text.rfind(b">") + 1
        for letters, row, empty in _VALUED_CELL.findall(text.translate(_PLAIN), 0, end):
            seen = True
            if not empty:
                rows, columns = max(rows, int(row)), max(columns, column_number(letters))
        tail = text[end:]
    return Extent(rows, columns) if seen else None


def _rows_to(text: bytes, cut: int, rows: int) -> int:
    """The rows so far, to `cut`: the last numbered row's number and the rows without a number
    after it (the reader numbers them on), or where none is numbered, `rows` and every row.
    Each row is counted once: a row cut off at `cut` is read with the next chunk."""
    at = text.rfind(_ROW, 0, cut)
    number = text[at + len(_ROW) : text.find(b'"', at + len(_ROW))] if at >= 0 else b""
    start = at + 1 if number.isdigit() else 0
    after = sum(text.count(tag, start, cut) for tag in (b"<row ", b"<row>", b":row ", b":row>"))
    return max(rows, int(number) + after) if number.isdigit() else rows + after


def _cells_beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """As `_beyond`, of cells only (a cell's reference says its row), and a tag named C… whose
    first attribute is not a reference ("", "", "")."""
    return _pattern(rb'<C(?:R="%s|(?!R="))' % _far(rows, columns))


def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """In _PLAIN text without _WHITE: a row or cell numbered with more digits than `rows` (its
    letters, its row, ""), or a cell right of column `columns` ("", "", its letters)."""
    return _pattern(b'R="' + _far(rows, columns))


def _far(rows: int, columns: int) -> bytes:
    """What follows `R="` in a reference further than `rows` and `columns` (see `_beyond`)."""
    digits = len(str(rows)) + 1
    single = "" if columns >= 26 else f"[{chr(65 + columns)}-Z]|"
    return rb'(?:([A-Z]{0,3})(\d{%d,})"|(%s[A-Z]{2,3})\d)' % (digits, single.encode())


@functools.cache
def _pattern(source: bytes) -> re.Pattern[bytes]:
    return re.compile(source)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes) -> int:
    number = 0  # b"": a row's own number, no column
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _inflated(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 22):
            yield chunk


_ODS_CONTENT = "content.xml"
# the tags that lay out an OpenDocument table, whatever their namespace's prefix: a table and its
# name, a row and how often it repeats, a cell and how often it repeats across, a row's end
_ODS_TAG = re.compile(
    rb"<(/?)(?:\w+:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_REPEATED = re.compile(rb'number-(?:rows|columns)-repeated="(\d+)"')
_NAME = re.compile(rb'(?:\w+:)?name="([^"]*)"')


def _ods_extents(archive: zipfile.ZipFile) -> dict[str, Extent]:
    """Each table's extent in `content.xml`: down to its last row with a value, across to the
    last cell with one, repeats counted. Read in chunks, each up to its last whole tag."""
    layout = _OdsLayout()
    tail = b""
    for chunk in _inflated(archive, _ODS_CONTENT):
        text = tail + chunk
        end = text.rfind(b">") + 1
        for closing, tag, attributes in _ODS_TAG.findall(text, 0, end):
            layout.tag(bool(closing), tag, attributes)
        tail = text[end:]
    layout.close_table()
    return layout.extents


class _OdsLayout:
    """The running count of one pass over an OpenDocument spreadsheet's tables."""

    def __init__(self) -> None:
        self.extents: dict[str, Extent] = {}
        self.name: str | None = None
        self.row = self.rows = self.columns = 0  # rows passed; the extent so far
        self.repeat = self.column = self.last_valued = 0  # the row under way

    def tag(self, closing: bool, tag: bytes, attributes: bytes) -> None:
        if tag == b"table" and not closing:
            self.close_table()
            found = _NAME.search(attributes)
            self.name = html.unescape(found.group(1).decode("utf-8", "replace")) if found else ""
        elif tag == b"table-row":
            self._row(closing, attributes)
        elif not closing and tag != b"table":  # a cell, spanned or not
            self.column += _repeats(attributes)
            if b"value-type" in attributes:
                self.last_valued = self.column

    def _row(self, closing: bool, attributes: bytes) -> None:
        if not closing:
            self.repeat, self.column, self.last_valued = _repeats(attributes), 0, 0
            if not attributes.endswith(b"/"):
                return  # its cells follow
        if self.last_valued:
            self.rows = self.row + self.repeat
            self.columns = max(self.columns, self.last_valued)
        self.row += self.repeat
        self.last_valued = 0

    def close_table(self) -> None:
        if self.name is not None:
            self.extents[self.name] = Extent(self.rows, self.columns)
        self.name, self.row, self.rows, self.columns = None, 0, 0, 0


def _repeats(attributes: bytes) -> int:
    found = _REPEATED.search(attributes)
    return int(found.group(1)) if found else 1
