"""Helpers the tests share: the in-process card slot, the scripted card connection, and the check
that a file lhrctl wrote carries no live spreadsheet formula."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lhrctl.auth.thaiid import ThaiIdReader
from tests.cardsim import ThaiIdCardModel


class ScriptedConnection:
    """Answers APDUs from the card model and keeps every APDU sent."""

    def __init__(self, card: ThaiIdCardModel) -> None:
        self.card = card
        self.sent: list[list[int]] = []

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        from lhrctl.auth.card import CardRemoved

        self.sent.append(apdu)
        if self.card.remove_after and len(self.sent) > self.card.remove_after:
            raise CardRemoved()  # what the PC/SC adapter raises when the card leaves mid-read
        reply = self.card.respond(bytes(apdu))
        return list(reply[:-2]), reply[-2], reply[-1]


@dataclass
class LocalSlot:
    """A card slot without pcscd: lhrctl's card adapter answered in-process by the card model.

    Tests of what lhrctl does once an operator is signed in use this; the sign-in tests and a few
    end-to-end flows (marked `pcsc`) put the card through the real pcscd instead.
    """

    card: ThaiIdCardModel | None = None
    opened: list[str] = field(default_factory=list)

    def insert(self, card: ThaiIdCardModel, *, wait: bool = True) -> None:
        self.card = card

    def remove(self) -> None:
        self.card = None

    @contextmanager
    def open_card(
        self, reader: str | None = None, *, timeout: float | None = None, status: object = None
    ) -> Iterator[ThaiIdReader]:
        from lhrctl.auth.card import NoCard, card_timeout

        if self.card is None:
            raise NoCard(card_timeout() if timeout is None else timeout)
        self.opened.append(self.card.national_id)
        yield ThaiIdReader(ScriptedConnection(self.card), list(self.card.atr))


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def assert_inert(path: Path) -> list[object]:
    """Every value of a CSV or XLSX file lhrctl wrote is inert: no XLSX cell is a formula, no CSV
    value starts as one would. Returns the values, to check what they say."""
    import csv

    from openpyxl import load_workbook

    if path.suffix == ".xlsx":
        cells = [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], path
        return [c.value for c in cells]
    with path.open(encoding="utf-8", newline="") as f:
        values: list[object] = [v for row in csv.reader(f) for v in row]
    assert [v for v in values if str(v).startswith(FORMULA_LEADS) and not _number(v)] == [], path
    return values


def _number(value: object) -> bool:
    """`-5.0` in a CSV is a number: numbers stay numbers."""
    try:
        float(str(value))
    except ValueError:
        return False
    return True
