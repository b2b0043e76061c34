"""Each LAO's registered registrar and registry officer.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration",
        sa.Column("org_code", sa.String(7), sa.ForeignKey("lao.code"), primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("national_id", sa.String(13), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("set_by", sa.String(13), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("registration")
