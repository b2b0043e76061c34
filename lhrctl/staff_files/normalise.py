"""Value normalisers: pure functions from what a legacy cell holds to a canonical value.

Each returns the value (or None) and, when the cell cannot be read, the code of the rule it
breaks; fixes that change the meaning of nothing (Thai digits, spaces) are silent, fixes worth
telling the officer about (a BE year typed into a date cell, unnormalised Thai text) are flagged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from stdnum.th import pin

from lhrctl.staff_files.vocabulary import (
    MONTH_NUMBERS,
    TITLE_ALIASES,
    TITLES,
    TYPE_INDEX,
    label_key,
)
from lhrctl.thai import THAI_DIGITS, ascii_digits, be_year, ce_year

# what an ID cell may carry around its digits: separators (en and em dashes from autocorrect),
# the quote or ="…" that keeps a spreadsheet from reading the ID as a number, and the invisible
# and odd spaces clean_text removes (IDs are all different, so they skip its cache: one pass)
ID_NOISE = str.maketrans(
    THAI_DIGITS,
    "0123456789",
    " -.\u2013\u2014'\"=\t\r\n\u00a0\u2007\u202f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad",
)
# U+00AD is no part of this: it is what `ญ` becomes in a file misread as Latin-1 (see
# encodings), and a name that still holds one is reported, never cut short
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u3000\t\r\n]")
_NEEDS_REPAIR = re.compile(
    "[\u200b\u200c\u200d\u2060\ufeff\u00a0\u2007\u202f\u3000\t\r\n]|\u0e4d\u0e32"
)
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Text:
    value: str
    repaired: bool  # invisible characters, odd spaces, Nikhahit+Sara Aa or non-NFC fixed


@lru_cache(maxsize=1 << 16)  # titles, types, positions, divisions repeat on every sheet
def clean_text(raw: object) -> Text:
    """NFC, Sara Am as one character, no zero-width or non-breaking spaces, single spaces."""
    if raw is None:
        return Text("", False)
    text = raw if isinstance(raw, str) else plain(raw)
    repaired = False
    if not text.isascii():
        if _NEEDS_REPAIR.search(text):
            fixed = _INVISIBLE.sub("", text)
            fixed = _ODD_SPACE.sub(" ", fixed).replace("\u0e4d\u0e32", "\u0e33")
            repaired = fixed.split() != text.split()
            text = fixed
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            repaired = True
    if "  " in text or text[:1].isspace() or text[-1:].isspace():
        text = " ".join(text.split())
    return Text(text, repaired)


def plain(value: object) -> str:
    """A cell as a person typed it: a whole number without `.0` (an ID, a salary), a date cell
    day/month/year with the year it holds (`15/03/2520`), as Thai spreadsheets show it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return str(value)


# ----------------------------------------------------------------------------- national ID


# a number cell saved as text with all 13 digits: `1100400012348.0`, `1.100400012348E+12`
_ID_AS_NUMBER_TEXT = re.compile(r"^\s*(?:(\d{13})\.0*|(\d)\.(\d{12})[eE]\+?12)\s*$", re.ASCII)


def national_id(raw: object) -> tuple[str | None, str | None]:
    """`1-2345-67890-12-1`, spaces, Thai digits, a number cell → 13 digits; else the rule broken."""
    text = _id_digits(raw)
    if len(text) != 13 or not text.isdigit():
        return None, "LHR102"  # 1.23457E+12 lands here too: its digits are gone
    if pin.calc_check_digit(text[:12]) != text[12]:  # stdnum's rule, without its re-cleaning
        return text, "LHR101"
    return text, None


def _id_digits(raw: object) -> str:
    """The digits an ID cell holds, its noise gone ("" when there is nothing to read)."""
    if raw is None or raw == "":
        return ""
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else ""
    if isinstance(raw, int):
        return str(raw)
    text = str(raw).translate(ID_NOISE)
    if len(text) != 13 and (whole := _ID_AS_NUMBER_TEXT.match(ascii_digits(str(raw)))):
        text = "".join(part for part in whole.groups() if part)
    return text


# ----------------------------------------------------------------------------- dates

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
# `15 มี.ค. 2520`, `15 มีนาคม พ.ศ. 2520`, `15-Mar-77` (Excel's d-mmm-yy written out as text)
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})\s*[-/]?\s*([^\d\s/\-]+?)\s*[-/]?\s*(?:พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$"
)
_TWO_DIGIT_YEAR = re.compile(r"(?<!\d)\d{2}$")
_ENGLISH_MONTH = re.compile(r"[A-Za-z]")  # `15-Mar-77`: Excel's own 19xx/20xx, not BE
_DATE_WORD = re.compile(r"^วันที่\s*")  # `วันที่ 15 มีนาคม พ.ศ. 2520`
_TIME_AFTER = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*น\.?)?$")  # `15/03/2520 00:00:00`


@dataclass(frozen=True)
class DateValue:
    value: date | None
    problem: str | None = None  # LHR301 unreadable
    be_in_date_cell: bool = False  # LHR302: a Gregorian date cell holding a BE year (fixed)
    other: date | None = None  # a two-digit year's reading in the other century (2470 for 70)


def _year(year: int, two_digit: bool, today: date) -> int:
    if two_digit:  # two-digit years on Thai sheets are BE: 20 is 2520, 68 is 2568
        be_now = be_year(today.year)
        year += 2500 if 2500 + year <= be_now else 2400
    return ce_year(year) if year > 2400 else year


def _other_century(found: date) -> date | None:
    """The reading of a two-digit year a century before or after `found`, as `_year` chose it
    by today alone: which one is right depends on the field (see checks.possible_birth)."""
    year = found.year - 100 if be_year(found.year) >= 2500 else found.year + 100
    try:
        return found.replace(year=year)
    except ValueError:  # 29 February of a year that is not leap
        return None


@lru_cache(maxsize=1 << 16)
def parse_date(raw: object, today: date) -> DateValue:
    if raw is None or raw == "":
        return DateValue(None)
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return _date_cell(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return _serial_date(raw)
    return _written_date(raw, today)


def _written_date(raw: object, today: date) -> DateValue:
    """A date written as text, in any of the ways Thai sheets write one."""
    text = _DATE_WORD.sub("", ascii_digits(clean_text(raw).value))
    text = _TIME_AFTER.sub("", text).rstrip(".")  # a time of day, a full stop: no part of it
    if len(text) == 5 and text.isascii() and text.isdigit():  # a serial saved to CSV as text
        return _serial_date(int(text))
    try:
        found = _text_date(text, today)
    except ValueError:  # 31/02, month 13
        found = None
    if found is None:
        return DateValue(None, "LHR301")
    if _TWO_DIGIT_YEAR.search(text) and not _ENGLISH_MONTH.search(text):
        return DateValue(found, other=_other_century(found))
    return DateValue(found)


def _serial_date(serial: float) -> DateValue:
    """Excel's serial day number."""
    if 1 <= serial < 2958466:
        return DateValue(EXCEL_EPOCH + timedelta(days=int(serial)))
    return DateValue(None, "LHR301")


def _date_cell(raw: date) -> DateValue:
    """A real date cell; a BE year typed into one is read back and flagged."""
    if raw.year <= 2400:
        return DateValue(raw)
    try:
        return DateValue(raw.replace(year=ce_year(raw.year)), be_in_date_cell=True)
    except ValueError:  # 29 Feb of a BE year that is not leap in CE
        return DateValue(None, "LHR301")


def _text_date(text: str, today: date) -> date | None:
    """`15/03/2520`, `2520-03-15`, `15 มี.ค. 20`, `15-Mar-77`; None when it is none of them."""
    if match := _DMY.match(text):
        day, month, year_text = match.groups()
        return date(_year(int(year_text), len(year_text) == 2, today), int(month), int(day))
    if match := _YMD.match(text):
        year_i, month_i, day_i = (int(g) for g in match.groups())
        return date(_year(year_i, False, today), month_i, day_i)
    if match := _DAY_MONTH_YEAR.match(text):
        day, month_name, year_text = match.groups()
        month = MONTH_NUMBERS.get(month_name.replace(".", "").replace(" ", "").lower())
        if month is None:
            return None
        if len(year_text) == 2 and month_name.isascii():  # English: Excel's 19xx/20xx
            year = int(year_text) + (2000 if int(year_text) < 30 else 1900)
        else:
            year = _year(int(year_text), len(year_text) == 2, today)
        return date(year, month, int(day))
    return None


# ----------------------------------------------------------------------------- money

# what may surround an amount: the currency, spaces, and "a month" (บาท/เดือน)
_MONEY_JUNK = re.compile(r"(ต่อเดือน|/\s*เดือน|บาท|baht|thb|฿|\s)", re.IGNORECASE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
_DECIMAL_COMMA = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d{1,2}$")  # 15.060,00 from a European Excel


def _without_commas(text: str) -> str:
    """`15,060.00` → `15060.00`, `15.060,00` → `15060.00`; a comma anywhere else (`150,60`)
    is a typo nobody can read back, so the text is left unreadable."""
    if "," not in text:
        return text
    if _THOUSANDS.match(text):
        return text.replace(",", "")
    if _DECIMAL_COMMA.match(text):
        return text.replace(".", "").replace(",", ".")
    return "?"


@lru_cache(maxsize=1 << 14)
def salary(raw: object) -> float | None:
    """`15,060.00`, `๑๕,๐๖๐`, `15,060.-`, `15060 บาท` → 15060.0; None when not a number."""
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    value = float(raw) if isinstance(raw, (int, float)) else _amount(str(raw))
    return value if math.isfinite(value) and value >= 0 else None  # not `inf`, not negative


def _amount(text: str) -> float:
    """The amount a text cell holds; NaN when it holds none."""
    try:  # most are plain `15060.00` or `15,060.00`
        value = float(_without_commas(text)) if text.isascii() else math.nan
    except ValueError:
        value = math.nan
    if math.isnan(value):
        text = _MONEY_JUNK.sub("", ascii_digits(clean_text(text).value))
        text = text.removesuffix(".-").removesuffix("-")
        try:
            value = float(_without_commas(text))
        except ValueError:
            return math.nan
    return value


# ----------------------------------------------------------------------------- names

_TITLES_LONGEST_FIRST = sorted(TITLES, key=len, reverse=True)


def canonical_title(title: str) -> str:
    return TITLE_ALIASES.get(title, title)


def gender_of_title(title: str) -> str | None:
    """นาย male; นาง, นางสาว female; ranks male unless followed by หญิง."""
    if title in TITLES:
        return TITLES[title]
    if title.endswith("หญิง"):
        return "female"
    return None


def split_full_name(full: str) -> tuple[str, str, str]:
    """`นายสำราญ  เรืองประเสริฐ` → (`นาย`, `สำราญ`, `เรืองประเสริฐ`); the title may be missing."""
    text = " ".join(full.split())
    title = ""
    for candidate in _TITLES_LONGEST_FIRST:
        if text.startswith(candidate):
            title, text = candidate, text[len(candidate) :].strip()
            break
    parts = text.split(" ", 1)
    first = parts[0] if parts else ""
    last = parts[1] if len(parts) > 1 else ""
    return canonical_title(title), first, last


@lru_cache(maxsize=1 << 10)
def personnel_type(raw: str) -> str | None:
    """The canonical type of a label; `พนักงานจ้างตามภารกิจ (ผู้มีทักษะ)` is its part before the
    bracket, when the whole is not a label of its own."""
    if not raw:
        return None
    found = TYPE_INDEX.get(label_key(raw))
    if found is None and "(" in raw:
        found = TYPE_INDEX.get(label_key(raw.partition("(")[0]))
    if found is None:  # `ขรก.`, `พนง.จ้างตามภารกิจ`, `ลจ.ประจำ`, `พนักงานจ้างฯ ทั่วไป`
        found = TYPE_INDEX.get(_TYPE_SHORT.sub(_unabbreviate, label_key(raw)).replace("ฯ", ""))
    if found is None and "/" in raw:  # `ข้าราชการ/พนักงานส่วนตำบล`: both the same type
        kinds = {personnel_type(part) for part in raw.split("/")}
        found = kinds.pop() if len(kinds) == 1 else None
    return found


_TYPE_ABBREVIATIONS = {"ขรก": "ข้าราชการ", "พนง": "พนักงาน", "ลจ": "ลูกจ้าง"}
_TYPE_SHORT = re.compile(r"^(ขรก|พนง|ลจ)")


def _unabbreviate(match: re.Match[str]) -> str:
    return _TYPE_ABBREVIATIONS[match.group(1)]


# Characters a Thai (or romanised) personal name may hold.
_NAME_OK = re.compile(r"^[\u0e01-\u0e3a\u0e40-\u0e4ea-zA-Z .'\-()]+$")


@lru_cache(maxsize=1 << 16)  # names repeat: สมชาย, สุภาพร …
def name_is_plausible(name: str) -> bool:
    return bool(_NAME_OK.match(name))
