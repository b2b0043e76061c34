"""`lhrctl staff export`: staff records with the canonical field names (personal data: signed in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lhrctl.commands._context import state
from lhrctl.commands._signin import sign_in

app = typer.Typer(help="Staff records.", no_args_is_help=True)


@app.command("export")
def export(
    ctx: typer.Context,
    org: Annotated[str | None, typer.Option("--org", help="Only this LAO.")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Only this province.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="json or csv.")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")
    ] = None,
) -> None:
    """Export staff records with the canonical field names; IDs in full (needs sign-in)."""
    import csv
    import io
    import json

    from lhrctl.errors import UsageError
    from lhrctl.schemas.staff import FIELDS
    from lhrctl.services.staff import export_staff

    st = state(ctx)
    if output_format not in ("json", "csv"):
        raise UsageError(f"--format {output_format}: use json or csv.", "--format ใช้ json หรือ csv")
    operator = sign_in(st, "staff_export")
    records = export_staff(st.engine, operator, org=org, province=province)
    if output_format == "json" or st.json:
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(FIELDS))
        writer.writeheader()
        writer.writerows(records)
        text = buffer.getvalue()
    if output is not None:
        output.write_text(text, encoding="utf-8")
        st.ui.success(
            f"{len(records)} record(s) written to {output}.",
            f"บันทึก {len(records)} รายการที่ {output}",
        )
    else:
        typer.echo(text, nl=False)


@app.command("template")
def template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write (.xlsx).")],
) -> None:
    """Write an empty staff workbook: canonical Thai headers, drop-down lists, date formats."""
    from lhrctl.importers.template import write_template

    st = state(ctx)
    write_template(output)
    st.ui.success(f"Template written to {output}.", f"สร้างแบบฟอร์มที่ {output} แล้ว")
