"""`lhrctl inspect FILE`: how lhrctl sees a staff file, before a row is checked. Each sheet's
header, each column with the field it became and why, sample values, the LAO and personnel type
found and where from, the rows that are no person's and why, the encoding decoded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from lhrctl.national_id import mask_national_id
from lhrctl.staff_files import layout as lay
from lhrctl.staff_files.columns import Evidence
from lhrctl.staff_files.normalise import clean_text, plain
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.readers import Row, Sheet
from lhrctl.staff_files.reading import (
    LaoDirectory,
    SheetReading,
    SheetSurvey,
    StaffFile,
    data_rows,
    file_lao,
    staff_sheets,
)
from lhrctl.staff_files.rows import skip_reason
from lhrctl.staff_files.rules import HISTORY_COMMAND, PLAN_COMMAND, Finding
from lhrctl.thai import be_numeric

SAMPLES = 3  # values shown of each column
SKIPPED_SHOWN = 10  # row numbers shown for each reason a row is skipped

TYPE_COLUMN, TYPE_SECTIONS, TYPE_SHEET_NAME, TYPE_OPTION = (
    "column", "sections", "sheet_name", "option",
)  # fmt: skip


@dataclass(frozen=True)
class ColumnView:
    letter: str
    header: str
    field: str | None  # None: not read
    source: str | None  # mapping, header or values (see columns)
    share: float | None  # of its sampled values that fit the field
    samples: list[str]


@dataclass
class SheetView:
    name: str | None
    header_row: int | None  # None: no header, the table starts on the first row
    columns: list[ColumnView]
    personnel_type: str | None
    type_from: str | None
    org_code: str | None
    org_from: str | None
    missing: list[str]  # required columns it lacks: the sheet is not read
    rows: int = 0  # rows of people
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> rows
    skipped_rows: dict[str, list[int]] = field(default_factory=dict)  # the first of each


@dataclass
class FileView:
    file: str
    encoding: str | None
    redecoded: bool  # Thai misread as Latin letters, read again (LHR206)
    sheets: list[SheetView]
    tableless: list[str | None]  # sheets with no staff table on them
    # a ก.พ.7 workbook (LHR907) or a manpower plan (LHR908): the rule that says so, and the
    # command that reads it; a ก.พ.7 workbook's sheets are not shown
    other_kind: str | None = None
    reads_it: str | None = None

    def not_staff_list(self) -> Finding | None:
        """What the file is, if it is no staff list, as `validate` says it."""
        if self.other_kind is None:
            return None
        return Finding(self.other_kind, None, None, None, None, self.reads_it)

    def mapping(self) -> dict[str, str]:
        """Header label -> field, as `--mapping` takes it: what this reading used."""
        found: dict[str, str] = {}
        for sheet in self.sheets:
            for column in sheet.columns:
                if column.field and column.header and column.header not in found:
                    found[column.header] = column.field
        return found


def inspect_file(
    path: Path,
    *,
    directory: LaoDirectory,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen)
) -> FileView:
    staff_file = StaffFile(path, org)
    sheets = staff_sheets(staff_file, options, frames=False)  # as `validate` opens them
    if staff_file.other_kind:  # a ก.พ.7 workbook (LHR907): its sheets are not shown
        return FileView(str(path), None, False, [], [], "LHR907", HISTORY_COMMAND)
    file_org = file_lao(path, org, directory)
    reading = SheetReading(staff_file, None, directory, today, org, file_org, options)
    views = _sheet_views(reading, sheets, options)
    redecoded = any(s.redecoded for s in sheets)
    found = FileView(str(path), staff_file.encoding, redecoded, views, reading.tableless)
    if not views and reading.plan_sheets:
        found.other_kind, found.reads_it = "LHR908", PLAN_COMMAND
    return found


def _sheet_views(
    reading: SheetReading, sheets: list[Sheet], options: ReadOptions
) -> list[SheetView]:
    """Each sheet with a staff table, surveyed; its rows counted where none of its required
    columns is missing."""
    views = []
    for source in sheets:
        survey = reading.survey(source)
        if survey is not None:
            view = _sheet_view(survey, options)
            if not view.missing:
                _count_rows(view, survey, data_rows(survey, source))
            views.append(view)
    return views


def _sheet_view(survey: SheetSurvey, options: ReadOptions) -> SheetView:
    kind, kind_from = _type_found(survey, options)
    layout = survey.layout
    return SheetView(
        survey.name,
        layout.header_row if any(layout.labels) else None,
        _column_views(survey),
        kind,
        kind_from,
        survey.org,
        survey.org_from,
        survey.missing,
    )


def _column_views(survey: SheetSurvey) -> list[ColumnView]:
    """Every column with a header, a field or a value, in order."""
    layout = survey.layout
    width = max([len(layout.labels), *(len(cells) for _, cells in survey.head)])
    by_column = {e.column: e for e in layout.evidence.values()}
    sample = [cells for n, cells in survey.head if n > layout.header_row]
    labels = [*layout.labels, *[""] * (width - len(layout.labels))]
    views = [
        _column_view(j, labels[j], by_column.get(j), _samples(sample, j)) for j in range(width)
    ]
    return [v for v in views if v.field or v.header or v.samples]


def _column_view(j: int, header: str, evidence: Evidence | None, values: list[str]) -> ColumnView:
    letter = lay.column_letter(j)
    if evidence is None:
        return ColumnView(letter, header, None, None, None, values)
    if evidence.field == "national_id":  # shown, not disclosed
        values = [_masked(v) for v in values]
    return ColumnView(letter, header, evidence.field, evidence.source, evidence.share, values)


def _type_found(survey: SheetSurvey, options: ReadOptions) -> tuple[str | None, str | None]:
    if "personnel_type" in survey.layout.columns:
        return None, TYPE_COLUMN
    if survey.sheet_type:
        return survey.sheet_type, TYPE_SHEET_NAME
    if any(s.personnel_type for s in survey.sections):
        return None, TYPE_SECTIONS
    if options.personnel_type:
        return options.personnel_type, TYPE_OPTION
    return None, None


def _masked(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return mask_national_id(digits) if len(digits) == 13 else value


def _shown(value: object) -> str:
    """A cell as a person reads it: text cleaned, a date cell in the Buddhist Era."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return be_numeric(value)
    return clean_text(value).value if isinstance(value, str) else plain(value)


def _samples(rows: list[list[object]], j: int) -> list[str]:
    seen: list[str] = []
    for cells in rows:
        value = cells[j] if j < len(cells) else None
        text = _shown(value)
        if value not in ("", None) and text and text not in seen:
            seen.append(text[:40])
            if len(seen) == SAMPLES:
                break
    return seen


def _count_rows(view: SheetView, survey: SheetSurvey, rows: Iterator[Row]) -> None:
    """People's rows, and the others by why they are no person's (blank rows left out)."""
    skipped: Counter[str] = Counter()
    for number, cells in rows:
        if all(c in ("", None) for c in cells):
            continue
        reason = skip_reason(cells, survey.layout)
        if reason is None:
            view.rows += 1
            continue
        skipped[reason] += 1
        shown = view.skipped_rows.setdefault(reason, [])
        if len(shown) < SKIPPED_SHOWN:
            shown.append(number)
    view.skipped = dict(skipped)
