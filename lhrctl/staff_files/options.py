"""How an officer asked for a staff file to be read: which sheet, what unknown headers mean,
how large a sheet may be, and the personnel type of rows whose file gives none."""

from __future__ import annotations

from dataclasses import dataclass, field

from lhrctl.errors import UsageError
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.vocabulary import CANONICAL_TYPES


@dataclass(frozen=True)
class ReadOptions:
    sheet: str | None = None  # --sheet: only this one
    mapping: dict[str, str] | None = None  # --mapping: header label -> field
    limits: SheetLimits = field(default_factory=SheetLimits)
    personnel_type: str | None = (
        None  # --type, canonical: where no column, section or sheet name says
    )


def type_option(text: str | None) -> str | None:
    """`--type` as an officer writes it (`contract_general`, `พนักงานจ้างทั่วไป`), canonical."""
    if text is None:
        return None
    # here, not above: the normalisers (python-stdnum) would hold up a large workbook's load,
    # which starts once the options are read
    from lhrctl.staff_files.normalise import personnel_type

    kind = personnel_type(text)
    if kind is None:
        raise UsageError(
            f"--type {text}: unknown personnel type; use one of {', '.join(CANONICAL_TYPES)} "
            "or its Thai name.",
            f"--type {text}: ไม่รู้จักประเภทบุคลากรนี้ ใช้ {', '.join(CANONICAL_TYPES)} "
            "หรือชื่อภาษาไทย เช่น พนักงานจ้างทั่วไป",
        )
    return kind
