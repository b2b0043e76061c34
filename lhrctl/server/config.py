"""The server's configuration file (`lhrctl serve --config server.toml`)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from lhrctl.errors import UsageError


@dataclass(frozen=True)
class ServerConfig:
    database_url: str  # as the role the server works as (`init --grant-to`)
    owner_database_url: str | None = None  # as the owner, for `serve --migrate`
    audit_key: str | None = None  # default: the audit key of the user the server runs as
    audit_anchor: str | None = None
    host: str = "127.0.0.1"
    port: int = 8443
    tls_cert: str | None = None  # both, or neither (behind a TLS-terminating proxy)
    tls_key: str | None = None
    session_minutes: int = 5  # how long a sign-in may wait for its command
    workers: int = 0  # server processes; 0: one per CPU core
    max_upload_mb: int = 100  # the most one command may send (staff files, Base64: 4/3 their size)

    @classmethod
    def read(cls, path: Path) -> ServerConfig:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(
                f"Cannot read the server configuration {path}: {exc}",
                f"อ่านแฟ้มตั้งค่าเครื่องแม่ข่าย {path} ไม่ได้: {exc}",
            ) from exc
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown or "database_url" not in data:
            what = f"unknown keys {', '.join(unknown)}" if unknown else "no database_url"
            raise UsageError(
                f"The server configuration {path} has {what}.",
                f"แฟ้มตั้งค่า {path} ไม่ถูกต้อง ({what})",
                hint_en=f"Keys: {', '.join(sorted(known))}.",
                hint_th=f"คีย์ที่ใช้ได้: {', '.join(sorted(known))}",
            )
        if bool(data.get("tls_cert")) != bool(data.get("tls_key")):
            raise UsageError(
                "Give both tls_cert and tls_key, or neither.",
                "ต้องระบุ tls_cert และ tls_key คู่กัน หรือไม่ระบุทั้งสอง",
            )
        return cls(**data)
