"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

SheetOption = Annotated[str | None, typer.Option("--sheet", help="Only this sheet.")]
MappingOption = Annotated[
    Path | None,
    typer.Option("--mapping", help="TOML file giving the meaning of unknown column headers."),
]
