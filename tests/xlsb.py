"""A small writer of .xlsb workbooks (Excel's binary format), for the tests of how lhrctl bounds
them: one sheet of number and text cells, in the records a reader needs (MS-XLSB 2.4)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

Cell = tuple[int, int, str | float]  # row, column (from 0), value

_BEGIN_BOOK, _END_BOOK, _BEGIN_SHEETS, _END_SHEETS, _SHEET = 0x83, 0x84, 0x8F, 0x90, 0x9C
_BEGIN_SHEET, _END_SHEET, _DIMENSION, _BEGIN_DATA, _END_DATA = 0x81, 0x82, 0x94, 0x91, 0x92
_ROW, _NUMBER, _TEXT = 0x00, 0x05, 0x06
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/{}" Target="{}"/></Relationships>'
)
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="bin" '
    'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.bin" '
    'ContentType="application/vnd.ms-excel.worksheet"/></Types>'
)


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _record(kind: int, payload: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(payload)) + payload


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _sheet(cells: list[Cell]) -> bytes:
    last = (max(r for r, _, _ in cells), max(c for _, c, _ in cells))
    out = _record(_BEGIN_SHEET) + _record(_DIMENSION, struct.pack("<IIII", 0, last[0], 0, last[1]))
    out += _record(_BEGIN_DATA)
    for row in sorted({r for r, _, _ in cells}):
        out += _record(_ROW, struct.pack("<IIH", row, 0, 300) + bytes(7))
        for _, column, value in sorted(c for c in cells if c[0] == row):
            place = struct.pack("<II", column, 0)
            if isinstance(value, str):
                out += _record(_TEXT, place + _wide(value))
            else:
                out += _record(_NUMBER, place + struct.pack("<d", value))
    return out + _record(_END_DATA) + _record(_END_SHEET)


def write_xlsb(path: Path, cells: list[Cell], sheet: str = "Sheet1") -> Path:
    book = _record(_BEGIN_BOOK) + _record(_BEGIN_SHEETS)
    book += _record(_SHEET, struct.pack("<II", 0, 1) + _wide("rId1") + _wide(sheet))
    book += _record(_END_SHEETS) + _record(_END_BOOK)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS.format("officeDocument", "xl/workbook.bin"))
        archive.writestr("xl/workbook.bin", book)
        sheets = _RELS.format("worksheet", "worksheets/sheet1.bin")
        archive.writestr("xl/_rels/workbook.bin.rels", sheets)
        archive.writestr("xl/worksheets/sheet1.bin", _sheet(cells))
    return path
