"""The global options of one invocation, shared by every command through the Typer context."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import typer

from lhrctl.commands._language import default_lang

if TYPE_CHECKING:
    from typing import Any

    from sqlalchemy.engine import Engine

    from lhrctl.auth.thaiid import ThaiIdCard
    from lhrctl.commands._ui import Ui
    from lhrctl.server.client import Credential, Server
    from lhrctl.services.access import Operator


@dataclass
class AppState:
    db_url: str | None = None
    json: bool = False
    quiet: bool = False
    lang: str = field(default_factory=default_lang)
    reader: str | None = None
    server_url: str | None = None  # --server / LHR_SERVER: every operation goes through it
    credential: Credential | None = None  # this command's sign-in on the server

    @cached_property
    def ui(self) -> Ui:
        from lhrctl.commands._ui import Ui

        return Ui(json_mode=self.json, quiet=self.quiet, lang=self.lang)

    @cached_property
    def server(self) -> Server:
        from lhrctl.server.client import Server

        return Server(self.server_url or "")

    @cached_property
    def engine(self) -> Engine:
        from lhrctl import db
        from lhrctl.errors import UsageError

        if self.server_url:
            raise UsageError(
                "This command does not work through a server yet; run it on the server host.",
                "คำสั่งนี้ยังใช้ผ่านเครื่องแม่ข่ายไม่ได้ ให้สั่งที่เครื่องแม่ข่าย",
            )

        loose = db.tighten_sqlite_file(self.db_url)
        if loose is not None:
            self.ui.warn(
                f"{loose} could be read by other users of this machine; now only you can (0600).",
                f"ผู้ใช้อื่นในเครื่องอ่าน {loose} ได้ ปรับให้อ่านได้เฉพาะท่านแล้ว (0600)",
            )
        return db.make_engine(self.db_url)

    def ready_engine(self) -> Engine:
        """The engine, after checking that the schema is the one this version expects."""
        from lhrctl import db

        db.require_current_schema(self.engine)
        return self.engine

    def ready(self) -> None:
        """The database (its schema current), or the server (its version ours), answers: before
        an officer is asked for a card."""
        if self.server_url:
            self.server.check_version()
        else:
            self.ready_engine()

    def run(self, op: str, operator: Operator | None = None, /, **arguments: Any) -> Any:
        """One operation of the registry: through the server with --server, else in-process."""
        from lhrctl.services.operations import OPERATIONS, run_here

        if self.server_url:
            self.sign_in_for_server(op, card=arguments.get("card"))
            return self.server.call(op, self.credential, arguments)
        return run_here(OPERATIONS[op], self.ready_engine(), operator, arguments)

    def sign_in_for_server(self, op: str, *, card: ThaiIdCard | None = None) -> None:
        """Through a server, the reads an office makes of its own database without a sign-in
        need an officer signed in (`services.reach`): sign in for them, once, before any bar
        is drawn. Does nothing in-process, or when this command has signed in already."""
        from lhrctl.services.operations import OPERATIONS

        if self.server_url and self.credential is None and OPERATIONS[op].signs_in_nationally:
            from lhrctl.commands._signin import sign_in

            sign_in(self, OPERATIONS[op].sign_in, card=card)


def state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
