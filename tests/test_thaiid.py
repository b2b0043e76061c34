"""APDU logic of the Thai ID card, against a scripted connection (no PC/SC needed)."""

from __future__ import annotations

from datetime import date

import pytest

from lhrctl.auth.thaiid import (
    CardReadError,
    NotThaiIdCard,
    ThaiIdReader,
    card_date,
    get_response_p2,
)
from tests.cardsim import ATR_NEW, ATR_OLD, ThaiIdCardModel
from tests.helpers import ScriptedConnection


def read(card: ThaiIdCardModel) -> tuple[object, ScriptedConnection]:
    conn = ScriptedConnection(card)
    return ThaiIdReader(conn, list(card.atr)).read_card(), conn


def test_reads_every_field_in_tis620() -> None:
    card, conn = read(ThaiIdCardModel())
    assert card.national_id == "1100400012348"
    assert (card.title_th, card.first_name_th, card.last_name_th) == ("นาย", "สมชาย", "ใจดี")
    assert card.full_name_th == "นายสมชาย ใจดี"
    assert card.name_en == "Mr. Somchai Jaidee"
    assert card.birth_date_be == "25200315"
    assert card.gender == "male"
    assert card.issuer == "อำเภอเมืองแพร่/แพร่"
    assert card.expiry_date == date(2031, 3, 14)
    assert card.address == "99 หมู่ที่ 1 ตำบลในเวียง อำเภอเมืองแพร่ จังหวัดแพร่"
    assert conn.sent[0] == [0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0, 0, 0, 0x54, 0x48, 0, 0x01]
    assert conn.sent[1] == [0x80, 0xB0, 0x00, 0x04, 0x02, 0x00, 13]


def test_atr_3b67_asks_get_response_with_p2_01() -> None:
    assert get_response_p2(list(ATR_OLD)) == 0x01
    assert get_response_p2(list(ATR_NEW)) == 0x00
    card, conn = read(ThaiIdCardModel(atr_form="old"))
    assert card.national_id == "1100400012348"
    get_responses = [apdu for apdu in conn.sent if apdu[1] == 0xC0]
    assert get_responses and all(apdu[3] == 0x01 for apdu in get_responses)


def test_wrong_get_response_form_is_a_card_error() -> None:
    conn = ScriptedConnection(ThaiIdCardModel(atr_form="old"))
    with pytest.raises(CardReadError, match="national ID"):
        ThaiIdReader(conn, list(ATR_NEW)).read_card()  # the ATR lies: P2=00 is refused


def test_select_answered_9000_is_accepted() -> None:
    class Plain9000(ScriptedConnection):
        def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
            if apdu[1] == 0xA4:
                self.sent.append(apdu)
                return [], 0x90, 0x00
            return super().transmit(apdu)

    card = ThaiIdReader(Plain9000(ThaiIdCardModel()), list(ATR_NEW)).read_card()
    assert card.first_name_th == "สมชาย"


def test_card_without_the_applet_is_not_a_thai_id() -> None:
    with pytest.raises(NotThaiIdCard) as info:
        read(ThaiIdCardModel(thai_applet=False))
    assert info.value.exit_code == 3


def test_binding_depends_on_chip_data_not_printed() -> None:
    one, _ = read(ThaiIdCardModel())
    same, _ = read(ThaiIdCardModel())
    reissued, _ = read(ThaiIdCardModel(photo_seed=2))
    assert one.binding == same.binding
    assert one.binding != reissued.binding


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25200315", date(1977, 3, 15)),
        ("25430229", date(2000, 2, 29)),  # a leap day only once the BE year is converted
        ("25200000", None),  # month and day unknown
        ("99999999", None),  # a card valid for life
        ("", None),
        ("2520031", None),
    ],
)
def test_be_date(raw: str, expected: date | None) -> None:
    assert card_date(raw) == expected


def test_expiry() -> None:
    card, _ = read(ThaiIdCardModel(expiry_be="25600101"))
    assert card.is_expired(date(2026, 11, 22))
    lifetime, _ = read(ThaiIdCardModel(expiry_be="99999999"))
    assert not lifetime.is_expired(date(2026, 11, 22))
