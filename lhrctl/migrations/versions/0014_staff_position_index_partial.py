"""The (LAO, position number) index keeps the records that have a position number only.

It serves the one look-up by position number (an import's LHR403: the incoming number against
the LAO's stored ones; validate's numbers held twice), which never asks for a record without
one; a contract employee often has none, and the index kept an entry for each of them on every
insert for nothing (an import of 200,000 records, half without a number: 0.15 s of its 1.0 s
of writing). A look-up by LAO alone is served by (org_code, personnel_type).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_NUMBERED = sa.text("position_no IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_staff_org_position", "staff")
    op.create_index(
        "ix_staff_org_position",
        "staff",
        ["org_code", "position_no"],
        sqlite_where=_NUMBERED,
        postgresql_where=_NUMBERED,
    )


def downgrade() -> None:
    op.drop_index("ix_staff_org_position", "staff")
    op.create_index("ix_staff_org_position", "staff", ["org_code", "position_no"])
