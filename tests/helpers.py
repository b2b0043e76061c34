"""Helpers the tests share: the in-process card slot and the scripted card connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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
