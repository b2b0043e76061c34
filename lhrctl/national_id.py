"""National ID helpers: validity (python-stdnum's Thai PIN check digit), display, masking."""

from __future__ import annotations

from stdnum.th import pin

from lhrctl.errors import UsageError


def is_valid_national_id(value: str) -> bool:
    return bool(pin.is_valid(value))


def format_national_id(nid: str) -> str:
    """`1-2345-67890-12-1`."""
    return str(pin.format(nid)) if len(nid) == 13 and nid.isdigit() else nid


def mask_national_id(nid: str) -> str:
    """`1-2345-xxxxx-xx-1`: enough to tell people apart on a screen, not enough to misuse."""
    if len(nid) != 13 or not nid.isdigit():
        return "x" * len(nid)
    return f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"


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
