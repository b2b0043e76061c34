"""`lhrctl serve`: the national service that every office's lhrctl talks to."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lhrctl.commands._context import state


def serve(
    ctx: typer.Context,
    config: Annotated[
        Path, typer.Option("--config", help="The server's TOML file (database, key, TLS, …).")
    ],
    migrate: Annotated[
        bool,
        typer.Option(
            "--migrate",
            help="First bring the schema up to date and seal the audit log, as the owner role.",
        ),
    ] = False,
) -> None:
    # its help: commands/_index.py
    import os

    from lhrctl import db
    from lhrctl.server.config import ServerConfig

    st = state(ctx)
    settings = ServerConfig.read(config)
    if settings.audit_key:
        os.environ["LHR_AUDIT_KEY"] = settings.audit_key
    if settings.audit_anchor:
        os.environ["LHR_AUDIT_ANCHOR"] = settings.audit_anchor
    if migrate:
        from lhrctl.services.audit import seal_log

        owner = db.make_engine(settings.owner_database_url or settings.database_url)
        db.upgrade(owner)
        seal_log(owner)
    engine = db.make_engine(settings.database_url)
    db.require_current_schema(engine)
    import uvicorn

    from lhrctl.server.app import CONFIG_ENV

    scheme = "https" if settings.tls_cert else "http"
    st.ui.info(
        f"lhrctl serving {db.display_url(settings.database_url)} at "
        f"{scheme}://{settings.host}:{settings.port}",
        f"lhrctl ให้บริการ {db.display_url(settings.database_url)} ที่ "
        f"{scheme}://{settings.host}:{settings.port}",
    )
    os.environ[CONFIG_ENV] = str(config.resolve())  # each worker process reads it again
    uvicorn.run(
        "lhrctl.server.app:from_environment",
        factory=True,
        workers=settings.workers or os.cpu_count() or 1,
        host=settings.host,
        port=settings.port,
        ssl_certfile=settings.tls_cert,
        ssl_keyfile=settings.tls_key,
        log_level="warning",
    )
