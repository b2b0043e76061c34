"""Certification rounds, each LAO's state in them, its history, and the certified snapshot.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # counts per LAO and personnel type (certification, report progress) from the index alone
    op.create_index("ix_staff_org_type", "staff", ["org_code", "personnel_type"])
    op.create_table(
        "round",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("lao_deadline", sa.Date(), nullable=False),
        sa.Column("province_deadline", sa.Date(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=True, unique=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(13), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(13), nullable=True),
    )
    op.create_table(
        "certification",
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("round.id"), primary_key=True),
        sa.Column("org_code", sa.String(7), sa.ForeignKey("lao.code"), primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(13), nullable=False),
    )
    op.create_table(
        "certification_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("round.id"), nullable=False),
        sa.Column("org_code", sa.String(7), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(13), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("state_from", sa.String(20), nullable=False),
        sa.Column("state_to", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("counts", sa.Text(), nullable=False),
    )
    op.create_index("ix_certification_event_org_code", "certification_event", ["org_code"])
    op.create_table(
        "certified_record",
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("round.id"), primary_key=True),
        sa.Column("org_code", sa.String(7), primary_key=True),
        sa.Column("national_id", sa.String(13), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_staff_org_type", "staff")
    op.drop_table("certified_record")
    op.drop_table("certification_event")
    op.drop_table("certification")
    op.drop_table("round")
