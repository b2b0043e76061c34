"""Files lhrctl writes hold personal data: they are created readable by their owner only (0600)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lhrctl.errors import UsageError

_A_FILE_IN_THE_WAY = (
    "a file stands where a folder of the path would be",
    "มีไฟล์อยู่ในตำแหน่งของโฟลเดอร์",
)
_WHY = {  # why no file can be made there, in English and Thai: the system's words are terse
    errno.EISDIR: ("it is a folder", "เป็นโฟลเดอร์"),
    errno.ENOTDIR: _A_FILE_IN_THE_WAY,
    errno.EEXIST: _A_FILE_IN_THE_WAY,  # mkdir of the folder
    errno.EACCES: ("no permission to write there", "ไม่มีสิทธิ์เขียน"),
    errno.EPERM: ("no permission to write there", "ไม่มีสิทธิ์เขียน"),
    errno.EROFS: ("the disk is read-only", "ที่เก็บนี้เขียนไม่ได้"),
    errno.ENOSPC: ("the disk is full", "พื้นที่ดิสก์เต็ม"),
}


def private_file(path: Path) -> Path:
    """Create (or empty) `path` as 0600 before anything is written into it; a file that was
    there keeps no wider mode. A place no file can be made (a folder, no right to write) is a
    wrong argument (exit 2), said in one line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    except OSError as exc:
        told = exc.strerror or type(exc).__name__
        en, th = _WHY.get(exc.errno or 0, (told, told))
        raise UsageError(
            f"Cannot write {path}: {en}.",
            f"เขียนไฟล์ {path} ไม่ได้: {th}",
            hint_en="Give a file name in a folder you can write to.",
            hint_th="ระบุชื่อไฟล์ในโฟลเดอร์ที่เขียนได้",
        ) from exc
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path


@contextmanager
def private_target(path: Path) -> Iterator[Path]:
    """`path` made (private_file) before the work that fills it: a place no file can be made is
    said before a long write, not after; the file goes again if the work fails."""
    made = private_file(path)
    try:
        yield made
    except BaseException:
        made.unlink(missing_ok=True)
        raise


def write_private_text(path: Path, text: str) -> None:
    private_file(path).write_text(text, encoding="utf-8")
