"""A virtual Thai national ID card, played to pcscd through the vsmartcard-vpcd driver.

`ThaiIdCardModel.respond` answers APDUs as a real card does (SELECT, READ BINARY with `61 xx`,
GET RESPONSE with the P2 form its ATR calls for). `serve` connects to vpcd's socket and plays the
card until the process ends; closing the socket is pulling the card out of the reader.

The vpcd wire format: each message is a 2-byte big-endian length and a payload. A 1-byte payload
is a control code (0 power off, 1 power on, 2 reset: no reply; 4: reply with the ATR); anything
longer is a command APDU to answer.
"""

from __future__ import annotations

import json
import random
import socket
import struct
from dataclasses import asdict, dataclass, field

APPLET = bytes.fromhex("A000000054480001")
LASER_APPLET = bytes.fromhex("A000000084060002")
ATR_NEW = bytes.fromhex("3B6800000073C84013009000")
ATR_OLD = bytes.fromhex("3B67000000000000009000")  # cards that want GET RESPONSE with P2=01
VPCD_HOST = "127.0.0.1"
VPCD_PORTS = {"Virtual PCD 00 00": 35963, "Virtual PCD 00 01": 35964}

SW_OK = b"\x90\x00"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_NOT_SUPPORTED = b"\x6d\x00"


def check_digit(first12: str) -> str:
    return str((11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10)


def make_national_id(seed: int) -> str:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    first12 = str(rng.randint(1, 5)) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return first12 + check_digit(first12)


@dataclass
class ThaiIdCardModel:
    national_id: str = "1100400012348"
    title_th: str = "นาย"
    first_name_th: str = "สมชาย"
    last_name_th: str = "ใจดี"
    name_en: str = "Mr.#Somchai##Jaidee"
    birth_be: str = "25200315"
    gender: str = "1"
    issuer: str = "อำเภอเมืองแพร่/แพร่"
    issue_be: str = "25650101"
    expiry_be: str = "25740314"
    address: str = "99#หมู่ที่ 1####ตำบลในเวียง#อำเภอเมืองแพร่#จังหวัดแพร่"
    photo_seed: int = 1
    atr_form: str = "new"  # "new" (3B 68) or "old" (3B 67, GET RESPONSE P2=01)
    thai_applet: bool = True  # False: a card without the applet (SELECT answers 6A 82)
    remove_after: int = 0  # close the link after this many APDUs (card pulled mid-read); 0: never
    _pending: bytes = field(default=b"", repr=False)

    @property
    def atr(self) -> bytes:
        return ATR_OLD if self.atr_form == "old" else ATR_NEW

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("_pending")
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ThaiIdCardModel:
        return cls(**json.loads(text))

    def photo(self) -> bytes:
        rng = random.Random(self.photo_seed)  # noqa: S311
        body = bytes(rng.randrange(256) for _ in range(4000))
        jpeg = b"\xff\xd8\xff\xe0" + body + b"\xff\xd9"
        return jpeg.ljust(5100, b"\x00")

    def memory(self) -> dict[int, bytes]:
        def text(value: str, length: int) -> bytes:
            return value.encode("tis-620").ljust(length, b" ")[:length]

        name = f"{self.title_th}#{self.first_name_th}##{self.last_name_th}"
        fields = {
            0x0004: text(self.national_id, 13),
            0x0011: text(name, 100),
            0x0075: text(self.name_en, 100),
            0x00D9: text(self.birth_be, 8),
            0x00E1: text(self.gender, 1),
            0x00F6: text(self.issuer, 100),
            0x0167: text(self.issue_be, 8),
            0x016F: text(self.expiry_be, 8),
            0x1579: text(self.address, 100),
        }
        photo = self.photo()
        for i in range(20):
            fields[0x017B + i * 255] = photo[i * 255 : (i + 1) * 255]
        return fields

    def respond(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        if ins == 0xA4:
            aid = apdu[5 : 5 + apdu[4]]
            if aid == APPLET and self.thai_applet:
                return b"\x61\x0a"
            return SW_NOT_FOUND
        if not self.thai_applet:
            return SW_NOT_SUPPORTED
        if cla == 0x80 and ins == 0xB0:
            offset, length = (p1 << 8) | p2, apdu[-1]
            memory = self.memory()
            if offset not in memory:
                return SW_WRONG_P1P2
            self._pending = memory[offset][:length]
            return bytes([0x61, len(self._pending)])
        if ins == 0xC0:
            wanted_p2 = 0x01 if self.atr_form == "old" else 0x00
            if p2 != wanted_p2 or not self._pending:
                return SW_WRONG_P1P2
            data, self._pending = self._pending, b""
            return data + SW_OK
        return SW_NOT_SUPPORTED


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("vpcd closed the link")
        buf += chunk
    return buf


def serve(card: ThaiIdCardModel, port: int, on_ready: object = None) -> None:
    """Insert `card` into the vpcd reader listening on `port`; return when the card is pulled."""
    sock = socket.create_connection((VPCD_HOST, port), timeout=10)
    sock.settimeout(None)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if callable(on_ready):
        on_ready()
    apdus = 0
    try:
        while True:
            (size,) = struct.unpack(">H", _recv_exact(sock, 2))
            payload = _recv_exact(sock, size)
            if size == 1:
                if payload[0] == 4:
                    reply = card.atr
                else:
                    continue  # power off/on, reset: no reply
            else:
                apdus += 1
                if card.remove_after and apdus > card.remove_after:
                    return  # the card is pulled out in the middle of a read
                reply = card.respond(payload)
            sock.sendall(struct.pack(">H", len(reply)) + reply)
    except ConnectionError:
        return
    finally:
        sock.close()
