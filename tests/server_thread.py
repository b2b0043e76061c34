"""`lhrctl serve`'s app on 127.0.0.1, in a thread of the test process, on a free port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def serving(
    db_url: str,
    *,
    session_minutes: int = 5,
    tls: tuple[str, str] | None = None,
    max_upload_mb: int = 100,
) -> Iterator[str]:
    """A real HTTP server (uvicorn) over the database; yields its URL. `tls`: certificate and
    key files, for https."""
    import uvicorn

    from lhrctl import db
    from lhrctl.server.app import make_app

    engine = db.make_engine(db_url, pooled=True)
    app = make_app(engine, session_minutes=session_minutes, max_upload_mb=max_upload_mb)
    certificate, key = tls or (None, None)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            ssl_certfile=certificate,
            ssl_keyfile=key,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        engine.dispose()
