"""The office's own messages, WhatsApp, delivery receipts, contacts' channels, reminders

- notification: channel may be 'whatsapp', status 'delivered'; delivered_at, gateway_id
  (to match receipts; older rows kept it in data), sender_id (told of failures),
  contact_id, letter_id;
- letter: a message the office chose to send one client (a batch for many), or a
  reminder (its slot unique, so never twice);
- contact_channel: which channels a contact receives each topic on;
- reminder_policy: an office's reminders that send themselves;
- staff_notice: what a person of the office must know (an undelivered message).

Revision ID: notify_0003
Revises: notify_0002
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "notify_0003"
down_revision = "notify_0002"
branch_labels = None
depends_on = "intake_0002"

CHANNELS = ("email", "sms", "whatsapp")
OLD_CHANNELS = ("email", "sms")
STATES = ("queued", "sending", "sent", "delivered", "failed")
OLD_STATES = ("queued", "sending", "sent", "failed")
TOPICS = ("amounts", "documents", "confirm", "text", "conversation")
ORIGINS = ("portal", "cli", "reminder")


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("attachment_key", sa.String(length=300), nullable=True),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("attachment_size", sa.Integer(), nullable=True),
        sa.Column("sender_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("slot", sa.String(length=160), nullable=True),
        sa.Column("note", sa.JSON(), nullable=True),
        sa.Column("composed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(among("kind", TOPICS), name=op.f("ck_letter_kind")),
        sa.CheckConstraint(among("origin", ORIGINS), name=op.f("ck_letter_origin")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_letter_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_letter_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["user_account.id"], name=op.f("fk_letter_sender_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
        sa.UniqueConstraint("slot", name=op.f("uq_letter_slot")),
    )
    with op.batch_alter_table("letter") as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_batch"), ["batch"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_sender_id"), ["sender_id"], unique=False)

    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_constraint(op.f("ck_notification_channel"), type_="check")
        batch_op.drop_constraint(op.f("ck_notification_status"), type_="check")
    with op.batch_alter_table("notification") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_notification_channel"), among("channel", CHANNELS)
        )
        batch_op.create_check_constraint(op.f("ck_notification_status"), among("status", STATES))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("gateway_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("sender_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("contact_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("letter_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_notification_gateway_id"), ["gateway_id"])
        batch_op.create_index(batch_op.f("ix_notification_sender_id"), ["sender_id"])
        batch_op.create_index(batch_op.f("ix_notification_contact_id"), ["contact_id"])
        batch_op.create_index(batch_op.f("ix_notification_letter_id"), ["letter_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_sender_id_user_account"),
            "user_account",
            ["sender_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_contact_id_contact"),
            "contact",
            ["contact_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_letter_id_letter"), "letter", ["letter_id"], ["id"]
        )
    # The gateway's id was kept in data until now.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE notification SET gateway_id = data->>'gateway_id' "
            "WHERE data->>'gateway_id' IS NOT NULL"
        )
    else:
        op.execute(
            "UPDATE notification SET gateway_id = json_extract(data, '$.gateway_id') "
            "WHERE json_extract(data, '$.gateway_id') IS NOT NULL"
        )

    op.create_table(
        "contact_channel",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.CheckConstraint(among("topic", TOPICS), name=op.f("ck_contact_channel_topic")),
        sa.CheckConstraint(among("channel", CHANNELS), name=op.f("ck_contact_channel_channel")),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_channel_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contact_id", "topic", "channel", name=op.f("pk_contact_channel")),
    )
    op.create_table(
        "reminder_policy",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("days_before", sa.JSON(), nullable=False),
        sa.Column("days_after", sa.JSON(), nullable=False),
        sa.Column("approval_after", sa.JSON(), nullable=False),
        sa.Column("due_before", sa.JSON(), nullable=False),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_reminder_policy_office_id_office")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_reminder_policy")),
    )
    op.create_table(
        "staff_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_staff_notice_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.id"],
            name=op.f("fk_staff_notice_notification_id_notification"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_staff_notice_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_staff_notice_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notice")),
        sa.UniqueConstraint("notification_id", name=op.f("uq_staff_notice_notification_id")),
    )
    with op.batch_alter_table("staff_notice") as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_notice_office_id"), ["office_id"])
        batch_op.create_index(batch_op.f("ix_staff_notice_user_id"), ["user_id"])


def downgrade() -> None:
    op.drop_table("staff_notice")
    op.drop_table("reminder_policy")
    op.drop_table("contact_channel")
    op.execute("DELETE FROM notification WHERE channel = 'whatsapp'")
    op.execute("UPDATE notification SET status = 'sent' WHERE status = 'delivered'")
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_constraint(op.f("fk_notification_letter_id_letter"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_notification_contact_id_contact"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_notification_sender_id_user_account"), type_="foreignkey")
        for name in ("letter_id", "contact_id", "sender_id", "gateway_id"):
            batch_op.drop_index(batch_op.f(f"ix_notification_{name}"))
        for name in ("letter_id", "contact_id", "sender_id", "gateway_id", "delivered_at"):
            batch_op.drop_column(name)
        batch_op.drop_constraint(op.f("ck_notification_channel"), type_="check")
        batch_op.drop_constraint(op.f("ck_notification_status"), type_="check")
    with op.batch_alter_table("notification") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_notification_channel"), among("channel", OLD_CHANNELS)
        )
        batch_op.create_check_constraint(
            op.f("ck_notification_status"), among("status", OLD_STATES)
        )
    op.drop_table("letter")
