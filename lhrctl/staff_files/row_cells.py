"""One row's cells of a table read into values, with a finding for each cell that cannot be
read: what the readers of a record of service's sections (`history`) and of a manpower plan's
lines (`plan_file`) share. A staff file's rows are read column by column (`checks`)."""

from __future__ import annotations

import re

from lhrctl.staff_files.normalise import clean_text, plain, salary
from lhrctl.staff_files.rules import Finding

# what a formula leaves in its cell when it cannot be worked out: #REF!, #VALUE!, #DIV/0!,
# #NAME?, #NUM!, #NULL!, #N/A, and those of later Excels (#SPILL!, #CALC!, #BLOCKED!…)
SPREADSHEET_ERROR = re.compile(r"^#(?:N/A|GETTING_DATA|[A-Z][A-Z0-9/]*[!?])$")


def spreadsheet_error(cell: object) -> bool:
    return isinstance(cell, str) and SPREADSHEET_ERROR.match(cell.strip()) is not None


class RowCells:
    """The cells of one row (`row`, as the spreadsheet numbers it) and the findings on them."""

    def __init__(self, sheet: str, row: int, cells: list[object], columns: dict[str, int]):
        self.sheet, self.row, self.cells, self.columns = sheet, row, cells, columns
        self.findings: list[Finding] = []

    def flag(self, rule: str, name: str, raw: object, detail: str | None = None) -> None:
        shown = None if raw is None else plain(raw)
        self.findings.append(Finding(rule, self.sheet, self.row, name, shown, detail))

    def cell(self, name: str) -> object:
        """The field's cell; None where it is empty, or holds a spreadsheet error (LHR903)."""
        j = self.columns.get(name)
        cell = self.cells[j] if j is not None and j < len(self.cells) else None
        if spreadsheet_error(cell):
            self.flag("LHR903", name, cell)
            return None
        return None if cell is None or (isinstance(cell, str) and not cell.strip()) else cell

    def given(self, name: str, required: bool) -> object:
        """The field's cell, where it holds a value; a required one missing is LHR702 (after
        LHR903 where it holds a spreadsheet error, as a staff list's row checks say it)."""
        raw = self.cell(name)
        if raw is None and required:
            self.flag("LHR702", name, None)
        return raw

    def money(self, name: str, raw: object) -> float | None:
        amount = salary(raw)
        if amount is None:
            self.flag("LHR703", name, raw)
        return amount

    def text(self, name: str, raw: object, longest: int | None) -> str | None:
        """The cell's text, cleaned; longer than the field holds is LHR707."""
        text = clean_text(raw).value
        if longest is not None and len(text) > longest:
            self.flag("LHR707", name, raw, str(longest))
            return None
        return text
