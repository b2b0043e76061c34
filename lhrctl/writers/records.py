"""Records written as JSON, CSV or XLSX: staff records (`staff export`), findings (`validate`), and
the JSON every `--json` prints. Dates are ISO (Gregorian) in all three: these are for machines.
CSV and XLSX values never become formulas (`cells`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lhrctl.writers.cells import csv_value, text_cell
from lhrctl.writers.files import private_file

FINDING_FIELDS = ("rule", "severity", "sheet", "row", "column", "value", "message")
FORMATS = ("json", "csv", "xlsx")


def _iso(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_iso) + "\n"


def csv_text(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields))
    writer.writeheader()
    writer.writerows({k: csv_value(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def write_xlsx(rows: Sequence[Mapping[str, Any]], fields: Sequence[str], out: Path) -> None:
    """One sheet: a header row of the field names, then a row a record."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("records")
    ws.append(list(fields))
    for row in rows:
        ws.append([text_cell(ws, row.get(f)) for f in fields])
    wb.save(private_file(out))
