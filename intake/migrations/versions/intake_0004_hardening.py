"""login sessions kept on the server; how far back a client may confirm a month

- login_session: one row per login, the cookie's token kept as its sha256, so logging out
  (or out everywhere) ends a session for good;
- office.confirm_months_back: months before the current one a client may still confirm (1).

Revision ID: intake_0004
Revises: intake_0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0004"
down_revision = "intake_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_login_session_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_login_session_token_hash")),
    )
    op.create_index(op.f("ix_login_session_user_id"), "login_session", ["user_id"], unique=False)
    with op.batch_alter_table("office") as batch_op:
        batch_op.add_column(
            sa.Column("confirm_months_back", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("office") as batch_op:
        batch_op.drop_column("confirm_months_back")
    op.drop_index(op.f("ix_login_session_user_id"), table_name="login_session")
    op.drop_table("login_session")
