"""The Thai national ID card's APDU protocol, independent of any smart-card library.

`read_card` talks to anything with `transmit(apdu) -> (data, sw1, sw2)`: the pyscard adapter in
`card.py` in production, a scripted connection in unit tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from lhrctl.errors import SignInFailed
from lhrctl.thai import ce_year

THAI_ID_APPLET = [0xA0, 0x00, 0x00, 0x00, 0x54, 0x48, 0x00, 0x01]
SELECT = [0x00, 0xA4, 0x04, 0x00, len(THAI_ID_APPLET)]

# (offset, length) of each field inside the applet, from the card's public layout.
NATIONAL_ID = (0x0004, 13)
NAME_TH = (0x0011, 100)
NAME_EN = (0x0075, 100)
BIRTH_DATE = (0x00D9, 8)
GENDER = (0x00E1, 1)
ISSUER = (0x00F6, 100)
ISSUE_DATE = (0x0167, 8)
EXPIRY_DATE = (0x016F, 8)
ADDRESS = (0x1579, 100)
PHOTO_START = 0x017B
PHOTO_PART = 255
PHOTO_PARTS = 20
# The binding digest covers this many photo parts: chip data nobody can read off the printed card.
BINDING_PHOTO_PARTS = 3


class CardConnection(Protocol):
    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]: ...


class NotThaiIdCard(SignInFailed):
    def __init__(self) -> None:
        super().__init__(
            "The card in the reader is not a Thai national ID card.",
            "บัตรในเครื่องอ่านไม่ใช่บัตรประจำตัวประชาชน",
            hint_en="Insert your own Thai national ID card.",
            hint_th="เสียบบัตรประจำตัวประชาชนของท่าน",
        )


class CardReadError(SignInFailed):
    def __init__(self, what: str, sw1: int, sw2: int) -> None:
        super().__init__(
            f"The card refused to give its {what} (status {sw1:02X} {sw2:02X}).",
            f"อ่านข้อมูล {what} จากบัตรไม่ได้ (สถานะ {sw1:02X} {sw2:02X})",
            hint_en="Take the card out, insert it again and retry.",
            hint_th="ถอดบัตรแล้วเสียบใหม่ จากนั้นลองอีกครั้ง",
        )


@dataclass(frozen=True)
class ThaiIdCard:
    national_id: str
    title_th: str
    first_name_th: str
    middle_name_th: str
    last_name_th: str
    name_en: str
    birth_date_be: str  # YYYYMMDD in the Buddhist Era, 0000 for an unknown month/day
    gender: str | None  # "male", "female"
    issuer: str
    issue_date_be: str
    expiry_date_be: str
    address: str
    atr: str
    binding: str  # sha256 over chip data that is not printed on the card
    photo: bytes | None = None  # the JPEG, only when asked for (20 more reads)

    @property
    def full_name_th(self) -> str:
        parts = [self.first_name_th, self.middle_name_th, self.last_name_th]
        return self.title_th + " ".join(p for p in parts if p)

    @property
    def expiry_date(self) -> date | None:
        """The expiry as a Gregorian date; None for a card valid for life."""
        return card_date(self.expiry_date_be)

    def is_expired(self, today: date) -> bool:
        expiry = self.expiry_date
        return expiry is not None and expiry < today

    def as_dict(self, today: date, *, full_id: bool = False) -> dict[str, object]:
        """The card's fields for scripts: no photo, the national ID masked unless `full_id`."""
        from dataclasses import asdict

        from lhrctl.national_id import mask_national_id

        data = asdict(self)
        data.pop("photo")
        data["national_id"] = self.national_id if full_id else mask_national_id(self.national_id)
        data["expired"] = self.is_expired(today)
        return data


def card_date(raw: str) -> date | None:
    """A card date (BE YYYYMMDD) as a Gregorian date; None when unknown or 'for life' (9999…)."""
    if len(raw) != 8 or not raw.isdigit() or raw.startswith("9999"):
        return None
    year, month, day = ce_year(int(raw[:4])), int(raw[4:6]), int(raw[6:])
    if month == 0 or day == 0:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def get_response_p2(atr: list[int]) -> int:
    """Cards whose ATR begins 3B 67 want GET RESPONSE with P2=01; all others P2=00."""
    return 0x01 if atr[:2] == [0x3B, 0x67] else 0x00


class ThaiIdReader:
    def __init__(self, connection: CardConnection, atr: list[int]) -> None:
        self._conn = connection
        self._atr = atr
        self._p2 = get_response_p2(atr)

    def select(self) -> None:
        _, sw1, sw2 = self._conn.transmit(SELECT + THAI_ID_APPLET)
        if sw1 == 0x61 or (sw1, sw2) == (0x90, 0x00):
            return
        if (sw1, sw2) == (0x6A, 0x82):
            raise NotThaiIdCard()
        raise CardReadError("applet", sw1, sw2)

    def read(self, offset: int, length: int, what: str = "data") -> bytes:
        apdu = [0x80, 0xB0, offset >> 8, offset & 0xFF, 0x02, 0x00, length]
        data, sw1, sw2 = self._conn.transmit(apdu)
        if sw1 == 0x61:
            data, sw1, sw2 = self._conn.transmit([0x00, 0xC0, 0x00, self._p2, sw2 or length])
        if (sw1, sw2) != (0x90, 0x00):
            raise CardReadError(what, sw1, sw2)
        return bytes(data)

    def text(self, field: tuple[int, int], what: str) -> str:
        raw = self.read(*field, what=what)
        return raw.decode("tis-620", errors="replace").replace("\x00", " ").strip()

    def photo_part(self, index: int) -> bytes:
        return self.read(PHOTO_START + index * PHOTO_PART, PHOTO_PART, what="photo")

    def photo(self) -> bytes:
        jpeg = b"".join(self.photo_part(i) for i in range(PHOTO_PARTS))
        end = jpeg.rfind(b"\xff\xd9")
        return jpeg[: end + 2] if end >= 0 else jpeg.rstrip(b"\x00 ")

    def read_card(self, *, photo: bool = False) -> ThaiIdCard:
        self.select()
        national_id = self.text(NATIONAL_ID, "national ID")
        title, first, middle, last = _split_name(self.text(NAME_TH, "Thai name"))
        name_en = " ".join(p for p in _split_name(self.text(NAME_EN, "English name")) if p)
        issue_raw = self.text(ISSUE_DATE, "issue date")
        expiry_raw = self.text(EXPIRY_DATE, "expiry date")
        digest = hashlib.sha256()
        for part in (national_id.encode(), issue_raw.encode(), expiry_raw.encode()):
            digest.update(part + b"\x1f")
        for i in range(BINDING_PHOTO_PARTS):
            digest.update(self.photo_part(i))
        gender = {"1": "male", "2": "female"}.get(self.text(GENDER, "gender"))
        return ThaiIdCard(
            national_id=national_id,
            title_th=title,
            first_name_th=first,
            middle_name_th=middle,
            last_name_th=last,
            name_en=name_en,
            birth_date_be=self.text(BIRTH_DATE, "date of birth"),
            gender=gender,
            issuer=self.text(ISSUER, "issuer"),
            issue_date_be=issue_raw,
            expiry_date_be=expiry_raw,
            address=" ".join(self.text(ADDRESS, "address").replace("#", " ").split()),
            atr=" ".join(f"{b:02X}" for b in self._atr),
            binding=digest.hexdigest(),
            photo=self.photo() if photo else None,
        )


def _split_name(raw: str) -> tuple[str, str, str, str]:
    parts = [p.strip() for p in raw.split("#")] + ["", "", "", ""]
    return parts[0], parts[1], parts[2], parts[3]
