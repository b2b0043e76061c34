"""Staff found by LAO and position number; the LAO-only index goes (both others start with it).

An import checks each incoming position number against the LAO's stored ones (LHR403) in one
join: (org_code, position_no) serves it, and every look-up by LAO alone, so the plain org_code
index was one more to keep up on every insert for nothing.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_staff_org_position", "staff", ["org_code", "position_no"])
    op.drop_index("ix_staff_org_code", "staff")


def downgrade() -> None:
    op.create_index("ix_staff_org_code", "staff", ["org_code"])
    op.drop_index("ix_staff_org_position", "staff")
