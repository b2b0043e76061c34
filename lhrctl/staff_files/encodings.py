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
_MIN_SHARE = 0.8  # of such strings, mostly such letters: Thai misread is, `José` is not
_MAX_UNDECODABLE = 0.02  # of the strings with such letters: cp874 leaves a few bytes undefined


def misread_thai(texts: Sequence[str]) -> bool:
    """Whether these strings (a file's sheet names and first cells) are Thai misread as Latin:
    none holds a Thai letter, and nearly every one with a letter beyond ASCII is mostly such
    letters, all of them bytes cp874 reads."""
    foreign = [t for t in texts if not t.isascii()]
    if not foreign or any(_THAI.search(t) for t in foreign):
        return False
    if not _mostly_misread(foreign):
        return False
    return sum(_as_cp874(t) is None for t in foreign) <= _MAX_UNDECODABLE * len(foreign)


def _mostly_misread(foreign: list[str]) -> bool:
    dense = [n for n in map(_misread_letters, foreign) if n]
    return sum(dense) >= _MIN_LETTERS and len(dense) >= _MIN_SHARE * len(foreign)


def _misread_letters(text: str) -> int:
    """How many letters of `text` are what cp874's Thai becomes, if they are most of them."""
    misread = len(_MISREAD.findall(text))
    return misread if misread >= len(_ASCII_LETTER.findall(text)) else 0


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
