"""The tables of lhrctl. Alembic migrations create them; a test keeps the two equal.

Times are stored as naive UTC (pydantic `NaiveDatetime`); dates as Gregorian dates, shown to
people in the Buddhist Era.
"""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import CheckConstraint, Index, Text, text
from sqlmodel import Field, SQLModel


class Province(SQLModel, table=True):
    __tablename__ = "province"

    code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=100)


class Lao(SQLModel, table=True):
    """An LAO as it is now. Earlier versions (renamed, upgraded) are kept in `lao_version`."""

    __tablename__ = "lao"

    code: str = Field(primary_key=True, max_length=7)
    type: str = Field(max_length=32, index=True)
    name: str = Field(max_length=200)
    district: str = Field(max_length=100)
    province_code: str = Field(foreign_key="province.code", max_length=2, index=True)
    valid_from: date
    valid_to: date | None = None  # set when the LAO left the registry (merged, dissolved)


class LaoVersion(SQLModel, table=True):
    """A superseded version of an LAO's registry entry, valid over [valid_from, valid_to)."""

    __tablename__ = "lao_version"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(foreign_key="lao.code", max_length=7, index=True)
    type: str = Field(max_length=32)
    name: str = Field(max_length=200)
    district: str = Field(max_length=100)
    province_code: str = Field(max_length=2)
    valid_from: date
    valid_to: date


class Account(SQLModel, table=True):
    """An operator who signs in with their ID card and a password."""

    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, unique=True)
    name: str = Field(default="", max_length=200)
    role: str = Field(max_length=32)
    scope: str | None = Field(default=None, max_length=7)  # province code or LAO code
    password_hash: str | None = Field(default=None, max_length=200)
    card_binding: str | None = Field(default=None, max_length=64)
    enrolment_code_hash: str | None = Field(default=None, max_length=64)
    enrolment_expires_at: NaiveDatetime | None = None
    failed_attempts: int = 0
    locked_until: NaiveDatetime | None = None
    active: bool = True
    created_at: NaiveDatetime
    created_by: str | None = Field(default=None, max_length=13)


class AuditEntry(SQLModel, table=True):
    """One privileged action, allowed or refused. Append-only; each row's MAC covers the one before."""

    __tablename__ = "audit_log"

    id: int = Field(primary_key=True)
    at: str = Field(max_length=32)  # ISO 8601 UTC, kept as text so the hash is exact
    actor: str | None = Field(default=None, max_length=13, index=True)
    action: str = Field(max_length=64)
    target: str | None = Field(default=None, max_length=200)
    outcome: str = Field(max_length=16)
    details: str = Field(default="{}", sa_type=Text)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChain(SQLModel, table=True):
    """The audit chain's identity (in every MAC) and a check value for its key; one row."""

    __tablename__ = "audit_chain"
    __table_args__ = (CheckConstraint("id = 1", name="ck_audit_chain_one_row"),)

    id: int = Field(default=1, primary_key=True)
    chain: str = Field(max_length=32)
    key_check: str = Field(max_length=64)
    sealed_at: NaiveDatetime


class ApiToken(SQLModel, table=True):
    """A sign-in given by the server: for one command, one card, until it expires or is used."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64, unique=True)  # sha256 of the token; the token is not kept
    account_id: int = Field(foreign_key="account.id")
    binding: str = Field(max_length=64)
    command: str = Field(max_length=64)
    expires_at: NaiveDatetime
    used_at: NaiveDatetime | None = None


class ImportedFile(SQLModel, table=True):
    """One staff file imported: who, when, which file. The records it created point to it, with
    the sheet and row each came from: their history's first entry, kept once a file instead of
    once a record (a province's import repeated who, when and the file 200,000 times)."""

    __tablename__ = "imported_file"

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime
    actor: str | None = Field(default=None, max_length=13)
    file: str = Field(sa_type=Text)  # as the officer named it


class Staff(SQLModel, table=True):
    """One person's current ก.พ.7 record at their LAO (canonical fields of DESIGN.md)."""

    __tablename__ = "staff"
    __table_args__ = (
        Index("ix_staff_org_type", "org_code", "personnel_type"),
        # the records with a position number only: no look-up asks for one without (0014)
        Index(
            "ix_staff_org_position",
            "org_code",
            "position_no",
            sqlite_where=text("position_no IS NOT NULL"),
            postgresql_where=text("position_no IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, unique=True)
    org_code: str = Field(foreign_key="lao.code", max_length=7)
    title: str = Field(max_length=50)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    gender: str | None = Field(default=None, max_length=6)
    birth_date: date
    personnel_type: str = Field(max_length=32)
    position: str = Field(max_length=200)
    position_no: str | None = Field(default=None, max_length=50)
    level: str | None = Field(default=None, max_length=100)
    division: str | None = Field(default=None, max_length=200)
    salary: float
    appointed_on: date | None = None
    created_at: NaiveDatetime
    updated_at: NaiveDatetime
    arriving: int | None = None  # the approved transfer bringing this record, until received
    # the import that created the record, and where in the file (ImportedFile): None for a
    # record created before 0013, whose history holds an `imported` row instead
    imported_in: int | None = Field(default=None, foreign_key="imported_file.id")
    imported_sheet: str | None = Field(default=None, sa_type=Text)
    imported_row: int | None = None


class StaffHistory(SQLModel, table=True):
    """A change to a staff record: who, when, from which file and row, old and new values."""

    __tablename__ = "staff_history"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    org_code: str = Field(max_length=7)
    at: NaiveDatetime
    actor: str | None = Field(default=None, max_length=13)
    action: str = Field(max_length=32)
    source: str | None = Field(default=None, max_length=300)
    changes: str = Field(default="{}", sa_type=Text)


class Round(SQLModel, table=True):
    """A certification round with its deadlines. At most one is open (`is_open` is TRUE for it
    and NULL for closed ones, under a unique constraint)."""

    __tablename__ = "round"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    lao_deadline: date
    province_deadline: date
    is_open: bool | None = Field(default=True, unique=True)
    opened_at: NaiveDatetime
    opened_by: str = Field(max_length=13)
    closed_at: NaiveDatetime | None = None
    closed_by: str | None = Field(default=None, max_length=13)


class Certification(SQLModel, table=True):
    """An LAO's state in a round. No row: still recording. The snapshot (counts per group and a
    digest over every record) is taken at LAO certification."""

    __tablename__ = "certification"

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    org_code: str = Field(foreign_key="lao.code", primary_key=True, max_length=7)
    state: str = Field(max_length=20)  # lao_certified, province_certified, returned
    counts: str = Field(default="{}", sa_type=Text)
    digest: str | None = Field(default=None, max_length=64)
    updated_at: NaiveDatetime
    updated_by: str = Field(max_length=13)


class CertificationEvent(SQLModel, table=True):
    """One step of an LAO's certification history: who, when, from which state to which, why."""

    __tablename__ = "certification_event"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    org_code: str = Field(max_length=7, index=True)
    at: NaiveDatetime
    actor: str = Field(max_length=13)
    action: str = Field(max_length=32)
    state_from: str = Field(max_length=20)
    state_to: str = Field(max_length=20)
    reason: str | None = Field(default=None, sa_type=Text)
    counts: str = Field(default="{}", sa_type=Text)


class CertifiedRecord(SQLModel, table=True):
    """The digest of each record as it was certified, so `certify verify` can name what changed."""

    __tablename__ = "certified_record"

    round_id: int = Field(foreign_key="round.id", primary_key=True)
    org_code: str = Field(max_length=7, primary_key=True)
    national_id: str = Field(max_length=13, primary_key=True)
    digest: str = Field(max_length=64)


class CertifiedRow(SQLModel, table=True):
    """Each section row of the record of service as it was certified (`certify verify` names
    the one that changed): its digest, and the words that name it to a reader."""

    __tablename__ = "certified_row"
    __table_args__ = (Index("ix_certified_row_lao", "round_id", "org_code"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    org_code: str = Field(max_length=7)
    national_id: str = Field(max_length=13)
    section: str = Field(max_length=32)
    digest: str = Field(max_length=64)
    label: str = Field(max_length=400)


class Transfer(SQLModel, table=True):
    """A transfer order moving a person's record from one LAO to another (seed 000, workflow 2).

    `open_key` holds the national ID while the order is open (draft or approved) and is NULL
    after, under a unique constraint: a person has at most one open transfer."""

    __tablename__ = "transfer"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    open_key: str | None = Field(default=None, max_length=13, unique=True)
    from_org: str = Field(foreign_key="lao.code", max_length=7, index=True)
    to_org: str = Field(foreign_key="lao.code", max_length=7, index=True)
    personnel_type: str = Field(max_length=32)
    effective_on: date | None = None
    status: str = Field(max_length=16)  # draft, approved, received, rejected, cancelled
    letter_no: str | None = Field(default=None, max_length=100)
    letter_date: date | None = None
    order_no: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, sa_type=Text)
    created_at: NaiveDatetime
    created_by: str = Field(max_length=13)
    updated_at: NaiveDatetime
    updated_by: str = Field(max_length=13)


class Registration(SQLModel, table=True):
    """Who an LAO registered for a role (seed 004): `registrar` (นายทะเบียนประวัติ) or `officer`
    (เจ้าหน้าที่ทะเบียนประวัติ), since when and by whom."""

    __tablename__ = "registration"

    org_code: str = Field(foreign_key="lao.code", primary_key=True, max_length=7)
    role: str = Field(primary_key=True, max_length=16)
    national_id: str = Field(max_length=13)
    since: NaiveDatetime
    set_by: str = Field(max_length=13)


class ConferenceRoom(SQLModel, table=True):
    """A teleconference room, known to participants by its meeting ID (e.g. 8000)."""

    __tablename__ = "conference_room"

    meeting_id: str = Field(primary_key=True, max_length=20)
    name: str = Field(max_length=200)
    capacity: int
    active: bool = True


class Booking(SQLModel, table=True):
    """A booking of a room for one meeting. Only a hash of its one-time PIN is kept, and the last
    two digits for display."""

    __tablename__ = "booking"

    id: int | None = Field(default=None, primary_key=True)
    room_id: str = Field(foreign_key="conference_room.meeting_id", max_length=20, index=True)
    starts_at: NaiveDatetime  # local time, as the booker typed it
    ends_at: NaiveDatetime
    participants: int
    title: str = Field(max_length=300)
    booker: str = Field(max_length=13)
    unit: str | None = Field(default=None, max_length=200)
    state: str = Field(max_length=16)  # pending, approved, rejected, cancelled
    pin_hash: str = Field(max_length=200)
    pin_last2: str = Field(max_length=2)
    reason: str | None = Field(default=None, sa_type=Text)
    created_at: NaiveDatetime
    updated_at: NaiveDatetime
    updated_by: str = Field(max_length=13)


from lhrctl.schemas import plans as plans  # noqa: E402 - the manpower plans, registered too
from lhrctl.schemas import sections as sections  # noqa: E402 - the record's sections, registered with the tables
