"""Dates typed by an operator on the command line: Buddhist Era or Gregorian, ISO or d/m/y."""

from __future__ import annotations

import re
from datetime import date

from lhrctl.errors import UsageError

BE_OFFSET = 543
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date_arg(value: str, option: str = "date") -> date:
    """`2569-11-22`, `22/11/2569` (BE: a year above 2400) or `2026-11-22`, `22/11/2026` (CE)."""
    text = value.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise _bad(value, option)
    if year > 2400:  # convert the year first: 29/02/2543 is a real day, 29/02/2543 CE is not
        year -= BE_OFFSET
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _bad(value, option) from exc


def _bad(value: str, option: str) -> UsageError:
    return UsageError(
        f"{option}: {value!r} is not a date.",
        f"{option}: {value!r} ไม่ใช่วันที่",
        hint_en="Write it as 22/11/2569 (BE) or 2026-11-22 (CE).",
        hint_th="เขียนเป็น 22/11/2569 (พ.ศ.) หรือ 2026-11-22 (ค.ศ.)",
    )
