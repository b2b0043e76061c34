"""What an operator types on the command line, parsed: national IDs and dates (BE or CE).

A value that is not one exits 2 (`UsageError`) before any card is asked for.
"""

from __future__ import annotations

import re
from datetime import date

from lhrctl.errors import UsageError
from lhrctl.national_id import is_valid_national_id
from lhrctl.thai import ascii_digits, ce_year

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_date_arg(value: str, option: str = "date") -> date:
    """`2569-11-22`, `22/11/2569` (BE: a year above 2400) or `2026-11-22`, `22/11/2026` (CE)."""
    text = ascii_digits(value.strip())
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise _bad(value, option)
    if year > 2400:  # convert the year first: 29/02/2543 is a real day, 29/02/2543 CE is not
        year = ce_year(year)
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


def parse_national_id(value: str) -> str:
    """A national ID typed by an operator (dashes and spaces allowed); exit 2 when not valid."""
    nid = "".join(ch for ch in value if ch not in "- ")
    if len(nid) != 13 or not nid.isdigit():
        raise UsageError(
            f"{value!r} is not a national ID: it must have 13 digits.",
            f"{value!r} ไม่ใช่เลขประจำตัวประชาชน ต้องมี 13 หลัก",
        )
    if not is_valid_national_id(nid):
        raise UsageError(
            f"{value!r} is not a valid national ID: its check digit is wrong.",
            f"เลขประจำตัวประชาชน {value!r} ไม่ถูกต้อง (หลักตรวจสอบผิด)",
            hint_en="Check the number against the ID card.",
            hint_th="ตรวจสอบเลขกับบัตรประจำตัวประชาชนอีกครั้ง",
        )
    return nid
