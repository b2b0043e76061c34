"""The three-year manpower plan (แผนอัตรากำลัง 3 ปี): versions of an LAO's plan for a cycle, and
their lines.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "manpower_plan",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_code", sa.String(7), nullable=False),
        sa.Column("cycle", sa.String(9), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("budget_1", sa.Float(), nullable=True),
        sa.Column("budget_2", sa.Float(), nullable=True),
        sa.Column("budget_3", sa.Float(), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(13), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(13), nullable=True),
        sa.Column("return_reason", sa.String(500), nullable=True),
        sa.UniqueConstraint("org_code", "cycle", "version"),
    )
    op.create_index("ix_manpower_plan_org_code", "manpower_plan", ["org_code"])
    op.create_table(
        "plan_line",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("manpower_plan.id"), nullable=False),
        sa.Column("division", sa.String(200), nullable=False),
        sa.Column("position", sa.String(200), nullable=False),
        sa.Column("personnel_type", sa.String(32), nullable=False),
        sa.Column("level", sa.String(100), nullable=True),
        sa.Column("position_nos", sa.String(500), nullable=True),
        sa.Column("framework", sa.Integer(), nullable=False),
        sa.Column("year_1", sa.Integer(), nullable=False),
        sa.Column("year_2", sa.Integer(), nullable=False),
        sa.Column("year_3", sa.Integer(), nullable=False),
        sa.Column("salary", sa.Float(), nullable=True),
        sa.Column("benefits", sa.Float(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
    )
    op.create_index("ix_plan_line_plan_id", "plan_line", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_line_plan_id", "plan_line")
    op.drop_table("plan_line")
    op.drop_index("ix_manpower_plan_org_code", "manpower_plan")
    op.drop_table("manpower_plan")
