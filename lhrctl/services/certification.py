"""Certification of an LAO's records in a round (seed 000, workflow 1).

States per round: no row is `recording`; `lao_certified` and `province_certified` lock the LAO's
records (no import, edit or transfer changes them); `returned` unlocks them again, with a reason.
Every transition runs in one transaction that first locks the LAO's registry row, so two officers
acting on one LAO at once get one success and one conflict; imports take the same lock shared.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from lhrctl import db
from lhrctl.errors import Conflict, Findings, LhrError, NotAllowed, UsageError
from lhrctl.labels import CERTIFICATION_STATES
from lhrctl.schemas.staff import FIELDS
from lhrctl.schemas.tables import (
    Account,
    Certification,
    CertificationEvent,
    CertifiedRecord,
    CertifiedRow,
    Lao,
    Staff,
)
from lhrctl.services import laos
from lhrctl.services.access import (
    DLA_ADMIN,
    LAO_REGISTRAR,
    PROVINCE_OFFICER,
    Operator,
    out_of_scope,
    require_role,
)
from lhrctl.services.actions import privileged
from lhrctl.services.clock import utcnow
from lhrctl.services.rounds import RoundInfo, find_round, no_round, open_round_of
from lhrctl.services.sections import (
    RowDigest,
    SectionChange,
    canonical_text,
    section_changes,
    section_counts,
    section_digests,
)
from lhrctl.staff_files.rules import Finding

RECORDING = "recording"
LAO_CERTIFIED = "lao_certified"
PROVINCE_CERTIFIED = "province_certified"
RETURNED = "returned"
LOCKED = (LAO_CERTIFIED, PROVINCE_CERTIFIED)
GROUPS = ("civil_servant", "permanent_employee", "contract")
GROUP_OF = {
    "civil_servant": "civil_servant",
    "teacher": "civil_servant",  # teachers are civil servants of the LAO
    "permanent_employee": "permanent_employee",
    "contract_mission": "contract",
    "contract_general": "contract",
    "contract_expert": "contract",
}

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
_CERT = Certification.__table__  # type: ignore[attr-defined]
_EVENT = CertificationEvent.__table__  # type: ignore[attr-defined]
_CERTIFIED = CertifiedRecord.__table__  # type: ignore[attr-defined]
_CERTIFIED_ROW = CertifiedRow.__table__  # type: ignore[attr-defined]
_ACCOUNT = Account.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    actor_name: str | None
    action: str
    state_from: str
    state_to: str
    reason: str | None
    counts: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {
            "at": self.at,
            "actor": self.actor,
            "actor_name": self.actor_name,
            "action": self.action,
            "from": self.state_from,
            "to": self.state_to,
            "reason": self.reason,
            "counts": self.counts,
        }


@dataclass
class Status:
    org_code: str
    lao_name: str
    province_code: str
    round: RoundInfo | None
    state: str
    counts: dict[str, int]  # today's
    certified_counts: dict[str, int] | None  # the snapshot's, once certified at LAO level
    history: list[Event] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "org_code": self.org_code,
            "lao_name": self.lao_name,
            "state": self.state,
            "round": self.round.name if self.round else None,
            "counts": self.counts,
            "certified_counts": self.certified_counts,
            "history": [e.as_dict() for e in self.history],
        }


@dataclass
class Review:
    """What an officer sees before certifying at LAO level."""

    status: Status
    findings: list[Finding]
    sample: list[SampledRecord] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "error"]


@dataclass(frozen=True)
class SampledRecord:
    national_id: str
    name: str
    personnel_type: str
    position: str
    filled: int
    fields: int
    sections: dict[str, int] = field(default_factory=dict)  # rows of each section that has any


@dataclass
class Verification:
    org_code: str
    round: RoundInfo
    state: str
    changed: list[str]
    added: list[str]
    removed: list[str]
    sections: list[SectionChange] = field(default_factory=list)  # the changed people's rows

    @property
    def intact(self) -> bool:
        return not (self.changed or self.added or self.removed or self.sections)

    def as_dict(self) -> dict[str, object]:
        return {
            "org_code": self.org_code,
            "round": self.round.name,
            "state": self.state,
            "intact": self.intact,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "sections": [asdict(change) for change in self.sections],
        }


# ----------------------------------------------------------------------------- snapshot


def counts_of(conn: Connection, org: str) -> dict[str, int]:
    counts = dict.fromkeys(GROUPS, 0)
    query = (
        select(_STAFF.c.personnel_type, func.count())
        .where(_STAFF.c.org_code == org)
        .group_by(_STAFF.c.personnel_type)
    )
    for kind, n in conn.execute(query):
        counts[GROUP_OF.get(kind, "contract")] += n
    return counts


def record_digests(
    conn: Connection, org: str, rows: list[RowDigest] | None = None
) -> dict[str, str]:
    """SHA-256 of each record's canonical content (FIELDS in order, dates ISO, then its section
    rows' digests, if it has any), by national ID. `rows`: the LAO's section rows, if read."""
    sections: dict[str, list[str]] = defaultdict(list)
    for r in section_digests(conn, org) if rows is None else rows:
        sections[r.national_id].append(f"{r.section}:{r.digest}")
    query = (
        select(*(_STAFF.c[f] for f in FIELDS))
        .where(_STAFF.c.org_code == org)
        .order_by(_STAFF.c.national_id)
    )
    digests = {}
    for row in conn.execute(query):
        text = canonical_text(row)
        if row[0] in sections:
            text += "\n" + "\n".join(sorted(sections[row[0]]))
        digests[row[0]] = hashlib.sha256(text.encode()).hexdigest()
    return digests


def lao_digest(digests: dict[str, str]) -> str:
    whole = hashlib.sha256()
    for nid in sorted(digests):
        whole.update(f"{nid}:{digests[nid]}\n".encode())
    return whole.hexdigest()


def _keep_rows(conn: Connection, round_id: int, org: str, rows: list[RowDigest]) -> None:
    if rows:
        conn.execute(
            insert(_CERTIFIED_ROW),
            [
                {"round_id": round_id, "org_code": org, "national_id": r.national_id,
                 "section": r.section, "digest": r.digest, "label": r.label}
                for r in rows
            ],
        )  # fmt: skip


def _kept_rows(conn: Connection, round_id: int, org: str) -> list[RowDigest]:
    t = _CERTIFIED_ROW
    query = select(t.c.national_id, t.c.section, t.c.digest, t.c.label).where(
        t.c.round_id == round_id, t.c.org_code == org
    )
    return [RowDigest(*row) for row in conn.execute(query)]


def _forget_snapshot(conn: Connection, round_id: int, org: str) -> None:
    for table in (_CERTIFIED, _CERTIFIED_ROW):
        conn.execute(delete(table).where(table.c.round_id == round_id, table.c.org_code == org))


# ----------------------------------------------------------------------------- state


def lock_lao(conn: Connection, org: str, *, shared: bool = False) -> Any:
    """The LAO's registry row, locked for this transaction (PostgreSQL; SQLite's write
    transactions are serialised already)."""
    query = select(_LAO).where(_LAO.c.code == org).with_for_update(read=shared)
    row = conn.execute(query).first()
    if row is None:
        raise UsageError(
            f"Unknown LAO code {org!r}: it is not in the registry.",
            f"ไม่พบรหัส อปท. {org!r} ในทะเบียน",
            hint_en="Find the code with `lhrctl org list --province NN`.",
            hint_th="ค้นหารหัสด้วย `lhrctl org list --province NN`",
        )
    return row


def _state(conn: Connection, round_id: int, org: str) -> Any:
    return conn.execute(
        select(_CERT).where(_CERT.c.round_id == round_id, _CERT.c.org_code == org)
    ).first()


def ensure_unlocked(conn: Connection, orgs: set[str], doing_en: str, doing_th: str) -> None:
    """Refuse (exit 4) when any of these LAOs is certified in the open round. Takes each LAO's
    lock shared, so a certification cannot slip in before this transaction commits."""
    current = open_round_of(conn)
    for org in sorted(orgs):
        lock_lao(conn, org, shared=True)
        if current is None:
            continue
        row = _state(conn, current.id, org)
        if row is not None and row.state in LOCKED:
            level = "LAO" if row.state == LAO_CERTIFIED else "province"
            raise NotAllowed(
                f"LAO {org} is certified at {level} level in round {current.name!r}: its records "
                f"are locked, so nothing can {doing_en}.",
                f"อปท. {org} รับรองข้อมูลแล้ว (รอบ {current.name!r}) ข้อมูลถูกล็อก จึง{doing_th}ไม่ได้",
                hint_en=f"A province officer or DLA admin can send it back: `lhrctl certify "
                f"return --org {org} --reason TEXT`.",
                hint_th=f"เจ้าหน้าที่ สถจ. หรือ สถ. ส่งคืนได้ด้วย `lhrctl certify return --org {org}`",
            )


def _history(conn: Connection, round_id: int | None, org: str) -> list[Event]:
    query = (
        select(_EVENT, _ACCOUNT.c.name)
        .outerjoin(_ACCOUNT, _ACCOUNT.c.national_id == _EVENT.c.actor)
        .where(_EVENT.c.org_code == org)
        .order_by(_EVENT.c.id)
    )
    if round_id is not None:
        query = query.where(_EVENT.c.round_id == round_id)
    return [
        Event(
            r.at,
            r.actor,
            r.name,
            r.action,
            r.state_from,
            r.state_to,
            r.reason,
            json.loads(r.counts),
        )
        for r in conn.execute(query)
    ]


def _status(conn: Connection, org: str, current: RoundInfo | None) -> Status:
    lao = conn.execute(select(_LAO).where(_LAO.c.code == org)).one()
    row = _state(conn, current.id, org) if current else None
    return Status(
        org_code=org,
        lao_name=laos.display_name(lao.type, lao.name),
        province_code=lao.province_code,
        round=current,
        state=row.state if row else RECORDING,
        counts=counts_of(conn, org),
        certified_counts=json.loads(row.counts) if row and row.state in LOCKED else None,
        history=_history(conn, current.id if current else None, org),
    )


def status(engine: Engine, org: str, round_name: str | None = None) -> Status:
    with db.session(engine, read_only=True) as session:
        laos.require_lao(session, org)
        conn = session.connection()
        current = find_round(conn, round_name) if round_name else open_round_of(conn)
        return _status(conn, org, current)


_STEPS = {  # step: (roles, what it is, in Thai)
    "lao": ((LAO_REGISTRAR, DLA_ADMIN), "certify at LAO level", "รับรองข้อมูลระดับ อปท."),
    "province": ((PROVINCE_OFFICER, DLA_ADMIN), "certify at province level", "รับรองข้อมูลระดับจังหวัด"),
    "return": ((PROVINCE_OFFICER, DLA_ADMIN), "send data back", "ส่งข้อมูลคืนให้แก้ไข"),
}


def _may_act(operator: Operator, step: str, org: str, province_code: str) -> None:
    """An LAO registrar certifies their own LAO; a province officer acts in their province."""
    roles, en, th = _STEPS[step]
    require_role(operator, *roles, action_en=en, action_th=th)
    allowed = (
        operator.covers_lao(org, province_code)
        if step == "lao"
        else operator.covers_province(province_code)
    )
    if not allowed:
        raise out_of_scope(operator, f"LAO {org}", f"อปท. {org}")


def review(
    engine: Engine,
    operator: Operator,
    org: str,
    *,
    level: str,
    today: date,
    sample: int = 0,
    seed: int = 0,
) -> Review:
    """What the officer sees before certifying: counts, open findings, and for the province a
    reproducible random sample of records (the spot check). Refused outside their scope."""
    with privileged(engine, operator.national_id, f"certify_{level}_review", org) as action:
        lao = laos.require_lao(action.session, org)
        _may_act(operator, level, org, lao.province_code)
        conn = action.session.connection()
        current = open_round_of(conn)
        if current is None:
            raise no_round()
        # before any count or question: a step the LAO's state does not allow is refused now
        _require_state(conn, current, org, _state(conn, current.id, org), level)
        from lhrctl.services.staff_validate import check_stored  # not loaded by every command

        checked = check_stored(conn, today=today, org=org)
        result = Review(_status(conn, org, current), checked.findings)
        if sample:
            result.sample = sample_records(conn, org, sample, seed)
            action.details.update(sample=len(result.sample), seed=seed)
        return result


def _record_event(
    conn: Connection,
    current: RoundInfo,
    org: str,
    actor: str,
    action: str,
    before: str,
    after: str,
    counts: dict[str, int],
    reason: str | None = None,
) -> None:
    now = utcnow()
    conn.execute(
        insert(_EVENT).values(
            round_id=current.id,
            org_code=org,
            at=now,
            actor=actor,
            action=action,
            state_from=before,
            state_to=after,
            reason=reason,
            counts=json.dumps(counts),
        )
    )


def _set_state(
    conn: Connection,
    current: RoundInfo,
    org: str,
    actor: str,
    state: str,
    *,
    exists: bool,
    counts: dict[str, int] | None = None,
    digest: str | None = None,
) -> None:
    values: dict[str, Any] = {"state": state, "updated_at": utcnow(), "updated_by": actor}
    if counts is not None:
        values.update(counts=json.dumps(counts), digest=digest)
    if exists:
        conn.execute(
            update(_CERT)
            .where(_CERT.c.round_id == current.id, _CERT.c.org_code == org)
            .values(values)
        )
    else:
        conn.execute(
            insert(_CERT).values({"round_id": current.id, "org_code": org, "counts": "{}"} | values)
        )


def _begin_transition(conn: Connection, org: str) -> tuple[Any, RoundInfo, Any]:
    lao = lock_lao(conn, org)
    current = open_round_of(conn)
    if current is None:
        raise no_round()
    return lao, current, _state(conn, current.id, org)


def _require_state(conn: Connection, current: RoundInfo, org: str, row: Any, level: str) -> str:
    """Refuse (exit 6) certifying at `level` an LAO whose state in the round does not allow it:
    at LAO level, one certified already; at province level, one not certified by its LAO, or
    certified by the province already."""
    state = row.state if row else RECORDING
    if level == "lao" and state in LOCKED:
        raise Conflict(
            f"LAO {org} is already {CERTIFICATION_STATES[state][0]} in round {current.name!r} "
            f"(by {_who(conn, row.updated_by)}).",
            f"อปท. {org} รับรองข้อมูลแล้วในรอบ {current.name!r}",
        )
    if level == "province" and state != LAO_CERTIFIED:
        already = state == PROVINCE_CERTIFIED
        raise Conflict(
            f"LAO {org} is certified at province level already in round {current.name!r}."
            if already
            else f"LAO {org} has not certified its own data yet ({CERTIFICATION_STATES[state][0]}).",
            f"อปท. {org} รับรองระดับจังหวัดแล้ว" if already else f"อปท. {org} ยังไม่ได้รับรองข้อมูลระดับ อปท.",
        )
    return str(state)


def _who(conn: Connection, national_id: str) -> str:
    name = conn.execute(
        select(_ACCOUNT.c.name).where(_ACCOUNT.c.national_id == national_id)
    ).scalar()
    return name or national_id


def certify_lao(
    engine: Engine, operator: Operator, org: str, *, today: date, accept_warnings: bool
) -> Status:
    """LAO level: refuses while errors remain (and warnings, unless accepted), then locks the
    LAO and keeps the snapshot: counts per group, a digest per record and over them all."""
    with privileged(engine, operator.national_id, "certify_lao", org) as action:
        conn = action.session.connection()
        lao, current, row = _begin_transition(conn, org)
        _may_act(operator, "lao", org, lao.province_code)
        state = _require_state(conn, current, org, row, "lao")
        from lhrctl.services.staff_validate import check_stored  # not loaded by every command

        checked = check_stored(conn, today=today, org=org)
        errors = checked.errors
        warnings = len(checked.findings) - errors
        action.details.update(round=current.name, errors=errors, warnings=warnings)
        if errors:
            raise Findings(
                f"LAO {org} has {errors} error(s) in its records; correct them before certifying.",
                f"ข้อมูลของ อปท. {org} มีข้อผิดพลาด {errors} รายการ กรุณาแก้ไขก่อนรับรอง",
                hint_en=f"See them with `lhrctl validate --org {org}`.",
                hint_th=f"ดูรายการด้วย `lhrctl validate --org {org}`",
            )
        if warnings and not accept_warnings:
            raise Findings(
                f"LAO {org} has {warnings} warning(s); certify only after reviewing them.",
                f"ข้อมูลของ อปท. {org} มีข้อควรตรวจสอบ {warnings} รายการ",
                hint_en="Review them with `lhrctl validate --org "
                f"{org}`, then certify with --accept-warnings.",
                hint_th=f"ตรวจดูด้วย `lhrctl validate --org {org}` แล้วรับรองด้วย --accept-warnings",
            )
        counts = counts_of(conn, org)
        rows = section_digests(conn, org)
        digests = record_digests(conn, org, rows)
        digest = lao_digest(digests)
        _set_state(
            conn,
            current,
            org,
            operator.national_id,
            LAO_CERTIFIED,
            exists=row is not None,
            counts=counts,
            digest=digest,
        )
        _forget_snapshot(conn, current.id, org)
        if digests:
            conn.execute(
                insert(_CERTIFIED),
                [
                    {"round_id": current.id, "org_code": org, "national_id": n, "digest": d}
                    for n, d in digests.items()
                ],
            )
        _keep_rows(conn, current.id, org, rows)
        _record_event(
            conn, current, org, operator.national_id, "certify_lao", state, LAO_CERTIFIED, counts
        )
        action.details.update(counts=counts, digest=digest)
        return _status(conn, org, current)


def sample_records(conn: Connection, org: str, n: int, seed: int) -> list[SampledRecord]:
    """A reproducible random sample of the LAO's records, for the province's spot check."""
    rows = conn.execute(
        select(*(_STAFF.c[f] for f in FIELDS))
        .where(_STAFF.c.org_code == org)
        .order_by(_STAFF.c.national_id)
    ).all()
    # a spot check, reproducible from its seed: not a secret, so not `secrets`
    picked = random.Random(seed).sample(rows, min(n, len(rows)))  # noqa: S311
    counts = section_counts(conn, [r.national_id for r in picked])
    return [
        SampledRecord(
            national_id=r.national_id,
            name=f"{r.title}{r.first_name} {r.last_name}",
            personnel_type=r.personnel_type,
            position=r.position,
            filled=sum(v not in (None, "") for v in r),
            fields=len(FIELDS),
            sections=counts.get(r.national_id, {}),
        )
        for r in picked
    ]


def certify_province(engine: Engine, operator: Operator, org: str) -> Status:
    """Province level: only for an LAO certified at LAO level, by an officer of its province."""
    with privileged(engine, operator.national_id, "certify_province", org) as action:
        conn = action.session.connection()
        lao, current, row = _begin_transition(conn, org)
        _may_act(operator, "province", org, lao.province_code)
        state = _require_state(conn, current, org, row, "province")
        counts = json.loads(row.counts)
        _set_state(conn, current, org, operator.national_id, PROVINCE_CERTIFIED, exists=True)
        _record_event(
            conn,
            current,
            org,
            operator.national_id,
            "certify_province",
            state,
            PROVINCE_CERTIFIED,
            counts,
        )
        action.details.update(round=current.name)
        return _status(conn, org, current)


@dataclass(frozen=True)
class ProvinceOutcome:
    """One LAO of a province certification of several: its new state, or why not."""

    org_code: str
    state: str | None
    error: LhrError | None = None

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        error = self.error.message(lang) if self.error else None
        return {"org_code": self.org_code, "state": self.state, "error": error}


def laos_to_certify(
    engine: Engine, operator: Operator, orgs: list[str], *, all_ready: bool, province: str | None
) -> list[str]:
    """The LAOs named, or with `all_ready` every LAO of the province waiting for it (a province
    officer's own province unless another is named)."""
    if not all_ready:
        return orgs
    if province is None and operator.role == PROVINCE_OFFICER:
        province = operator.scope
    if province is None:
        raise UsageError(
            "--all-ready needs --province NN for a DLA admin.",
            "--all-ready ต้องระบุ --province สำหรับผู้ดูแลระบบ สถ.",
        )
    return ready_laos(engine, province)


def certify_each(orgs: list[str], certify: Callable[[str], Status]) -> list[ProvinceOutcome]:
    """Certify each LAO at province level with `certify(org)` (the spot check, a confirmation,
    then `certify_province` in its own transaction). With one LAO its error is raised; with
    several, each failure is kept with its LAO and the others go on."""
    outcomes = []
    for org in orgs:
        try:
            outcomes.append(ProvinceOutcome(org, certify(org).state))
        except LhrError as error:
            if len(orgs) == 1:
                raise
            outcomes.append(ProvinceOutcome(org, None, error))
    return outcomes


def ready_laos(engine: Engine, province: str) -> list[str]:
    """The LAOs of a province certified at LAO level in the open round, waiting for the province."""
    with db.connect(engine, read_only=True) as conn:
        current = open_round_of(conn)
        if current is None:
            raise no_round()
        query = (
            select(_CERT.c.org_code)
            .join(_LAO, _LAO.c.code == _CERT.c.org_code)
            .where(
                _CERT.c.round_id == current.id,
                _CERT.c.state == LAO_CERTIFIED,
                _LAO.c.province_code == province,
            )
            .order_by(_CERT.c.org_code)
        )
        return list(conn.execute(query).scalars())


def _returnable(conn: Connection, operator: Operator, org: str) -> tuple[RoundInfo, Any, str]:
    """The round, the LAO's state row and state, once the officer may send its data back."""
    lao, current, row = _begin_transition(conn, org)
    _may_act(operator, "return", org, lao.province_code)
    state = row.state if row else RECORDING
    if state not in LOCKED:
        raise Conflict(
            f"LAO {org} is not certified in round {current.name!r} "
            f"({CERTIFICATION_STATES[state][0]}); "
            "there is nothing to send back.",
            f"อปท. {org} ยังไม่ได้รับรองข้อมูล จึงส่งคืนไม่ได้",
        )
    return current, row, state


def review_return(engine: Engine, operator: Operator, org: str) -> Status:
    """Every check of a return, nothing changed: where the LAO stands, to confirm."""
    with privileged(engine, operator.national_id, "certify_return_review", org) as action:
        conn = action.session.connection()
        current, _row, _state_now = _returnable(conn, operator, org)
        return _status(conn, org, current)


def return_lao(engine: Engine, operator: Operator, org: str, reason: str) -> Status:
    """Send the data back for correction: unlocks the LAO, with the reason in its history."""
    if not reason.strip():
        raise UsageError("Give the reason with --reason.", "ระบุเหตุผลด้วย --reason")
    with privileged(engine, operator.national_id, "certify_return", org) as action:
        conn = action.session.connection()
        current, row, state = _returnable(conn, operator, org)
        counts = json.loads(row.counts)
        _set_state(conn, current, org, operator.national_id, RETURNED, exists=True)
        _forget_snapshot(conn, current.id, org)
        _record_event(
            conn, current, org, operator.national_id, "return", state, RETURNED, counts, reason
        )
        action.details.update(round=current.name, reason=reason)
        return _status(conn, org, current)


def verify(engine: Engine, org: str) -> Verification:
    """Recompute the digests and name every record changed since the LAO certified."""
    with db.session(engine, read_only=True) as session:
        laos.require_lao(session, org)
        conn = session.connection()
        current = open_round_of(conn)
        if current is None:
            raise no_round()
        row = _state(conn, current.id, org)
        if row is None or row.state not in LOCKED:
            raise Conflict(
                f"LAO {org} is not certified in round {current.name!r}; there is nothing to verify.",
                f"อปท. {org} ยังไม่ได้รับรองข้อมูลในรอบนี้",
            )
        query = select(_CERTIFIED.c.national_id, _CERTIFIED.c.digest).where(
            _CERTIFIED.c.round_id == current.id, _CERTIFIED.c.org_code == org
        )
        certified: dict[str, str] = {n: d for n, d in conn.execute(query)}
        rows = section_digests(conn, org)
        now = record_digests(conn, org, rows)
        sections = section_changes(_kept_rows(conn, current.id, org), rows)
    changed, added, removed = _differences(certified, now)
    return Verification(org, current, row.state, changed, added, removed, sections)


def _differences(
    certified: dict[str, str], now: dict[str, str]
) -> tuple[list[str], list[str], list[str]]:
    """The IDs whose record changed, was added and was removed since certification."""
    changed = sorted(n for n in now if n in certified and now[n] != certified[n])
    added = sorted(n for n in now if n not in certified)
    removed = sorted(n for n in certified if n not in now)
    return changed, added, removed
