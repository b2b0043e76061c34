"""A small writer of Excel 5 (BIFF5) workbooks, as old Thai personnel systems export them: text
in 8-bit strings of a code page the file may not declare. Only what a reader needs: BOF,
CODEPAGE, BOUNDSHEET, LABEL, NUMBER and EOF records, in one OLE compound file."""

from __future__ import annotations

import struct
from pathlib import Path

Cell = str | float | int | None

_SECTOR = 512
_END = 0xFFFFFFFE  # end of a sector chain
_FREE = 0xFFFFFFFF
_FAT_SECTOR = 0xFFFFFFFD
_NO_STREAM = 0xFFFFFFFF
_MINI_CUTOFF = 4096  # a stream shorter than this belongs in the mini stream: padded past it


def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHH", 0x0500, kind, 0x0DBB, 0x07CC))


def _eof() -> bytes:
    return _record(0x000A, b"")


def _sheet_stream(rows: list[list[Cell]], encoding: str) -> bytes:
    out = [_bof(0x0010)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                text = value.encode(encoding)
                out.append(_record(0x0204, struct.pack("<HHHH", r, c, 15, len(text)) + text))
            else:
                out.append(_record(0x0203, struct.pack("<HHHd", r, c, 15, float(value))))
    out.append(_eof())
    return b"".join(out)


def book_stream(sheets: dict[str, list[list[Cell]]], encoding: str, codepage: int | None) -> bytes:
    """The workbook stream: globals (with a CODEPAGE record if `codepage`), then each sheet."""
    bodies = [_sheet_stream(rows, encoding) for rows in sheets.values()]
    names = [name.encode(encoding) for name in sheets]

    def globals_part(offsets: list[int]) -> bytes:
        parts = [_bof(0x0005)]
        if codepage is not None:
            parts.append(_record(0x0042, struct.pack("<H", codepage)))
        for name, offset in zip(names, offsets, strict=True):
            parts.append(_record(0x0085, struct.pack("<IBBB", offset, 0, 0, len(name)) + name))
        parts.append(_eof())
        return b"".join(parts)

    head = len(globals_part([0] * len(bodies)))
    offsets, at = [], head
    for body in bodies:
        offsets.append(at)
        at += len(body)
    stream = globals_part(offsets) + b"".join(bodies)
    return stream + b"\0" * max(0, _MINI_CUTOFF - len(stream))


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NO_STREAM, _NO_STREAM, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # times
        + struct.pack("<IIIx", start, size, 0)[:12]
    )


def compound_file(stream: bytes, name: str = "Book") -> bytes:
    """One stream in an OLE compound file (version 3): header, one FAT sector, one directory
    sector, then the stream's sectors."""
    count = -(-len(stream) // _SECTOR)
    if count + 2 > _SECTOR // 4:
        raise ValueError("too large for one FAT sector")
    fat = [_FAT_SECTOR, _END] + [s + 1 for s in range(2, 2 + count - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    directory = _dir_entry("Root Entry", 5, 1, _END, 0) + _dir_entry(
        name, 2, _NO_STREAM, 2, len(stream)
    )
    directory += _dir_entry("", 0, _NO_STREAM, 0, 0) * 2
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == _SECTOR and len(directory) == _SECTOR
    body = stream.ljust(count * _SECTOR, b"\0")
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + body


def write_biff5(
    path: Path,
    sheets: dict[str, list[list[Cell]]],
    *,
    encoding: str = "cp874",
    codepage: int | None = None,
) -> Path:
    """`sheets` written as Excel 5 stores them: text as `encoding` bytes, declared as `codepage`
    (None: no CODEPAGE record, as Thai systems of the 1990s wrote them)."""
    path.write_bytes(compound_file(book_stream(sheets, encoding, codepage)))
    return path
