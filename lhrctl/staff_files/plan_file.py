"""Reading a manpower plan workbook (แผนอัตรากำลัง 3 ปี): the sheet of its lines (a position a
row, with the current framework and the posts wanted in each year of the cycle) and the sheet of
the LAO's annual budget of each year, headers found as a staff file's are.

Needs no database: whether the plan fits the LAO's people is `plan check`'s (`services.plans`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lhrctl.staff_files.content import SAMPLE_ROWS
from lhrctl.staff_files.layout import HEADER_SCAN_ROWS, find_layout, labelled_columns
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.normalise import clean_text, personnel_type, plain
from lhrctl.staff_files.readers import Row, open_sheets
from lhrctl.staff_files.row_cells import RowCells
from lhrctl.staff_files.rules import (
    ERROR,
    HISTORY_COMMAND,
    STAFF_COMMAND,
    Finding,
    FindingCounts,
)
from lhrctl.staff_files.section_sheets import record_of_service
from lhrctl.staff_files.vocabulary import HEADER_SYNONYMS, label_key
from lhrctl.thai import ascii_digits, be_year

LINE_FIELDS: dict[str, tuple[str, ...]] = {
    "division": HEADER_SYNONYMS["division"],
    "position": HEADER_SYNONYMS["position"],
    "personnel_type": HEADER_SYNONYMS["personnel_type"],
    "level": HEADER_SYNONYMS["level"],
    "position_nos": (*HEADER_SYNONYMS["position_no"], "เลขที่ตำแหน่ง (ถ้ามี)", "position nos"),
    "framework": ("กรอบอัตรากำลังเดิม", "กรอบเดิม", "อัตราเดิม", "กรอบอัตรากำลังปัจจุบัน",
                  "กรอบอัตรากำลัง", "framework", "current framework"),
    "year_1": ("ปีที่ 1", "ปี 1", "year 1"),
    "year_2": ("ปีที่ 2", "ปี 2", "year 2"),
    "year_3": ("ปีที่ 3", "ปี 3", "year 3"),
    "salary": ("เงินเดือน", "อัตราเงินเดือน", "เงินเดือน (บาท/เดือน)", "เงินเดือนต่ออัตรา", "salary"),
    "benefits": ("ประโยชน์ตอบแทนอื่น", "ประโยชน์ตอบแทนอื่น (บาท/ปี)", "สวัสดิการ", "benefits"),
    "note": ("หมายเหตุ", "note"),
}  # fmt: skip
BUDGET_FIELDS: dict[str, tuple[str, ...]] = {
    "year": ("ปีงบประมาณ", "ปี", "พ.ศ.", "fiscal year", "year"),
    "budget": ("งบประมาณ", "งบประมาณรายจ่ายประจำปี", "งบประมาณรายจ่ายประจำปี (บาท)", "budget"),
}
REQUIRED = ("division", "position", "personnel_type", "framework", "year_1", "year_2", "year_3")
COUNTS = ("framework", "year_1", "year_2", "year_3")
MONEY = ("salary", "benefits")
TEXT = ("division", "position", "level", "position_nos", "note")
LENGTHS = {"division": 200, "position": 200, "level": 100, "position_nos": 500, "note": 500}


def _index(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, labels in fields.items():
        for label in (name, *labels):
            index.setdefault(label_key(label), name)
    return index


_LINE_INDEX = _index(LINE_FIELDS)
_BUDGET_INDEX = _index(BUDGET_FIELDS)


@dataclass(frozen=True)
class PlanRow:
    """A line of the plan as the file gives it, and where it is."""

    sheet: str
    row: int
    values: dict[str, Any]


@dataclass
class PlanFile(FindingCounts):
    path: Path
    cycle: tuple[int, int, int]  # the three fiscal years, Buddhist Era
    lines: list[PlanRow] = field(default_factory=list)  # the rows without errors
    budgets: dict[int, float] = field(default_factory=dict)  # year of the cycle (1-3) -> budget
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # the lines' rows the file has, read or not


def read_plan_file(
    path: Path, cycle: tuple[int, int, int], limits: SheetLimits | None = None
) -> PlanFile:
    """The sheet of lines (the one whose header names positions and posts) and the sheet of
    budgets (a year and an amount a row); others reported (LHR804) and left alone. A file with
    no lines is said to be a ก.พ.7 workbook or a staff list where it is one, with the command
    that reads it (LHR805, LHR806), else to have none (LHR801)."""
    found = PlanFile(path, cycle)
    others: list[tuple[str, list[Row]]] = []  # the sheets that hold no table of the plan
    for sheet in open_sheets(path, limits=limits or SheetLimits()):
        name = sheet.name or path.stem
        rows = list(sheet.rows)
        if (header := _header(rows, _BUDGET_INDEX, ("year", "budget"))) is not None:
            _read_budgets(found, name, rows, header)
        elif (header := _header(rows, _LINE_INDEX, ("position", "framework"))) is not None:
            _read_lines(found, name, rows, header)
        else:
            found.findings.append(Finding("LHR804", name, None, None, None))
            others.append((name, rows[: HEADER_SCAN_ROWS + SAMPLE_ROWS]))
    if not found.rows and (other := _record_or_staff_list(others)) is not None:
        found.findings = [other]  # what each of its sheets is not (LHR804) says nothing more
    elif not found.rows:
        found.findings.append(Finding("LHR801", None, None, None, path.name))
    return found


def _record_or_staff_list(sheets: list[tuple[str, list[Row]]]) -> Finding | None:
    """What a file with no lines of a plan is, where it is a ก.พ.7 workbook (sheets named for
    two sections of the record) or a staff list (a sheet holds a staff table)."""
    if record_of_service(name for name, _ in sheets):
        return Finding("LHR805", None, None, None, None, HISTORY_COMMAND)
    if any(find_layout(head) for _, head in sheets):
        return Finding("LHR806", None, None, None, None, STAFF_COMMAND)
    return None


def plan_header(rows: list[Row]) -> bool:
    """Whether the first rows hold the header of a plan's lines or of its budgets (a staff
    file's reader, finding no staff table, tells the officer which command reads it)."""
    lines = _header(rows, _LINE_INDEX, ("position", "framework"))
    return lines is not None or _header(rows, _BUDGET_INDEX, ("year", "budget")) is not None


def _header(
    rows: list[Row], index: dict[str, str], needed: tuple[str, ...]
) -> tuple[int, dict[str, int]] | None:
    """The first row among the first whose labels name the `needed` fields, and its columns."""
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        columns = labelled_columns(cells, index)
        if all(f in columns for f in needed):
            return number, columns
    return None


def _read_lines(
    found: PlanFile, sheet: str, rows: list[Row], header: tuple[int, dict[str, int]]
) -> None:
    number, columns = header
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        found.findings.append(Finding("LHR902", sheet, number, None, None, ", ".join(missing)))
        return
    for row_number, cells in rows:
        if row_number > number and any(c not in (None, "") for c in cells):
            _read_line(found, _Cells(sheet, row_number, cells, columns))


def _read_line(found: PlanFile, reader: _Cells) -> None:
    found.rows += 1
    values = {name: reader.value(name) for name in LINE_FIELDS}
    found.findings += reader.findings
    if not any(f.severity == ERROR for f in reader.findings):
        found.lines.append(PlanRow(reader.sheet, reader.row, values))


def _read_budgets(
    found: PlanFile, sheet: str, rows: list[Row], header: tuple[int, dict[str, int]]
) -> None:
    number, columns = header
    for row_number, cells in rows:
        if row_number <= number or not any(c not in (None, "") for c in cells):
            continue
        reader = RowCells(sheet, row_number, cells, columns)
        year_cell, amount_cell = reader.cell("year"), reader.cell("budget")
        if not reader.findings:  # neither holds a spreadsheet error (LHR903)
            year = _year_of_cycle(year_cell, found.cycle)
            amount = None if year is None else reader.money("budget", amount_cell)
            if year is None:
                reader.flag("LHR803", "year", year_cell)
            elif amount is not None:
                found.budgets[year] = amount
        found.findings += reader.findings


def _year_of_cycle(cell: object, cycle: tuple[int, int, int]) -> int | None:
    """1, 2 or 3: a BE year of the cycle (2570), a CE one (2027), or the year's number."""
    text = ascii_digits(plain(cell)).strip() if cell is not None else ""
    text = text.removeprefix("ปีที่").removeprefix("ปี").strip()
    if not text.isdigit():
        return None
    year = int(text)
    if year in (1, 2, 3):
        return year
    be = be_year(year) if 1900 <= year <= 2300 else year
    return cycle.index(be) + 1 if be in cycle else None


class _Cells(RowCells):
    """One row of the plan's lines read into a line's values (`RowCells`)."""

    def value(self, name: str) -> Any:
        raw = self.given(name, name in REQUIRED)
        return None if raw is None else self._typed(name, raw)

    def _typed(self, name: str, raw: object) -> Any:
        if name in COUNTS:
            return self._count(name, raw)
        if name in MONEY:
            return self.money(name, raw)
        if name == "personnel_type":
            kind = personnel_type(clean_text(raw).value)
            if kind is None:
                self.flag("LHR401", name, raw)
            return kind
        return self.text(name, raw, LENGTHS[name])

    def _count(self, name: str, raw: object) -> int | None:
        text = ascii_digits(plain(raw)).strip().removesuffix(".0")
        if not text.isdigit():
            self.flag("LHR703", name, raw)
            return None
        return int(text)
