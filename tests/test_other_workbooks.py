"""A ก.พ.7 workbook or a manpower plan given where a staff list is read (`validate`, `import
staff`, a folder holding all three) is said to be one, with the command that reads it: it read
as a staff list, a dozen findings of missing columns and columns guessed from their values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import PASSWORD, Lhr
from tests.kp7 import career, write_kp7
from tests.test_plans import CYCLE, PEOPLE, staff_file

ORG = "6540206"


def findings(lhr: Lhr, *args: str) -> tuple[int, list[dict[str, object]]]:
    r = lhr("--json", "validate", *args)
    return r.exit_code, json.loads(r.stdout)["findings"]


def test_a_record_of_service_is_named_with_the_command_that_reads_it(
    lhr: Lhr, tmp_path: Path
) -> None:
    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    code, found = findings(lhr, str(kp7))
    assert code == 1
    assert [(f["rule"], f["severity"], f["row"]) for f in found] == [("LHR907", "error", None)]
    r = lhr("validate", str(kp7))
    assert "The file is a ก.พ.7 workbook (record of service), not a staff list: import it with " \
           "`lhrctl import history`" in " ".join(r.stdout.split())  # fmt: skip
    r = lhr("--lang", "th", "validate", str(kp7))
    assert "ไฟล์นี้เป็นแฟ้ม ก.พ.7 (ทะเบียนประวัติ) ไม่ใช่บัญชีรายชื่อบุคลากร: นำเข้าด้วยคำสั่ง " \
           "`lhrctl import history`" in " ".join(r.stdout.split())  # fmt: skip


def test_a_record_of_service_is_told_before_its_sheets_are_laid_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its sheets' names say what it is: a ก.พ.7 workbook of 20,000 people took 2 s to load
    before `validate` said so, and a folder's import loaded each such workbook too."""
    from datetime import date

    from lhrctl.staff_files import reading

    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))

    def laid_out(*args: object, **kwargs: object) -> object:
        raise AssertionError("its sheets were laid out")

    monkeypatch.setattr(reading, "open_sheets", laid_out)
    found = reading.read_staff_file(
        kp7, directory=reading.LaoDirectory.bundled(), today=date(2026, 12, 2)
    )
    assert [(f.rule, f.detail) for f in found.findings] == [("LHR907", "lhrctl import history")]
    assert found.rows == 0
    # nor loaded ahead, as a large workbook is, first thing
    from lhrctl.staff_files import readers, sheet_loader
    from lhrctl.staff_files.limits import SheetLimits

    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)
    monkeypatch.setattr(sheet_loader._Apart, "start", laid_out)
    with readers.loading_ahead(kp7, None, SheetLimits()):
        pass
    staff = staff_file(tmp_path / "staff.xlsx")  # the test's own check: a staff list is
    with (
        pytest.raises(AssertionError, match="laid out"),
        readers.loading_ahead(staff, None, SheetLimits()),
    ):
        pass


def test_a_manpower_plan_is_named_with_the_command_that_reads_it(lhr: Lhr, tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    assert lhr("plan", "template", "--cycle", CYCLE, "-o", str(plan)).exit_code == 0
    code, found = findings(lhr, "--org", ORG, str(plan))
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in found] == [("LHR908", "error")]
    r = lhr("--lang", "th", "validate", "--org", ORG, str(plan))
    assert "ไฟล์นี้เป็นแผนอัตรากำลัง ไม่ใช่บัญชีรายชื่อบุคลากร: นำเข้าด้วยคำสั่ง `lhrctl plan import`" \
        in " ".join(r.stdout.split())  # fmt: skip


def test_inspect_says_what_a_file_that_is_no_staff_list_is(lhr: Lhr, tmp_path: Path) -> None:
    """`inspect` showed a ก.พ.7 workbook's sheets as staff tables, their columns guessed from
    their values (การเคลื่อนไหว read as first names), and a plan as no staff table (LHR901):
    it now says what each is, with the command that reads it, as `validate` does."""
    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    plan = tmp_path / "plan.xlsx"
    assert lhr("plan", "template", "--cycle", CYCLE, "-o", str(plan)).exit_code == 0
    r = lhr("inspect", str(kp7), str(plan))
    assert r.exit_code == 0, r
    shown = f"{' '.join(r.stdout.split())} {r.message}"
    assert "not a staff list: import it with `lhrctl import history` (LHR907)" in shown, shown
    assert "not a staff list: import it with `lhrctl plan import` (LHR908)" in shown
    assert "การเคลื่อนไหว" not in shown and "LHR901" not in shown
    r = lhr("--lang", "th", "inspect", str(kp7))
    told = "ไม่ใช่บัญชีรายชื่อบุคลากร: นำเข้าด้วยคำสั่ง `lhrctl import history` (LHR907)"
    assert told in r.message, r
    views = json.loads(lhr("--json", "inspect", str(kp7), str(plan)).stdout)["files"]
    assert [(v["other_kind"], v["reads_it"], v["sheets"]) for v in views] == [
        ("LHR907", "lhrctl import history", []),
        ("LHR908", "lhrctl plan import", []),
    ]


def test_a_staff_list_on_a_sheet_named_like_a_section_is_still_read(
    lhr: Lhr, tmp_path: Path
) -> None:
    """Sheets named ตำแหน่ง and อัตราเงินเดือน (both the positions section's names) are a staff
    list's; sheets named for two sections make a record of service."""
    path = staff_file(tmp_path / "staff.xlsx")
    book = load_workbook(path)
    book.active.title = "ตำแหน่ง"
    book.create_sheet("อัตราเงินเดือน").append(["สรุปอัตราเงินเดือน"])
    book.save(path)
    code, found = findings(lhr, "--org", ORG, str(path))
    assert code == 0 and not [f for f in found if f["severity"] == "error"], found
    r = lhr("--json", "validate", "--org", ORG, str(path))
    assert json.loads(r.stdout)["stats"]["rows"] == len(PEOPLE)


@pytest.mark.flows  # also through `lhrctl serve`
def test_a_folder_imports_its_staff_list_and_names_the_record_of_service(
    admin: Lhr, tmp_path: Path
) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    staff_file(folder / f"staff-{ORG}.xlsx")
    write_kp7(folder / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    r = admin("--json", "import", "staff", "--org", ORG, str(folder), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    summary = json.loads(r.stdout)
    files = {Path(str(f["file"])).name: f for f in summary["files"]}
    staff, kp7 = files[f"staff-{ORG}.xlsx"], files[f"kp7-{ORG}.xlsx"]
    assert (staff["written"], staff["new"], staff["outcome"]) == (True, len(PEOPLE), "written")
    assert (kp7["written"], kp7["rows"], kp7["new"]) == (False, 0, 0)
    assert kp7["outcome"] == "not_staff_list"  # a script tells it from a file refused for errors
    assert [f["rule"] for f in summary["findings"]] == ["LHR907"]
    assert admin.scalar("SELECT count(*) FROM staff WHERE org_code = :o", o=ORG) == len(PEOPLE)
    # --skip-invalid imports a file's valid rows: a record of service has none to import; the
    # findings of two files are each under the file's name
    assert (
        admin("plan", "template", "--cycle", CYCLE, "-o", str(folder / "plan.xlsx")).exit_code == 0
    )
    r = admin("import", "staff", "--skip-invalid", "--org", ORG, str(folder), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    shown = " ".join(r.stdout.split())
    assert f"kp7-{ORG}.xlsx │ {ORG} │ 0 │ 0 │ 0 │ 0 │ 0 │ not a staff list" in shown, shown
    assert (
        f"staff-{ORG}.xlsx │ {ORG} │ {len(PEOPLE)} │ 0 │ 0 │ {len(PEOPLE)} │ 0 │ written" in shown
    )
    lines = r.stdout.splitlines()
    kp7_at, plan_at = lines.index(f"kp7-{ORG}.xlsx"), lines.index("plan.xlsx")
    assert "LHR907" in " ".join(lines[kp7_at:plan_at]) and "LHR908" in " ".join(lines[plan_at:])
    assert r.stderr.strip().splitlines()[-1] == (
        "Error: A file given is not a staff list (see its finding); the others were imported."
    )


def test_the_marked_up_copy_tells_the_findings_of_no_row(lhr: Lhr, tmp_path: Path) -> None:
    """`validate --format xlsx -o` (and `import staff --report`) wrote a copy with nothing
    marked where a finding has no row, as of a ก.พ.7 workbook (LHR907), or is on the header
    row, whose note held its title alone: a missing column (LHR902). Such a finding is told on
    its sheet's header row, or its first row; one of no sheet on the first sheet's."""
    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    out = tmp_path / "report.xlsx"
    assert lhr("validate", "--format", "xlsx", "-o", str(out), str(kp7)).exit_code == 1
    first = load_workbook(out).worksheets[0]
    told = [c.value for c in first[1] if c.value and str(c.value).startswith("LHR")]
    assert told == [
        "LHR907 The file is a ก.พ.7 workbook (record of service), not a staff list: import it "
        "with `lhrctl import history`"
    ]
    assert [c.value for sheet in load_workbook(out).worksheets[1:] for c in sheet[1]
            if str(c.value).startswith("LHR")] == []  # fmt: skip
    path = staff_file(tmp_path / "staff.xlsx")
    book = load_workbook(path)
    book.active.insert_rows(1)  # an empty row above the header: the note goes on the header's
    book.active.delete_cols(10)  # the salaries
    book.save(path)
    r = lhr("--lang", "th", "validate", "--org", ORG, "--format", "xlsx", "-o", str(out), str(path))
    assert r.exit_code == 1, r
    notes = [row[-1].value for row in load_workbook(out).active.iter_rows()]
    assert [n for n in notes if n and "LHR902" in n] == [
        "ปัญหาที่พบ: LHR902 ไม่มีคอลัมน์ที่จำเป็น: เงินเดือน"
    ], notes
    # the copy, fixed, is read again: its column of findings names no field (its title ends
    # with 'เงินเดือน', which a header's words would take for the salary)
    r = lhr("--json", "inspect", "--org", ORG, str(out))
    [sheet] = json.loads(r.stdout)["files"][0]["sheets"]
    assert (sheet["columns"][-1]["field"], sheet["missing"]) == (None, ["salary"])


@pytest.mark.flows  # also through `lhrctl serve`
def test_a_staff_list_or_a_plan_given_to_import_history_is_named(
    admin: Lhr, tmp_path: Path
) -> None:
    """The other way round: a staff list given to `import history` read 'No sheet is named
    for a section' (LHR706) and ended 'Nothing was imported from a file with errors (0 row(s)
    to fix)'. It is said to be a staff list, a plan a plan, each with the command that reads
    it; the ก.พ.7 workbook beside them is imported."""
    staff = staff_file(tmp_path / f"staff-{ORG}.xlsx")
    assert admin("import", "staff", "--org", ORG, str(staff), input=f"{PASSWORD}\n").exit_code == 0
    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    plan = tmp_path / "plan.xlsx"
    assert admin("plan", "template", "--cycle", CYCLE, "-o", str(plan)).exit_code == 0
    files = (str(staff), str(plan), str(kp7))
    r = admin("--json", "import", "history", *files, input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    summary = json.loads(r.stdout)
    outcomes = [(Path(str(f["file"])).name, f["outcome"], f["written"]) for f in summary["files"]]
    assert outcomes == [
        (staff.name, "not_record_of_service", False),
        ("plan.xlsx", "not_record_of_service", False),
        (kp7.name, "written", True),
    ]
    assert [(f["rule"], f["message"]) for f in summary["findings"]] == [
        ("LHR708", "The file is a staff list, not a ก.พ.7 workbook (record of service): import "
                   "it with `lhrctl import staff`"),
        ("LHR709", "The file is a manpower plan, not a ก.พ.7 workbook (record of service): "
                   "import it with `lhrctl plan import`"),
    ]  # fmt: skip
    details = admin.scalar(  # the audit log says why it was refused
        "SELECT details FROM audit_log WHERE action = 'import_history' AND target = :t",
        t=staff.name,
    )
    assert json.loads(str(details)) == {"rows": 0, "errors": 1, "rules": ["LHR708"]}
    r = admin("--lang", "th", "import", "history", str(staff), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "นำเข้าด้วยคำสั่ง `lhrctl import staff`" in " ".join(r.stdout.split())
    assert "ไม่ใช่แฟ้ม ก.พ.7" in r.stdout  # its result
    assert r.stderr.strip().splitlines()[-1] == (
        "ข้อผิดพลาด: มีไฟล์ที่ไม่ใช่แฟ้ม ก.พ.7 (ดูรายการข้างต้น) ไม่มีไฟล์ใดถูกนำเข้า"
    )
    r = admin("import", "history", "--dry-run", str(plan), str(kp7), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert r.stderr.strip().splitlines()[-1] == (
        "Error: A file given is not a ก.พ.7 workbook (see its finding); the others were "
        "checked only (--dry-run)."
    )


def test_a_record_of_service_or_a_staff_list_given_to_plan_import_is_named(
    admin: Lhr, tmp_path: Path
) -> None:
    """`plan import` of a ก.พ.7 workbook listed each of its sheets as 'Sheet names no section
    of the record of service' (LHR705, the record's rule) and ended 'the plan has 1 row(s) to
    fix'. It is said to be a ก.พ.7 workbook, a staff list a staff list, with the command that
    reads each; a plan's sheet of notes is a plan's (LHR804)."""
    from openpyxl import load_workbook as load

    from tests.test_plans import plan_file

    kp7 = write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    asked = ("--org", ORG, "--cycle", CYCLE)
    r = admin("--json", "plan", "import", str(kp7), *asked, input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert [(f["rule"], f["message"]) for f in json.loads(r.stdout)["findings"]] == [
        ("LHR805", "The file is a ก.พ.7 workbook (record of service), not a manpower plan: "
                   "import it with `lhrctl import history`"),
    ]  # fmt: skip
    assert (
        r.stderr.strip().splitlines()[-1] == "Error: Nothing was imported (see the finding above)."
    )
    staff = staff_file(tmp_path / "staff.xlsx")
    r = admin("--lang", "th", "plan", "import", str(staff), *asked, input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "ไฟล์นี้เป็นบัญชีรายชื่อบุคลากร ไม่ใช่แผนอัตรากำลัง: นำเข้าด้วยคำสั่ง `lhrctl import staff`" \
        in " ".join(r.stdout.split())  # fmt: skip
    assert r.stderr.strip().splitlines()[-1] == "ข้อผิดพลาด: ไม่ได้นำเข้าแผน (ดูรายการข้างต้น)"
    plan = plan_file(admin, tmp_path / "plan.xlsx", (10_000_000, 3_000_000, 4_000_000))
    book = load(plan)
    book.create_sheet("หมายเหตุ").append(["ผ่านการประชุมคณะกรรมการ"])
    book.save(plan)
    r = admin("--json", "plan", "import", str(plan), *asked, input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert [(f["rule"], f["sheet"]) for f in json.loads(r.stdout)["findings"]] == [
        ("LHR804", "หมายเหตุ")
    ]


def test_a_folder_loads_its_first_staff_list_ahead_not_its_record_of_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`import staff FOLDER` starts its first file's load before the rest of the command: a
    ก.พ.7 workbook sorted first (kp7-… before staff-…) is passed over, as it is not read."""
    from lhrctl.commands._findings import Reading
    from lhrctl.staff_files import sheet_loader
    from lhrctl.staff_files.limits import MAX_CELLS, MAX_COLUMNS

    started: list[str] = []
    monkeypatch.setattr(sheet_loader, "LOAD_APART", 0)  # any workbook is large enough
    monkeypatch.setattr(sheet_loader._Apart, "start", lambda path, *a: started.append(path.name))
    write_kp7(tmp_path / f"kp7-{ORG}.xlsx", career(PEOPLE[0][0]))
    staff_file(tmp_path / f"staff-{ORG}.xlsx")
    with Reading.asked(None, None, None, MAX_COLUMNS, MAX_CELLS, None).ahead([tmp_path]):
        pass
    assert started == [f"staff-{ORG}.xlsx"]
