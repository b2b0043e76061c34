"""The Buddhist Era and Thai digits: the one place lhrctl converts either.

Dates are stored and exchanged (JSON, CSV, the database) as Gregorian ISO dates; people read and
type them in the Buddhist Era, 543 years ahead.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

BE_OFFSET = 543
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TO_ASCII_DIGITS = str.maketrans(THAI_DIGITS, "0123456789")
DIGIT = "[0-9๐-๙]"  # a digit in either script, for regular expressions
_HAS_THAI_DIGIT = re.compile("[๐-๙]")
MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def ascii_digits(text: str) -> str:
    """`๑๕/๐๓/๒๕๒๐` → `15/03/2520`; anything else unchanged (and not copied)."""
    return text.translate(TO_ASCII_DIGITS) if _HAS_THAI_DIGIT.search(text) else text


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def be_numeric(value: date) -> str:
    """`15/03/2520`: the form of a date on a printed form or in a workbook cell."""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


def be_date(value: date | None, lang: str = "th") -> str:
    """`15 มี.ค. 2520` (Thai) or `15/03/2520` (English); `-` when there is none."""
    if value is None:
        return "-"
    if lang == "th":
        return f"{value.day} {MONTHS_SHORT[value.month - 1]} {be_year(value.year)}"
    return be_numeric(value)


def be_datetime(value: datetime | None, lang: str = "th") -> str:
    """A stored naive-UTC time, shown in local time with a BE date."""
    if value is None:
        return "-"
    local = value.replace(tzinfo=UTC).astimezone()
    return f"{be_date(local.date(), lang)} {local:%H:%M}"
