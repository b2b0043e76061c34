"""`lhrctl plan`: the three-year manpower plan, checked against the LAO's people by hand."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from stdnum.th import pin

from tests.conftest import PASSWORD, CardSlot, Lhr

ORG = "6540206"
CYCLE = "2570-2572"


def nid(n: int) -> str:
    base = f"31001{n:07d}"
    return base + pin.calc_check_digit(base)


# (id, title, first, last, born, type, position, level, division, salary, appointed)
PEOPLE = [
    (nid(1), "นาย", "สมศักดิ์", "ใจงาม", date(1980, 2, 1), "ข้าราชการส่วนท้องถิ่น",
     "นักจัดการงานทั่วไป", "ชำนาญการ", "สำนักปลัด", 30000, date(2005, 5, 1)),
    (nid(2), "นาง", "สมศรี", "ใจดี", date(1970, 6, 1), "ข้าราชการส่วนท้องถิ่น",
     "นักจัดการงานทั่วไป", "ชำนาญการ", "สำนักปลัด", 28000, date(1995, 5, 1)),
    # turns 60 on 1 May 2570 BE: leaves at the end of fiscal 2570
    (nid(3), "นาย", "สมหมาย", "มั่นคง", date(1967, 5, 1), "ข้าราชการส่วนท้องถิ่น",
     "นักวิชาการเงินและบัญชี", "ปฏิบัติการ", "กองคลัง", 20000, date(1990, 5, 1)),
    (nid(4), "นาย", "สมพงษ์", "ขยัน", date(1990, 1, 1), "พนักงานจ้างทั่วไป",
     "คนงาน", None, "สำนักปลัด", 9000, date(2015, 5, 1)),
]  # fmt: skip


def staff_file(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["เลขประจำตัวประชาชน", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "วันเดือนปีเกิด",
               "ประเภทบุคลากร", "ตำแหน่ง", "ระดับ", "ส่วนราชการ", "เงินเดือน", "วันที่บรรจุ"])  # fmt: skip
    for row in PEOPLE:
        ws.append(list(row))
    wb.save(path)
    return path


def plan_file(lhr: Lhr, path: Path, budgets: tuple[float, float, float]) -> Path:
    """The template `plan template` writes, filled as an office fills it."""
    from openpyxl import load_workbook

    r = lhr("plan", "template", "--cycle", CYCLE, "-o", str(path))
    assert r.exit_code == 0, r
    wb = load_workbook(path)
    lines = wb["แผนอัตรากำลัง"]
    for row, values in enumerate(
        [
            ["สำนักปลัด", "นักจัดการงานทั่วไป", "ข้าราชการส่วนท้องถิ่น", "ชำนาญการ", None, 3, 3, 3, 3,
             25000, None, None],
            ["กองคลัง", "นักวิชาการเงินและบัญชี", "ข้าราชการส่วนท้องถิ่น", "ปฏิบัติการ", None, 1, 1, 1,
             1, None, 12000, "เงินเดือนตามผู้ครองตำแหน่ง"],
        ],
        start=3,
    ):  # fmt: skip
        for column, value in enumerate(values, start=1):
            lines.cell(row=row, column=column, value=value)
    for row, amount in enumerate(budgets, start=3):
        wb["งบประมาณ"].cell(row=row, column=2, value=amount)
    wb.save(path)
    return path


@pytest.fixture
def office(admin: Lhr, slot: CardSlot, tmp_path: Path) -> Lhr:
    r = admin("import", "staff", "--org", ORG, str(staff_file(tmp_path / "staff.xlsx")),
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    return admin


@pytest.mark.parametrize("backend", ["sqlite"])
def test_check_finds_each_mismatch_and_costs_each_year_as_by_hand(
    office: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    lhr = office
    path = plan_file(lhr, tmp_path / "plan.xlsx", (10_000_000, 3_000_000, 4_000_000))
    r = lhr("--json", "plan", "import", str(path), "--org", ORG, "--cycle", CYCLE,
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    assert (json.loads(r.stdout)["version"], json.loads(r.stdout)["lines"]) == (1, 2)

    book = tmp_path / "check.xlsx"
    r = lhr("--json", "plan", "check", "--org", ORG, "--cycle", CYCLE, "-o", str(book))
    assert r.exit_code == 1, r  # 2571 is over 40 %
    checked = json.loads(r.stdout)
    # by hand: salaries a year (12 months), raised 6 % a year from fiscal 2570 (today's)
    year_1 = (30000 + 28000 + 20000 + 9000) * 12 + 1 * 25000 * 12 + 12000
    year_2 = (30000 + 28000 + 9000) * 12 * 1.06 + (25000 + 20000) * 12 + 12000
    year_3 = (30000 + 28000 + 9000) * 12 * 1.06**2 + (25000 + 20000) * 12 + 12000
    assert [y["year"] for y in checked["years"]] == [2570, 2571, 2572]
    assert [y["cost"] for y in checked["years"]] == pytest.approx([year_1, year_2, year_3])
    ratios = [year_1 / 10_000_000, year_2 / 3_000_000, year_3 / 4_000_000]
    assert [y["ratio"] for y in checked["years"]] == pytest.approx(ratios)
    assert [y["people"] for y in checked["years"]] == [4, 3, 3]  # the retiree gone after 2570
    assert checked["retiring"] == {"2570": 1}
    rules = sorted((f["rule"], f["value"]) for f in checked["findings"])
    assert rules == [
        ("LHR811", "นักจัดการงานทั่วไป"),  # a vacant post of the framework
        ("LHR812", "คนงาน"),  # a person in no line of the plan
        ("LHR814", "นักวิชาการเงินและบัญชี"),  # reaching the end of service in 2570
        ("LHR815", "3,000,000.00"),  # 2571 above 40 %
        ("LHR816", "4,000,000.00"),  # 2572 above 35 %
    ]

    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert wb.sheetnames == ["Years", "Divisions", "Findings"]
    years = [[c.value for c in row] for row in wb["Years"].iter_rows()]
    assert (years[0][6], years[0][-1]) == ("Cost", "Share (%)")
    assert [row[-1] for row in years[1:]] == [round(r * 100, 2) for r in ratios]  # numbers
    assert [row[6] for row in years[1:]] == [round(c, 2) for c in (year_1, year_2, year_3)]
    costs = [row[4] for row in wb["Divisions"].iter_rows(min_row=2, values_only=True)]
    assert costs and all(isinstance(cost, (int, float)) for cost in costs)  # number cells
    r = lhr("--lang", "th", "plan", "check", "--org", ORG, "--cycle", CYCLE, env={"COLUMNS": "200"})
    shown = " ".join(r.stdout.split())
    assert f"{ratios[1] * 100:.2f}%" in shown and "ค่าใช้จ่ายด้านบุคคลเกินร้อยละ 40" in shown
    assert "สำนักปลัด" in shown and "กองคลัง" in shown  # by division

    # the province's report: a second LAO well within its budget, the one above 40 % first
    other = plan_file(lhr, tmp_path / "other.xlsx", (9e7, 9e7, 9e7))
    r = lhr("plan", "import", str(other), "--org", "5540103", "--cycle", CYCLE,
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    out = tmp_path / "plans.xlsx"
    r = lhr("--json", "report", "plans", "--province", "54", "--cycle", CYCLE, "-o", str(out))
    assert r.exit_code == 0, r
    listed = json.loads(r.stdout)
    assert [(p["org_code"], p["over"]) for p in listed] == [(ORG, True), ("5540103", False)]
    assert listed[0]["ratios"] == pytest.approx(ratios)

    assert load_workbook(out).sheetnames == ["Manpower plans"]
    cells = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert cells[0][4:8] == ["Year 1 (%)", "Year 2 (%)", "Year 3 (%)", "Over 40%"]
    assert cells[1][0] == ORG and cells[1][5] == round(ratios[1] * 100, 2)  # a number cell
    assert (cells[1][7], cells[2][7]) == ("yes", None)

    r = lhr("--json", "plan", "show", "--org", ORG, "--cycle", CYCLE)
    before = json.loads(r.stdout)
    exported = tmp_path / "export.xlsx"
    r = lhr("plan", "export", "--org", ORG, "--cycle", CYCLE, "-o", str(exported))
    assert r.exit_code == 0, r
    r = lhr("plan", "import", str(exported), "--org", ORG, "--cycle", CYCLE, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r  # the export reads back: the same plan
    r = lhr("--json", "plan", "show", "--org", ORG, "--cycle", CYCLE)
    shown_plan = json.loads(r.stdout)
    assert shown_plan["lines"] == before["lines"] and shown_plan["version"] == 1
    assert (shown_plan["state"], shown_plan["budgets"]) == (
        "draft",
        [10_000_000, 3_000_000, 4_000_000],
    )
    assert shown_plan["lines"][1]["benefits"] == 12000


def rejected(lhr: Lhr, tmp_path: Path, cells: dict[str, object]) -> list[dict[str, Any]]:
    """The findings on a plan whose lines' `cells` are so: not imported (exit 1), none written."""
    from openpyxl import load_workbook

    path = plan_file(lhr, tmp_path / "plan.xlsx", (10_000_000, 3_000_000, 4_000_000))
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb["แผนอัตรากำลัง"][ref] = value
    wb.save(path)
    r = lhr("--json", "plan", "import", str(path), "--org", ORG, "--cycle", CYCLE,
            input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 1, r
    found = json.loads(r.stdout)
    assert found["version"] is None
    r = lhr("plan", "show", "--org", ORG, "--cycle", CYCLE)
    assert r.exit_code == 2, r  # no plan was written
    return list(found["findings"])


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_plan_with_errors_is_not_imported_and_rows_are_named(
    office: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    found = rejected(office, tmp_path, {"C4": "ไม่มีประเภทนี้", "G3": "สาม"})
    assert {(f["rule"], f["sheet"], f["row"]) for f in found} == {
        ("LHR401", "แผนอัตรากำลัง", 4),
        ("LHR703", "แผนอัตรากำลัง", 3),
    }


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_spreadsheet_error_in_a_plan_is_a_finding_not_a_value(
    office: Lhr, slot: CardSlot, tmp_path: Path
) -> None:
    """A formula that lost its reference leaves `#REF!` in its cell, and a lookup that found
    nothing `#N/A`: read as empty cells, they were said to be missing values; they are said
    to be what they are (LHR903), then missing (as a staff list's are)."""
    found = rejected(office, tmp_path, {"B3": "#REF!", "G4": "#N/A"})
    assert [(f["rule"], f["row"], f["column"], f["value"]) for f in found] == [
        ("LHR903", 3, "position", "#REF!"),
        ("LHR702", 3, "position", None),
        ("LHR903", 4, "year_1", "#N/A"),
        ("LHR702", 4, "year_1", None),
    ]


@pytest.mark.flows
def test_submit_return_amend_submit_approve(office: Lhr, slot: CardSlot, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.conftest import ADMIN
    from tests.test_accounts import add_user, enrol, register_lao
    from tests.test_certification import LAO_OFFICER, OFFICER_54, OFFICER_66, REGISTRAR, as_user

    lhr = office
    codes = register_lao(lhr, ORG, REGISTRAR, LAO_OFFICER)
    slot.insert(ADMIN)
    codes[OFFICER_54.national_id] = add_user(lhr, OFFICER_54, "province_officer", "54")
    codes[OFFICER_66.national_id] = add_user(lhr, OFFICER_66, "province_officer", "66")
    for card in (REGISTRAR, LAO_OFFICER, OFFICER_54, OFFICER_66):
        enrol(lhr, slot, card, codes[card.national_id])

    def plan(budgets: tuple[float, float, float], name: str) -> str:
        path = plan_file(lhr, tmp_path / name, budgets)
        wb = load_workbook(path)  # everyone has a line: the worker, the registrar, the officer
        for row, line in enumerate(
            [["สำนักปลัด", "คนงาน", "พนักงานจ้างทั่วไป", None, None, 1, 1, 1, 1, 9000],
             ["สำนักปลัด", "ปลัดเทศบาล", "ข้าราชการส่วนท้องถิ่น", None, None, 1, 1, 1, 1],
             ["สำนักปลัด", "เจ้าพนักงานธุรการ", "ข้าราชการส่วนท้องถิ่น", None, None, 1, 1, 1, 1]],
            start=5,
        ):  # fmt: skip
            for column, value in enumerate(line, start=1):
                wb["แผนอัตรากำลัง"].cell(row=row, column=column, value=value)
        wb.save(path)
        return str(path)

    args = ("--org", ORG, "--cycle", CYCLE)
    r = as_user(lhr, slot, LAO_OFFICER, "plan", "import", plan((1e7, 3e6, 4e6), "over.xlsx"), *args)
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, REGISTRAR, "plan", "submit", *args)
    assert r.exit_code == 1 and "error(s)" in r.message, r  # 2571 above 40 %: not sent
    r = as_user(lhr, slot, REGISTRAR, "--json", "plan", "check", *args)
    errors = {f["rule"] for f in json.loads(r.stdout)["findings"] if f["severity"] == "error"}
    assert errors == {"LHR815"}, r
    ok = plan((1e7, 1e7, 1e7), "ok.xlsx")
    r = as_user(lhr, slot, LAO_OFFICER, "plan", "import", ok, *args)
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, REGISTRAR, "--json", "plan", "submit", *args)
    assert r.exit_code == 0 and json.loads(r.stdout)["state"] == "submitted", r
    r = as_user(lhr, slot, LAO_OFFICER, "plan", "import", ok, *args)
    assert r.exit_code == 6, r  # with the province: it stays as sent

    r = as_user(lhr, slot, LAO_OFFICER, "plan", "approve", *args)
    assert r.exit_code == 4, r  # an LAO approves nothing of its own
    r = as_user(lhr, slot, OFFICER_66, "plan", "approve", *args)
    assert r.exit_code == 4, r  # another province's officer
    r = as_user(lhr, slot, OFFICER_54, "plan", "return", *args, "--reason", "ระบุเลขที่ตำแหน่ง")
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, LAO_OFFICER, "--json", "plan", "show", *args)
    shown = json.loads(r.stdout)
    assert (shown["state"], shown["return_reason"]) == ("returned", "ระบุเลขที่ตำแหน่ง")

    r = as_user(lhr, slot, LAO_OFFICER, "plan", "import", ok, *args)  # amended, as returned
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, REGISTRAR, "plan", "submit", *args)
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, OFFICER_54, "--json", "plan", "approve", *args)
    assert r.exit_code == 0 and json.loads(r.stdout)["state"] == "approved", r
    r = as_user(lhr, slot, OFFICER_54, "plan", "approve", *args)
    assert r.exit_code == 6, r  # approved once

    r = as_user(lhr, slot, LAO_OFFICER, "plan", "import", ok, *args)
    assert r.exit_code == 4, r  # the approved version is read-only
    r = as_user(lhr, slot, LAO_OFFICER, "--json", "plan", "import", ok, *args, "--amendment",
                "เพิ่มกรอบนักจัดการงานทั่วไป")  # fmt: skip
    assert r.exit_code == 0 and json.loads(r.stdout)["version"] == 2, r
    slot.insert(ADMIN)
    r = lhr("--json", "audit", "log", input=f"{PASSWORD}\n")
    steps = [e["action"] for e in json.loads(r.stdout) if e["action"].startswith("plan_")]
    assert steps.count("plan_approve") == 4 and steps.count("plan_submit") == 3, steps


@pytest.mark.parametrize("backend", ["sqlite"])
def test_more_people_than_posts(office: Lhr, slot: CardSlot, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    lhr = office
    path = plan_file(lhr, tmp_path / "plan.xlsx", (1e8, 1e8, 1e8))
    wb = load_workbook(path)
    for column in "FGHI":  # one post of นักจัดการงานทั่วไป, held by two people
        wb["แผนอัตรากำลัง"][f"{column}3"] = 1
    wb.save(path)
    r = lhr("plan", "import", str(path), "--org", ORG, "--cycle", CYCLE, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    r = lhr("--json", "plan", "check", "--org", ORG, "--cycle", CYCLE)
    assert r.exit_code == 1, r
    over = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "LHR813"]
    assert [(f["value"], f["message"]) for f in over] == [
        ("นักจัดการงานทั่วไป", "More people than posts in the framework: 1 over")
    ]
