"""The PC/SC adapter: the only module of lhrctl that imports pyscard (`smartcard`).

It finds a reader, waits for a card, and hands `thaiid.ThaiIdReader` a connection with
`transmit(apdu) -> (data, sw1, sw2)`. Every pyscard failure leaves here as an `LhrError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext, suppress
from dataclasses import dataclass

from lhrctl.auth.thaiid import ThaiIdCard, ThaiIdReader
from lhrctl.errors import ReaderUnavailable, SignInFailed

VIRTUAL_READER_PREFIX = "virtual pcd"
DEFAULT_TIMEOUT = 30.0

# shows a message (English, Thai) while something waits
StatusFactory = Callable[[str, str], AbstractContextManager[object]]


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    virtual: bool
    card_present: bool
    atr: str | None


class CardRemoved(SignInFailed):
    def __init__(self) -> None:
        super().__init__(
            "The card was taken out of the reader while it was being read.",
            "บัตรถูกดึงออกจากเครื่องอ่านระหว่างการอ่านข้อมูล",
            hint_en="Insert the card again and leave it in until the command finishes.",
            hint_th="เสียบบัตรใหม่และคาไว้จนคำสั่งทำงานเสร็จ",
        )


class NoCard(SignInFailed):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"No card was inserted within {seconds:g} seconds.",
            f"ไม่พบบัตรในเครื่องอ่านภายใน {seconds:g} วินาที",
            hint_en="Insert your Thai national ID card, chip first, and run the command again.",
            hint_th="เสียบบัตรประจำตัวประชาชนโดยหันด้านชิปเข้าเครื่องอ่าน แล้วสั่งใหม่อีกครั้ง",
        )


def _no_service() -> ReaderUnavailable:
    return ReaderUnavailable(
        "The smart-card service (pcscd) is not running.",
        "บริการสมาร์ตการ์ด (pcscd) ไม่ได้ทำงาน",
        hint_en="Start it: `sudo systemctl start pcscd` (or `sudo pcscd`).",
        hint_th="เริ่มบริการด้วย `sudo systemctl start pcscd` (หรือ `sudo pcscd`)",
    )


def is_virtual(name: str) -> bool:
    return name.lower().startswith(VIRTUAL_READER_PREFIX)


def virtual_allowed() -> bool:
    return os.environ.get("LHR_ALLOW_VIRTUAL_READER") == "1"


def card_timeout() -> float:
    try:
        return float(os.environ.get("LHR_CARD_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def _system_readers() -> list[object]:
    from smartcard.pcsc.PCSCExceptions import BaseSCardException
    from smartcard.System import readers

    try:
        return list(readers())
    except BaseSCardException as exc:
        raise _no_service() from exc


def list_readers() -> list[ReaderInfo]:
    """Every reader pcscd knows, with the ATR of the card in it (diagnostics)."""
    from smartcard.Exceptions import CardConnectionException, NoCardException

    infos = []
    for reader in _system_readers():
        name = str(reader)
        atr = None
        try:
            connection = reader.createConnection()  # type: ignore[attr-defined]
            connection.connect()
            atr = " ".join(f"{b:02X}" for b in connection.getATR())
            connection.disconnect()
        except (NoCardException, CardConnectionException):
            pass
        infos.append(ReaderInfo(name, is_virtual(name), atr is not None, atr))
    return infos


def choose_readers(wanted: str | None) -> list[object]:
    """The readers to wait on: the one named by --reader/LHR_READER, else every allowed reader.

    Only readers pcscd lists are ever passed to CardRequest: given an unknown name it ignores its
    timeout and waits for ever.
    """
    found = _system_readers()
    if not found:
        raise ReaderUnavailable(
            "No smart-card reader is connected.",
            "ไม่พบเครื่องอ่านบัตร",
            hint_en="Plug in the USB card reader (it needs the libccid driver) and try again.",
            hint_th="เสียบเครื่องอ่านบัตรแบบ USB (ต้องมีไดรเวอร์ libccid) แล้วลองใหม่",
        )
    if wanted:
        found = [_named_reader(found, wanted)]
    usable = [r for r in found if virtual_allowed() or not is_virtual(str(r))]
    if not usable:
        raise ReaderUnavailable(
            f"Virtual readers are refused for sign-in ({', '.join(str(r) for r in found)}).",
            f"ไม่อนุญาตให้ใช้เครื่องอ่านเสมือนในการเข้าสู่ระบบ ({', '.join(str(r) for r in found)})",
            hint_en="Use a real card reader. Test machines set LHR_ALLOW_VIRTUAL_READER=1.",
            hint_th="ใช้เครื่องอ่านบัตรจริง (เครื่องทดสอบตั้งค่า LHR_ALLOW_VIRTUAL_READER=1)",
        )
    return usable


def _named_reader(found: list[object], wanted: str) -> object:
    """The reader of that exact name, else the first whose name contains it."""
    matches = [r for r in found if str(r) == wanted] or [
        r for r in found if wanted.lower() in str(r).lower()
    ]
    if not matches:
        names = ", ".join(str(r) for r in found)
        raise ReaderUnavailable(
            f"There is no reader named {wanted!r}. Readers: {names}.",
            f"ไม่มีเครื่องอ่านชื่อ {wanted!r} เครื่องอ่านที่พบ: {names}",
            hint_en="Run `lhrctl card readers` and pass one of the names to --reader.",
            hint_th="ดูชื่อด้วย `lhrctl card readers` แล้วระบุด้วย --reader",
        )
    return matches[0]


@contextmanager
def _translate_errors() -> Iterator[None]:
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException

    try:
        yield
    except (CardConnectionException, NoCardException) as exc:
        raise CardRemoved() from exc
    except BaseSCardException as exc:
        raise _no_service() from exc


class _Connection:
    def __init__(self, pyscard_connection: object) -> None:
        self._c = pyscard_connection

    def transmit(self, apdu: list[int]) -> tuple[list[int], int, int]:
        data, sw1, sw2 = self._c.transmit(apdu)  # type: ignore[attr-defined]
        return list(data), int(sw1), int(sw2)


@contextmanager
def open_card(
    reader: str | None = None,
    *,
    timeout: float | None = None,
    status: StatusFactory | None = None,
) -> Iterator[ThaiIdReader]:
    """Wait for a card in the chosen reader(s) and yield a `ThaiIdReader` on it."""
    from smartcard.CardRequest import CardRequest
    from smartcard.Exceptions import CardRequestTimeoutException

    seconds = card_timeout() if timeout is None else timeout
    readers = choose_readers(reader)
    # Every PC/SC context is released on the way out, whatever happens: a context left behind
    # after a pulled card keeps pcscd from reporting the next card in that reader.
    with _translate_errors(), ExitStack() as cleanup:
        request = cleanup.enter_context(CardRequest(timeout=0.2, readers=readers))
        try:
            service = request.waitforcard()
        except CardRequestTimeoutException:
            request = cleanup.enter_context(CardRequest(timeout=seconds, readers=readers))
            waiting = status("Insert your ID card…", "กรุณาเสียบบัตรประชาชน…") if status else None
            with waiting or nullcontext():
                try:
                    service = request.waitforcard()
                except CardRequestTimeoutException as exc:
                    raise NoCard(seconds) from exc
        connection = service.connection
        cleanup.callback(_quietly, connection.release)
        cleanup.callback(_quietly, connection.disconnect)
        connection.connect()
        yield ThaiIdReader(_Connection(connection), list(connection.getATR()))


def _quietly(release: Callable[[], object]) -> None:
    with suppress(Exception):  # the card may already be gone: nothing left to release
        release()


def read_card(
    reader: str | None = None,
    *,
    timeout: float | None = None,
    status: StatusFactory | None = None,
    photo: bool = False,
) -> ThaiIdCard:
    with open_card(reader, timeout=timeout, status=status) as card, _translate_errors():
        return card.read_card(photo=photo)
