"""The one error family of lhrctl.

Every failure a user can meet is an `LhrError` subclass carrying the exit code of DESIGN.md and a
message in Thai and English (plus an optional hint: the next thing to do). `cli.py` has the one
handler that renders them; services only raise.
"""

from __future__ import annotations


class LhrError(Exception):
    exit_code = 1

    def __init__(
        self,
        en: str,
        th: str | None = None,
        *,
        hint_en: str | None = None,
        hint_th: str | None = None,
    ) -> None:
        super().__init__(en)
        self.en = en
        self.th = th or en
        self.hint_en = hint_en
        self.hint_th = hint_th or hint_en

    def message(self, lang: str) -> str:
        return self.th if lang == "th" else self.en

    def hint(self, lang: str) -> str | None:
        return self.hint_th if lang == "th" else self.hint_en


class Findings(LhrError):
    """Validation errors or rejected rows (the data is at fault, not the command)."""

    exit_code = 1


class UsageError(LhrError):
    """A wrong argument: an unknown LAO code, a bad date, a missing confirmation."""

    exit_code = 2


class SignInFailed(LhrError):
    """Card or password rejected: unknown card, wrong password, locked account, expired card."""

    exit_code = 3


class NotAllowed(LhrError):
    """The operator's role or scope does not cover the action, or the data is locked."""

    exit_code = 4


class ReaderUnavailable(LhrError):
    """No smart-card service, no reader, or a reader that may not be used."""

    exit_code = 5


class Conflict(LhrError):
    """The action clashes with the current state (already done, already exists, raced)."""

    exit_code = 6


class InputUnreadable(LhrError):
    """A file that is missing, unreadable or not in a format lhrctl reads."""

    exit_code = 7


class DatabaseError(LhrError):
    """The database cannot be reached, or its schema is not the one this version expects."""

    exit_code = 8
