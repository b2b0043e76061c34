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
from lhrctl.server.wire import (
    API,
    CARD_HEADER,
    OPERATION_HEADER,
    STATUS,
    VERSION_HEADER,
    error_body,
    too_large,
)
from lhrctl.services import tokens
from lhrctl.services.access import Operator
from lhrctl.services.operations import (
    OPERATIONS,
    Operation,
    decode,
    decode_arguments,
    encode,
    encode_json,
    fingerprint,
    run_here,
)
from lhrctl.services.reach import check_reach


def _error_response(error: LhrError, status: int | None = None) -> JSONResponse:
    return JSONResponse(error_body(error), status_code=status or STATUS.get(error.exit_code, 500))


def other_version(theirs: str | None, operation: str | None = None) -> DatabaseError:
    command = f"`{operation.replace('_', ' ')}`" if operation else None
    return DatabaseError(
        f"This lhrctl ({theirs or '?'}) and the server ({__version__}) differ in "
        f"{command or 'the way they talk'}.",
        f"lhrctl เครื่องนี้ (รุ่น {theirs or '?'}) กับเครื่องแม่ข่าย (รุ่น {__version__}) "
        f"{f'ทำคำสั่ง {command} ต่างกัน' if command else 'สื่อสารกันไม่ได้'}",
        hint_en=f"Install lhrctl {__version__} on this workstation.",
        hint_th=f"ติดตั้ง lhrctl รุ่น {__version__} ที่เครื่องนี้",
    )


def _refusal_before_reading(
    request: Request, fingerprints: dict[str, str], max_upload: int
) -> JSONResponse | None:
    """A request refused from its headers alone: no lhrctl, an operation this server does not
    have in the client's shape, or a body over the limit (whose length must be said first)."""
    theirs = request.headers.get(VERSION_HEADER)
    if theirs is None:
        return _error_response(other_version(None))
    prefix = f"{API}/ops/"
    if request.url.path.startswith(prefix):
        name = request.url.path.removeprefix(prefix)
        if fingerprints.get(name) != request.headers.get(OPERATION_HEADER):
            return _error_response(other_version(theirs, name))
    if request.method == "POST":
        size = request.headers.get("content-length", "")
        if not size.isdigit():
            unsized = UsageError(
                "The request does not say its length (Content-Length).",
                "คำขอไม่ได้ระบุขนาดของข้อมูล (Content-Length)",
            )
            return _error_response(unsized, 411)
        if int(size) > max_upload:
            return _error_response(too_large(int(size), max_upload), 413)
    return None


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


def make_app(engine: Engine, *, session_minutes: int = 5, max_upload_mb: int = 100) -> FastAPI:
    app = FastAPI(title="lhrctl", version=__version__, docs_url=None, redoc_url=None)
    fingerprints = {name: fingerprint(name) for name in OPERATIONS}
    max_upload = max_upload_mb * 1_000_000

    @app.middleware("http")
    async def checked_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path.startswith(API) and request.url.path != f"{API}/version":
            refused = _refusal_before_reading(request, fingerprints, max_upload)
            if refused is not None:
                return refused
        return await call_next(request)

    @app.exception_handler(LhrError)
    async def lhr_error(_request: Request, error: LhrError) -> JSONResponse:
        return _error_response(error)

    @app.get(f"{API}/version")
    def version() -> dict[str, Any]:
        return {"version": __version__, "max_upload_bytes": max_upload}

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
    return make_app(
        engine, session_minutes=settings.session_minutes, max_upload_mb=settings.max_upload_mb
    )


__all__ = ["CARD_HEADER", "make_app"]
