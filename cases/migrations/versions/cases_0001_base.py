"""cases' tables: desk roles, cases, labels, messages, answers, comments, audit, templates, forms

Revision ID: cases_0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "cases_0001"
down_revision = None
branch_labels = ("cases",)
depends_on = "conversations_0001"


def upgrade() -> None:

    op.create_table(
        "case_form",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "contact",
                "offer",
                name="kind",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("required", sa.JSON(), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("terms_url", sa.String(length=500), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("background", sa.String(length=7), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_form_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_form")),
        sa.UniqueConstraint("key", name=op.f("uq_case_form_key")),
    )
    with op.batch_alter_table("case_form", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_form_office_id"), ["office_id"], unique=False)

    op.create_table(
        "case_label",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_label_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_label")),
        sa.UniqueConstraint("office_id", "name", name="uq_case_label_office_name"),
    )
    with op.batch_alter_table("case_label", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_label_office_id"), ["office_id"], unique=False)

    op.create_table(
        "case_reply_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("body_pl", sa.Text(), nullable=False),
        sa.Column("body_en", sa.Text(), nullable=False),
        sa.Column("body_he", sa.Text(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_reply_template_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reply_template")),
    )
    with op.batch_alter_table("case_reply_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_reply_template_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "case_desk_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "administrator",
                "expert",
                "specialist",
                "trainee",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_desk_member_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_case_desk_member_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_desk_member")),
        sa.UniqueConstraint("user_id", name=op.f("uq_case_desk_member_user_id")),
    )
    with op.batch_alter_table("case_desk_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_desk_member_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "desk_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("prospect_name", sa.String(length=200), nullable=True),
        sa.Column("prospect_email", sa.String(length=320), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "conversation",
                "email",
                "form",
                "staff",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "to_assign",
                "assigned",
                "to_accept",
                "answered",
                "closed",
                name="state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum(
                "none",
                "low",
                "normal",
                "high",
                "urgent",
                name="priority",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("first_answer_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["user_account.id"], name=op.f("fk_desk_case_assignee_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_desk_case_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_desk_case_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["conversation.id"], name=op.f("fk_desk_case_thread_id_conversation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_case")),
    )
    with op.batch_alter_table("desk_case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_case_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            "ix_desk_case_office_assignee",
            ["office_id", "assignee_id", "state", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_desk_case_office_state", ["office_id", "state", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_desk_case_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "case_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "to_accept",
                "returned",
                "sent",
                name="state",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("edited", sa.Boolean(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_case_answer_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["desk_case.id"], name=op.f("fk_case_answer_case_id_desk_case")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["user_account.id"],
            name=op.f("fk_case_answer_reviewer_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_answer")),
    )
    with op.batch_alter_table("case_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_answer_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_answer_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "step",
            sa.Enum(
                "created",
                "assigned",
                "submitted",
                "returned",
                "answered",
                "edited",
                "client_wrote",
                "priority",
                "labels",
                "commented",
                "closed",
                "reopened",
                name="step",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_case_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["desk_case.id"], name=op.f("fk_case_event_case_id_desk_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_form_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["desk_case.id"], name=op.f("fk_case_form_submission_case_id_desk_case")
        ),
        sa.ForeignKeyConstraint(
            ["form_id"], ["case_form.id"], name=op.f("fk_case_form_submission_form_id_case_form")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_form_submission")),
    )
    with op.batch_alter_table("case_form_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_form_submission_form_id"), ["form_id"], unique=False
        )

    op.create_table(
        "case_label_link",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["desk_case.id"],
            name=op.f("fk_case_label_link_case_id_desk_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"],
            ["case_label.id"],
            name=op.f("fk_case_label_link_label_id_case_label"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "label_id", name=op.f("pk_case_label_link")),
    )
    op.create_table(
        "case_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "office",
                "client",
                name="side",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_case_message_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["desk_case.id"], name=op.f("fk_case_message_case_id_desk_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_message")),
    )
    with op.batch_alter_table("case_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_message_case_id"), ["case_id"], unique=False)

    op.create_table(
        "case_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=True),
        sa.Column("passage", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["case_answer.id"], name=op.f("fk_case_comment_answer_id_case_answer")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_case_comment_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["desk_case.id"], name=op.f("fk_case_comment_case_id_desk_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_comment")),
    )
    with op.batch_alter_table("case_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_comment_case_id"), ["case_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("case_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_comment_case_id"))

    op.drop_table("case_comment")
    with op.batch_alter_table("case_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_message_case_id"))

    op.drop_table("case_message")
    op.drop_table("case_label_link")
    with op.batch_alter_table("case_form_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_form_submission_form_id"))

    op.drop_table("case_form_submission")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))

    op.drop_table("case_event")
    with op.batch_alter_table("case_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_answer_case_id"))
        batch_op.drop_index(batch_op.f("ix_case_answer_author_id"))

    op.drop_table("case_answer")
    with op.batch_alter_table("desk_case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_case_thread_id"))
        batch_op.drop_index("ix_desk_case_office_state")
        batch_op.drop_index("ix_desk_case_office_assignee")
        batch_op.drop_index(batch_op.f("ix_desk_case_company_id"))

    op.drop_table("desk_case")
    with op.batch_alter_table("case_desk_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_desk_member_office_id"))

    op.drop_table("case_desk_member")
    with op.batch_alter_table("case_reply_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_reply_template_office_id"))

    op.drop_table("case_reply_template")
    with op.batch_alter_table("case_label", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_label_office_id"))

    op.drop_table("case_label")
    with op.batch_alter_table("case_form", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_form_office_id"))

    op.drop_table("case_form")
