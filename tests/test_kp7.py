"""`lhrctl staff kp7`: the ก.พ.7 form as a PDF, read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, CardSlot, Lhr
from tests.kp7 import career, write_kp7
from tests.test_certification import as_user
from tests.test_history_import import careered
from tests.test_transfers import (
    DESTINATION_OFFICER,
    ORIGIN_OFFICER,
    laos,  # noqa: F401  (the fixture: two LAOs with their people)
)

LEGACY = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"


def text_of(pdf: Path) -> str:
    """The PDF's text with whitespace gone: a positioned Thai vowel (the ำ HarfBuzz splits in two)
    reads back with a space after it, which is no part of what is printed."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def layout_of(pdf: Path) -> list[str]:
    """The PDF's lines as laid out on the page."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.splitlines()


def staff_name(lhr: Lhr, nid: str) -> str:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        row = conn.execute(
            text("SELECT title, first_name, last_name FROM staff WHERE national_id = :n"),
            {"n": nid},
        ).one()
    return "".join(row)


@pytest.mark.parametrize("backend", ["sqlite"])  # through a server: tests/test_sections.py
def test_the_form_prints_every_section_in_thai_and_english(
    admin: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    r = admin("import", "staff", "--skip-invalid", str(LEGACY), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    (nid,) = careered(admin, 1)
    path = write_kp7(tmp_path / "kp7.xlsx", career(nid))
    r = admin("import", "history", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r

    pdf = tmp_path / "kp7.pdf"
    r = admin("--lang", "th", "staff", "kp7", nid, "-o", str(pdf), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert f"แบบ ก.พ.7 อยู่ที่ {pdf}" in " ".join(r.stderr.split())
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_mode & 0o077 == 0
    text = text_of(pdf)
    assert "ทะเบียนประวัติ(ก.พ.7)" in text
    assert staff_name(admin, nid) in text  # the Thai name
    # a position row: its date (BE) and salary on one line, its position and order beside them
    (line,) = [ln for ln in layout_of(pdf) if "15/03/2566" in ln]
    assert "28,550.00" in line and "54-3-01-3201-001" in line, line
    assert "นักวิชาการเงิน" in text and "123/2566" in text
    assert any("ต.ช." in ln and "28/07/2567" in ln for ln in layout_of(pdf))
    assert "มหาวิทยาลัยแม่โจ้" in text
    assert "วันครบเกษียณอายุ30/09/25" in text  # the retirement date, in the Buddhist Era
    assert "2023-03-15" not in text and "15/03/2023" not in text

    english = tmp_path / "kp7-en.pdf"
    r = admin("staff", "kp7", nid, "-o", str(english), "--lang", "en", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    text = text_of(english)
    assert "Recordofservice(ก.พ.7)" in text and "Positionsandsalaries" in text
    (line,) = [ln for ln in layout_of(english) if "15/03/2566" in ln]
    assert "promoted" in line and "28,550.00" in line, line
    assert "Retires30/09/25" in text

    r = admin("audit", "log", "--action", "staff_kp7", "--json", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert r.stdout.count('"staff_kp7"') == 2


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_officer_of_another_lao_prints_nothing(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    (nid,) = careered(laos, 1)
    pdf = tmp_path / "kp7.pdf"
    r = as_user(laos, slot, DESTINATION_OFFICER, "staff", "kp7", nid, "-o", str(pdf))
    assert r.exit_code == 4 and not pdf.exists(), r
    r = as_user(laos, slot, ORIGIN_OFFICER, "staff", "kp7", nid, "-o", str(pdf), "--lang", "xx")
    assert r.exit_code == 2 and not pdf.exists(), r
    r = as_user(laos, slot, ORIGIN_OFFICER, "staff", "kp7", nid, "-o", str(pdf))
    assert r.exit_code == 0 and "(ไม่มีข้อมูล)" not in text_of(pdf)  # English: none recorded
    assert "(nonerecorded)" in text_of(pdf)
