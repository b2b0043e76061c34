"""What a command may ask of lhrctl, in one registry for both ways to run.

Embedded, a command's operation runs here, in-process. Through `lhrctl serve`, the same table
makes the server's API routes and the client's calls: an operation's arguments and result cross
the wire as JSON, converted by pydantic from the service function's own annotations, so a new
operation needs no hand-written endpoint and the two modes cannot drift apart.

An operation names a service function `(engine, [operator,] **arguments)`. `command` is the
sign-in it belongs to (the audit action the officer signed in for); `final` marks the call that
ends the command, after which its sign-in cannot be used again.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, get_type_hints

from sqlalchemy.engine import Engine

from lhrctl.services.access import Operator
from lhrctl.services.reach import CARD, OFFICER, PUBLIC, SCOPE

# What the place that runs the operation supplies, never the officer: the database, who is
# signed in, the day (its own clock), and the label an audit row gets.
# `progress` is the counter of the place that shows the bar: a streamed operation's progress
# comes back to the client as it happens (`lhrctl.server`).
SKIPPED = ("engine", "operator", "today", "action_name", "progress")


@dataclass(frozen=True)
class Operation:
    name: str
    target: str  # "module:function" under lhrctl.services, imported when first used
    signed_in: bool = True
    command: str | None = None  # the sign-in it serves; by default its own name
    final: bool = True
    streams: bool = False  # long work: its progress goes to the client as it happens
    # Who may call it through a server when it needs no sign-in in-process (`services.reach`):
    # by default a signed-in officer whose scope covers its `org`/`province`.
    reach: str = SCOPE

    @property
    def signs_in_nationally(self) -> bool:
        """Through a server, an officer signs in for it, though in-process nobody does."""
        return not self.signed_in and self.reach != PUBLIC

    @property
    def sign_in(self) -> str:
        return self.command or self.name

    def function(self) -> Callable[..., Any]:
        return _function(self.target)

    def parameters(self) -> dict[str, Any]:
        """Each argument the officer's command gives, with its type."""
        return _parameters(self.target)

    def result_type(self) -> Any:
        return _hints(self.target).get("return", Any)


@cache
def _function(target: str) -> Callable[..., Any]:
    module, name = target.split(":")
    where = module if "." in module else f"lhrctl.services.{module}"
    function: Callable[..., Any] = getattr(import_module(where), name)
    return function


@cache
def _hints(target: str) -> dict[str, Any]:
    return get_type_hints(_function(target))


@cache
def _names(target: str) -> tuple[str, ...]:
    return tuple(inspect.signature(_function(target)).parameters)


@cache
def _parameters(target: str) -> dict[str, Any]:
    hints = _hints(target)
    return {name: hints[name] for name in _names(target) if name not in SKIPPED}


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("whoami", "accounts:card_holder", signed_in=False, reach=CARD),
        Operation("passwd", "accounts:change_password", signed_in=False, reach=PUBLIC),  # signs in
        Operation("user_list", "accounts:list_users"),
        Operation("user_add", "accounts:add_user"),
        Operation(
            "user_disable_review",
            "accounts:review_account_change",
            command="user_disable",
            final=False,
        ),
        Operation("user_disable", "accounts:disable_user"),
        Operation("user_unlock", "accounts:unlock_user"),
        Operation(
            "user_enable_review",
            "accounts:review_account_change",
            command="user_enable",
            final=False,
        ),
        Operation("user_enable", "accounts:enable_user"),
        Operation("audit_log", "audit:read_log"),
        Operation("audit_verify", "audit_check:verify_log", signed_in=False),
        Operation("round_open", "rounds:open_round"),
        Operation("round_close", "rounds:close_round"),
        Operation("round_list", "rounds:list_rounds", signed_in=False, reach=PUBLIC),
        Operation("import_orgs", "laos:import_registry"),
        Operation("import_staff", "staff_uploads:import_uploaded_staff", streams=True),
        Operation("import_history", "history_import:import_history"),
        Operation(
            "validate_stored", "staff_validate:validate_stored", signed_in=False, streams=True
        ),
        Operation("org_list", "laos:list_laos", signed_in=False, reach=PUBLIC),
        Operation("org_show", "laos:get_lao", signed_in=False, reach=PUBLIC),
        Operation("certify_lao_review", "certification:review", command="certify_lao", final=False),
        Operation("certify_lao", "certification:certify_lao"),
        Operation(
            "certify_province_laos",
            "certification:laos_to_certify",
            command="certify_province",
            final=False,
        ),
        Operation(
            "certify_province_review",
            "certification:review",
            command="certify_province",
            final=False,
        ),
        # one sign-in certifies several LAOs: it lasts until it expires
        Operation("certify_province", "certification:certify_province", final=False),
        Operation(
            "certify_return_review",
            "certification:review_return",
            command="certify_return",
            final=False,
        ),
        Operation("certify_return", "certification:return_lao"),
        Operation("certify_status", "certification:status", signed_in=False, reach=PUBLIC),
        Operation("certify_verify", "certification:verify", signed_in=False),
        Operation("transfer_create", "transfers:create_transfer"),
        Operation(
            "transfer_approve_review",
            "transfers:review_approval",
            command="transfer_approve",
            final=False,
        ),
        Operation("transfer_approve", "transfers:approve_transfer"),
        Operation("transfer_receive", "transfers:receive_transfer"),
        Operation("transfer_reject", "transfers:reject_transfer"),
        Operation("transfer_cancel", "transfers:cancel_transfer"),
        Operation("transfer_list", "transfers:list_transfers"),
        Operation("transfer_show", "transfers:show_transfer"),
        Operation("registrar_review", "registrars:review", command="registrar_set", final=False),
        Operation("registrar_set", "registrars:set_registrars"),
        Operation("registrar_holders", "registrars:holders", signed_in=False),
        Operation("staff_export", "staff:export_staff", streams=True),
        Operation("staff_list", "staff:list_staff"),
        Operation("staff_show", "staff:show_staff"),
        Operation("staff_kp7", "staff:kp7_record"),
        Operation("plan_import", "plans:import_plan"),
        Operation("plan_show", "plans:show_plan", signed_in=False),
        Operation("plan_check", "plans:check_plan", signed_in=False),
        Operation("plan_submit", "plans:submit_plan"),
        Operation("plan_approve", "plans:approve_plan"),
        Operation("plan_return", "plans:return_plan"),
        Operation("conference_room_add", "conference:add_room"),
        Operation("conference_rooms", "conference:list_rooms", signed_in=False, reach=PUBLIC),
        Operation("conference_book", "conference:book"),
        Operation(
            "conference_bookings",
            "conference:bookings",
            signed_in=False,
            reach=OFFICER,
            command="conference_list",  # `conference list --mine` signs in to name the booker
        ),
        Operation("conference_form", "conference:request_form"),
        Operation("conference_approve", "conference:approve"),
        Operation("conference_reject", "conference:reject"),
        Operation("conference_cancel", "conference:cancel"),
        Operation("conference_join_info", "conference:join_info", signed_in=False, reach=OFFICER),
        Operation("report_progress", "progress:progress_report", signed_in=False, reach=PUBLIC),
        Operation("report_retirements", "retirements:retirements"),
        Operation("report_plans", "plans:plans_report", signed_in=False),
    )
}


def run_here(
    op: Operation, engine: Engine, operator: Operator | None, arguments: dict[str, Any]
) -> Any:
    """The operation in this process, on this engine, on this place's today."""
    function = op.function()
    if "today" in _names(op.target):
        from lhrctl.services.clock import today

        arguments = {**arguments, "today": today()}
    if op.signed_in:
        return function(engine, operator, **arguments)
    return function(engine, **arguments)


@cache
def _adapter(kind: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


def encode(kind: Any, value: Any) -> Any:
    """A value of `kind` as JSON-ready data."""
    return _adapter(kind).dump_python(value, mode="json")


def encode_json(kind: Any, value: Any) -> bytes:
    """A value of `kind` as JSON text, in one pass (pydantic's, not Python's): a national report
    of 7,849 LAOs is a large answer."""
    data: bytes = _adapter(kind).dump_json(value)
    return data


def decode_json(kind: Any, text: bytes) -> Any:
    return _adapter(kind).validate_json(text)


def decode(kind: Any, data: Any) -> Any:
    """JSON data back into a value of `kind` (dataclasses, dates, lists of them)."""
    return _adapter(kind).validate_python(data)


def encode_arguments(op: Operation, arguments: dict[str, Any]) -> dict[str, Any]:
    kinds = op.parameters()
    return {name: encode(kinds[name], value) for name, value in arguments.items() if name in kinds}


def decode_arguments(op: Operation, data: dict[str, Any]) -> dict[str, Any]:
    """The arguments a client sent, each checked against its type; unknown ones refused."""
    from lhrctl.errors import UsageError

    kinds = op.parameters()
    unknown = set(data) - set(kinds)
    if unknown:
        raise UsageError(
            f"Operation {op.name} takes no argument {', '.join(sorted(unknown))}.",
            f"คำสั่ง {op.name} ไม่มีอาร์กิวเมนต์ {', '.join(sorted(unknown))}",
        )
    from pydantic import ValidationError

    decoded = {}
    for name, value in data.items():
        try:
            decoded[name] = decode(kinds[name], value)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]
            raise UsageError(
                f"Operation {op.name}: {name} is not valid ({problem}).",
                f"คำสั่ง {op.name}: อาร์กิวเมนต์ {name} ไม่ถูกต้อง ({problem})",
            ) from exc
    return decoded


@cache
def fingerprint(name: str) -> str:
    """What client and server must agree on for one operation: its arguments and result as JSON
    schemas, and how it is called. Releases that differ elsewhere still work together; one that
    changed this operation is told so when it calls it."""
    import hashlib
    import json

    op = OPERATIONS[name]
    shape = {
        "arguments": {
            arg: _adapter(kind).json_schema(mode="validation")
            for arg, kind in op.parameters().items()
        },
        "result": _adapter(op.result_type()).json_schema(mode="serialization"),
        "call": [op.sign_in, op.signed_in, op.final, op.streams, op.reach],
    }
    text = json.dumps(shape, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
