"""conversations' tables: threads between the office and a client, messages, attachments

Revision ID: conversations_0001
Revises:
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "conversations_0001"
down_revision = None
branch_labels = ("conversations",)
depends_on = "intake_0002"

SIDES = ("office", "client")
VIAS = ("portal", "email", "notice")


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("started_by", sa.String(length=10), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=True),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("office_seen_id", sa.Integer(), nullable=False),
        sa.Column("client_seen_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(among("started_by", SIDES), name=op.f("ck_conversation_started_by")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_conversation_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_conversation_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation")),
    )
    with op.batch_alter_table("conversation") as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_batch"), ["batch"])
        batch_op.create_index(batch_op.f("ix_conversation_company_id"), ["company_id"])
        batch_op.create_index(batch_op.f("ix_conversation_office_id"), ["office_id"])
    op.create_table(
        "conversation_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_email", sa.String(length=320), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("email_message_id", sa.String(length=998), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(among("side", SIDES), name=op.f("ck_conversation_message_side")),
        sa.CheckConstraint(among("via", VIAS), name=op.f("ck_conversation_message_via")),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_conversation_message_author_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["conversation.id"],
            name=op.f("fk_conversation_message_thread_id_conversation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_message")),
        sa.UniqueConstraint(
            "email_message_id", name=op.f("uq_conversation_message_email_message_id")
        ),
    )
    with op.batch_alter_table("conversation_message") as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_message_thread_id"), ["thread_id"])
    op.create_table(
        "conversation_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["conversation_message.id"],
            name=op.f("fk_conversation_attachment_message_id_conversation_message"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_attachment")),
    )
    with op.batch_alter_table("conversation_attachment") as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_attachment_message_id"), ["message_id"])


def downgrade() -> None:
    op.drop_table("conversation_attachment")
    op.drop_table("conversation_message")
    op.drop_table("conversation")
