"""Records written as JSON, CSV or XLSX: staff records (`staff export`), findings (`validate`), and
the JSON every `--json` prints. Dates are ISO (Gregorian) in JSON and CSV, which are for
machines; XLSX, which people open, shows them in the Buddhist Era.
CSV and XLSX values never become formulas (`cells`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from lhrctl.thai import be_numeric
from lhrctl.writers.cells import csv_value, text_cell
from lhrctl.writers.files import private_file
from lhrctl.writers.printing import SAMPLE_ROWS, column_widths, print_setup, set_widths

FINDING_FIELDS = ("rule", "severity", "sheet", "row", "column", "value", "message")
FORMATS = ("json", "csv", "xlsx")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    """One sheet: a header row of the field names, then a row a record, dates in the Buddhist
    Era as a person reads them (and `import staff` reads them back)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("records")
    values = ([_cell_value(row.get(f)) for f in fields] for row in rows)
    sample = [list(fields), *islice(values, SAMPLE_ROWS)]
    set_widths(ws, column_widths(sample))
    print_setup(ws, 1)
    ws.append(sample[0])
    for line in chain(sample[1:], values):
        ws.append([text_cell(ws, v) for v in line])
    wb.save(private_file(out))


def _cell_value(value: object) -> object:
    """A date (or the ISO text of one, as records cross the wire) in the Buddhist Era."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        value = date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return be_numeric(value)
    return value
