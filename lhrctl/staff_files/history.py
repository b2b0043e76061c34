"""Reading a ก.พ.7 workbook: one sheet per section of the record of service, each row a person's
(by national ID), its header found as a staff file's is, its cells read into the section's values.

Needs no database: whether the people are on an LAO's staff, and the rules that span a person's
rows, are the import's (`services.history_import`, `services.record_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Float, Integer, String

from lhrctl.schemas.sections import TABLES
from lhrctl.staff_files.content import SAMPLE_ROWS
from lhrctl.staff_files.history_vocabulary import (
    DECORATION_INDEX,
    HEADER_INDEX,
    MOVEMENT_INDEX,
    SECTION_FIELD_NAMES,
)
from lhrctl.staff_files.layout import (
    HEADER_SCAN_ROWS,
    Layout,
    column_letter,
    find_layout,
    labelled_columns,
)
from lhrctl.staff_files.limits import SheetLimits
from lhrctl.staff_files.normalise import clean_text, national_id, parse_date, plain
from lhrctl.staff_files.plan_file import plan_header
from lhrctl.staff_files.readers import Row, open_sheets
from lhrctl.staff_files.row_cells import RowCells
from lhrctl.staff_files.rules import (
    ERROR,
    PLAN_COMMAND,
    STAFF_COMMAND,
    WRONG_FILE,
    Finding,
    FindingCounts,
)
from lhrctl.staff_files.section_sheets import section_of_sheet
from lhrctl.staff_files.vocabulary import label_key
from lhrctl.thai import ascii_digits, be_year


@dataclass(frozen=True)
class SectionRow:
    """One row of a section as the file gives it, and where it is."""

    section: str
    sheet: str
    row: int
    national_id: str
    values: dict[str, Any]  # the section's fields (national_id apart), read and typed


@dataclass
class HistoryFile(FindingCounts):
    path: Path
    rows: list[SectionRow] = field(default_factory=list)  # the rows without errors of their own
    findings: list[Finding] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # the sections the file has a sheet for
    spoiled: set[str] = field(default_factory=set)  # people with a row that cannot be read
    layouts: dict[str | None, Layout] = field(default_factory=dict)  # each read sheet's header

    @property
    def people(self) -> set[str]:
        return {r.national_id for r in self.rows}

    @property
    def other_kind(self) -> bool:
        """A staff list or a manpower plan, not a record of service: said (LHR708, LHR709)."""
        return any(f.rule in WRONG_FILE for f in self.findings)


def _kinds(section: str) -> dict[str, tuple[str, bool]]:
    """Each field's kind (date, number, year, movement, decoration, text) and whether required."""
    table = TABLES[section]
    kinds = {}
    for name in SECTION_FIELD_NAMES[section]:
        column = table.c[name]
        if name == "movement":
            kind = "movement"
        elif name == "decoration_class":
            kind = "decoration"
        elif isinstance(column.type, Date):
            kind = "date"
        elif isinstance(column.type, Float):
            kind = "number"
        elif isinstance(column.type, Integer):
            kind = "year"
        else:
            kind = "text"
        kinds[name] = (kind, not column.nullable)
    return kinds


def _lengths(section: str) -> dict[str, int]:
    table = TABLES[section]
    return {c.name: c.type.length for c in table.c if isinstance(c.type, String) and c.type.length}


LENGTHS = {name: _lengths(name) for name in SECTION_FIELD_NAMES}


KINDS = {name: _kinds(name) for name in SECTION_FIELD_NAMES}
REQUIRED = {
    name: [f for f, (_kind, required) in kinds.items() if required] for name, kinds in KINDS.items()
}


def read_history_file(path: Path, today: date, limits: SheetLimits | None = None) -> HistoryFile:
    """Every sheet named for a section, read; other sheets reported (LHR705) and left alone.
    A file with none is said to be a staff list or a manpower plan where it is one, with the
    command that reads it (LHR708, LHR709), else to have no section (LHR706)."""
    found = HistoryFile(path)
    heads = []  # the first rows of the sheets named for no section
    for sheet in open_sheets(path, limits=limits or SheetLimits()):
        name = sheet.name or path.stem
        section = section_of_sheet(name)
        if section is None:
            found.findings.append(Finding("LHR705", name, None, None, None))
            heads.append(list(islice(sheet.rows, HEADER_SCAN_ROWS + SAMPLE_ROWS)))
            continue
        found.sections.append(section)
        _read_sheet(found, section, name, list(sheet.rows), today)
    if not found.sections and (other := _staff_list_or_plan(heads, today)) is not None:
        found.findings = [other]  # what each of its sheets is not (LHR705) says nothing more
    elif not found.sections:
        found.findings.append(Finding("LHR706", None, None, None, path.name))
    return found


def _staff_list_or_plan(heads: list[list[Row]], today: date) -> Finding | None:
    """What a file with no sheet named for a section is, where it is a staff list (a sheet
    holds a staff table) or a manpower plan (its lines' or budgets' header)."""
    if any(find_layout(head, None, today) for head in heads):
        return Finding("LHR708", None, None, None, None, STAFF_COMMAND)
    if any(plan_header(head) for head in heads):
        return Finding("LHR709", None, None, None, None, PLAN_COMMAND)
    return None


def _header(section: str, rows: list[Row]) -> tuple[int, dict[str, int], bool] | None:
    """The row among the first whose labels name most of the section's fields, and the ID
    column: by its label, or (the third value True) by the IDs under it."""
    best: tuple[int, dict[str, int]] | None = None
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        columns = labelled_columns(cells, HEADER_INDEX[section])
        if len(columns) > (len(best[1]) if best else 1):
            best = (number, columns)
    if best is None:
        return None
    number, columns = best
    if "national_id" in columns:
        return number, columns, False
    column = _id_column(
        [cells for n, cells in rows if n > number][:SAMPLE_ROWS], set(columns.values())
    )
    return None if column is None else (number, columns | {"national_id": column}, True)


def _id_column(sample: list[list[object]], taken: set[int]) -> int | None:
    """The unlabelled column whose values are, nearly all, valid national IDs."""
    width = max((len(cells) for cells in sample), default=0)
    for j in sorted(set(range(width)) - taken):
        values = [cells[j] for cells in sample if j < len(cells) and cells[j] not in (None, "")]
        valid = sum(national_id(v)[1] is None for v in values)
        if values and valid >= 0.8 * len(values):
            return j
    return None


def _read_sheet(found: HistoryFile, section: str, sheet: str, rows: list[Row], today: date) -> None:
    header = _header(section, rows)
    if header is None:
        found.findings.append(Finding("LHR901", sheet, None, None, None))
        return
    number, columns, by_content = header
    if by_content:
        found.findings.append(
            Finding(
                "LHR906", sheet, number, "national_id", None, column_letter(columns["national_id"])
            )
        )
    found.layouts[sheet] = Layout(number, columns, [])
    missing = [f for f in REQUIRED[section] if f not in columns]
    if missing:
        found.findings.append(Finding("LHR902", sheet, number, None, None, ", ".join(missing)))
        return
    for row_number, cells in rows:
        if row_number > number and any(c not in (None, "") for c in cells):
            _read_row(found, section, _RowReader(sheet, row_number, cells, columns, today))


def _read_row(found: HistoryFile, section: str, reader: _RowReader) -> None:
    """One row into the file's rows, or (a cell cannot be read) its findings only."""
    reader.lengths = LENGTHS[section]
    nid = reader.national_id()
    values = {name: reader.value(name, *kind) for name, kind in KINDS[section].items()}
    found.findings += reader.findings
    if any(f.severity == ERROR for f in reader.findings):
        found.spoiled.update([nid] if nid else [])
    elif nid is not None:
        found.rows.append(SectionRow(section, reader.sheet, reader.row, nid, values))


class _RowReader(RowCells):
    """One row of a section read into values (`RowCells`), by each field's kind."""

    def __init__(
        self, sheet: str, row: int, cells: list[object], columns: dict[str, int], today: date
    ):
        super().__init__(sheet, row, cells, columns)
        self.today = today
        self.lengths: dict[str, int] = {}

    def national_id(self) -> str | None:
        raw = self.cell("national_id")
        nid, problem = national_id(raw)
        if problem:
            self.flag(problem, "national_id", raw)
        return nid if problem is None else None

    def value(self, name: str, kind: str, required: bool) -> Any:
        raw = self.given(name, required)
        return None if raw is None else _READERS[kind](self, name, raw)

    def _date(self, name: str, raw: object) -> date | None:
        parsed = parse_date(raw, self.today)
        if parsed.value is None:
            self.flag(parsed.problem or "LHR301", name, raw)
        elif parsed.value > self.today:
            self.flag("LHR305", name, raw)
        elif parsed.be_in_date_cell:
            self.flag("LHR302", name, raw)
        return parsed.value

    def _year(self, name: str, raw: object) -> int | None:
        """A year of graduation: BE as Thai sheets write it; a CE year is taken as CE."""
        text = ascii_digits(plain(raw)).strip()
        year = int(text) if text.isdigit() else 0
        if 1900 <= year <= 2400:
            year = be_year(year)
        if not 2400 < year <= be_year(self.today.year):
            self.flag("LHR703", name, raw)
            return None
        return year

    def _word(self, name: str, raw: object, index: dict[str, str]) -> str | None:
        found = index.get(label_key(clean_text(raw).value))
        if found is None:
            self.flag("LHR703", name, raw)
        return found

    def _text(self, name: str, raw: object) -> str | None:
        return self.text(name, raw, self.lengths.get(name))


_READERS: dict[str, Any] = {
    "date": _RowReader._date,
    "number": RowCells.money,
    "year": _RowReader._year,
    "movement": lambda reader, name, raw: reader._word(name, raw, MOVEMENT_INDEX),
    "decoration": lambda reader, name, raw: reader._word(name, raw, DECORATION_INDEX),
    "text": _RowReader._text,
}
