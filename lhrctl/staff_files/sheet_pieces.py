"""A large sheet cut into pieces of rows, each laid out as columns on its own (in sheet_loader's
child), so that an import checks and writes the first rows while the rest are still loading.

fastexcel lays a sheet out whole: 200,000 rows took 1.2 s before any of them could be checked,
and the checks and the inserts, 1.2 s more, came after. Here the sheet's XML is inflated a
chunk at a time and cut after a `</row>` once PIECE_BYTES are held. Each piece is a workbook
of its own, stored, not compressed: the original's parts, but for the sheet, which holds the
sheet's opening (without its `<dimension>`, by which the reader would lay out the whole grid)
and the piece's rows. A piece after the first begins with an anchor row: one cell, in the first
piece's first column, on the last row the pieces before it laid out. Laid out from the anchor
on, the piece's rows line up with theirs (the rows between are empty, as they would be whole).
A piece that cannot stand for its part of the sheet so (a cell left of the first piece's, right
of its last, above the anchor) is `PiecesUnfit`, and the sheet is read whole. The merged cells
come after the rows: the pieces are read as if no cell were merged down (most large sheets
have none), and a sheet that turns out to have one is PiecesUnfit once its end is read.

Where strings are shared (sharedStrings.xml), every piece reads the whole table again: a sheet
is cut only where that table is small beside it (`cuttable`), as it is in the workbooks written
a row at a time, which write their text in the cells (Apache POI's SXSSF, XlsxWriter's constant
memory mode, openpyxl).
"""

from __future__ import annotations

import re
import secrets
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lhrctl.staff_files.bounds import Merge, column_letter, merged_cells, said_within, sheet_parts
from lhrctl.staff_files.error_cells import found_in, into_frame, marked
from lhrctl.staff_files.limits import SheetLimits

if TYPE_CHECKING:
    import polars as pl

# a piece's XML: some 30,000 rows, 0.3 s to lay out (a first piece of 15,000 or 60,000 rows
# made a 200,000-row import no faster)
PIECE_BYTES = 24 << 20
PIECE_CHUNK = 1 << 22  # the XML inflated at a time: a piece ends with the chunk that fills it
_SHARED_SHARE = 64  # a sheet is cut where its shared strings are a 64th of its XML or less
_PREFIX = rb"(?:[\w.-]+:)?"  # a namespace's prefix, whatever it is
_SHEET_DATA = re.compile(rb"<(" + _PREFIX + rb")sheetData\b[^>]*?(/?)>")
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension\b[^>]*>")
_ROOT = re.compile(rb"<(" + _PREFIX + rb"worksheet)\b")
# a zip archive's local header, central directory entry and end (each part stored, dated 1980)
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


class PiecesUnfit(Exception):
    """The sheet cannot be laid out in these pieces as it would be whole: it is read whole (an
    import begins again, reading it so)."""


def cuttable(path: Path, sheets: list[str], limits: SheetLimits) -> bool:
    """Whether the one sheet asked for may be cut into pieces: an .xlsx/.xlsm sheet whose
    workbook's shared strings are small beside it, and whose `<dimension>` does not say it
    is beyond the limits (its extent is then read first, to say how far it reaches: the
    pieces would only say it took too much memory)."""
    if len(sheets) != 1:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            part = sheet_parts(archive).get(sheets[0], "")
            sizes = {i.filename: i.file_size for i in archive.infolist()}
            shared = sum(s for n, s in sizes.items() if n.lower().endswith("sharedstrings.xml"))
            small = part in sizes and shared * _SHARED_SHARE <= sizes[part]
            return small and said_within(archive, part, limits)
    except (OSError, zipfile.BadZipFile):
        return False


@dataclass
class _Sheet:
    """What each piece's XML shares: the sheet's opening and its closing tags."""

    opening: bytes
    prefix: bytes
    closing: bytes

    def xml(self, rows: bytes, anchor: bytes = b"") -> list[bytes | memoryview]:
        return [self.opening, anchor, rows, self.closing]


def pieces(
    path: Path,
    sheet: str,
    folder: Path,
    merges: list[Merge],
    size: int = PIECE_BYTES,
    chunk: int = PIECE_CHUNK,
) -> Iterator[tuple[pl.DataFrame, int]]:
    """The sheet's cells as text columns, a piece at a time, each lined up with the first (its
    columns, named as the first's; its first row the sheet's row after the pieces before it),
    and the first piece's first used column; each piece's workbook is written into `folder`
    while it is read; the sheet's merged cells put into `merges` once the last is. PiecesUnfit
    where the pieces cannot stand for the sheet; a memory error is not caught."""
    with zipfile.ZipFile(path) as archive:
        part = sheet_parts(archive)[sheet]
        others = {
            info.filename: _EMPTY_SHEET if _other_sheet(info.filename, part) else archive.read(info)
            for info in archive.infolist()
            if info.filename != part and not info.is_dir()
        }
        total = archive.getinfo(part).file_size
        with archive.open(part) as stream:
            cut = _cut(stream, size, chunk, total, merges)
            yield from _laid_out(cut, sheet, _Book(others, part, folder))


def _other_sheet(name: str, part: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml") and name != part


def _laid_out(
    cut: Iterator[tuple[_Sheet, bytes]], sheet: str, book: _Book
) -> Iterator[tuple[pl.DataFrame, int]]:
    first: pl.DataFrame | None = None
    first_col = laid_out = 0  # the rows the pieces so far lay out
    token = f"lhrctl-{secrets.token_hex(8)}"
    for shape, rows in cut:
        if first is None:
            frame, first_col = book.load(shape.xml(rows), sheet, skip=0)
            if not frame.width:
                raise PiecesUnfit("its first rows hold nothing")
            first = frame
        else:
            anchor = _anchor(shape, rows, laid_out, first_col, token)
            frame, col = book.load(shape.xml(rows, anchor), sheet, skip=None)
            frame = _lined_up(frame, col, first, first_col, token)
        if marked(rows):  # read as empty cells: their errors put back (error_cells)
            frame = into_frame(frame, found_in(rows, {}, len(rows)), laid_out, first_col)
        laid_out += frame.height
        yield frame, first_col


def _anchor(shape: _Sheet, rows: bytes, laid_out: int, first_col: int, token: str) -> bytes:
    """The row the piece's layout starts from: the last the pieces before it laid out, its one
    cell in their first column; it is taken off once the piece is laid out."""
    number = _first_row(rows, shape.prefix)
    if not laid_out or number is None or number <= laid_out:
        raise PiecesUnfit("a piece's rows do not follow the ones before")
    p, cell = shape.prefix.decode(), f"{column_letter(first_col)}{laid_out}"
    inline = f"<{p}is><{p}t>{token}</{p}t></{p}is>"
    return (
        f'<{p}row r="{laid_out}"><{p}c r="{cell}" t="inlineStr">{inline}</{p}c></{p}row>'.encode()
    )


def _first_row(rows: bytes, prefix: bytes) -> int | None:
    """The number of the piece's first row, None where it has none (the reader counts it)."""
    found = re.match(rb"\s*<%srow\b([^>]*)>" % re.escape(prefix), rows)
    number = found and re.search(rb"""\br\s*=\s*["'](\d+)["']""", found.group(1))
    return int(number.group(1)) if number else None


def _lined_up(
    frame: pl.DataFrame, col: int, first: pl.DataFrame, first_col: int, token: str
) -> pl.DataFrame:
    """A later piece, its anchor row taken off and its columns the first piece's."""
    import polars as pl

    if col != first_col or frame.width > first.width or frame[0, 0] != token:
        raise PiecesUnfit("a piece's cells lie outside the first piece's columns")
    frame = frame.slice(1)
    frame = frame.rename(dict(zip(frame.columns, first.columns, strict=False)))
    return frame.with_columns(
        pl.lit(None, pl.String).alias(c) for c in first.columns[frame.width :]
    )


def _load(book: Path, sheet: str, *, skip: int | None) -> tuple[pl.DataFrame, int]:
    import fastexcel
    import polars as pl

    try:
        loaded = fastexcel.read_excel(str(book)).load_sheet(
            sheet, header_row=None, skip_rows=skip, dtypes="string"
        )
    except MemoryError:
        raise
    except Exception as exc:  # a piece its reader cannot read: the sheet is read whole
        raise PiecesUnfit(str(exc)) from exc
    columns = loaded.available_columns()
    first_col = columns[0].absolute_index if columns else 0
    return pl.DataFrame(loaded.to_polars()), first_col


class _Book:
    """The pieces' workbooks, written into `folder` as stored zip archives: the original's
    parts but the sheet's once, the sheet's XML without a copy of the piece's rows."""

    def __init__(self, others: dict[str, bytes], part: str, folder: Path):
        self.part, self.folder, self.others = part.encode(), folder, len(others)
        self.head = bytearray()  # the other parts, each with its header
        self.directory = bytearray()  # their entries in the central directory
        for name, data in others.items():
            self._entry(name.encode(), [data], self.head, self.directory)

    def load(
        self, xml: list[bytes | memoryview], sheet: str, *, skip: int | None
    ) -> tuple[pl.DataFrame, int]:
        """The piece's workbook written, its sheet laid out (`_load`), the workbook removed."""
        path = self._write(xml)
        try:
            return _load(path, sheet, skip=skip)
        finally:
            path.unlink(missing_ok=True)

    def _write(self, xml: list[bytes | memoryview]) -> Path:
        path = self.folder / "piece.xlsx"
        body, directory = bytearray(self.head), bytearray(self.directory)
        with path.open("wb") as file:
            self._entry(self.part, xml, body, directory, file)
            file.write(directory)
            file.write(_END.pack(0x06054B50, 0, 0, *[self.others + 1] * 2,
                                 len(directory), file.tell() - len(directory), 0))  # fmt: skip
        return path

    def _entry(
        self,
        name: bytes,
        data: list[bytes | memoryview],
        body: bytearray,
        directory: bytearray,
        file: BinaryIO | None = None,
    ) -> None:
        """A part, stored, its header into `body` (then `body` and the data into `file`, where
        given), its entry into `directory`."""
        crc = size = 0
        for part in data:
            crc, size = zlib.crc32(part, crc), size + len(part)
        offset = len(body)
        body += _LOCAL.pack(0x04034B50, 20, 0, 0, 0, 0x21, crc, size, size, len(name), 0) + name
        directory += (
            _CENTRAL.pack(
                0x02014B50, 20, 20, 0, 0, 0, 0x21, crc, size, size, len(name), 0, 0, 0, 0, 0, offset
            )
            + name
        )
        if file is None:
            body += b"".join(data)
            return
        file.write(body)
        for part in data:
            file.write(part)


def _cut(
    stream: Any, size: int, chunk_size: int, total: int, merges: list[Merge]
) -> Iterator[tuple[_Sheet, bytes]]:
    """The sheet's rows after their opening, cut after a row once `size` bytes of them are
    held (`_size`: the last two pieces share what is left); the last piece's up to the end of
    the sheet's data, after which its merged cells are found. `total`: the XML's size."""
    held = bytearray()
    shape = None
    while shape is None:
        chunk = stream.read(chunk_size)
        if not chunk:
            raise PiecesUnfit("no sheet data")
        held += chunk
        shape, start = _shape(held)
    left = total - start  # not yet cut, as the archive says
    del held[:start]
    close_row, close_data = b"</%srow>" % shape.prefix, b"</%ssheetData>" % shape.prefix
    while chunk := stream.read(chunk_size):
        held += chunk
        cut = held.rfind(close_row) + len(close_row)
        if len(held) >= _size(size, left) and cut >= len(close_row):
            yield shape, bytes(memoryview(held)[:cut])
            del held[:cut]
            left -= cut
    end = held.rfind(close_data)
    if end < 0:
        raise PiecesUnfit("the sheet's data does not end")
    if held[:end].strip():  # not where the rows ended with the piece before
        yield shape, bytes(memoryview(held)[:end])
    merges += merged_cells(bytes(held[end:]))


def _size(size: int, left: int) -> int:
    """The bytes a piece is cut at, of `left` not cut yet: `size`, but the last two pieces
    share what is left so that the last is short (its checks and inserts are all an import
    has left to do once it is loaded)."""
    tail = size // 6
    return size if left > size + tail else max(tail, left - tail)


def _shape(held: bytearray) -> tuple[_Sheet | None, int]:
    """The sheet's opening and closing, once `held` reaches its data; and where its rows
    begin."""
    found = _SHEET_DATA.search(held)
    if found is None:
        return None, 0
    root = _ROOT.search(held, 0, found.start())
    if found.group(2) or root is None:
        raise PiecesUnfit("no sheet data")
    opening = _DIMENSION.sub(b"", bytes(held[: found.end()]))
    closing = b"</%ssheetData></%s>" % (found.group(1), root.group(1))
    return _Sheet(opening, found.group(1), closing), found.end()
