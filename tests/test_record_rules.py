"""The rules of a record of service (LHR711-LHR718) on one person's sections, as data."""

from __future__ import annotations

from datetime import date

from lhrctl.services.record_rules import Entry, Person, record_findings

PERSON = Person(
    "1100400012348", "6540206", date(1964, 5, 1), date(1990, 6, 1)
)  # retires 30/09/2567


def position(on: date, salary: float, movement: str = "salary_step", row: int = 2) -> Entry:
    values = {"effective_on": on, "movement": movement, "position": "นักจัดการงานทั่วไป",
              "position_no": None, "level": "ชำนาญการ", "division": "สำนักปลัด", "salary": salary}  # fmt: skip
    return Entry(values, "ตำแหน่งและอัตราเงินเดือน", row)


def rules(**sections: list[Entry]) -> list[tuple[str, int | None, str | None]]:
    return [(f.rule, f.row, f.detail) for f in record_findings(PERSON, sections)]


def test_a_falling_salary_needs_a_demotion_or_a_penalty_that_lowers_it() -> None:
    fell = [position(date(2010, 10, 1), 30000, row=2), position(date(2011, 10, 1), 29000, row=3)]
    assert rules(positions=fell) == [("LHR711", 3, "30,000.00")]
    demoted = [fell[0], position(date(2011, 10, 1), 29000, "demoted", row=3)]
    assert rules(positions=demoted) == []

    def penalty(kind: str, on: date) -> list[Entry]:
        return [Entry({"penalty": kind, "order_ref": "ที่ 5/2554", "ordered_on": on})]

    assert rules(positions=fell, discipline=penalty("ลดขั้นเงินเดือน", date(2011, 3, 1))) == []
    assert rules(positions=fell, discipline=penalty("ภาคทัณฑ์", date(2011, 3, 1))) == [
        ("LHR711", 3, "30,000.00")
    ]  # a probation lowers no salary
    assert rules(positions=fell, discipline=penalty("ลดขั้นเงินเดือน", date(2009, 3, 1))) == [
        ("LHR711", 3, "30,000.00")
    ]  # a penalty before the earlier row explains nothing after it


def test_positions_within_service_and_one_per_date() -> None:
    assert rules(positions=[position(date(1990, 5, 31), 5000)]) == [("LHR712", 2, "01/06/2533")]
    assert rules(positions=[position(date(2024, 10, 1), 40000)]) == [("LHR713", 2, "30/09/2567")]
    same = [position(date(2010, 10, 1), 30000, row=2), position(date(2010, 10, 1), 30000, row=3)]
    assert rules(positions=same) == []  # the same row twice: no disagreement
    other = [same[0], position(date(2010, 10, 1), 31000, row=3)]
    assert rules(positions=other) == [("LHR717", 3, "นักจัดการงานทั่วไป ชำนาญการ 30,000.00")]


def test_leave_education_and_decorations() -> None:
    def leave(start: date, end: date, row: int) -> Entry:
        return Entry({"kind": "ลาป่วย", "starts_on": start, "ends_on": end, "days": 1}, "วันลา", row)

    apart = [
        leave(date(2020, 1, 6), date(2020, 1, 7), 2),
        leave(date(2020, 1, 8), date(2020, 1, 8), 3),
    ]
    assert rules(leave=apart) == []
    inside = [
        leave(date(2020, 1, 1), date(2020, 1, 31), 2),
        leave(date(2020, 1, 8), date(2020, 1, 9), 3),
    ]
    assert rules(leave=inside) == [("LHR714", 3, "01/01/2563–31/01/2563")]
    assert rules(leave=[leave(date(2020, 1, 9), date(2020, 1, 8), 2)]) == [("LHR718", 2, None)]

    def school(year: int) -> Entry:
        return Entry({"level": "ปริญญาตรี", "graduated_year": year}, "ประวัติการศึกษา", 2)

    assert rules(education=[school(2521)]) == [("LHR715", 2, "2507")]  # at 14
    assert rules(education=[school(2522)]) == []  # at 15

    def decoration(cls: str, year: int, row: int) -> Entry:
        return Entry({"decoration_class": cls, "received_on": date(year, 7, 28)}, "เครื่องราชฯ", row)

    upward = [
        decoration("ร.ท.ม.", 2000, 2),
        decoration("บ.ม.", 2005, 3),
        decoration("ท.ช.", 2020, 4),
    ]
    assert rules(decorations=upward) == []
    assert rules(decorations=[*upward, decoration("ต.ม.", 2022, 5)]) == [("LHR716", 5, "ท.ช.")]
    assert rules(decorations=[upward[1], decoration("บ.ม.", 2010, 3)]) == [("LHR716", 3, "บ.ม.")]
