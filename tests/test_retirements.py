"""`lhrctl report retirements`: who reaches the end of service at the end of a fiscal year."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from lhrctl.services.retirements import born_retiring_in
from lhrctl.staff_files.checks import retirement_date
from tests.conftest import PASSWORD, CardSlot, Lhr, person
from tests.test_accounts import NEW_PASSWORD, add_user, enrol

pytestmark = pytest.mark.flows  # also through `lhrctl serve`

FILE = Path(__file__).parent / "data" / "legacy" / "01_A_6540206.xlsx"
ORG = "6540206"  # Phrae (54)


def fiscal_year_of_sixtieth(birth: date) -> int:
    """By hand: the BE fiscal year (1 Oct – 30 Sep, named by the year it ends) of the 60th
    birthday."""
    sixtieth = birth.replace(year=birth.year + 60)
    return sixtieth.year + 543 + (1 if sixtieth.month >= 10 else 0)


def test_the_birth_dates_of_a_fiscal_year_are_the_retirement_rule_s() -> None:
    first, last = born_retiring_in(2570)  # 1 Oct 2569 – 30 Sep 2570 BE
    assert (first, last) == (date(1966, 10, 1), date(1967, 9, 30))
    for birth in (first, last, first - timedelta(days=1), last + timedelta(days=1)):
        inside = first <= birth <= last
        assert (retirement_date(birth) == date(2027, 9, 30)) == inside, birth
        assert (fiscal_year_of_sixtieth(birth) == 2570) == inside, birth


def test_retirements_of_a_fiscal_year(admin: Lhr, slot: CardSlot, tmp_path: Path) -> None:
    lhr = admin
    r = lhr("import", "staff", "--skip-invalid", str(FILE), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    with lhr.engine().connect() as conn:
        from sqlalchemy import text

        born = dict(conn.execute(text("SELECT national_id, birth_date FROM staff")).all())
    years = {nid: fiscal_year_of_sixtieth(date.fromisoformat(str(b))) for nid, b in born.items()}
    year, count = Counter(years.values()).most_common(1)[0]
    expected = {nid for nid, y in years.items() if y == year}
    assert count >= 1

    r = lhr("--json", "report", "retirements", "--fiscal-year", str(year), "--org", ORG,
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    found = json.loads(r.stdout)
    assert found["retires_on"] == f"{year - 543}-09-30"
    assert {p["national_id"] for p in found["people"]} == expected
    assert all(p["org_code"] == ORG and p["position"] for p in found["people"])
    assert {p["lao_name"] for p in found["people"]} == {"อบต.แม่ยางตาล"}  # with its type
    r = lhr("--json", "report", "retirements", "--fiscal-year", str(year), "--province", "54",
            input=f"{PASSWORD}\n")  # fmt: skip
    assert {p["national_id"] for p in json.loads(r.stdout)["people"]} == expected
    r = lhr("--lang", "th", "--json", "audit", "log", input=f"{PASSWORD}\n")
    targets = [row["target"] for row in json.loads(r.stdout)]
    r = lhr("--lang", "th", "audit", "log", input=f"{PASSWORD}\n")
    assert f"province 54 {year}" in targets and f"จังหวัด 54 {year}" in r.stdout  # its words

    out = tmp_path / "retirements.xlsx"
    r = lhr("--lang", "th", "report", "retirements", "--fiscal-year", str(year), "-o", str(out),
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    assert f"ปีงบประมาณ {year}" in r.stdout and f"30 ก.ย. {year}" in r.stdout
    assert f"({count} คน)" in " ".join(r.stdout.split())
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet.max_row == 2 + count and sheet.print_title_rows == "$2:$2"
    assert sheet.cell(row=3, column=1).value == ORG

    r = lhr("report", "retirements", "--fiscal-year", "70", input=f"{PASSWORD}\n")
    assert r.exit_code == 2 and "2570" in r.message, r


def test_a_province_officer_sees_only_their_province(admin: Lhr, slot: CardSlot) -> None:
    """Attack: an officer of Trang (66) asks for Phrae's (54) retirements, or the country's."""
    officer = person(41)
    code = add_user(admin, officer, "province_officer", "66")
    enrol(admin, slot, officer, code)
    for scope in (["--province", "54"], ["--org", ORG], []):
        r = admin("report", "retirements", "--fiscal-year", "2570", *scope,
                  input=f"{NEW_PASSWORD}\n")  # fmt: skip
        assert r.exit_code == 4, (scope, r)
    r = admin("--json", "report", "retirements", "--fiscal-year", "2570", "--province", "66",
              input=f"{NEW_PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
