"""`lhrctl import orgs [FILE]`: the DLA registry of LAOs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import sign_in

app = typer.Typer(help="Import the LAO registry and staff records.", no_args_is_help=True)


@app.command("orgs")
def orgs(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A newer registry CSV as DLA publishes it (default: the bundled copy)."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date the registry is valid from, BE or CE (default: today)."),
    ] = None,
) -> None:
    """Load DLA's registry of LAOs. Renamed, upgraded or merged LAOs get new effective dates;
    none is deleted. Importing the same registry twice changes nothing. Needs a DLA admin."""
    from lhrctl.dates import parse_date_arg
    from lhrctl.importers.registry import read_registry
    from lhrctl.services import registry
    from lhrctl.services.clock import today

    st = state(ctx)
    ui = st.ui
    effective = parse_date_arg(as_of, "--as-of") if as_of else today()
    entries = read_registry(file)  # a bad file fails here, before anyone taps a card
    source = str(file) if file else "bundled:lao-registry.csv"
    operator = sign_in(st, "import_orgs")
    changes = registry.import_registry(st.engine, operator, entries, source, effective)
    if st.json:
        ui.emit_json(
            {
                "source": changes.source,
                "as_of": changes.as_of,
                "new": changes.new,
                "changed": changes.changed,
                "retired": changes.retired,
                "unchanged": changes.unchanged,
            }
        )
        return
    ui.info(
        f"LAO registry {source}, valid from {ui.date(effective)}:",
        f"ทะเบียน อปท. {source} มีผลตั้งแต่ {ui.date(effective)}:",
    )
    ui.table(
        [
            ui.t("New", "ใหม่"),
            ui.t("Changed", "เปลี่ยนแปลง"),
            ui.t("Left", "ออกจากทะเบียน"),
            ui.t("Unchanged", "คงเดิม"),
        ],
        [(changes.new, changes.changed, changes.retired, changes.unchanged)],
    )
