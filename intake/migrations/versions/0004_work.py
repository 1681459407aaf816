"""work: task keys and chains, notification delivery fields, the office's work policy

Revision ID: 0004_work
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_work"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_task_key"), ["key"])
        batch_op.create_index(batch_op.f("ix_task_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_task_parent_id_task"), "task", ["parent_id"], ["id"]
        )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("data", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.create_unique_constraint(batch_op.f("uq_notification_key"), ["key"])
        batch_op.create_index(batch_op.f("ix_notification_task_id"), ["task_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_task_id_task"), "task", ["task_id"], ["id"]
        )
    op.create_table(
        "work_policy",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("approval_required", sa.Boolean(), nullable=False),
        sa.Column("remind_after_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_work_policy_office_id_office")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_work_policy")),
    )


def downgrade() -> None:
    op.drop_table("work_policy")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notification_task_id_task"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_notification_task_id"))
        batch_op.drop_constraint(batch_op.f("uq_notification_key"), type_="unique")
        for column in ("data", "last_attempt_at", "attempts", "task_id", "key", "kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_task_parent_id_task"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_task_parent_id"))
        batch_op.drop_constraint(batch_op.f("uq_task_key"), type_="unique")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("key")
