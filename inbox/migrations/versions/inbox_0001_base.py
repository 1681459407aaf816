"""the inbox's tables as they stood before issue 9 (then in intake/)

Revision ID: inbox_0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "inbox_0001"
down_revision = None
branch_labels = ("inbox",)
depends_on = "intake_0001"


def upgrade() -> None:
    op.create_table(
        "inbound_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("account", sa.String(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("storage_key", sa.String(length=300), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_inbound_email_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_inbound_email_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_email")),
        sa.UniqueConstraint("account", "uidvalidity", "uid", name=op.f("uq_inbound_email_account")),
    )
    with op.batch_alter_table("inbound_email", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inbound_email_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inbound_email_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_inbound_email_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbound_email_raw_sha256"), ["raw_sha256"])

    op.create_table(
        "mail_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=253), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("security", sa.String(length=10), nullable=False),
        sa.Column("username", sa.String(length=254), nullable=False),
        sa.Column("password_token", sa.Text(), nullable=False),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("processed_folder", sa.String(length=200), nullable=False),
        sa.Column("rejected_folder", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_mail_account_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_mail_account_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_account")),
        sa.UniqueConstraint("office_id", "name", name=op.f("uq_mail_account_office_id")),
    )
    with op.batch_alter_table("mail_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_account_company_id"), ["company_id"])
        batch_op.create_index(batch_op.f("ix_mail_account_office_id"), ["office_id"])

    op.create_table(
        "mailbox_state",
        sa.Column("account", sa.String(length=300), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("lease_owner", sa.String(length=200), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_mailbox_state")),
    )

    op.create_table(
        "allowed_sender",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_allowed_sender_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allowed_sender")),
        sa.UniqueConstraint("company_id", "address", name=op.f("uq_allowed_sender_company_id")),
    )
    with op.batch_alter_table("allowed_sender", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allowed_sender_company_id"), ["company_id"])

    op.create_table(
        "sender_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inbound_email_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_sender_event_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["inbound_email_id"],
            ["inbound_email.id"],
            name=op.f("fk_sender_event_inbound_email_id_inbound_email"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sender_event")),
    )
    with op.batch_alter_table("sender_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sender_event_at"), ["at"])
        batch_op.create_index(batch_op.f("ix_sender_event_company_id"), ["company_id"])
        batch_op.create_index(batch_op.f("ix_sender_event_sender"), ["sender"])

    op.create_table(
        "inbound_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inbound_email_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_inbound_part_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["inbound_email_id"],
            ["inbound_email.id"],
            name=op.f("fk_inbound_part_inbound_email_id_inbound_email"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_part")),
    )
    with op.batch_alter_table("inbound_part", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_part_inbound_email_id"), ["inbound_email_id"])
        batch_op.create_index(batch_op.f("ix_inbound_part_sha256"), ["sha256"])


def downgrade() -> None:
    for table in (
        "inbound_part",
        "sender_event",
        "allowed_sender",
        "mailbox_state",
        "mail_account",
        "inbound_email",
    ):
        op.drop_table(table)
