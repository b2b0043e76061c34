"""The ก.พ.7 workbook template: a sheet per section of the record of service, named and headed as
`lhrctl import history` reads them, with drop-down lists and date formats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lhrctl.labels import MOVEMENTS, SECTION_FIELDS
from lhrctl.schemas.sections import DECORATION_CLASSES, SECTIONS
from lhrctl.staff_files.history import KINDS
from lhrctl.writers.cells import keep_as_text
from lhrctl.writers.files import private_file
from lhrctl.writers.template import drop_down, format_columns, list_sheet

ROWS = 1000
LEAVE_KINDS = ("ลาป่วย", "ลากิจส่วนตัว", "ลาพักผ่อน", "ลาคลอดบุตร", "ลาอุปสมบท", "ลาศึกษาต่อ")
# the values a column's drop-down offers: (values, whether others are refused)
CHOICES: dict[str, tuple[tuple[str, ...], bool]] = {
    "movement": (tuple(th for _en, th in MOVEMENTS.values()), True),
    "decoration_class": (tuple(abbreviation for abbreviation, _, _ in DECORATION_CLASSES), True),
    "kind": (LEAVE_KINDS, False),
}
_FORMATS = {"date": "dd/mm/yyyy", "number": "#,##0.00", "year": "0"}
NOT_LISTED = "เลือกจากรายการ / Choose from the list."
ASK = "ค่านี้ไม่อยู่ในรายการ ใช้ต่อหรือไม่ / This value is not in the list: keep it?"


def write_history_template(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    list_sheet(wb, [values for values, _ in CHOICES.values()])
    for name, _model, _en, th in SECTIONS:
        _section_sheet(wb.create_sheet(th, index=len(wb.sheetnames) - 1), name, th)
    keep_as_text(wb)
    wb.save(private_file(path))


def _section_sheet(ws: Any, name: str, title: str) -> None:
    """A title row, the header, formats for ROWS rows, and a drop-down where the field has one."""
    fields = list(KINDS[name])
    ws.append([f"ทะเบียนประวัติ ก.พ.7: {title}"])
    ws.append(["เลขประจำตัวประชาชน", *(SECTION_FIELDS[f][1] for f in fields)])
    kinds = [KINDS[name][f][0] for f in fields]
    widths = [(14 if k in _FORMATS else 26, _FORMATS.get(k, "@")) for k in kinds]
    format_columns(ws, [(18, "@"), *widths], ROWS)
    for index, field in enumerate(fields, start=2):
        if field in CHOICES:
            _drop_down(ws, index, field)


def _drop_down(ws: Any, index: int, field: str) -> None:
    """The column's list, from the hidden sheet: refused outside it, or only asked."""
    from openpyxl.utils import get_column_letter

    values, strict = CHOICES[field]
    source = (list(CHOICES).index(field) + 1, len(values))
    error = NOT_LISTED if strict else ASK
    drop_down(ws, get_column_letter(index), source, ROWS, strict=strict, error=error)
