"""The audit log's two parts outside the database: the HMAC key and the anchor file.

The key (32 random bytes, hex, in a 0600 file that `lhrctl init` makes) is what lets a row's MAC
be computed: whoever holds only the database can change rows but cannot make them verify. The
anchor file receives one line per write, `CHAIN SEQUENCE MAC`, opened append-only: a log cut
short, emptied or rebuilt no longer ends where its anchor says it did. Both default to the user's
config folder; `LHR_AUDIT_KEY` and `LHR_AUDIT_ANCHOR` name other files.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lhrctl.errors import LhrError

APP_NAME = "lhrctl"


class AuditKeyError(LhrError):
    """The audit key is missing, unreadable, open to others, or not this database's."""

    exit_code = 8


def _config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME))


def key_path() -> Path:
    return Path(os.environ.get("LHR_AUDIT_KEY") or _config_dir() / "audit.key")


def anchor_path() -> Path:
    return Path(os.environ.get("LHR_AUDIT_ANCHOR") or _config_dir() / "audit-anchor.log")


def _private_folder(path: Path) -> None:
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)


def create_key(path: Path) -> bool:
    """A new random key at `path` (0600) unless one is there; True when it was made. The key is
    written in full before it appears under its name, so nobody reads half a key."""
    _private_folder(path)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32) + "\n")
        os.link(draft, path)
    except FileExistsError:
        return False
    finally:
        draft.unlink()
    return True


@cache
def _read_key(path: Path, _mtime_ns: int) -> bytes:
    text = path.read_text("ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise AuditKeyError(
            f"The audit key file {path} does not hold a key (64 hexadecimal digits).",
            f"แฟ้มกุญแจบันทึกการตรวจสอบ {path} ไม่มีกุญแจที่ถูกต้อง (เลขฐานสิบหก 64 หลัก)",
            hint_en="Restore it from your backup; `lhrctl init` makes a new one only where none is.",
            hint_th="นำแฟ้มกุญแจคืนจากสำเนาสำรอง (`lhrctl init` สร้างใหม่เฉพาะเมื่อยังไม่มี)",
        )
    return key


def read_key(path: Path) -> bytes:
    try:
        status = path.stat()
    except FileNotFoundError:
        raise AuditKeyError(
            f"There is no audit key at {path}: this machine cannot write or check the audit log.",
            f"ไม่พบกุญแจบันทึกการตรวจสอบที่ {path} เครื่องนี้จึงเขียนหรือตรวจบันทึกการตรวจสอบไม่ได้",
            hint_en="Run `lhrctl init` on a new database; for an existing one, copy its key file "
            "here (0600) or name it with LHR_AUDIT_KEY.",
            hint_th="ฐานข้อมูลใหม่ให้สั่ง `lhrctl init` ฐานข้อมูลเดิมให้คัดลอกแฟ้มกุญแจมาไว้ที่นี่ (สิทธิ์ 0600) "
            "หรือระบุด้วย LHR_AUDIT_KEY",
        ) from None
    if status.st_mode & 0o077:
        raise AuditKeyError(
            f"The audit key file {path} can be read by other users; lhrctl will not use it.",
            f"ผู้ใช้อื่นอ่านแฟ้มกุญแจ {path} ได้ lhrctl จึงไม่ใช้แฟ้มนี้",
            hint_en=f"Make it yours only: chmod 600 {path}",
            hint_th=f"ให้เจ้าของอ่านได้คนเดียว: chmod 600 {path}",
        )
    return _read_key(path, status.st_mtime_ns)


@dataclass(frozen=True)
class Seal:
    """The key and the anchor file of one audit chain."""

    key: bytes
    anchor: Path

    @classmethod
    def configured(cls) -> Seal:
        return cls(read_key(key_path()), anchor_path())

    def mac(self, payload: bytes) -> str:
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest()

    def key_check(self, chain: str) -> str:
        """What the database keeps to tell the right key from another one (not the key)."""
        return self.mac(f"lhrctl audit key check {chain}".encode())

    def _open_anchor(self) -> int:
        _private_folder(self.anchor)
        try:
            return os.open(self.anchor, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise AuditKeyError(
                f"The audit anchor file {self.anchor} cannot be written: {exc.strerror}.",
                f"เขียนแฟ้มหลักยึดบันทึกการตรวจสอบ {self.anchor} ไม่ได้: {exc.strerror}",
                hint_en="Check the file and its folder, or name another with LHR_AUDIT_ANCHOR.",
                hint_th="ตรวจสอบแฟ้มและโฟลเดอร์ หรือระบุแฟ้มอื่นด้วย LHR_AUDIT_ANCHOR",
            ) from exc

    def check_anchor(self) -> None:
        """Fail now, inside the transaction, if the anchor could not be appended to later."""
        os.close(self._open_anchor())

    def append_anchor(self, chain: str, sequence: int, mac: str) -> None:
        with os.fdopen(self._open_anchor(), "a", encoding="ascii") as f:
            f.write(f"{chain} {sequence} {mac}\n")

    def anchored(self, chain: str) -> dict[int, str] | None:
        """The MAC anchored for each sequence number of `chain`; None without an anchor file."""
        try:
            f = self.anchor.open(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return None
        heads: dict[int, str] = {}
        with f:
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0] == chain and parts[1].isdigit():
                    heads[int(parts[1])] = parts[2]
        return heads
