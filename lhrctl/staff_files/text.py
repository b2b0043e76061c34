"""Opening text files of unknown encoding: UTF-8 (with or without BOM), Thai Windows-874, or
UTF-16 with its BOM."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable
from pathlib import Path

from lhrctl.errors import InputUnreadable


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputUnreadable(
            f"{path}: no such file.",
            f"{path}: ไม่พบไฟล์",
            hint_en="Check the path and the spelling of the file name.",
            hint_th="ตรวจสอบตำแหน่งและชื่อไฟล์",
        ) from exc
    except IsADirectoryError as exc:
        raise InputUnreadable(f"{path} is a folder, not a file.", f"{path} เป็นโฟลเดอร์") from exc
    except OSError as exc:
        raise InputUnreadable(
            f"{path}: cannot be read ({exc.strerror}).",
            f"{path}: อ่านไฟล์ไม่ได้ ({exc.strerror})",
        ) from exc


def sniff_encoding(chunks: Callable[[], Iterable[bytes]]) -> str | None:
    """ "utf-16" (with its BOM: Excel's "Unicode Text"), "utf-8-sig" or "cp874" (TIS-620 and its
    Windows superset), or None for a file that is none of them or holds NUL bytes. `chunks`
    gives the content afresh for each try, so a large file is checked in constant memory."""
    first = next(iter(chunks()), b"")
    candidates = ["utf-16"] if first[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else []
    for encoding in (*candidates, "utf-8-sig", "cp874"):
        if _decodes(chunks, encoding):
            return encoding
    return None


def _decodes(chunks: Callable[[], Iterable[bytes]], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in chunks():
            if encoding != "utf-16" and b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(raw: bytes, source: str) -> str:
    encoding = sniff_encoding(lambda: [raw])
    if encoding is None:
        raise not_text(source)
    return raw.decode(encoding)


def not_text(source: str) -> InputUnreadable:
    return InputUnreadable(
        f"{source} is not a text file in UTF-8, UTF-16 or Thai Windows-874 (TIS-620).",
        f"{source} ไม่ใช่ไฟล์ข้อความแบบ UTF-8, UTF-16 หรือ Windows-874 (TIS-620)",
        hint_en="Save it again as CSV UTF-8 from the spreadsheet program.",
        hint_th="บันทึกไฟล์ใหม่เป็น CSV UTF-8 จากโปรแกรมตารางคำนวณ",
    )
