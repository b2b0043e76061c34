"""The `--mapping` file `lhrctl inspect --write-mapping` writes: what each header was read as,
for an officer to correct and pass back."""

from __future__ import annotations

import json
from pathlib import Path

from lhrctl.writers.files import write_private_text


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def mapping_text(columns: dict[str, str], unread: list[str]) -> str:
    """`[columns]` with a line per header read; the headers not read, commented out."""
    from lhrctl.staff_files.vocabulary import HEADER_SYNONYMS

    lines = [
        "# The meaning of each column header, as lhrctl read it: correct a line or add one,",
        "# then pass this file back with --mapping. Fields:",
        f"# {', '.join(HEADER_SYNONYMS)}",
        "[columns]",
        *(f"{_toml_string(label)} = {_toml_string(field)}" for label, field in columns.items()),
    ]
    if unread:
        lines += ["", "# not read:"]
        lines += [f'# {_toml_string(label)} = ""' for label in unread]
    return "\n".join(lines) + "\n"


def write_mapping(path: Path, columns: dict[str, str], unread: list[str]) -> None:
    write_private_text(path, mapping_text(columns, unread))
