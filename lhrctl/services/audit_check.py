"""`audit verify`: every MAC, the sequence, the links, and the anchor file — and what was done.

It names each kind of tampering it finds, with the rows concerned: a row changed after it was
written, rows deleted from the middle, a row that does not follow the one before, a chain rewritten
from some row on (MACs recomputed without the key), a log cut short or emptied (the anchor file
recorded more), rows the anchor file never saw or recorded otherwise, a missing anchor, a log whose
seal is gone or was altered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from lhrctl import db
from lhrctl.schemas.tables import AuditChain, AuditEntry
from lhrctl.seal import Seal
from lhrctl.services.audit import (
    GENESIS,
    SEALED,
    mac_payload,
    row_fields,
    unkeyed_digest,
    wrong_key,
)


def _span(first: int, last: int) -> tuple[str, str]:
    if first == last:
        return f"row {first}", f"แถว {first}"
    return f"rows {first}–{last}", f"แถว {first}–{last}"


def _messages(kind: str, first: int, last: int, extra: object) -> tuple[str, str]:
    en, th = _span(first, last)
    one = first == last
    was, it, differs = ("was", "it was", "differs") if one else ("were", "they were", "differ")
    texts = {
        "changed": (f"{en} {was} changed after {it} written", f"{th} ถูกแก้ไขหลังจากบันทึกแล้ว"),
        "missing": (f"{en} {was} deleted from the middle of the log", f"{th} ถูกลบออกจากกลางบันทึก"),
        "not_linked": (f"{en} does not follow the row before it", f"{th} ไม่ต่อจากแถวก่อนหน้า"),
        "rewritten": (
            f"the chain was rewritten from row {first} on: no MAC from there was made with the key",
            f"ห่วงโซ่ถูกเขียนใหม่ตั้งแต่แถว {first}: รหัสตรวจสอบตั้งแต่แถวนั้นไม่ได้สร้างด้วยกุญแจ",
        ),
        "cut_tail": (
            f"the log was cut short: {en} {'is' if one else 'are'} gone "
            f"(the anchor file recorded up to row {last})",
            f"บันทึกถูกตัดท้าย: {th} หายไป (แฟ้มหลักยึดบันทึกไว้ถึงแถว {last})",
        ),
        "emptied": (
            f"the log was emptied: the anchor file recorded {last} row(s)",
            f"บันทึกถูกล้างทั้งหมด: แฟ้มหลักยึดบันทึกไว้ {last} แถว",
        ),
        "anchor_mismatch": (
            f"the head does not match the anchor: {en} {differs} from what the anchor file recorded",
            f"ส่วนท้ายไม่ตรงกับหลักยึด: {th} ไม่ตรงกับที่แฟ้มหลักยึดบันทึกไว้",
        ),
        "unanchored": (
            f"the head does not match the anchor: the anchor file never recorded {en}",
            f"ส่วนท้ายไม่ตรงกับหลักยึด: แฟ้มหลักยึดไม่เคยบันทึก{th}",
        ),
        "no_anchor": (
            f"the anchor file {extra} is missing",
            f"ไม่พบแฟ้มหลักยึด {extra}",
        ),
        "unsealed": (
            "the log has no seal: its chain record or sealing row is gone",
            "บันทึกไม่มีตราผนึก: ข้อมูลห่วงโซ่หรือแถวผนึกหายไป",
        ),
        "seal_changed": (
            "the chain record was changed: its key check is not the key's",
            "ข้อมูลห่วงโซ่ถูกแก้ไข: ค่าตรวจกุญแจไม่ตรงกับกุญแจ",
        ),
    }
    return texts[kind]


@dataclass(frozen=True)
class Tampering:
    kind: str
    first: int
    last: int
    en: str
    th: str

    @classmethod
    def of(cls, kind: str, first: int = 0, last: int = 0, extra: object = None) -> Tampering:
        return cls(kind, first, last, *_messages(kind, first, last, extra))

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "first": self.first, "last": self.last, "message": self.en}


@dataclass(frozen=True)
class ChainVerdict:
    rows: int
    findings: tuple[Tampering, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "findings": [f.as_dict() for f in self.findings],
        }


class _Runs:
    """Row numbers that fail one check, grouped into consecutive spans."""

    def __init__(self) -> None:
        self.spans: list[list[int]] = []

    def add(self, entry_id: int) -> None:
        if self.spans and self.spans[-1][1] == entry_id - 1:
            self.spans[-1][1] = entry_id
        else:
            self.spans.append([entry_id, entry_id])


@dataclass
class _Walk:
    sealing: Seal
    chain: str
    sealed_from: int  # rows before this one carry the unkeyed hash of schema 0007
    anchored: dict[int, str]
    rows: int = 0
    last: int = 0
    expected: int = 1
    prev: str = GENESIS
    findings: list[Tampering] = field(default_factory=list)
    bad_mac: _Runs = field(default_factory=_Runs)
    off_anchor: _Runs = field(default_factory=_Runs)

    def row(self, entry: Any) -> None:
        self.rows += 1
        if entry.id != self.expected:
            self.findings.append(Tampering.of("missing", self.expected, entry.id - 1))
        elif entry.prev_hash != self.prev:
            self.findings.append(Tampering.of("not_linked", entry.id, entry.id))
        if not self._mac_ok(entry):
            self.bad_mac.add(entry.id)
        if self.anchored.get(entry.id, entry.hash) != entry.hash:
            self.off_anchor.add(entry.id)
        self.prev, self.expected, self.last = entry.hash, entry.id + 1, entry.id

    def _mac_ok(self, entry: Any) -> bool:
        fields = row_fields(entry)
        if entry.id < self.sealed_from:
            return bool(unkeyed_digest(entry.prev_hash, entry.id, fields) == entry.hash)
        payload = mac_payload(self.chain, entry.prev_hash, entry.id, fields)
        return bool(self.sealing.mac(payload) == entry.hash)

    def mac_findings(self) -> Iterator[Tampering]:
        for first, last in self.bad_mac.spans:
            rewritten = last == self.last and last > first
            yield Tampering.of("rewritten" if rewritten else "changed", first, last)
        for first, last in self.off_anchor.spans:
            yield Tampering.of("anchor_mismatch", first, last)

    def anchor_findings(self) -> Iterator[Tampering]:
        top = max(self.anchored, default=0)
        if self.rows == 0 and top:
            yield Tampering.of("emptied", 1, top)
        elif self.last < top:
            yield Tampering.of("cut_tail", self.last + 1, top)
        if self.last > top:
            yield Tampering.of("unanchored", top + 1, self.last)


def _entries(session: Session) -> Iterator[Any]:
    table = AuditEntry.__table__  # type: ignore[attr-defined]
    query = select(table).order_by(table.c.id).execution_options(yield_per=5000)
    yield from session.execute(query)


def _sealed_from(session: Session) -> int | None:
    first: int | None = session.execute(
        select(func.min(AuditEntry.id)).where(AuditEntry.action == SEALED)  # type: ignore[arg-type]
    ).scalar()
    return first


def verify(session: Session, sealing: Seal) -> ChainVerdict:
    chain = session.get(AuditChain, 1)
    if chain is None:
        rows = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        return ChainVerdict(rows, (Tampering.of("unsealed"),))
    sealed_from = _sealed_from(session)
    anchored = sealing.anchored(chain.chain)
    walk = _Walk(sealing, chain.chain, sealed_from or 1, anchored or {})
    for entry in _entries(session):
        walk.row(entry)
    findings = [*walk.findings, *walk.mac_findings()]
    if sealed_from is None and walk.rows:
        findings.append(Tampering.of("unsealed"))
    if anchored is None:
        findings.append(Tampering.of("no_anchor", extra=sealing.anchor))
    else:
        findings.extend(walk.anchor_findings())
    if sealing.key_check(chain.chain) != chain.key_check:
        if walk.bad_mac.spans:
            raise wrong_key()  # every row fails: most likely another database's key
        findings.append(Tampering.of("seal_changed"))
    return ChainVerdict(walk.rows, tuple(sorted(findings, key=lambda f: f.first)))


def verify_log(engine: Engine) -> ChainVerdict:
    """The whole log checked with this machine's key and anchor file; read-only, no sign-in."""
    sealing = Seal.configured()
    with db.session(engine, read_only=True) as session:
        return verify(session, sealing)
