"""`lhrctl import orgs` and `lhrctl org list|show` on the real DLA registry (7,849 LAOs)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, Lhr

BUNDLED = (resources.files("lhrctl") / "data" / "lao-registry.csv").read_text(encoding="utf-8")
ROWS = list(csv.DictReader(io.StringIO(BUNDLED)))


def snapshot(lhr: Lhr) -> list[tuple[object, ...]]:
    from sqlalchemy import text

    with lhr.engine().connect() as conn:
        laos = conn.execute(text("SELECT * FROM lao ORDER BY code")).all()
        provinces = conn.execute(text("SELECT * FROM province ORDER BY code")).all()
        versions = conn.execute(text("SELECT * FROM lao_version ORDER BY id")).all()
    return [tuple(r) for r in (*laos, *provinces, *versions)]


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_bundled_registry_loads_once(admin: Lhr) -> None:
    assert admin.scalar("SELECT count(*) FROM lao") == 7849
    assert admin.scalar("SELECT count(*) FROM province") == 76
    before = snapshot(admin)
    r = admin("--json", "import", "orgs", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout) | {"as_of": None} == {
        "source": "bundled:lao-registry.csv",
        "as_of": None,
        "new": 0,
        "changed": 0,
        "retired": 0,
        "unchanged": 7849,
    }
    assert snapshot(admin) == before


def test_registry_given_as_a_path_and_in_cp874(admin: Lhr, tmp_path: Path) -> None:
    before = snapshot(admin)
    utf8 = write_csv(tmp_path / "utf8.csv", ROWS)
    thai = write_csv(tmp_path / "cp874.csv", ROWS, encoding="cp874")
    for path in (utf8, thai):
        r = admin("import", "orgs", str(path), "--json", input=f"{PASSWORD}\n")
        assert r.exit_code == 0, r
        assert json.loads(r.stdout)["unchanged"] == 7849
    assert snapshot(admin) == before


def test_newer_registry_keeps_history(admin: Lhr, tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    by_code = {r["รหัส อปท."]: r for r in rows}
    by_code["6540206"]["อปท."] = "แม่ยางตาลใหม่"  # renamed
    by_code["6540205"]["ประเภท อปท."] = "เทศบาลตำบล"  # an อบต. upgraded, keeping its code
    rows.remove(by_code["6540207"])  # merged away
    rows.append(
        {**by_code["6540206"], "รหัส อปท.": "5540299", "อปท.": "ใหม่", "ประเภท อปท.": "เทศบาลตำบล"}
    )
    newer = write_csv(tmp_path / "newer.csv", rows)
    r = admin("--json", "import", "orgs", str(newer), "--as-of", "1/10/2569", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    result = json.loads(r.stdout)
    assert (result["new"], result["changed"], result["retired"]) == (1, 2, 1)
    assert result["as_of"] == "2026-10-01"
    assert admin.scalar("SELECT count(*) FROM lao") == 7850  # nothing deleted

    shown = json.loads(admin("--json", "org", "show", "6540206").stdout)
    assert shown["display_name"] == "อบต.แม่ยางตาลใหม่"
    assert shown["valid_from"] == "2026-10-01"
    assert [h["display_name"] for h in shown["history"]] == ["อบต.แม่ยางตาล"]
    assert shown["history"][0]["valid_to"] == "2026-10-01"
    upgraded = json.loads(admin("--json", "org", "show", "6540205").stdout)
    assert upgraded["display_name"].startswith("เทศบาลตำบล")

    listed = json.loads(admin("org", "list", "--province", "54", "--json").stdout)
    codes = {lao["code"] for lao in listed}
    assert "6540207" not in codes and "5540299" in codes
    listed_all = json.loads(admin("org", "list", "--province", "54", "--all", "--json").stdout)
    gone = next(lao for lao in listed_all if lao["code"] == "6540207")
    assert gone["valid_to"] == "2026-10-01" and gone["active"] is False

    # The older registry again: the merged LAO comes back, the new one leaves; still no deletion.
    r = admin("--json", "import", "orgs", "--as-of", "2026-11-01", input=f"{PASSWORD}\n")
    assert r.exit_code == 0, r
    assert json.loads(r.stdout)["retired"] == 1
    assert admin.scalar("SELECT count(*) FROM lao_version WHERE code = '6540206'") == 2


def test_org_list_of_phrae(admin: Lhr) -> None:
    r = admin("org", "list", "--province", "54", "--json")
    assert r.exit_code == 0, r
    laos = json.loads(r.stdout)
    expected = [row for row in ROWS if row["รหัสจังหวัด"] == "54"]
    assert len(laos) == len(expected) == 84
    names = {lao["display_name"] for lao in laos}
    assert {"อบต.ร้องกวาง", "เทศบาลตำบลร้องกวาง", "อบจ.แพร่"} <= names
    assert all(lao["province_name"] == "แพร่" for lao in laos)
    r = admin("org", "list", "--province", "54", "--type", "อบต.", "--json")
    assert {lao["type"] for lao in json.loads(r.stdout)} == {"sao"}
    r = admin("org", "list", "--province", "20", "--type", "special", "--json")
    assert [lao["display_name"] for lao in json.loads(r.stdout)] == ["เมืองพัทยา"]


def test_org_list_human_output(admin: Lhr) -> None:
    r = admin("org", "list", "-p", "54", "-t", "pao")
    assert r.exit_code == 0, r
    assert "2540101" in r.stdout and "อบจ.แพร่" in r.stdout
    assert "1 LAO(s)." in r.message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("org", "show", "9999999"), "Unknown LAO code '9999999': it is not in the registry."),
        (("org", "show", "654"), "Unknown LAO code '654'"),
        (("org", "list", "--province", "99"), "Unknown province code '99'."),
        (("org", "list", "--type", "city hall"), "Unknown LAO type 'city hall'"),
    ],
)
def test_org_bad_arguments(admin: Lhr, args: tuple[str, ...], message: str) -> None:
    r = admin(*args)
    assert r.exit_code == 2, r
    assert message in r.message
    assert r.stdout == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("จังหวัด,อำเภอ,อปท.\nแพร่,เมืองแพร่,x\n", "column(s) รหัสจังหวัด, รหัส อปท., ประเภท อปท. missing"),
        (
            BUNDLED.splitlines()[0] + "\nแพร่,54,เมืองแพร่,654020,อบต.,x\n",
            "line 2: LAO code '654020' is not 7 digits",
        ),
        (
            BUNDLED.splitlines()[0] + "\nแพร่,54,เมืองแพร่,6540206,สุขาภิบาล,x\n",
            "line 2: unknown LAO type 'สุขาภิบาล'",
        ),
        (
            BUNDLED.splitlines()[0] + "\nแพร่,48,เมืองแพร่,6540206,อบต.,x\n",
            "province code '48' does not match LAO 6540206",
        ),
        (BUNDLED.splitlines()[0] + '\nแพร่,54,"เมือง,6540206,อบต.,x\n', "is not a well-formed CSV"),
        ("", "is empty"),
    ],
)
def test_malformed_registry_changes_nothing(
    admin: Lhr, tmp_path: Path, content: str, message: str
) -> None:
    before = snapshot(admin)
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    r = admin("import", "orgs", str(path), input=f"{PASSWORD}\n")
    assert r.exit_code == 7, r
    assert message in r.message
    assert snapshot(admin) == before


def test_unreadable_registry_files(admin: Lhr, tmp_path: Path) -> None:
    r = admin("import", "orgs", str(tmp_path / "nope.csv"))
    assert r.exit_code == 7, r
    assert "nope.csv: no such file." in r.message
    binary = tmp_path / "registry.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    r = admin("import", "orgs", str(binary))
    assert r.exit_code == 7, r
    assert "is not a text file in UTF-8, UTF-16 or Thai Windows-874" in r.message
