"""notify's table as it stood before issue 9 (then in intake/; task_id without its key)

Revision ID: notify_0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "notify_0001"
down_revision = None
branch_labels = ("notify",)
depends_on = "intake_0001"


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_notification_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_notification_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
        sa.UniqueConstraint("key", name=op.f("uq_notification_key")),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_notification_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notification_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    op.drop_table("notification")
