"""notify's vocabulary backed by CHECK constraints; `about` instead of task_id; coded errors

- channel and status: CHECK constraints (kind stays free text: each package owns its kinds);
- about ('task:12') replaces task_id, which pointed into tasks' table (notify keeps no key
  into a package above it); older databases still have fk_notification_task_id_task,
  dropped with the column (PostgreSQL drops it with the column, SQLite rebuilds the table);
- error: JSON (a coded message, or the gateway's text older rows kept).

Revision ID: notify_0002
Revises: notify_0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "notify_0002"
down_revision = "notify_0001"
branch_labels = None
depends_on = None

CHANNELS = ("email", "sms")
STATES = ("queued", "sending", "sent", "failed")


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.add_column(sa.Column("about", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_about"), ["about"], unique=False)
    op.execute(
        "UPDATE notification SET about = 'task:' || CAST(task_id AS VARCHAR(20)) "
        "WHERE task_id IS NOT NULL"
    )
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_task_id"))
        batch_op.drop_column("task_id")  # its key into task goes with it
        batch_op.create_check_constraint(
            op.f("ck_notification_channel"), among("channel", CHANNELS)
        )
        batch_op.create_check_constraint(op.f("ck_notification_status"), among("status", STATES))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE notification ALTER COLUMN error TYPE JSON USING to_json(error)")
    else:
        op.execute("UPDATE notification SET error = json_quote(error) WHERE error IS NOT NULL")
        with op.batch_alter_table("notification") as batch_op:
            batch_op.alter_column("error", type_=sa.JSON(), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.alter_column("error", type_=sa.Text(), existing_nullable=True)
        batch_op.drop_constraint(op.f("ck_notification_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_notification_channel"), type_="check")
        batch_op.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_task_id"), ["task_id"], unique=False)
    op.execute(
        "UPDATE notification SET task_id = CAST(SUBSTR(about, 6) AS INTEGER) "
        "WHERE about LIKE 'task:%'"
    )
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_about"))
        batch_op.drop_column("about")
