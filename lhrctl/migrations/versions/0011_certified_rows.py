"""The section rows of the record of service as certified, so `certify verify` names the one
that changed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certified_row",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("round.id"), nullable=False),
        sa.Column("org_code", sa.String(7), nullable=False),
        sa.Column("national_id", sa.String(13), nullable=False),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("label", sa.String(400), nullable=False),
    )
    op.create_index("ix_certified_row_lao", "certified_row", ["round_id", "org_code"])


def downgrade() -> None:
    op.drop_index("ix_certified_row_lao", "certified_row")
    op.drop_table("certified_row")
