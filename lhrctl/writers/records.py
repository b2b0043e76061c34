"""Records written as JSON, CSV or XLSX: staff records (`staff export`), findings (`validate`), and
the JSON every `--json` prints. Dates are ISO (Gregorian) in JSON and CSV, which are for
machines; XLSX, which people open, shows them in the Buddhist Era.
CSV and XLSX values never become formulas (`cells`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from lhrctl.writers.cells import be_date_cell, csv_value, text_cell
from lhrctl.writers.files import private_target
from lhrctl.writers.printing import SAMPLE_ROWS, column_widths, print_setup, set_widths

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


def write_xlsx(
    rows: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    out: Path,
    dates: Collection[str] = (),
    more: dict[str, Sheet] | None = None,
    name: str = "records",
) -> None:
    """One sheet (`name`): a header row of the field names, then a row a record, the `dates`
    fields in the Buddhist Era as a person reads them (and `import staff` reads them back).
    `more`: further sheets by name, each its rows, fields and date fields."""
    from openpyxl import Workbook

    with private_target(out) as target:
        wb = Workbook(write_only=True)
        for title, (sheet_rows, sheet_fields, sheet_dates) in {
            name: (rows, fields, dates),
            **(more or {}),
        }.items():
            _sheet(wb.create_sheet(title[:31]), sheet_rows, sheet_fields, sheet_dates)
        wb.save(target)


Sheet = tuple[Sequence[Mapping[str, Any]], Sequence[str], Collection[str]]


def _sheet(
    ws: Any, rows: Sequence[Mapping[str, Any]], fields: Sequence[str], dates: Collection[str]
) -> None:
    values = ([_cell_value(row.get(f), f in dates) for f in fields] for row in rows)
    sample = [list(fields), *islice(values, SAMPLE_ROWS)]
    set_widths(ws, column_widths(sample))
    print_setup(ws, 1)
    ws.append(sample[0])
    for line in chain(sample[1:], values):
        ws.append([text_cell(ws, v) for v in line])


def _cell_value(value: object, is_date: bool) -> object:
    """A date field's value (ISO text, as records are read and cross the wire) in the Buddhist
    Era; any other value as it is."""
    if is_date and isinstance(value, str):
        value = date.fromisoformat(value)
    return be_date_cell(value)
