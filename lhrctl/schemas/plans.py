"""The three-year manpower plan (แผนอัตรากำลัง 3 ปี): an LAO's plan for a cycle of three fiscal
years, in versions (the original and each amendment), each holding its lines and the LAO's
budget of each year.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import NaiveDatetime
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

PLAN_STATES = ("draft", "submitted", "returned", "approved")


class ManpowerPlan(SQLModel, table=True):
    """One version of an LAO's plan for a cycle: the original (version 1) or an amendment."""

    __tablename__ = "manpower_plan"
    __table_args__ = (UniqueConstraint("org_code", "cycle", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    org_code: str = Field(max_length=7, index=True)
    cycle: str = Field(max_length=9)  # "2570-2572": three fiscal years, Buddhist Era
    version: int
    reason: str | None = Field(default=None, max_length=500)  # an amendment's
    state: str = Field(max_length=16)
    budget_1: float | None = None  # the LAO's annual budget of each year of the cycle
    budget_2: float | None = None
    budget_3: float | None = None
    source: str | None = Field(default=None, max_length=300)  # the workbook it came from
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    created_by: str = Field(max_length=13)
    decided_at: NaiveDatetime | None = None  # submitted, returned or approved: the last step
    decided_by: str | None = Field(default=None, max_length=13)
    return_reason: str | None = Field(default=None, max_length=500)


class PlanLine(SQLModel, table=True):
    """A position of the plan: its current framework and the posts wanted in each year, with
    what one post costs (the monthly salary budgeted, other benefits a year)."""

    __tablename__ = "plan_line"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="manpower_plan.id", index=True)
    division: str = Field(max_length=200)
    position: str = Field(max_length=200)
    personnel_type: str = Field(max_length=32)
    level: str | None = Field(default=None, max_length=100)
    position_nos: str | None = Field(default=None, max_length=500)
    framework: int
    year_1: int
    year_2: int
    year_3: int
    salary: float | None = None
    benefits: float | None = None
    note: str | None = Field(default=None, max_length=500)
