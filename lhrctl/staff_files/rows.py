"""The rows of one sheet, checked and staged: what `read_staff_file` does for every data row,
in this process or in a worker (see `workers`), so it takes only what pickles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lhrctl.staff_files import layout as lay
from lhrctl.staff_files import normalise as norm
from lhrctl.staff_files.checks import RowContext, check_batch
from lhrctl.staff_files.readers import Row
from lhrctl.staff_files.rules import Finding
from lhrctl.staff_files.staging import Stage, StagedRow

_NAME_AND_DATA = ("full_name", "first_name", "last_name", "position", "salary", "birth_date")
_BLANK = {"": None}.get
_VACANT = re.compile(r"^\W*(?:ตำแหน่ง\s*)?ว่าง")  # `ว่าง`, `(ว่าง) เดิม นายสมศักดิ์`, `- ว่าง -`


Seqs = int | list[int]  # the first row's place in the file's reading order, or each row's


@dataclass(frozen=True)
class SheetPlan:
    """How to read a sheet's data rows: its layout, and what the checks know of the sheet."""

    layout: lay.Layout
    context: RowContext


def _looks_like_id(value: object) -> bool:
    """Enough digits to be meant as an ID: `รวม 54 คน` in the ID column is a totals line."""
    if isinstance(value, (int, float)):
        return True
    text = str(value or "").translate(norm.ID_NOISE)
    return (len(text) >= 6 and text.isdigit()) or sum(map(str.isdigit, text)) >= 6


def _is_vacancy(name: object) -> bool:
    """A staffing list's row for a position nobody holds: the name cell says ว่าง."""
    return isinstance(name, str) and bool(_VACANT.match(name))


def _cell(cells: list[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return None if value == "" else value


def check_rows(
    plan: SheetPlan,
    rows: Iterable[Row],
    stage: Stage,
    provinces: Mapping[str, str],
    seqs: Seqs,
) -> tuple[int, list[Finding]]:
    """Check `rows`, stage those with a readable ID; the data rows seen and the findings.
    `seqs` is the first row's place in the file's reading order, or each row's: parts checked
    apart are staged in that order."""
    layout, ctx = plan.layout, plan.context
    places = enumerate(rows, seqs) if isinstance(seqs, int) else zip(seqs, rows, strict=True)
    data = [(seq, number, cells) for seq, (number, cells) in places if _is_data_row(cells, layout)]
    checked = check_batch(_by_column(layout, [c for _, _, c in data]), [n for _, n, _ in data], ctx)
    found = checked.findings
    staged: list[StagedRow] = []
    for (seq, number, _), record, nid in zip(
        data, checked.records, checked.national_ids, strict=True
    ):
        if record is not None and record.org_code not in provinces:
            found.append(Finding("LHR501", ctx.sheet, number, "org_code", record.org_code))
            record = None
        if nid:
            staged.append((seq, number, nid, record))
    stage.add_rows(ctx.sheet, staged)
    return len(data), found


# why a row under the header is no person's
NO_PERSON = "no_person"  # blank, or one value alone: a totals, notes or signature line
HEADER_AGAIN = "header_again"  # the header repeated on a printed page
VACANT = "vacant"  # a staffing list's post nobody holds
COLUMN_NUMBERS = "column_numbers"  # the `(1) (2) (3)` row of an official form


def skip_reason(cells: list[object], layout: lay.Layout) -> str | None:
    """Why a row is not read as a person; None for a person's row."""
    nid = _cell(cells, layout.columns["national_id"])
    if _looks_like_id(nid):
        return _numbers_in_id_column(nid, cells)
    meaningful = [layout.columns[f] for f in _NAME_AND_DATA if f in layout.columns]
    name_col = layout.columns.get("full_name", layout.columns.get("first_name"))
    if sum(_cell(cells, i) is not None for i in meaningful) <= 1:
        return NO_PERSON
    if lay.is_repeated_header(cells, layout):
        return HEADER_AGAIN
    if _is_vacancy(_cell(cells, name_col)):
        return VACANT
    return COLUMN_NUMBERS if lay.is_column_numbers(cells) else None


def _numbers_in_id_column(nid: object, cells: list[object]) -> str | None:
    """Column numbers reach the ID column as a small number; an ID is no reason to skip."""
    small = isinstance(nid, (int, float)) and nid < 1000
    return COLUMN_NUMBERS if small and lay.is_column_numbers(cells) else None


def _is_data_row(cells: list[object], layout: lay.Layout) -> bool:
    return skip_reason(cells, layout) is None


def _by_column(layout: lay.Layout, rows: list[list[object]]) -> dict[str, list[object]]:
    """The rows' cells a column at a time (field -> cells), short rows padded, `""` as None."""
    width = max(layout.columns.values()) + 1  # cells past it are unread
    padded = (c if len(c) >= width else [*c, *[None] * (width - len(c))] for c in rows)
    by_index = list(zip(*padded, strict=False))
    # what _cell does, a column at a time: `_BLANK(v, v)` is None for "", else v
    return {
        f: list(map(_BLANK, by_index[i], by_index[i])) if by_index else []
        for f, i in layout.columns.items()
    }
