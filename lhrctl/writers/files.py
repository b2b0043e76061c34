"""Files lhrctl writes hold personal data: they are created readable by their owner only (0600)."""

from __future__ import annotations

import os
from pathlib import Path


def private_file(path: Path) -> Path:
    """Create (or empty) `path` as 0600 before anything is written into it; a file that was
    there keeps no wider mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return path


def write_private_text(path: Path, text: str) -> None:
    private_file(path).write_text(text, encoding="utf-8")
