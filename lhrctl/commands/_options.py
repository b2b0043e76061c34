"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

StaffFilesArgument = Annotated[
    list[Path], typer.Argument(help="Staff workbooks (.xlsx, .xls) or CSV files, or folders.")
]
FilesOrgOption = Annotated[str | None, typer.Option("--org", help="7-digit LAO code of the files.")]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="Only this sheet.")]
MaxColumnsOption = Annotated[
    int,
    typer.Option("--max-columns", min=1, help="Refuse a sheet wider than this (a stray cell)."),
]
MaxCellsOption = Annotated[
    int,
    typer.Option("--max-cells", min=1, help="Refuse a sheet of more cells (rows x columns)."),
]
TypeOption = Annotated[
    str | None,
    typer.Option(
        "--type",
        help="Personnel type of the rows whose file gives none (e.g. contract_general or "
        "พนักงานจ้างทั่วไป).",
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option("--mapping", help="TOML file giving the meaning of unknown column headers."),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Check and count, write nothing.")]
MaxFindingsOption = Annotated[
    int, typer.Option("--max-findings", min=1, help="Show at most this many findings.")
]
ReportOption = Annotated[
    Path | None,
    typer.Option("--report", help="Write a marked-up copy of each file with its findings (.xlsx)."),
]
CycleOption = Annotated[
    str | None,
    typer.Option("--cycle", help="Three fiscal years, BE, e.g. 2570-2572 (default: the current)."),
]
RaiseOption = Annotated[
    float,
    typer.Option("--raise", min=0, help="Yearly salary raise assumed, in percent (default 6)."),
]
