"""What a process leaves in a temporary folder, named with its process ID (staging files, a
sheet loader's folder), and the sweep of those whose process was killed before it could
remove them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def sweep(folder: Path, prefix: str, suffix: str = "") -> None:
    """Remove what is named `prefix` + a process ID + `-…` + `suffix` in `folder`, where that
    process is gone (a file, or a folder and what it holds)."""
    for stale in folder.glob(f"{prefix}*-*{suffix}"):
        pid = stale.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit() or (os.name == "posix" and _alive(int(pid))):
            continue
        try:
            if stale.is_dir():
                shutil.rmtree(stale)
            else:
                stale.unlink()
        except OSError:  # Windows: still open, so its process is alive
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # POSIX only: on Windows this would end the process
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
