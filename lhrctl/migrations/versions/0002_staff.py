"""Staff records and their history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("national_id", sa.String(13), nullable=False, unique=True),
        sa.Column("org_code", sa.String(7), sa.ForeignKey("lao.code"), nullable=False),
        sa.Column("title", sa.String(50), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("gender", sa.String(6), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("personnel_type", sa.String(32), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("position_no", sa.String(50), nullable=True),
        sa.Column("level", sa.String(100), nullable=True),
        sa.Column("division", sa.String(200), nullable=True),
        sa.Column("salary", sa.Float(), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_staff_org_code", "staff", ["org_code"])
    op.create_table(
        "staff_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("national_id", sa.String(13), nullable=False),
        sa.Column("org_code", sa.String(7), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(13), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
    )
    op.create_index("ix_staff_history_national_id", "staff_history", ["national_id"])


def downgrade() -> None:
    op.drop_table("staff_history")
    op.drop_table("staff")
