"""Personal data stays its owner's: the database and every file lhrctl writes are 0600, a database
others can read is tightened (and said), and no message carries a password (issue 16, item 5)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from lhrctl.staff_files.readers import CSV_SUFFIXES
from tests.conftest import OFFLINE, PASSWORD, Lhr

LEGACY = Path(__file__).parent / "data" / "legacy"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_its_owners_only(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "lhr.db"
    r = Lhr(f"sqlite:///{path}")("init")  # the schema is made; no card, so no admin
    assert r.exit_code == 3, r
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    assert all(mode(p) == 0o600 for p in path.parent.glob("lhr.db-*"))


def test_the_audit_key_and_anchor_are_their_owners_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audit_anchor: Path
) -> None:
    key = tmp_path / "config" / "audit.key"
    monkeypatch.setenv("LHR_AUDIT_KEY", str(key))
    r = Lhr(f"sqlite:///{tmp_path / 'lhr.db'}")("init")  # the schema and the seal; no card
    assert r.exit_code == 3, r
    assert "Audit key made:" in r.message and "Audit log sealed" in r.message
    assert mode(key.parent) == 0o700 and mode(key) == 0o600 and mode(audit_anchor) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_database_others_can_read_is_tightened_and_said(admin: Lhr) -> None:
    path = Path(admin.db_url.split(":///", 1)[1])
    path.chmod(0o644)
    r = admin("org", "list", "--province", "54")
    assert r.exit_code == 0, r
    assert mode(path) == 0o600
    assert f"{path} could be read by other users of this machine; now only you can" in r.message
    assert "could be read" not in admin("org", "list", "--province", "54").message  # once


def test_every_file_written_is_0600(admin: Lhr, tmp_path: Path) -> None:
    already = tmp_path / "export.csv"
    already.write_text("an older file, readable by all\n")
    already.chmod(0o644)
    source = str(LEGACY / "06_F_6600803.csv")
    assert Path(source).suffix in CSV_SUFFIXES
    r = admin("import", "staff", "--skip-invalid", source, input=f"{PASSWORD}\n")
    assert r.exit_code in (0, 1), r
    written = {
        "export.csv": ("staff", "export", "--org", "6600803", "--format", "csv"),
        "export.xlsx": ("staff", "export", "--org", "6600803", "--format", "xlsx"),
    }
    for name, args in written.items():
        r = admin(*args, "-o", str(tmp_path / name), input=f"{PASSWORD}\n")
        assert r.exit_code == 0, r
    offline = {
        "findings.csv": ("validate", "--format", "csv", source),
        "marked.xlsx": ("validate", "--format", "xlsx", source),
        "template.xlsx": ("staff", "template"),
    }
    for name, args in offline.items():
        r = OFFLINE(*args, "-o", str(tmp_path / name))
        assert r.exit_code in (0, 1), r
    files = [*written, *offline]
    assert {name: oct(mode(tmp_path / name)) for name in files} == dict.fromkeys(files, "0o600")


def test_no_message_carries_a_password() -> None:
    r = Lhr("postgresql://lhr:s3cret-pass@127.0.0.1:notaport/db")("org", "list")
    assert r.exit_code == 8, r
    assert "s3cret-pass" not in r.stderr and "***" in r.message


def test_no_output_without_sign_in_carries_a_full_id(admin: Lhr, tmp_path: Path) -> None:
    import json
    import re
    from datetime import date, timedelta

    from tests.helpers import assert_inert

    full_id = re.compile(r"(?<!\d)\d{13}(?!\d)")
    r = admin("import", "staff", "--skip-invalid", str(LEGACY / "01_A_6540206.xlsx"),
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 1, r
    r = admin("conference", "room", "add", "8000", "--name", "ห้อง 1", "--capacity", "9",
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = admin("--json", "conference", "book", "--room", "8000", "--date", tomorrow, "--from",
              "09:00", "--to", "10:00", "--participants", "5", "--title", "ประชุม",
              input=f"{PASSWORD}\n")  # fmt: skip
    assert r.exit_code == 0, r
    booking = str(json.loads(r.stdout)["id"])
    without_sign_in = [
        ("--json", "validate", "--org", "6540206"),
        ("validate", "--all", "--format", "csv"),
        ("validate", "--province", "54"),
        ("--json", "registrar", "list", "--province", "54"),
        ("--json", "conference", "show", booking),
        ("--json", "conference", "list"),
        ("conference", "show", booking),
        ("--json", "conference", "join-info", booking),
    ]
    for args in without_sign_in:
        r = admin(*args)
        assert r.exit_code in (0, 1), r
        assert not full_id.search(r.stdout + r.stderr), (args, r)
        assert "pin" not in r.stdout.lower(), (args, r)
    form = tmp_path / "form.xlsx"
    assert (
        admin("conference", "form", booking, "-o", str(form), input=f"{PASSWORD}\n").exit_code == 0
    )
    assert not [v for v in assert_inert(form) if full_id.search(str(v))]
