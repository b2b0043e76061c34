"""The record of service's sections (ก.พ.7): shown with the record, carried by a transfer."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import CardSlot, Lhr
from tests.test_certification import as_user
from tests.test_transfers import (
    DESTINATION,
    DESTINATION_OFFICER,
    LETTER,
    ORIGIN_OFFICER,
    ORIGIN_REGISTRAR,
    create,
    laos,  # noqa: F401  (the fixture: two LAOs with their people)
    people,
)

pytestmark = pytest.mark.flows  # also through `lhrctl serve`


def give_sections(lhr: Lhr, nid: str) -> None:
    """Rows of three sections written straight to the tables (`import history` has its own
    tests, tests/test_history_import.py)."""
    from sqlalchemy import text

    with lhr.engine().begin() as conn:
        conn.execute(
            text(
                "INSERT INTO position_entry (national_id, effective_on, movement, position, "
                "position_no, level, division, salary, order_ref) VALUES (:n, :d, 'promoted', "
                "'นักวิชาการเงินและบัญชี', '54-3-01-3201-001', 'ชำนาญการ', 'กองคลัง', 28550, "
                "'คำสั่ง อบต. ที่ 123/2566')"
            ),
            {"n": nid, "d": date(2023, 3, 15)},
        )
        conn.execute(
            text(
                "INSERT INTO education (national_id, level, degree, major, institution, "
                "graduated_year, country) VALUES (:n, 'ปริญญาตรี', 'บัญชีบัณฑิต', 'การบัญชี', "
                "'มหาวิทยาลัยแม่โจ้', 2548, 'ไทย')"
            ),
            {"n": nid},
        )
        conn.execute(
            text(
                "INSERT INTO decoration (national_id, decoration_class, received_on, gazette_ref) "
                "VALUES (:n, 'ตริตาภรณ์ช้างเผือก (ต.ช.)', :d, 'เล่ม 140 ตอนที่ 12 ข')"
            ),
            {"n": nid, "d": date(2022, 7, 28)},
        )


def test_sections_are_shown_and_travel_with_the_person(laos: Lhr, slot: CardSlot) -> None:  # noqa: F811
    lhr = laos
    (nid,) = people(lhr, 1)
    give_sections(lhr, nid)

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "staff", "show", nid)
    assert r.exit_code == 0, r
    sections = json.loads(r.stdout)["sections"]
    assert list(sections) == ["positions", "education", "training", "decorations", "leave",
                              "discipline", "name_changes"]  # fmt: skip
    assert sections["positions"][0]["effective_on"] == "2023-03-15"
    assert sections["positions"][0]["salary"] == 28550
    assert sections["education"][0]["graduated_year"] == 2548
    assert sections["training"] == [] and sections["leave"] == []

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--lang", "th", "staff", "show", nid)
    assert r.exit_code == 0, r
    shown = " ".join(r.stdout.split())
    assert "ตำแหน่งและอัตราเงินเดือน" in shown and "15/03/2566" in shown  # BE, not 2023-03-15
    assert "เลื่อนตำแหน่ง" in shown and "28,550.00" in shown
    assert "ตริตาภรณ์ช้างเผือก (ต.ช.)" in shown and "28/07/2565" in shown
    assert "ยังไม่มีข้อมูล: การฝึกอบรม, วันลา, โทษทางวินัย, การเปลี่ยนชื่อ" in shown

    order = str(create(lhr, slot, nid))
    r = as_user(lhr, slot, ORIGIN_REGISTRAR, "transfer", "approve", order, *LETTER, "--yes")
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, DESTINATION_OFFICER, "transfer", "receive", order)
    assert r.exit_code == 0, r
    r = as_user(lhr, slot, DESTINATION_OFFICER, "--json", "staff", "show", nid)
    assert r.exit_code == 0, r
    moved = json.loads(r.stdout)
    assert moved["org_code"] == DESTINATION
    assert moved["sections"] == sections  # every section, as it was
    r = as_user(lhr, slot, ORIGIN_OFFICER, "staff", "show", nid)
    assert r.exit_code == 4, r  # the origin no longer sees them
