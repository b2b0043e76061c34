"""Real files as offices send them: no personnel type anywhere, headers lhrctl has never seen,
legacy encodings. What each is read as, and what is written from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cardsim import make_national_id
from tests.conftest import OFFLINE, PASSWORD, Lhr

pytestmark = pytest.mark.flows  # also through `lhrctl serve` (backend "server")

UNTYPED = (
    "เลขประจำตัวประชาชน,ชื่อ-สกุล,วันเกิด,ตำแหน่ง,เงินเดือน\n"
    f"{make_national_id(1)},นายสมชาย ใจดี,15/03/2520,คนงาน,9000\n"
    f"{make_national_id(2)},นางมาลี ศรีสุข,01/01/2530,ผู้ช่วยครูผู้ดูแลเด็ก,9400\n"
)


def test_type_gives_the_personnel_type_a_file_does_not(admin: Lhr, tmp_path: Path) -> None:
    path = tmp_path / "untyped.csv"
    path.write_text(UNTYPED, encoding="utf-8")
    org = ("--org", "6540206")

    r = admin("import", "staff", *org, str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 1, r
    assert "personnel_type (a column or the sheet's name)" in r.stdout
    r = admin("import", "staff", *org, "--type", "ลูกจ้างชั่วคราว", str(path))
    assert r.exit_code == 2, r
    assert "--type ลูกจ้างชั่วคราว: unknown personnel type; use one of civil_servant" in r.message
    assert admin.scalar("SELECT count(*) FROM staff") == 0

    r = admin("import", "staff", *org, "--type", "พนักงานจ้างทั่วไป", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert admin.scalar("SELECT count(*) FROM staff WHERE personnel_type = 'contract_general'") == 2


def test_type_gives_way_to_what_the_file_says(tmp_path: Path) -> None:
    path = tmp_path / "typed.csv"
    path.write_text(
        "เลขประจำตัวประชาชน,ชื่อ-สกุล,วันเกิด,ประเภท,ตำแหน่ง,เงินเดือน\n"
        f"{make_national_id(1)},นายสมชาย ใจดี,15/03/2520,ลูกจ้างประจำ,คนงาน,9000\n"
        f"{make_national_id(2)},นางมาลี ศรีสุข,01/01/2530,,ผู้ช่วยครูผู้ดูแลเด็ก,9400\n",
        encoding="utf-8",
    )
    r = OFFLINE("--json", "validate", "--org", "6540206", "--type", "contract_mission", str(path))
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["stats"]["rows"] == 2
