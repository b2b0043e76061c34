"""The audit log sealed with a key outside the database; no statement can change or empty it.

`audit_head` goes: with HMAC and an anchor file outside the database, the last row is the head,
and a table every writer had to update was one a writer could also reset. `audit_chain` names the
chain (its id is in every MAC, so rows moved from another database do not verify) and holds a
check value that tells the right key from another one; `lhrctl init` fills it and writes the
sealing row. Rows written before this schema stay, verified by their unkeyed hash up to that row.

On PostgreSQL the guard is now statement-level and covers TRUNCATE, which row-level triggers
never see; roles that are only granted SELECT and INSERT on these tables cannot drop it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GUARDED = ("audit_log", "audit_chain")


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("chain", sa.String(32), nullable=False),
        sa.Column("key_check", sa.String(64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_audit_chain_one_row"),
    )
    op.drop_table("audit_head")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute(
            "CREATE OR REPLACE FUNCTION lhr_audit_append_only() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in GUARDED:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION lhr_audit_append_only()"
            )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_chain_no_{verb.lower()} BEFORE {verb} ON audit_chain "
            "BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for table in GUARDED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.drop_table("audit_chain")
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.execute(
        "INSERT INTO audit_head (id, last_id, last_hash) SELECT 1, "
        "COALESCE((SELECT max(id) FROM audit_log), 0), "
        f"COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{'0' * 64}')"
    )
    if postgres:
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION lhr_audit_append_only()"
        )
