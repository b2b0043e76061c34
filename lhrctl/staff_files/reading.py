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
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.readers import (
    CSV_SUFFIXES,
    WORKBOOK_SUFFIXES,
    Row,
    Sheet,
    expected_rows,
    open_sheets,
)
from lhrctl.staff_files.rows import SheetPlan
from lhrctl.staff_files.rules import Finding, FindingCounts
from lhrctl.staff_files.staging import Place, Stage
from lhrctl.staff_files.workers import (
    BATCH,
    InProcess,
    Progress,
    RowChecks,
    WorkerPool,
    worker_count,
)

__all__ = ["LaoDirectory", "StaffFile", "read_staff_file"]


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
    layouts: dict[str | None, lay.Layout] = field(default_factory=dict)  # by sheet name
    encoding: str | None = None  # a text file's, or cp874 where Thai was misread as Latin


def staff_file_paths(items: list[Path]) -> list[Path]:
    """The files named, a folder standing for the staff files in it (by name)."""
    paths: list[Path] = []
    for item in items:
        if item.is_dir():
            paths += sorted(
                p for p in item.iterdir() if p.suffix.lower() in WORKBOOK_SUFFIXES + CSV_SUFFIXES
            )
        else:
            paths.append(item)
    return paths


def read_staff_file(
    path: Path,
    *,
    directory: LaoDirectory,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen: one value serves every call)
    progress: Progress | None = None,
    workers: int | None = None,
) -> StaffFile:
    """Read and check every row of `path`, staging them for an import. `workers`: how many
    processes check the rows (0: this one); by default, as many as the file's size is worth."""
    if org is not None and org not in directory.provinces:
        raise UsageError(
            f"--org {org}: unknown LAO code.",
            f"--org {org}: ไม่พบรหัส อปท. นี้ในทะเบียน",
            hint_en="Find the code with `lhrctl org list --province NN`.",
        )
    result = StaffFile(path, org)
    file_org = org or lay.code_in_file_name(path.stem)
    if file_org not in directory.provinces:
        file_org = None
    if workers is None:
        workers = worker_count(expected_rows(path))
    # workers start first: they get ready while the workbook is opened
    checks: RowChecks = (
        WorkerPool(result.stage, directory.provinces, progress, workers)
        if workers
        else InProcess(result.stage, directory.provinces, progress)
    )
    try:
        sheets = open_sheets(path, options.sheet, options.limits)
        _note_encoding(result, sheets)
        tableless = _read_sheets(result, sheets, checks, directory, today, org, file_org, options)
        result.rows, found = checks.finish()
    finally:
        checks.close()
    result.findings += found
    _file_findings(result, tableless)
    _reject_duplicates(result)
    result.stage.seal()
    return result


def _note_encoding(result: StaffFile, sheets: list[Sheet]) -> None:
    """The encoding the text was read in; Thai read again from Latin letters is said, once."""
    result.encoding = next((s.encoding for s in sheets if s.encoding), None)
    if any(s.redecoded for s in sheets):
        result.findings.append(Finding("LHR206", None, None, None, None))


def _file_findings(result: StaffFile, tableless: list[str | None]) -> None:
    """What is said of the file as a whole: no staff table in it, or a table without rows."""
    # next to a staff table, a sheet without one is a summary or a note: said, not an error
    no_table = "LHR905" if result.layouts else "LHR901"
    result.findings += [Finding(no_table, name, None, None, None) for name in tableless]
    if not result.layouts and not any(f.rule in ("LHR901", "LHR902") for f in result.findings):
        result.findings.append(Finding("LHR901", None, None, None, None))
    elif result.layouts and result.rows == 0 and not result.errors:
        result.findings.append(Finding("LHR904", None, None, None, None))


def _read_sheets(
    result: StaffFile,
    sheets: list[Sheet],
    checks: RowChecks,
    directory: LaoDirectory,
    today: date,
    org: str | None,
    file_org: str | None,
    options: ReadOptions,
) -> list[str | None]:
    """Find each sheet's header and LAO, and hand its data rows to `checks`. The sheets that
    hold something other than a staff table are returned."""
    reading = _SheetReading(result, checks, directory, today, org, file_org, options)
    for source in sheets:
        reading.read(source)
    return reading.tableless


@dataclass
class _SheetReading:
    """The sheets of one file read in turn: what one sheet tells the next (the LAO a title
    names, the place in the file's reading order) and the sheets without a staff table."""

    result: StaffFile
    checks: RowChecks
    directory: LaoDirectory
    today: date
    org: str | None  # --org
    file_org: str | None  # the one the file's name gives
    options: ReadOptions
    org_from_title: str | None = None
    seq: int = 0
    tableless: list[str | None] = field(default_factory=list)

    def read(self, source: Sheet) -> None:
        head = list(islice(source.rows, lay.HEADER_SCAN_ROWS))
        layout = self._layout(source.name, head)
        if layout is None:
            return
        sheet_type = _sheet_type(source.name, layout)
        given_type = sheet_type or self.options.personnel_type  # --type: where the file says none
        sections = _sections(head, layout)
        missing = _missing_columns(layout, given_type, sections)
        if missing:
            self._flag("LHR902", source.name, layout.header_row, ", ".join(missing))
            return
        sheet_org = self._sheet_org(head, layout)
        if sheet_org is None and "org_code" not in layout.columns:
            self._flag("LHR501", source.name, None, "--org")  # the option to pass
            return
        self.result.org_code = self.result.org_code or sheet_org
        rows: Iterator[Row] = chain((r for r in head if r[0] > layout.header_row), source.rows)
        first = lay.Section(given_type)
        sectioned = _needs_sections(layout, sheet_type, sections)
        batches = _by_section(rows, first) if sectioned else _batches(rows, first)
        self._submit(source.name, layout, sheet_org, batches)

    def _submit(
        self,
        sheet: str | None,
        layout: lay.Layout,
        sheet_org: str | None,
        batches: Iterator[tuple[lay.Section, list[Row]]],
    ) -> None:
        for section, batch in batches:
            context = RowContext(
                sheet, section.personnel_type, sheet_org, self.today, section.division
            )
            self.checks.submit(SheetPlan(layout, context), self.seq, batch)
            self.seq += len(batch)

    def _layout(self, sheet: str | None, head: list[Row]) -> lay.Layout | None:
        """The sheet's staff table; a sheet with something else on it is noted as tableless."""
        layout = lay.find_layout(head, self.options.mapping)
        if layout is not None:
            self.result.layouts[sheet] = layout
        elif any(any(c not in ("", None) for c in cells) for _, cells in head):
            self.tableless.append(sheet)
        return layout

    def _flag(self, rule: str, sheet: str | None, row: int | None, detail: str) -> None:
        self.result.findings.append(Finding(rule, sheet, row, None, None, detail))

    def _sheet_org(self, head: list[Row], layout: lay.Layout) -> str | None:
        """--org, else the LAO a title row above the header names (this sheet's or an earlier
        one's), else the file name's."""
        titles = [
            str(c)
            for n, cells in head
            if n < layout.header_row
            for c in cells
            if isinstance(c, str)
        ]
        named = lay.lao_named_in(titles)
        if named and self.org is None:
            self.org_from_title = self.directory.find(*named) or self.org_from_title
        return self.org or self.org_from_title or self.file_org


def _sections(head: list[Row], layout: lay.Layout) -> list[lay.Section]:
    """The section rows (`ข้าราชการ`, `กองคลัง`) among the first rows under the header."""
    return [s for n, c in head if n > layout.header_row and (s := lay.section_row(c))]


def _sheet_type(sheet: str | None, layout: lay.Layout) -> str | None:
    """The personnel type a sheet's name gives, where no column gives one."""
    if "personnel_type" in layout.columns:
        return None
    return lay.sheet_personnel_type(sheet)


def _missing_columns(
    layout: lay.Layout, sheet_type: str | None, sections: list[lay.Section]
) -> list[str]:
    missing = layout.missing()
    typed = sheet_type is not None or "personnel_type" in layout.columns
    if not typed and not any(s.personnel_type for s in sections):
        missing.append("personnel_type (a column or the sheet's name)")
    return missing


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
