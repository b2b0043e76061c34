"""National ID helpers: validity (python-stdnum's Thai PIN check digit), display, masking."""

from __future__ import annotations


def is_valid_national_id(value: str) -> bool:
    from stdnum.th import pin  # here: masking, which every listing does, needs none of it

    return bool(pin.is_valid(value))


def format_national_id(nid: str) -> str:
    """`1-2345-67890-12-1`."""
    from stdnum.th import pin

    return str(pin.format(nid)) if len(nid) == 13 and nid.isdigit() else nid


def mask_national_id(nid: str) -> str:
    """`1-2345-xxxxx-xx-1`: enough to tell people apart on a screen, not enough to misuse."""
    if len(nid) != 13 or not nid.isdigit():
        return "x" * len(nid)
    return f"{nid[0]}-{nid[1:5]}-xxxxx-xx-{nid[12]}"


def mask_national_ids_in(text: str) -> str:
    """Every 13-digit run in free text (an audit target, a detail) masked."""
    import re

    return re.sub(r"(?<!\d)\d{13}(?!\d)", lambda m: mask_national_id(m.group()), text)
