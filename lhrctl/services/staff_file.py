"""Reading and checking one staff file: sheets, header, LAO, every row, duplicate IDs.

Needs no database: the LAO registry comes from a `LaoDirectory` (the bundled registry for
`lhrctl validate FILE`, the database's for an import).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

from lhrctl.errors import UsageError
from lhrctl.importers import layout as lay
from lhrctl.importers import normalise as norm
from lhrctl.importers.readers import Row, open_sheets
from lhrctl.services.rules.catalogue import Finding, FindingCounts
from lhrctl.services.rules.row import RowContext, check_row
from lhrctl.staging import Place, Stage

__all__ = ["LaoDirectory", "StaffFile", "read_staff_file"]

Progress = Callable[[int], None]
PROGRESS_EVERY = 2000
_NAME_AND_DATA = ("full_name", "first_name", "last_name", "position", "salary", "birth_date")


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
        from lhrctl.importers.registry import TYPE_PREFIX, read_registry

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


def _looks_like_id(value: object) -> bool:
    """Enough digits to be meant as an ID: `รวม 54 คน` in the ID column is a totals line."""
    if isinstance(value, (int, float)):
        return True
    text = str(value or "").translate(norm.ID_NOISE)
    return (len(text) >= 6 and text.isdigit()) or sum(map(str.isdigit, text)) >= 6


def _cell(cells: list[object], index: int | None) -> object:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return None if value == "" else value


def read_staff_file(
    path: Path,
    *,
    directory: LaoDirectory,
    today: date,
    org: str | None = None,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> StaffFile:
    if org is not None and org not in directory.provinces:
        raise UsageError(
            f"--org {org}: unknown LAO code.",
            f"--org {org}: ไม่พบรหัส อปท. นี้ในทะเบียน",
            hint_en="Find the code with `lhrctl org list --province NN`.",
        )
    result = StaffFile(path, org)
    file_org = org or lay.code_in_file_name(path.stem)
    if file_org is not None and file_org not in directory.provinces:
        file_org = None
    org_from_title: str | None = None
    done = 0
    any_header = False

    for source in open_sheets(path, sheet):
        head: list[Row] = []
        for row in source.rows:
            head.append(row)
            if len(head) >= lay.HEADER_SCAN_ROWS:
                break
        layout = lay.find_layout(head, mapping)
        if layout is None:
            if any(any(c not in ("", None) for c in cells) for _, cells in head):
                result.findings.append(Finding("LHR901", source.name, None, None, None))
            continue
        any_header = True
        result.layouts[source.name] = layout
        missing = layout.missing()
        sheet_type = None
        if "personnel_type" not in layout.columns:
            sheet_type = lay.sheet_personnel_type(source.name)
            if sheet_type is None:
                missing.append("personnel_type (a column, or the sheet's name)")
        if missing:
            result.findings.append(
                Finding("LHR902", source.name, layout.header_row, None, None, ", ".join(missing))
            )
            continue
        titles = [
            str(c)
            for n, cells in head
            if n < layout.header_row
            for c in cells
            if isinstance(c, str)
        ]
        named = lay.lao_named_in(titles)
        if named and org is None:
            org_from_title = directory.find(*named) or org_from_title
        sheet_org = org or org_from_title or file_org
        if sheet_org is None and "org_code" not in layout.columns:
            result.findings.append(
                Finding(
                    "LHR501",
                    source.name,
                    None,
                    None,
                    None,
                    "the file names no LAO: pass --org CODE",
                )
            )
            continue
        result.org_code = result.org_code or sheet_org
        ctx = RowContext(source.name, sheet_type, sheet_org, today)
        rows: Iterator[Row] = chain((r for r in head if r[0] > layout.header_row), source.rows)
        id_col = layout.columns["national_id"]
        meaningful = [layout.columns[f] for f in _NAME_AND_DATA if f in layout.columns]
        columns = list(layout.columns.items())
        for number, cells in rows:
            id_cell = _cell(cells, id_col)
            if not _looks_like_id(id_cell) and (
                sum(_cell(cells, i) is not None for i in meaningful) <= 1
                or lay.is_repeated_header(cells, layout)
            ):
                continue  # blank, totals, signature line, or the header again
            width = len(cells)
            values = {  # what _cell does, inline: this runs for every row
                f: None if (v := cells[i] if i < width else None) == "" else v for f, i in columns
            }
            record, findings = check_row(values, number, ctx)
            result.rows += 1
            result.findings += findings
            nid = record.national_id if record else norm.national_id(values["national_id"])[0]
            if record is not None and record.org_code not in directory.provinces:
                result.findings.append(
                    Finding("LHR501", source.name, number, "org_code", record.org_code)
                )
                record = None
            if nid:
                result.stage.add(source.name, number, nid, record)
            done += 1
            if progress and done % PROGRESS_EVERY == 0:
                progress(done)
    if not any_header and not any(f.rule in ("LHR901", "LHR902") for f in result.findings):
        result.findings.append(Finding("LHR901", None, None, None, None))
    elif any_header and result.rows == 0 and not result.findings:
        result.findings.append(Finding("LHR904", None, None, None, None))
    _reject_duplicates(result)
    result.stage.seal()
    if progress:
        progress(done)
    return result


def _reject_duplicates(result: StaffFile) -> None:
    """An ID on two rows, or a position number twice in one LAO: every such row is rejected,
    since nothing tells which one is right."""
    bad: set[Place] = set()
    for nid, places in result.stage.duplicate_ids():
        for sheet, row in places:
            others = ", ".join(f"{s or ''}:{r}".lstrip(":") for s, r in places if r != row)
            result.findings.append(
                Finding("LHR103", sheet, row, "national_id", nid, f"also on row {others}")
            )
            bad.add((sheet, row))
    for sheet, row, position_no in result.stage.duplicate_positions():
        if (sheet, row) not in bad:
            result.findings.append(Finding("LHR403", sheet, row, "position_no", position_no))
            bad.add((sheet, row))
    if bad:
        result.stage.reject(bad)
    result.findings.sort(key=lambda f: (f.sheet or "", f.row or 0, f.rule))
