"""The sections of the record of service (ก.พ.7): positions and salaries, education, training,
decorations, leave, discipline, name changes. Each row is a person's, by national ID.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _person() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("national_id", sa.String(13), nullable=False)


def upgrade() -> None:
    op.create_table(
        "position_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("movement", sa.String(32), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("position_no", sa.String(50), nullable=True),
        sa.Column("level", sa.String(100), nullable=True),
        sa.Column("division", sa.String(200), nullable=True),
        sa.Column("salary", sa.Float(), nullable=False),
        sa.Column("order_ref", sa.String(200), nullable=True),
    )
    op.create_index("ix_position_entry_person", "position_entry", ["national_id", "effective_on"])
    op.create_table(
        "education",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("level", sa.String(100), nullable=False),
        sa.Column("degree", sa.String(200), nullable=True),
        sa.Column("major", sa.String(200), nullable=True),
        sa.Column("institution", sa.String(200), nullable=True),
        sa.Column("graduated_year", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(100), nullable=True),
    )
    op.create_table(
        "training",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("course", sa.String(300), nullable=False),
        sa.Column("organiser", sa.String(200), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
    )
    op.create_table(
        "decoration",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("decoration_class", sa.String(100), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("gazette_ref", sa.String(200), nullable=True),
    )
    op.create_table(
        "leave_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Float(), nullable=False),
    )
    op.create_table(
        "discipline",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("penalty", sa.String(200), nullable=False),
        sa.Column("order_ref", sa.String(200), nullable=True),
        sa.Column("ordered_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "name_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        _person(),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("former_title", sa.String(50), nullable=True),
        sa.Column("former_first_name", sa.String(100), nullable=True),
        sa.Column("former_last_name", sa.String(100), nullable=True),
    )
    for table in (
        "education",
        "training",
        "decoration",
        "leave_entry",
        "discipline",
        "name_change",
    ):
        op.create_index(f"ix_{table}_national_id", table, ["national_id"])


def downgrade() -> None:
    for table in ("name_change", "discipline", "leave_entry", "decoration", "training",
                  "education", "position_entry"):  # fmt: skip
        op.drop_table(table)
