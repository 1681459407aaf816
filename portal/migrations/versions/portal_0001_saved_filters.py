"""the portal's saved document filters

Revision ID: portal_0001
Revises:
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "portal_0001"
down_revision = None
branch_labels = ("portal",)
depends_on = "intake_0001"


def upgrade() -> None:
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_saved_filter_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_saved_filter_user_id")),
    )
    with op.batch_alter_table("saved_filter") as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_filter_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("saved_filter")
