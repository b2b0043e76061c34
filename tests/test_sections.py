"""The record of service's sections (ก.พ.7): shown with the record, carried by a transfer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN, PASSWORD, CardSlot, Lhr
from tests.kp7 import career, write_kp7
from tests.test_certification import as_user
from tests.test_history_import import careered
from tests.test_kp7 import staff_name, text_of
from tests.test_transfers import (
    DESTINATION,
    DESTINATION_OFFICER,
    LETTER,
    ORIGIN_OFFICER,
    ORIGIN_REGISTRAR,
    create,
    laos,  # noqa: F401  (the fixture: two LAOs with their people)
)

pytestmark = pytest.mark.flows  # also through `lhrctl serve`


def test_sections_are_shown_and_travel_with_the_person(
    laos: Lhr,  # noqa: F811
    slot: CardSlot,
    tmp_path: Path,
) -> None:
    lhr = laos
    (nid,) = careered(lhr, 1)
    sheets = career(nid)
    sheets["โทษทางวินัย"] = [[nid, "ภาคทัณฑ์", "คำสั่ง อบต. ที่ 9/2562", "01/03/2562"]]
    path = write_kp7(tmp_path / "k.xlsx", sheets)
    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "import", "history", str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["new"] == 1  # the file crossed the wire as the officer's bytes

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--json", "staff", "show", nid)
    assert r.exit_code == 0, r
    sections = json.loads(r.stdout)["sections"]
    assert list(sections) == ["positions", "education", "training", "decorations", "leave",
                              "discipline", "name_changes"]  # fmt: skip
    assert all(sections.values())  # every section holds a row
    assert sections["positions"][2]["effective_on"] == "2023-03-15"
    assert sections["positions"][2]["salary"] == 28550
    assert sections["education"][0]["graduated_year"] == 2555

    r = as_user(lhr, slot, ORIGIN_OFFICER, "--lang", "th", "staff", "show", nid)
    assert r.exit_code == 0, r
    shown = " ".join(r.stdout.split())
    # BE as every date the command shows in Thai (วันเกิด 7 พ.ค. 2529), not 2023-03-15
    assert "ตำแหน่งและอัตราเงินเดือน" in shown and "15 มี.ค. 2566" in shown
    assert "เลื่อนตำแหน่ง" in shown and "28,550.00" in shown
    assert "ต.ช." in shown and "28 ก.ค. 2567" in shown and "ภาคทัณฑ์" in shown
    assert "ยังไม่มีข้อมูล" not in shown

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

    # the destination prints the form (through a server too: the record crosses the wire)
    pdf = tmp_path / "kp7.pdf"
    r = as_user(lhr, slot, DESTINATION_OFFICER, "staff", "kp7", nid, "-o", str(pdf))
    assert r.exit_code == 0, r
    text = text_of(pdf)
    assert staff_name(lhr, nid) in text and "28,550.00" in text and "15/03/2566" in text
    slot.insert(ADMIN)
    r = lhr("--json", "audit", "log", "--action", "staff_kp7", input=f"{PASSWORD}\n")
    assert r.exit_code == 0 and r.stdout.count('"staff_kp7"') == 1, r
