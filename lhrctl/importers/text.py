"""Opening text files of unknown encoding: UTF-8 (with or without BOM) or Thai Windows-874."""

from __future__ import annotations

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


def decode_text(raw: bytes, source: str) -> str:
    """Decode as UTF-8 (BOM or not), else as cp874 (TIS-620 and its Windows superset)."""
    if b"\x00" in raw:
        raise _not_text(source)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp874")
    except UnicodeDecodeError as exc:
        raise _not_text(source) from exc


def _not_text(source: str) -> InputUnreadable:
    return InputUnreadable(
        f"{source} is not a text file in UTF-8 or Thai Windows-874 (TIS-620).",
        f"{source} ไม่ใช่ไฟล์ข้อความแบบ UTF-8 หรือ Windows-874 (TIS-620)",
        hint_en="Save it again as CSV UTF-8 from the spreadsheet program.",
        hint_th="บันทึกไฟล์ใหม่เป็น CSV UTF-8 จากโปรแกรมตารางคำนวณ",
    )
