"""Reading and checking one staff file: sheets, header, LAO, every row, duplicate IDs.

Needs no database: the LAO registry comes from a `LaoDirectory` (the bundled registry for
`lhrctl validate FILE`, the database's for an import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from pathlib import Path

from lhrctl.errors import UsageError
from lhrctl.staff_files import layout as lay
from lhrctl.staff_files.checks import RowContext
from lhrctl.staff_files.column_checks import (
    FrameCheck,
    numbers_read_as_text,
    readable_as_columns,
    sheet_checks,
    text_checks,
)
from lhrctl.staff_files.columns import VALUES
from lhrctl.staff_files.content import SAMPLE_ROWS
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.plan_file import plan_header
from lhrctl.staff_files.readers import (
    CSV_SUFFIXES,
    FRAME_SUFFIXES,
    Row,
    Sheet,
    expected_rows,
    named_record_of_service,
    open_sheets,
)
from lhrctl.staff_files.rows import SheetPlan
from lhrctl.staff_files.rules import (
    HISTORY_COMMAND,
    PLAN_COMMAND,
    WRONG_FILE,
    Finding,
    FindingCounts,
)
from lhrctl.staff_files.section_sheets import record_of_service
from lhrctl.staff_files.sheet_frames import SheetFrame
from lhrctl.staff_files.sheet_pieces import PiecesUnfit
from lhrctl.staff_files.staging import Place, Stage
from lhrctl.staff_files.workers import (
    BATCH,
    MIN_ROWS,
    Deferred,
    InProcess,
    Progress,
    RowChecks,
    WorkerPool,
    worker_count,
)

__all__ = ["LaoDirectory", "StaffFile", "read_staff_file", "staff_sheets"]


@dataclass
class LaoDirectory:
    """The registry as the file checks need it: codes, and LAOs by display and province name."""

    provinces: dict[str, str]  # LAO code -> province code
    by_name: dict[tuple[str, str], str]  # (display name, province name) -> LAO code
    by_display: dict[str, list[str]]  # display name -> LAO codes

    @classmethod
    def build(cls, entries: list[tuple[str, str, str, str]]) -> LaoDirectory:
        """From (code, display name, province code, province name) tuples."""
        by_display: dict[str, list[str]] = defaultdict(list)
        for code, display, _, _ in entries:
            by_display[display].append(code)
        return cls(
            provinces={code: pcode for code, _, pcode, _ in entries},
            by_name={(display, pname): code for code, display, _, pname in entries},
            by_display=dict(by_display),
        )

    @classmethod
    def bundled(cls) -> LaoDirectory:
        from lhrctl.registry_file import TYPE_PREFIX, read_registry

        return cls.build(
            [
                (e.code, TYPE_PREFIX[e.type] + e.name, e.province_code, e.province_name)
                for e in read_registry(None)
            ]
        )

    def find(self, display: str, province: str | None) -> str | None:
        if province is not None and (display, province) in self.by_name:
            return self.by_name[(display, province)]
        codes = self.by_display.get(display, [])
        return codes[0] if len(codes) == 1 else None


@dataclass
class StaffFile(FindingCounts):
    """A checked file: its findings, and its rows staged on disk for the import."""

    path: Path
    org_code: str | None
    stage: Stage = field(default_factory=Stage)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0  # data rows read (blank, footer and repeated header rows not counted)
    settled: int = 0  # of them, those the column checks settled (column_checks)
    workers: int = 0  # the worker processes that checked the others (0: this process did)
    layouts: dict[str | None, lay.Layout] = field(default_factory=dict)  # by sheet name
    # by sheet name: the fields of a record its rows do not state (no column gives them), which
    # an import leaves as they are stored: a list without levels does not erase the levels
    # the record of service gave
    unstated: dict[str | None, frozenset[str]] = field(default_factory=dict)
    encoding: str | None = None  # a text file's, or cp874 where Thai was misread as Latin

    @property
    def other_kind(self) -> bool:
        """The file is a ก.พ.7 workbook or a manpower plan, not a staff list."""
        return any(f.rule in WRONG_FILE for f in self.findings)


def file_lao(path: Path, org: str | None, directory: LaoDirectory) -> str | None:
    """--org (an unknown one refused), else the 7-digit code in the file's name, if known."""
    if org is not None and org not in directory.provinces:
        raise UsageError(
            f"--org {org}: unknown LAO code.",
            f"--org {org}: ไม่พบรหัส อปท. นี้ในทะเบียน",
            hint_en="Find the code with `lhrctl org list --province NN`.",
            hint_th="ค้นหารหัสด้วย `lhrctl org list --province NN`",
        )
    found = org or lay.code_in_file_name(path.stem)
    return found if found in directory.provinces else None


def read_staff_file(
    path: Path,
    *,
    directory: LaoDirectory,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen: one value serves every call)
    progress: Progress | None = None,
    workers: int | None = None,
    columns: bool = True,
    write_ahead: bool = False,
    stage: Stage | None = None,
    pieces: bool = False,
) -> StaffFile:
    """Read and check every row of `path`, staging them for an import. `workers`: how many
    processes check the rows (0: this one); by default, as many as the file's size is worth.
    `columns`: a workbook's sheets are checked a column at a time where they can be
    (column_checks); off, every row goes through the row checks. `write_ahead`: the rows the
    columns settle are written into the staging file as they are settled (Stage.write_ahead),
    for an import into SQLite, which attaches it; a file only checked never writes them.
    `stage`: where the rows are staged (an import's, piped: Stage.pipe), else a new one.
    `pieces`: a large workbook's sheet is loaded, checked and staged in pieces, where it can be
    (sheet_loader.load_frames); PiecesUnfit where it turns out it cannot."""
    file_org = file_lao(path, org, directory)
    result = StaffFile(path, org) if stage is None else StaffFile(path, org, stage=stage)
    if write_ahead:
        result.stage.write_ahead()
    if workers is None:
        workers = worker_count(expected_rows(path))
    as_columns = columns and path.suffix.lower() in FRAME_SUFFIXES
    deferred = columns and path.suffix.lower() in FRAME_SUFFIXES + CSV_SUFFIXES
    checks = _row_checks(result, directory, progress, workers, deferred=deferred)
    sheets: list[Sheet] = []
    try:
        sheets = staff_sheets(result, options, frames=as_columns, pieces=pieces)
        reading = SheetReading(result, checks, directory, today, org, file_org, options)
        reading.progress, reading.columns = progress, columns
        for source in sheets:
            reading.read(source)
            source.finish()  # in pieces, what it said to the end holds
        result.rows, found = checks.finish()
        result.rows += result.settled
        result.workers = checks.processes
    except BaseException:
        if stage is None:  # now, not when the error and its frames are let go
            result.stage.close()
        # else the caller's, closed when its import no longer attaches the files (an import
        # that fails records so, attaching them anew: closed here, they were made again)
        raise
    finally:
        for sheet in sheets:  # first: the row checks' close may fail (a Ctrl+C in polars)
            sheet.close()
        checks.close()
    result.findings += found
    _file_findings(result, reading)
    _reject_duplicates(result)
    result.stage.seal()
    return result


def staff_sheets(
    result: StaffFile, options: ReadOptions, *, frames: bool, pieces: bool = False
) -> list[Sheet]:
    """The file's sheets, to read as a staff list; none of a ก.พ.7 workbook (LHR907: `import
    history` reads it), told by its sheets' names, and not laid out where the names are read
    before (20,000 people's record of service took 2 s to load)."""
    path = result.path
    kp7 = named_record_of_service(path, options.sheet)
    limits = options.limits
    sheets = [] if kp7 else open_sheets(path, options.sheet, limits, frames=frames, pieces=pieces)
    _note_encoding(result, sheets)
    if kp7 or record_of_service(s.name for s in sheets):
        result.findings.append(Finding("LHR907", None, None, None, None, HISTORY_COMMAND))
        for sheet in sheets:
            sheet.close()
        return []
    return sheets


def _row_checks(
    result: StaffFile,
    directory: LaoDirectory,
    progress: Progress | None,
    workers: int,
    *,
    deferred: bool,
) -> RowChecks:
    """Where rows are checked one by one. Workers start first, to get ready while the workbook
    is opened, unless its sheets may be read as columns and leave them nothing to do."""
    shown = None if progress is None else (lambda rows: progress(rows + result.settled))

    def make(rows: int | None = None) -> RowChecks:
        if workers and (rows is None or rows >= MIN_ROWS):
            return WorkerPool(result.stage, directory.provinces, shown, workers)
        return InProcess(result.stage, directory.provinces, shown)

    return Deferred(make) if deferred else make()


def _note_encoding(result: StaffFile, sheets: list[Sheet]) -> None:
    """The encoding the text was read in; Thai read again from Latin letters is said, once."""
    result.encoding = next((s.encoding for s in sheets if s.encoding), None)
    if any(s.redecoded for s in sheets):
        result.findings.append(Finding("LHR206", None, None, None, None))


def _file_findings(result: StaffFile, reading: SheetReading) -> None:
    """What is said of the file as a whole: no staff table in it, or a table without rows;
    or, of a file that is no staff list, only that."""
    if _other_kind(result, reading):
        return
    tableless = reading.tableless
    # next to a staff table, a sheet without one is a summary or a note: said, not an error
    no_table = "LHR905" if result.layouts else "LHR901"
    result.findings += [Finding(no_table, name, None, None, None) for name in tableless]
    if not result.layouts and not any(f.rule in ("LHR901", "LHR902") for f in result.findings):
        result.findings.append(Finding("LHR901", None, None, None, None))
    elif result.layouts and result.rows == 0 and not result.errors:
        result.findings.append(Finding("LHR904", None, None, None, None))


def _other_kind(result: StaffFile, reading: SheetReading) -> bool:
    """A record of service, or a file whose tables are a manpower plan's and none a staff
    list's: said, with the command that reads it."""
    if result.other_kind:  # a record of service, said before its sheets were read
        return True
    if not result.layouts and reading.plan_sheets:
        result.findings.append(Finding("LHR908", None, None, None, None, PLAN_COMMAND))
        return True
    return False


@dataclass
class SheetSurvey:
    """What a sheet's first rows tell before any row is checked: its staff table, the personnel
    type and LAO of its rows and where they come from, and the columns it lacks."""

    name: str | None
    head: list[Row]
    layout: lay.Layout
    sheet_type: str | None  # the one its name gives
    given_type: str | None  # that, else --type
    sections: list[lay.Section]
    missing: list[str]
    org: str | None
    org_from: str | None  # ORG_OPTION, ORG_TITLE or ORG_FILE_NAME


ORG_OPTION, ORG_TITLE, ORG_FILE_NAME = "option", "title", "file_name"


@dataclass
class SheetReading:
    """The sheets of one file read in turn: what one sheet tells the next (the LAO a title
    names, the place in the file's reading order) and the sheets without a staff table.
    Without `checks`, sheets are surveyed only (`lhrctl inspect`)."""

    result: StaffFile
    checks: RowChecks | None
    directory: LaoDirectory
    today: date
    org: str | None  # --org
    file_org: str | None  # the one the file's name gives
    options: ReadOptions
    org_from_title: str | None = None
    seq: int = 0
    tableless: list[str | None] = field(default_factory=list)
    plan_sheets: list[str | None] = field(default_factory=list)  # of them, a manpower plan's
    progress: Progress | None = None  # told the rows the column checks settle, as they go
    columns: bool = True  # a sheet is checked a column at a time where it can be

    def survey(self, source: Sheet, known: lay.Layout | None = None) -> SheetSurvey | None:
        """What the sheet's first rows tell; `known`: the layout they were found to have."""
        head = list(islice(source.rows, lay.HEADER_SCAN_ROWS + SAMPLE_ROWS))
        layout = self._layout(source.name, head, known)
        if layout is None:
            return None
        sheet_type = lay.type_of_sheet(source.name, layout)
        given_type = sheet_type or self.options.personnel_type  # --type: where the file says none
        sections = lay.sections_under(head, layout)
        missing = lay.missing_columns(layout, given_type, sections)
        org, org_from = self._sheet_org(head, layout)
        return SheetSurvey(
            source.name, head, layout, sheet_type, given_type, sections, missing, org, org_from
        )

    def read(self, source: Sheet) -> None:
        known = None
        if source.frame is not None and source.reread:
            known = self._frame_layout(source.frame)
            if known is not None and not numbers_read_as_text(source.frame, known):
                # its ID or date numbers read otherwise as text: the sheet is read cell by cell
                source.close()
                source, known = source.reread(), None
        survey = self.survey(source, known)
        if survey is None:
            return
        layout = survey.layout
        if survey.missing:
            self._flag("LHR902", source.name, layout.header_row, ", ".join(survey.missing))
            return
        if survey.org is None and "org_code" not in layout.columns:
            self._flag("LHR501", source.name, None, "--org")  # the option to pass
            return
        self.result.org_code = self.result.org_code or survey.org
        self._check(survey, source)

    def _check(self, survey: SheetSurvey, source: Sheet) -> None:
        """The sheet's data rows checked a column at a time where they can be, else a row at a
        time."""
        sectioned = _needs_sections(survey.layout, survey.sheet_type, survey.sections)
        self.result.unstated[survey.name] = _unstated(survey.layout, sectioned)
        frame, layout = source.frame, survey.layout
        context = RowContext(survey.name, survey.given_type, survey.org, self.today)
        provinces = self.directory.provinces
        if frame is not None and not sectioned and readable_as_columns(frame, layout):
            at_once = 1 if self.result.stage.writing_ahead else 2
            checked = sheet_checks(frame, layout, context, provinces, self.seq, at_once=at_once)
            self._check_columns(SheetPlan(layout, context), checked)
        elif source.frame and source.frame.later:  # its rows are checked whole, as read whole
            raise PiecesUnfit("the sheet is read a row at a time")
        elif source.text and self.columns and not sectioned:
            rows = data_rows(survey, source)
            checked = text_checks(rows, layout, context, provinces, self.seq)
            self._check_columns(SheetPlan(layout, context), checked)
        else:
            self._submit(survey, data_rows(survey, source))

    def _frame_layout(self, frame: SheetFrame) -> lay.Layout | None:
        """The layout of a sheet read as columns, from its rows told back (the survey's, when
        the sheet is not read again)."""
        head = list(islice(frame.rows(), lay.HEADER_SCAN_ROWS + SAMPLE_ROWS))
        return lay.find_layout(head, self.options.mapping, self.today)

    def _check_columns(self, plan: SheetPlan, stretches: Iterator[FrameCheck]) -> None:
        """The sheet's data rows as the column checks settle them, a stretch at a time; the
        rest handed to `checks`, which read them by `plan`."""
        unsettled: list[tuple[int, Row]] = []
        for checked in stretches:
            self.result.stage.add_settled(checked.settled, held=checked.held)
            self.result.findings += checked.findings
            self.result.settled += checked.rows
            if self.progress:
                self.progress(self.result.settled)
            unsettled += checked.unsettled
            self.seq += checked.height
            if len(unsettled) >= MIN_ROWS:  # a long file's odd rows are checked as it is read
                self._hand_over(plan, unsettled)
                unsettled = []
        self._hand_over(plan, unsettled)

    def _hand_over(self, plan: SheetPlan, unsettled: list[tuple[int, Row]]) -> None:
        """Rows the columns left to the row checks (`checks`, asked to expect them first)."""
        assert self.checks is not None  # noqa: S101 (a survey submits nothing)
        self.checks.expect(len(unsettled))
        for start in range(0, len(unsettled), BATCH):
            batch = unsettled[start : start + BATCH]
            self.checks.submit(plan, [seq for seq, _ in batch], [row for _, row in batch])

    def _submit(self, survey: SheetSurvey, rows: Iterator[Row]) -> None:
        assert self.checks is not None  # noqa: S101 (a survey submits nothing)
        first = lay.Section(survey.given_type)
        sectioned = _needs_sections(survey.layout, survey.sheet_type, survey.sections)
        batches = _by_section(rows, first) if sectioned else _batches(rows, first)
        for section, batch in batches:
            context = RowContext(
                survey.name, section.personnel_type, survey.org, self.today, section.division
            )
            self.checks.submit(SheetPlan(survey.layout, context), self.seq, batch)
            self.seq += len(batch)

    def _layout(
        self, sheet: str | None, head: list[Row], known: lay.Layout | None
    ) -> lay.Layout | None:
        """The sheet's staff table (`known`, else found in `head`); a sheet with something else
        on it is noted as tableless."""
        layout = known or lay.find_layout(head, self.options.mapping, self.today)
        if layout is not None:
            self.result.layouts[sheet] = layout
            self.result.findings += _told_by_values(sheet, layout)
        elif any(any(c not in ("", None) for c in cells) for _, cells in head):
            self.tableless.append(sheet)
            if plan_header(head):
                self.plan_sheets.append(sheet)
        return layout

    def _flag(self, rule: str, sheet: str | None, row: int | None, detail: str) -> None:
        self.result.findings.append(Finding(rule, sheet, row, None, None, detail))

    def _sheet_org(self, head: list[Row], layout: lay.Layout) -> tuple[str | None, str | None]:
        """--org, else the LAO a title row above the header names (this sheet's or an earlier
        one's), else the file name's; and which of them it is."""
        named = lay.lao_named_in(_titles(head, layout))
        if named and self.org is None:
            self.org_from_title = self.directory.find(*named) or self.org_from_title
        for org, source in (
            (self.org, ORG_OPTION),
            (self.org_from_title, ORG_TITLE),
            (self.file_org, ORG_FILE_NAME),
        ):
            if org is not None:
                return org, source
        return None, None


def _unstated(layout: lay.Layout, sectioned: bool) -> frozenset[str]:
    """The fields of a record no column of the sheet gives (its section rows give a division)."""
    stated = layout.columns.keys() | ({"division"} if sectioned else set())
    return frozenset(lay.OPTIONAL).difference(stated)


def _titles(head: list[Row], layout: lay.Layout) -> list[str]:
    """The text above the header; with no header, the title row that stands for it too."""
    above = layout.header_row + (0 if any(layout.labels) else 1)
    return [str(c) for n, cells in head if n < above for c in cells if isinstance(c, str)]


def data_rows(survey: SheetSurvey, source: Sheet) -> Iterator[Row]:
    """The rows under the header: the rest of the first rows, then the rest of the sheet."""
    header = survey.layout.header_row
    return chain((r for r in survey.head if r[0] > header), source.rows)


def _told_by_values(sheet: str | None, layout: lay.Layout) -> list[Finding]:
    """A column given its field by its values alone is said, for a person to check."""
    return [
        Finding(
            "LHR906",
            sheet,
            layout.header_row or None,
            e.field,
            layout.labels[e.column] if e.column < len(layout.labels) else None,
            lay.column_letter(e.column),
        )
        for e in layout.evidence.values()
        if e.source == VALUES
    ]


def _needs_sections(
    layout: lay.Layout, sheet_type: str | None, sections: list[lay.Section]
) -> bool:
    """Section rows are looked for only where they give what no column does."""
    typed = sheet_type is not None or "personnel_type" in layout.columns
    if not typed and any(s.personnel_type for s in sections):
        return True
    return "division" not in layout.columns and any(s.division for s in sections)


def _batches(rows: Iterator[Row], section: lay.Section) -> Iterator[tuple[lay.Section, list[Row]]]:
    while batch := list(islice(rows, BATCH)):
        yield section, batch


def _by_section(
    rows: Iterator[Row], section: lay.Section
) -> Iterator[tuple[lay.Section, list[Row]]]:
    """Batches that each lie within one section, with what its section rows say. A type's
    section row keeps the division, a division's keeps the type."""
    batch: list[Row] = []
    for row in rows:
        heads = lay.section_row(row[1])
        if heads is None:
            batch.append(row)
        if batch and (heads is not None or len(batch) >= BATCH):
            yield section, batch
            batch = []
        if heads is not None:
            section = lay.Section(
                heads.personnel_type or section.personnel_type, heads.division or section.division
            )
    if batch:
        yield section, batch


def _place(sheet: str | None, row: int) -> str:
    return f"{sheet}!{row}" if sheet else str(row)


def _reject_duplicates(result: StaffFile) -> None:
    """An ID on two rows, or a position number twice in one LAO: every such row is rejected,
    since nothing tells which one is right."""
    bad: set[Place] = set()
    for nid, places in result.stage.duplicate_ids():
        for sheet, row in places:
            others = ", ".join(_place(s, r) for s, r in places if (s, r) != (sheet, row))
            result.findings.append(Finding("LHR103", sheet, row, "national_id", nid, others))
            bad.add((sheet, row))
    for sheet, row, position_no in result.stage.duplicate_positions():
        if (sheet, row) not in bad:
            result.findings.append(Finding("LHR403", sheet, row, "position_no", position_no))
            bad.add((sheet, row))
    if bad:
        result.stage.reject(bad)
    result.findings.sort(key=lambda f: (f.sheet or "", f.row or 0, f.rule))
