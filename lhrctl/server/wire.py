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
VERSION_HEADER = "X-LHR-Version"  # the client's release, for the words of a refusal
OPERATION_HEADER = "X-LHR-Operation"  # the fingerprint of the operation as the client knows it
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


def too_large(size: int, limit: int) -> UsageError:
    megabytes = f"{size / 1e6:,.1f} MB; the server takes at most {limit / 1e6:,.0f} MB"
    return UsageError(
        f"What this command sends is {megabytes} in one command.",
        f"ข้อมูลที่คำสั่งนี้ส่งมีขนาด {size / 1e6:,.1f} MB เกินที่เครื่องแม่ข่ายรับได้ ({limit / 1e6:,.0f} MB ต่อคำสั่ง)",
        hint_en="Import the files in several commands, or ask the server's administrator to "
        "raise max_upload_mb.",
        hint_th="แบ่งนำเข้าเป็นหลายคำสั่ง หรือขอให้ผู้ดูแลเครื่องแม่ข่ายเพิ่ม max_upload_mb",
    )


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
