"""`--mapping FILE`: an officer's own column meanings, in TOML, when the synonyms do not know a
header. The labels are the header texts as written in the sheet.

    [columns]
    "เลขที่บัตร ปชช." = "national_id"
    "ชื่อผู้ปฏิบัติงาน" = "full_name"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from lhrctl.errors import InputUnreadable, UsageError
from lhrctl.staff_files.normalise import clean_text
from lhrctl.staff_files.text import read_bytes
from lhrctl.staff_files.vocabulary import HEADER_SYNONYMS


def read_mapping(path: Path) -> dict[str, str]:
    raw = read_bytes(path)  # no such file, a folder, no permission: exit 7 in a line
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputUnreadable(
            f"{path} is not valid TOML: {exc}.", f"{path} ไม่ใช่ TOML ที่ถูกต้อง"
        ) from exc
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise UsageError(f"{path} has no [columns] table.", f"{path} ไม่มีตาราง [columns]")
    unknown = sorted({str(v) for v in columns.values()} - set(HEADER_SYNONYMS))
    if unknown:
        raise UsageError(
            f"{path}: unknown field(s) {', '.join(unknown)}; use {', '.join(HEADER_SYNONYMS)}.",
            f"{path}: ไม่รู้จักฟิลด์ {', '.join(unknown)}",
        )
    return {clean_text(label).value: str(field) for label, field in columns.items()}
