"""Transfer orders, and the flag of a record arriving at its new LAO.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("national_id", sa.String(13), nullable=False),
        sa.Column("open_key", sa.String(13), nullable=True, unique=True),
        sa.Column("from_org", sa.String(7), sa.ForeignKey("lao.code"), nullable=False),
        sa.Column("to_org", sa.String(7), sa.ForeignKey("lao.code"), nullable=False),
        sa.Column("personnel_type", sa.String(32), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("letter_no", sa.String(100), nullable=True),
        sa.Column("letter_date", sa.Date(), nullable=True),
        sa.Column("order_no", sa.String(100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(13), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(13), nullable=False),
    )
    op.create_index("ix_transfer_national_id", "transfer", ["national_id"])
    op.create_index("ix_transfer_from_org", "transfer", ["from_org"])
    op.create_index("ix_transfer_to_org", "transfer", ["to_org"])
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("arriving", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("arriving")
    op.drop_table("transfer")
