"""`lhrctl serve`: the HTTP API over the operations registry, one route per operation.

The server holds the database and the audit key; officers' workstations hold neither. Every
request carries the client's version, and every operation that needs an officer carries a token
from `/sign-in` and the binding of the card it came from: the server decides who is acting.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import anyio
from fastapi import Body, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.engine import Engine

from lhrctl import __version__
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import DatabaseError, LhrError, UsageError
from lhrctl.server.wire import API, CARD_HEADER, STATUS, VERSION_HEADER, error_body
from lhrctl.services import tokens
from lhrctl.services.access import Operator
from lhrctl.services.operations import (
    OPERATIONS,
    Operation,
    decode,
    decode_arguments,
    encode,
    encode_json,
    run_here,
)
from lhrctl.services.reach import check_reach


def _error_response(error: LhrError) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=STATUS.get(error.exit_code, 500))


def other_version(theirs: str | None) -> DatabaseError:
    return DatabaseError(
        f"This lhrctl is version {theirs or '?'}; the server runs {__version__}.",
        f"lhrctl เครื่องนี้รุ่น {theirs or '?'} แต่เครื่องแม่ข่ายรุ่น {__version__}",
        hint_en=f"Install lhrctl {__version__} on this workstation.",
        hint_th=f"ติดตั้ง lhrctl รุ่น {__version__} ที่เครื่องนี้",
    )


# What one signs in for: the commands of the registry, and the reads that need an officer here.
COMMANDS = {op.sign_in for op in OPERATIONS.values() if op.signed_in or op.signs_in_nationally}


def _card(data: dict[str, Any]) -> ThaiIdCard:
    from pydantic import ValidationError

    try:
        card: ThaiIdCard = decode(ThaiIdCard, data)
    except ValidationError as exc:
        raise UsageError(
            "The card's data sent to the server are not a Thai ID card's.",
            "ข้อมูลบัตรที่ส่งมาไม่ใช่ข้อมูลบัตรประจำตัวประชาชน",
        ) from exc
    return card


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def _streamed(
    engine: Engine, op: Operation, operator: Operator | None, values: dict[str, Any]
) -> StreamingResponse:
    """Long work in a thread of its own, its progress sent as it happens, one JSON object a
    line, then its result or its error. A client that goes away (Ctrl-C) stops the work at its
    next progress step, which then ends as a cancelled command: its transaction rolls back."""
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    gone = threading.Event()

    def progress(rows: int) -> None:
        if gone.is_set():
            raise UsageError("Cancelled: nothing was changed.", "ยกเลิกแล้ว ไม่มีการเปลี่ยนแปลง")
        events.put(("progress", rows))

    def work() -> None:
        try:
            result = run_here(op, engine, operator, {**values, "progress": progress})
            events.put(("result", encode(op.result_type(), result)))
        except LhrError as error:
            events.put(("error", error_body(error)))
        except Exception as error:  # the server's own fault: said, and logged by the thread
            failed = LhrError(f"The server failed: {error!r}", f"เครื่องแม่ข่ายขัดข้อง: {error!r}")
            events.put(("error", error_body(failed)))
            raise

    threading.Thread(target=work, name=f"lhrctl {op.name}", daemon=True).start()

    async def lines() -> AsyncIterator[bytes]:
        # a client that disconnects cancels this generator at its await: `finally` runs then
        try:
            while True:
                kind, payload = await anyio.to_thread.run_sync(events.get, abandon_on_cancel=True)
                yield json.dumps({kind: payload}, ensure_ascii=False).encode() + b"\n"
                if kind != "progress":
                    return
        finally:
            gone.set()

    return StreamingResponse(lines(), media_type="application/x-ndjson")


def _route(engine: Engine, op: Operation) -> Callable[..., Response]:
    def run(
        arguments: dict[str, Any] = Body(default_factory=dict),  # noqa: B008 (FastAPI's way)
        authorization: str | None = Header(None),
        x_lhr_card: str = Header(""),
    ) -> Response:
        values = decode_arguments(op, arguments)
        operator = None
        if op.signed_in or op.signs_in_nationally:
            operator = tokens.operator_for(engine, _bearer(authorization), x_lhr_card, op)
            if op.signs_in_nationally:
                check_reach(engine, op.name, op.reach, operator, values)
        if op.streams:
            return _streamed(engine, op, operator, values)
        result = run_here(op, engine, operator, values)
        return Response(encode_json(op.result_type(), result), media_type="application/json")

    run.__name__ = op.name
    return run


def make_app(engine: Engine, *, session_minutes: int = 5) -> FastAPI:
    app = FastAPI(title="lhrctl", version=__version__, docs_url=None, redoc_url=None)

    @app.middleware("http")
    async def same_version(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        theirs = request.headers.get(VERSION_HEADER)
        if request.url.path.startswith(API) and theirs != __version__:
            return _error_response(other_version(theirs))
        return await call_next(request)

    @app.exception_handler(LhrError)
    async def lhr_error(_request: Request, error: LhrError) -> JSONResponse:
        return _error_response(error)

    @app.get(f"{API}/version")
    def version() -> dict[str, str]:
        return {"version": __version__}

    @app.post(f"{API}/sign-in")
    def sign_in(
        card: dict[str, Any] = Body(),  # noqa: B008
        password: str = Body(),
        command: str = Body(),
    ) -> dict[str, Any]:
        if command not in COMMANDS:
            raise UsageError(f"No command signs in as {command!r}.", f"ไม่มีคำสั่ง {command!r}")
        token, operator = tokens.issue(
            engine,
            _card(card),
            lambda: password,
            command=command,
            minutes=session_minutes,
        )
        return {"token": token, "operator": encode(Operator, operator)}

    for op in OPERATIONS.values():
        app.add_api_route(f"{API}/ops/{op.name}", _route(engine, op), methods=["POST"])
    return app


CONFIG_ENV = "LHR_SERVER_CONFIG"  # how `serve` tells its worker processes their configuration


def from_environment() -> FastAPI:
    """The app of one worker process of `lhrctl serve` (uvicorn's factory)."""
    import os
    from pathlib import Path

    from lhrctl import db
    from lhrctl.server.config import ServerConfig

    settings = ServerConfig.read(Path(os.environ[CONFIG_ENV]))
    engine = db.make_engine(settings.database_url, pooled=True)
    return make_app(engine, session_minutes=settings.session_minutes)


__all__ = ["CARD_HEADER", "make_app"]
