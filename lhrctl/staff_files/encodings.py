"""Thai text read in the wrong code page. Old Excel 5 workbooks (and CSV files that passed
through them) keep Thai as Windows-874 bytes, often with no CODEPAGE record or a wrong one
(1252): a reader then gives Latin letters, `พนักงาน` as `¾¹Ñ¡§Ò¹`. Thai letters are cp874 bytes
0xA1–0xFB, so such text is nearly all Latin-1 letters of that range; English or French text,
which holds a few of them among many ASCII letters, is not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_MISREAD = re.compile("[\u00a1-\u00fb]")  # what cp874's Thai bytes become in Latin-1/cp1252
_ASCII_LETTER = re.compile("[A-Za-z]")
_THAI = re.compile("[\u0e01-\u0e5b]")
_MIN_LETTERS = 8  # too little text to tell by: left as it is
_MIN_SHARE = 0.6  # of the letters: Thai text misread is all of them, a French name a few
_MAX_UNDECODABLE = 0.02  # of the strings with such letters: cp874 leaves a few bytes undefined


def misread_thai(texts: Sequence[str]) -> bool:
    """Whether these strings (a file's sheet names and first cells) are Thai misread as Latin."""
    misread = letters = thai = 0
    for text in texts:
        if text.isascii():
            letters += len(_ASCII_LETTER.findall(text))
            continue
        thai += len(_THAI.findall(text))
        found = len(_MISREAD.findall(text))
        misread += found
        letters += found + len(_ASCII_LETTER.findall(text))
    if thai or misread < _MIN_LETTERS or misread < _MIN_SHARE * letters:
        return False
    foreign = [t for t in texts if not t.isascii()]
    return sum(_as_cp874(t) is None for t in foreign) <= _MAX_UNDECODABLE * len(foreign)


@lru_cache(maxsize=1 << 16)
def _as_cp874(text: str) -> str | None:
    """The text its bytes make in cp874, or None when they are no cp874 text."""
    raw = bytearray()
    for char in text:
        if ord(char) < 0x100:
            raw.append(ord(char))
        else:  # the cp1252 punctuation of bytes 0x80–0x9F (… “ ” –), which cp874 shares
            try:
                raw += char.encode("cp1252")
            except UnicodeEncodeError:
                return None
    try:
        return raw.decode("cp874")
    except UnicodeDecodeError:
        return None


def redecoded(value: object) -> object:
    """A cell of a misread file, read again as cp874; other cells as they are."""
    if isinstance(value, str) and not value.isascii():
        return _as_cp874(value) or value
    return value
