"""Staff files sent to the server: written to a private folder there, then checked and imported
exactly as files on this machine are, so the server checks what it stores."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pydantic import Base64Bytes
from sqlalchemy.engine import Engine

from lhrctl.services.access import Operator
from lhrctl.services.staff_import import ImportSummary, check_staff_files, import_staff_files
from lhrctl.staff_files.options import ReadOptions
from lhrctl.staff_files.workers import Progress


@dataclass(frozen=True)
class Upload:
    """A staff file from a workstation: the name the officer gave it, and its bytes."""

    name: str
    content: Base64Bytes


@contextmanager
def saved(files: list[Upload]) -> Iterator[list[Path]]:
    """The uploads as files in a private folder, each under the name the officer gave it (its
    last part only: no ../ out of it), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="lhrctl-upload-") as folder:
        paths = []
        for number, upload in enumerate(files):
            path = Path(folder) / str(number) / Path(upload.name).name
            path.parent.mkdir(mode=0o700)
            path.write_bytes(upload.content)
            paths.append(path)
        yield paths


def import_uploaded_staff(
    engine: Engine,
    operator: Operator,
    files: list[Upload],
    *,
    today: date,
    org: str | None = None,
    options: ReadOptions = ReadOptions(),  # noqa: B008 (frozen)
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """`progress(rows)`: the rows read so far of the file being read."""
    with saved(files) as paths:
        directory, checked = check_staff_files(
            engine,
            paths,
            today=today,
            org=org,
            options=options,
            progress=lambda _name: nullcontext(progress),
        )
        # the audit log, the records' history and the summary name each file as the officer
        # did, not by where this server saved it
        named = [replace(f, path=Path(u.name)) for f, u in zip(checked, files, strict=True)]
        done = import_staff_files(
            engine, operator, named, directory, skip_invalid=skip_invalid, dry_run=dry_run
        )
        return done.summary()
