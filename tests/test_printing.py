"""Every workbook and form lhrctl writes, printed through LibreOffice: one page wide, the header on
every page, Buddhist-Era dates, no `###`.

Each file is made as an officer makes it (the command line), converted to PDF by LibreOffice
headless, and read back page by page with pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import OFFLINE, PASSWORD, Lhr, missing

LEGACY = Path(__file__).parent / "data" / "legacy"
TOMORROW = date.today() + timedelta(days=1)


@pytest.fixture(scope="module")
def printer() -> None:
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        missing(
            "LibreOffice (libreoffice-calc-nogui) and pdftotext (poppler-utils) are not installed"
        )


# the first pages of a file: every sheet of the workbooks here starts in them, and a sheet's
# width is the same on each of its pages (the national progress report's 7,850 LAOs print on
# some 170 pages, which took LibreOffice 45 of this test's 50 seconds)
PAGES = 'pdf:calc_pdf_Export:{"PageRange":{"type":"string","value":"1-12"}}'


def printed(files: list[Path], out: Path) -> dict[str, list[str]]:
    """The text of each printed page (the first 12), per file (LibreOffice prints every sheet)."""
    profile = out / "profile"  # its own profile: no clash with a LibreOffice already running
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         PAGES, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pages = {}
    for file in files:
        pdf = out / f"{file.stem}.pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[file.name] = [p for p in text.split("\f") if p.strip()]
    return pages


def headers(file: Path) -> list[tuple[str, str]]:
    """(first, last) words of each sheet's header row, as they should print on every page."""
    from openpyxl import load_workbook

    found = []
    for ws in load_workbook(file).worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = ws.print_title_rows
        if not rows:
            continue
        number = int(rows.split(":")[0].lstrip("$"))
        cells = [str(c.value) for c in ws[number] if c.value not in (None, "")]
        found.append((cells[0].split()[0], cells[-1].split()[-1]))
    return found


def assert_one_page_wide(pages: list[str], sheet_headers: list[tuple[str, str]]) -> None:
    """A page of a sheet cut in two would hold its first header or its last, not both."""
    for page in pages:
        flat = " ".join(page.split())
        assert any(first in flat and last in flat for first, last in sheet_headers), page[:400]


@pytest.mark.pcsc
@pytest.mark.parametrize("backend", ["sqlite"])  # the same workbooks whatever the storage
def test_every_workbook_prints_one_page_wide(
    printer: None, admin: Lhr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lhr = admin
    files = {
        "template": tmp_path / "template.xlsx",
        "findings": tmp_path / "findings.xlsx",
        "export": tmp_path / "export.xlsx",
        "progress": tmp_path / "progress.xlsx",
        "form": tmp_path / "form.xlsx",
        "retirements": tmp_path / "retirements.xlsx",
    }
    assert OFFLINE("staff", "template", "-o", str(files["template"])).exit_code == 0
    source = LEGACY / "01_A_6540206.xlsx"
    r = OFFLINE("validate", str(source), "--format", "xlsx", "-o", str(files["findings"]))
    assert r.exit_code == 1, r
    r = lhr("import", "staff", "--skip-invalid", str(source), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    r = lhr("staff", "export", "--org", "6540206", "--format", "xlsx", "-o", str(files["export"]),
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    r = lhr("report", "retirements", "--fiscal-year", "2578", "--province", "54", "-o",
            str(files["retirements"]), input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    deadlines = ("--lao-deadline", "2569-12-31", "--province-deadline", "2570-01-31")
    assert lhr("round", "open", "p1", *deadlines, input=f"{PASSWORD}\n").exit_code == 0
    r = lhr("--lang", "en", "report", "progress", "-o", str(files["progress"]),
            input=lhr.reads())  # fmt: skip
    assert r.exit_code == 0, r
    r = lhr("conference", "room", "add", "8000", "--name", "ห้องประชุม สถ. 1", "--capacity",
            "20", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    r = lhr("--json", "conference", "book", "--room", "8000", "--date", TOMORROW.isoformat(),
            "--from", "09:00", "--to", "10:00", "--participants", "10", "--title",
            "ประชุมติดตามการรับรองข้อมูล", input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    booking = r.stdout.split('"id": ')[1].split(",")[0]
    r = lhr("conference", "form", booking, "-o", str(files["form"]), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r

    pages = printed(list(files.values()), tmp_path)
    for name in ("template", "findings", "export", "progress", "retirements"):
        file = files[name]
        assert pages[file.name], name
        assert_one_page_wide(pages[file.name], headers(file))
        assert "###" not in "".join(pages[file.name]), name
    everything = "\n".join(p for file in files.values() for p in pages[file.name])
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", everything)  # no ISO (Gregorian) date
    # the export's birth dates print as the officer reads them: day/month/BE year
    assert re.search(r"\b\d\d/\d\d/25\d\d\b", " ".join(pages[files["export"].name]))
    form = pages[files["form"].name]
    assert len(form) == 1  # the request form is one sheet of paper
    assert "นายสมชาย ใจดี" in form[0] and "สำหรับศูนย์เทคโนโลยีสารสนเทศ" in form[0]
    be = f"{TOMORROW.day:02d}/{TOMORROW.month:02d}/{TOMORROW.year + 543}"
    assert be in form[0]


def test_a_sheet_too_wide_for_a_page_is_caught(printer: None, tmp_path: Path) -> None:
    """The check above can fail: a sheet printed without fitting spills onto a second page width."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([f"HEAD{i}" for i in range(40)])
    for row in range(60):
        ws.append([f"value {row}-{i}" for i in range(40)])
    ws.print_title_rows = "1:1"
    for i in range(1, 41):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 15
    file = tmp_path / "wide.xlsx"
    wb.save(file)
    pages = printed([file], tmp_path)[file.name]
    with pytest.raises(AssertionError):
        assert_one_page_wide(pages, [("HEAD0", "HEAD39")])
