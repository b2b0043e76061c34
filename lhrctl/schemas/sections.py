"""The sections of a person's record of service (ก.พ.7) beside the staff record: positions and
salaries, education, training, decorations, leave, discipline, name changes.

Every row belongs to one person by national ID, not to an LAO, so it goes wherever the person
goes: a transfer moves the record and its sections together.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, Table
from sqlmodel import Field, SQLModel

from lhrctl.labels import SECTION_TITLES

MOVEMENTS = (
    "appointed", "promoted", "moved", "transferred_in", "salary_step", "demoted", "other",
)  # fmt: skip

# Royal decorations a local official receives, lowest first (the medals, then the orders of the
# Crown of Thailand and the White Elephant by class): (abbreviation, Thai name, English name).
# A person receives them upward: a lower class after a higher one is a mistake (LHR716).
DECORATION_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("ร.ง.ม.", "เหรียญเงินมงกุฎไทย", "Silver Medal of the Crown of Thailand"),
    ("ร.ท.ม.", "เหรียญทองมงกุฎไทย", "Gold Medal of the Crown of Thailand"),
    ("ร.ง.ช.", "เหรียญเงินช้างเผือก", "Silver Medal of the White Elephant"),
    ("ร.ท.ช.", "เหรียญทองช้างเผือก", "Gold Medal of the White Elephant"),
    ("บ.ม.", "เบญจมาภรณ์มงกุฎไทย", "Member (Fifth Class) of the Crown of Thailand"),
    ("บ.ช.", "เบญจมาภรณ์ช้างเผือก", "Member (Fifth Class) of the White Elephant"),
    ("จ.ม.", "จัตุรถาภรณ์มงกุฎไทย", "Companion (Fourth Class) of the Crown of Thailand"),
    ("จ.ช.", "จัตุรถาภรณ์ช้างเผือก", "Companion (Fourth Class) of the White Elephant"),
    ("ต.ม.", "ตริตาภรณ์มงกุฎไทย", "Commander (Third Class) of the Crown of Thailand"),
    ("ต.ช.", "ตริตาภรณ์ช้างเผือก", "Commander (Third Class) of the White Elephant"),
    ("ท.ม.", "ทวีติยาภรณ์มงกุฎไทย", "Knight Commander (Second Class) of the Crown of Thailand"),
    ("ท.ช.", "ทวีติยาภรณ์ช้างเผือก", "Knight Commander (Second Class) of the White Elephant"),
    ("ป.ม.", "ประถมาภรณ์มงกุฎไทย", "Knight Grand Cross (First Class) of the Crown of Thailand"),
    ("ป.ช.", "ประถมาภรณ์ช้างเผือก", "Knight Grand Cross (First Class) of the White Elephant"),
    ("ม.ว.ม.", "มหาวชิรมงกุฎ", "Knight Grand Cordon of the Crown of Thailand"),
    ("ม.ป.ช.", "มหาปรมาภรณ์ช้างเผือก", "Knight Grand Cordon of the White Elephant"),
)
DECORATION_RANK = {
    abbreviation: rank for rank, (abbreviation, _, _) in enumerate(DECORATION_CLASSES)
}
# the penalties that lower a salary (DOMAIN: ลดขั้น/ลดเงินเดือน), found in the penalty's text
SALARY_PENALTIES = ("ลดขั้น", "ลดเงินเดือน")


class PositionEntry(SQLModel, table=True):
    """A change of position or salary, with the order behind it (ตำแหน่งและอัตราเงินเดือน)."""

    __tablename__ = "position_entry"
    __table_args__ = (Index("ix_position_entry_person", "national_id", "effective_on"),)

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13)
    effective_on: date
    movement: str = Field(max_length=32)
    position: str = Field(max_length=200)
    position_no: str | None = Field(default=None, max_length=50)
    level: str | None = Field(default=None, max_length=100)
    division: str | None = Field(default=None, max_length=200)
    salary: float
    order_ref: str | None = Field(default=None, max_length=200)


class Education(SQLModel, table=True):
    """A qualification (ประวัติการศึกษา); the year of graduation in the Buddhist Era."""

    __tablename__ = "education"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    level: str = Field(max_length=100)
    degree: str | None = Field(default=None, max_length=200)
    major: str | None = Field(default=None, max_length=200)
    institution: str | None = Field(default=None, max_length=200)
    graduated_year: int | None = None
    country: str | None = Field(default=None, max_length=100)


class Training(SQLModel, table=True):
    """A course attended (การฝึกอบรม)."""

    __tablename__ = "training"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    course: str = Field(max_length=300)
    organiser: str | None = Field(default=None, max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None


class Decoration(SQLModel, table=True):
    """A royal decoration received (เครื่องราชอิสริยาภรณ์) and its Royal Gazette reference."""

    __tablename__ = "decoration"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    decoration_class: str = Field(max_length=100)
    received_on: date
    gazette_ref: str | None = Field(default=None, max_length=200)


class LeaveEntry(SQLModel, table=True):
    """Leave taken (วันลา): its kind, its days."""

    __tablename__ = "leave_entry"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    kind: str = Field(max_length=100)
    starts_on: date
    ends_on: date
    days: float


class Discipline(SQLModel, table=True):
    """A disciplinary penalty (โทษทางวินัย) and the order that imposed it."""

    __tablename__ = "discipline"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    penalty: str = Field(max_length=200)
    order_ref: str | None = Field(default=None, max_length=200)
    ordered_on: date


class NameChange(SQLModel, table=True):
    """A change of name (การเปลี่ยนชื่อ): the name the person had before that day."""

    __tablename__ = "name_change"

    id: int | None = Field(default=None, primary_key=True)
    national_id: str = Field(max_length=13, index=True)
    changed_on: date
    former_title: str | None = Field(default=None, max_length=50)
    former_first_name: str | None = Field(default=None, max_length=100)
    former_last_name: str | None = Field(default=None, max_length=100)


# the sections in the order of the ก.พ.7 form, each with its (English, Thai) name
_MODELS: dict[str, type[SQLModel]] = {
    "positions": PositionEntry,
    "education": Education,
    "training": Training,
    "decorations": Decoration,
    "leave": LeaveEntry,
    "discipline": Discipline,
    "name_changes": NameChange,
}
# each section: its name, its table's model, its title in English and Thai (labels.py)
SECTIONS: tuple[tuple[str, type[SQLModel], str, str], ...] = tuple(
    (name, _MODELS[name], en, th) for name, (en, th) in SECTION_TITLES.items()
)

# each section's table, and the fields of its rows (their id and their person's ID apart), in
# the form's order
TABLES: dict[str, Table] = {name: model.__table__ for name, model, _en, _th in SECTIONS}  # type: ignore[attr-defined]
ROW_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in table.c if c.name not in ("id", "national_id"))
    for name, table in TABLES.items()
}

# the field a section's rows are read in the order of (oldest first)
ORDERED_BY = {
    "positions": "effective_on",
    "education": "graduated_year",
    "training": "starts_on",
    "decorations": "received_on",
    "leave": "starts_on",
    "discipline": "ordered_on",
    "name_changes": "changed_on",
}
