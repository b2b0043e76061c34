"""Reading stored staff records within the operator's scope: export, one person's record."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from lhrctl.errors import UsageError
from lhrctl.national_id import mask_national_id
from lhrctl.schemas.staff import DATE_FIELDS, FIELDS, StaffFields
from lhrctl.schemas.tables import ImportedFile, Lao, Staff, StaffHistory
from lhrctl.services import laos
from lhrctl.services.access import Operator, out_of_scope
from lhrctl.services.actions import privileged
from lhrctl.services.reach import require_covers
from lhrctl.services.sections import attach_sections, sections_of

_STAFF = Staff.__table__  # type: ignore[attr-defined]
_LAO = Lao.__table__  # type: ignore[attr-defined]
_IMPORTED = ImportedFile.__table__  # type: ignore[attr-defined]
_IMPORTED_FROM = (_STAFF.c.imported_in, _STAFF.c.imported_sheet, _STAFF.c.imported_row)


def export_staff(
    engine: Engine,
    operator: Operator,
    *,
    org: str | None = None,
    province: str | None = None,
    action_name: str = "staff_export",
    progress: Callable[[int], None] | None = None,
    sections: bool = False,
) -> list[dict[str, Any]]:
    """The records of an LAO, a province or (DLA admins) the country, in the operator's scope;
    `progress` hears the rows read so far, every few thousand. `sections`: each record with its
    record of service, a list of rows under each section's name."""
    target = org or (f"province {province}" if province else "all")
    with privileged(engine, operator.national_id, action_name, target) as action:
        session = action.session
        query = select(*(_STAFF.c[f] for f in FIELDS)).order_by(_STAFF.c.org_code, _STAFF.c.id)
        query = _in_scope(session, operator, query, org, province)
        result = session.connection().execute(query.execution_options(yield_per=_CHUNK))
        rows: list[dict[str, Any]] = []
        for chunk in result.mappings().partitions():
            rows.extend(_iso_dates(dict(r)) for r in chunk)
            if progress is not None:
                progress(len(rows))
        if sections:
            people = _in_scope(session, operator, select(_STAFF.c.national_id), org, province)
            attach_sections(session.connection(), rows, people)
        action.details.update(records=len(rows), sections=sections)
        return rows


_CHUNK = 5_000


def _in_scope(
    session: Session, operator: Operator, query: Select[Any], org: str | None, province: str | None
) -> Select[Any]:
    """The query narrowed to the LAO or province asked for, which the operator must cover."""
    require_covers(session, operator, org, province)
    if org is not None:
        return query.where(_STAFF.c.org_code == org)
    if province is not None:
        return query.join(_LAO, _LAO.c.code == _STAFF.c.org_code).where(
            _LAO.c.province_code == province
        )
    return query


def _iso_dates(row: dict[str, Any]) -> dict[str, Any]:
    for key in DATE_FIELDS:
        if row[key] is not None:
            row[key] = row[key].isoformat()
    return row


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str | None
    action: str
    source: str | None
    changes: dict[str, Any]


@dataclass(frozen=True)
class PersonRecord:
    """One person's record (canonical fields) and its history, oldest first."""

    record: StaffFields
    history: list[HistoryEntry]
    # the record of service's sections (`schemas.sections`), each a list of rows
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lao_name: str | None = None  # the LAO's name as people write it (อบต.น้ำเลา)

    def as_dict(self) -> dict[str, Any]:
        return (
            self.record
            | {"history": [asdict(h) for h in self.history]}
            | {"sections": self.sections}
        )


@dataclass(frozen=True)
class StaffLine:
    """A person as a list for screens shows them: the ID masked (the export has it in full)."""

    national_id: str
    name: str
    personnel_type: str
    position: str
    org_code: str


def full_name(record: Mapping[str, Any]) -> str:
    """`นายสมชาย ใจดี`: the title joined to the first name, as Thai writes it."""
    return f"{record['title']}{record['first_name']} {record['last_name']}"


def list_staff(
    engine: Engine, operator: Operator, *, org: str | None = None, province: str | None = None
) -> list[StaffLine]:
    records = export_staff(engine, operator, org=org, province=province, action_name="staff_list")
    return [
        StaffLine(
            mask_national_id(r["national_id"]),
            full_name(r),
            r["personnel_type"],
            r["position"],
            r["org_code"],
        )
        for r in records
    ]


def show_staff(
    engine: Engine, operator: Operator, national_id: str, action_name: str = "staff_show"
) -> PersonRecord:
    """One person's record and its history, if the operator's scope covers their LAO."""
    with privileged(engine, operator.national_id, action_name, national_id) as action:
        session = action.session
        imported = (_IMPORTED.c.at, _IMPORTED.c.actor, _IMPORTED.c.file, *_IMPORTED_FROM)
        row = (
            session.connection()
            .execute(
                select(*(_STAFF.c[f] for f in FIELDS), *imported)
                .outerjoin(_IMPORTED, _IMPORTED.c.id == _STAFF.c.imported_in)
                .where(_STAFF.c.national_id == national_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise UsageError(
                f"{mask_national_id(national_id)} is not in the staff records.",
                f"ไม่พบ {mask_national_id(national_id)} ในทะเบียนบุคลากร",
            )
        lao = laos.require_lao(session, row["org_code"])
        if not operator.covers_lao(lao.code, lao.province_code):
            raise out_of_scope(
                operator, f"The record of {mask_national_id(national_id)}", "ระเบียนนี้"
            )
        history = [
            HistoryEntry(h.at, h.actor, h.action, h.source, json.loads(h.changes))
            for h in session.exec(
                sqlmodel_select(StaffHistory)
                .where(StaffHistory.national_id == national_id)
                .order_by(col(StaffHistory.id))
            )
        ]
        if row["imported_in"] is not None:  # the import that created the record comes first
            source = row_source(row["file"], row["imported_sheet"], row["imported_row"])
            history.insert(0, HistoryEntry(row["at"], row["actor"], "imported", source, {}))
        sections = sections_of(session.connection(), national_id)
        record = {f: row[f] for f in FIELDS}
        return PersonRecord(record, history, sections, laos.display_name(lao.type, lao.name))


def row_source(file: str, sheet: str | None, row: int) -> str:
    """Where in a staff file a record's values came from, as its history says it."""
    return f"{file}{f' {sheet}' if sheet else ''} row {row}"[:300]


def kp7_record(engine: Engine, operator: Operator, national_id: str) -> PersonRecord:
    """The record printed on the ก.พ.7 form: read, and the print audited, as `staff show` is."""
    return show_staff(engine, operator, national_id, action_name="staff_kp7")
