"""The CLI's side of `lhrctl serve` (httpx): sign in, then call operations of the registry.

A workstation holds no database URL and no audit key: the card is read here, the password is sent
over TLS with the card's data, and the server answers with a token for this one command.
"""

from __future__ import annotations

import json
import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from lhrctl import __version__
from lhrctl.auth.thaiid import ThaiIdCard
from lhrctl.errors import DatabaseError, LhrError
from lhrctl.server.wire import API, CARD_HEADER, VERSION_HEADER, error_from
from lhrctl.services.access import Operator
from lhrctl.services.operations import (
    OPERATIONS,
    Operation,
    decode,
    decode_json,
    encode,
    encode_arguments,
    fingerprint,
)


@dataclass(frozen=True)
class Credential:
    """What a signed-in command shows the server: its token and its card."""

    token: str
    binding: str


def unreachable(url: str, reason: str) -> DatabaseError:
    return DatabaseError(
        f"Cannot reach the lhrctl server {url}: {reason}",
        f"ติดต่อเครื่องแม่ข่าย lhrctl {url} ไม่ได้: {reason}",
        hint_en="Check --server / LHR_SERVER, the network, and that `lhrctl serve` runs.",
        hint_th="ตรวจสอบ --server / LHR_SERVER เครือข่าย และว่า `lhrctl serve` ทำงานอยู่",
    )


def untrusted(url: str, reason: str) -> DatabaseError:
    return DatabaseError(
        f"The certificate of the lhrctl server {url} does not verify: {reason}",
        f"ใบรับรองของเครื่องแม่ข่าย {url} ตรวจสอบไม่ผ่าน: {reason}",
        hint_en="Nothing was sent. If your office uses its own CA, name its file in LHR_SERVER_CA.",
        hint_th="ไม่มีการส่งข้อมูลใด ๆ หากหน่วยงานใช้ CA ของตนเอง ให้ระบุแฟ้มใน LHR_SERVER_CA",
    )


def _trust() -> ssl.SSLContext:
    """The system's CAs, or the office's own (LHR_SERVER_CA, a PEM file)."""
    return ssl.create_default_context(cafile=os.environ.get("LHR_SERVER_CA") or None)


class Server:
    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._about: dict[str, Any] | None = None  # the server's release and limits
        self._http = httpx.Client(
            base_url=self.url,
            headers={VERSION_HEADER: __version__},
            verify=_trust(),
            timeout=httpx.Timeout(30.0, read=600.0),
        )

    def _post(self, path: str, body: Any, credential: Credential | None = None) -> Any:
        return self._send("POST", path, body, credential).json()

    def _send(
        self, method: str, path: str, body: Any, credential: Credential | None = None
    ) -> httpx.Response:
        headers = self._headers(credential)
        try:
            response = self._http.request(method, f"{API}{path}", json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise self._failed(exc) from exc
        return self._answer(response)

    def _failed(self, exc: httpx.HTTPError) -> DatabaseError:
        reason = str(exc) or type(exc).__name__
        if "CERTIFICATE_VERIFY_FAILED" in reason or "certificate" in reason.lower():
            return untrusted(self.url, reason)
        return unreachable(self.url, reason)

    @staticmethod
    def _headers(credential: Credential | None) -> dict[str, str]:
        if credential is None:
            return {}
        return {"Authorization": f"Bearer {credential.token}", CARD_HEADER: credential.binding}

    def _answer(self, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and "exit_code" in body:
            raise error_from(body)
        raise LhrError(
            f"The lhrctl server failed ({response.status_code}).",
            f"เครื่องแม่ข่าย lhrctl ขัดข้อง ({response.status_code})",
            hint_en="Tell the administrator of the server; the server's log has the cause.",
            hint_th="แจ้งผู้ดูแลเครื่องแม่ข่าย สาเหตุอยู่ในบันทึกของเครื่องแม่ข่าย",
        )

    def check_version(self) -> None:
        """The server answers (its release and limits, asked once and kept)."""
        if self._about is None:
            self._about = self._send("GET", "/version", None).json()

    def _max_upload(self) -> int:
        self.check_version()
        return int((self._about or {}).get("max_upload_bytes", 0)) or 2**63

    def require_room_for(self, size: int) -> None:
        """Refuse here what the server would refuse for its size, so that a large upload is not
        sent (or a card asked for) only to be turned away."""
        from lhrctl.server.wire import too_large

        if size > 1_000_000 and size > self._max_upload():
            raise too_large(size, self._max_upload())

    def _request(
        self, name: str, arguments: dict[str, Any], credential: Credential | None
    ) -> tuple[bytes, dict[str, str]]:
        """The body of a call as JSON, and its headers: the sign-in and the operation's
        fingerprint."""
        from lhrctl.server.wire import OPERATION_HEADER

        content = json.dumps(encode_arguments(OPERATIONS[name], arguments)).encode()
        self.require_room_for(len(content))
        headers = {OPERATION_HEADER: fingerprint(name), "Content-Type": "application/json"}
        return content, self._headers(credential) | headers

    def sign_in(self, card: ThaiIdCard, password: str, command: str) -> tuple[Credential, Operator]:
        answer = self._post(
            "/sign-in",
            {"card": encode(ThaiIdCard, card), "password": password, "command": command},
        )
        return Credential(answer["token"], card.binding), decode(Operator, answer["operator"])

    def call(self, name: str, credential: Credential | None, arguments: dict[str, Any]) -> Any:
        """The operation's result; a streamed one also moves `arguments["progress"]`, if any."""
        op = OPERATIONS[name]
        content, headers = self._request(name, arguments, credential)
        if op.streams:
            return self._streamed(op, content, headers, arguments.get("progress"))
        try:
            answer = self._http.post(f"{API}/ops/{name}", content=content, headers=headers)
        except httpx.HTTPError as exc:
            raise self._failed(exc) from exc
        return decode_json(op.result_type(), self._answer(answer).content)

    def _streamed(
        self,
        op: Operation,
        content: bytes,
        headers: dict[str, str],
        progress: Callable[[int], None] | None,
    ) -> Any:
        """Progress lines as they come, then the result (or the error). Leaving early (Ctrl-C)
        closes the connection, which stops the server's work."""
        try:
            with self._http.stream(
                "POST", f"{API}/ops/{op.name}", content=content, headers=headers
            ) as response:
                if not response.is_success:
                    response.read()
                    self._answer(response)
                for line in response.iter_lines():
                    event = json.loads(line)
                    if "progress" in event:
                        if progress is not None:
                            progress(int(event["progress"]))
                    elif "error" in event:
                        raise error_from(event["error"])
                    else:
                        return decode(op.result_type(), event["result"])
        except httpx.HTTPError as exc:
            raise self._failed(exc) from exc
        raise unreachable(self.url, "the answer ended early")
