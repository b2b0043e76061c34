"""What client and server agree on: the paths, the headers, and errors as JSON."""

from __future__ import annotations

from typing import Any

from lhrctl.errors import (
    Conflict,
    DatabaseError,
    Findings,
    InputUnreadable,
    LhrError,
    NotAllowed,
    ReaderUnavailable,
    SignInFailed,
    UsageError,
)

API = "/api/v1"
VERSION_HEADER = "X-LHR-Version"  # client and server must be the same version
CARD_HEADER = "X-LHR-Card"  # the binding of the card in the client's reader

ERRORS: dict[int, type[LhrError]] = {
    e.exit_code: e
    for e in (
        Findings,
        UsageError,
        SignInFailed,
        NotAllowed,
        ReaderUnavailable,
        Conflict,
        InputUnreadable,
        DatabaseError,
    )
}
STATUS = {1: 422, 2: 400, 3: 401, 4: 403, 5: 400, 6: 409, 7: 400, 8: 503}


def error_body(error: LhrError) -> dict[str, Any]:
    return {
        "exit_code": error.exit_code,
        "en": error.en,
        "th": error.th,
        "hint_en": error.hint_en,
        "hint_th": error.hint_th,
    }


def error_from(body: dict[str, Any]) -> LhrError:
    """The server's error as the client raises it: same class, exit code and words."""
    kind = ERRORS.get(int(body.get("exit_code", 8)), DatabaseError)
    return kind(
        str(body.get("en", "")),
        body.get("th"),
        hint_en=body.get("hint_en"),
        hint_th=body.get("hint_th"),
    )
