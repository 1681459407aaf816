"""the office's own work: task templates, a task's log, visible tasks, paid amounts, digests

- task_template: each office's steps (title, kind, who, when due, visible to the client,
  next steps, follow-up or escalation, monthly start); installed per office on first use;
- task_comment: comments, postponements with their reason, reassignments;
- task: template_id, visible_to_client, starts_on; more kinds (the CHECK grows);
- tax_amount: account, paid_at, paid_by (the payments table);
- work_policy: the daily digests' switches, whether the default templates were installed.

Revision ID: tasks_0003
Revises: tasks_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "tasks_0003"
down_revision = "tasks_0002"
branch_labels = None
depends_on = None

OLD_KINDS = ("calculate_tax", "recalculate_tax", "send_declaration", "remind_client")
KINDS = (
    *OLD_KINDS,
    "collect_documents",
    "pit_advance",
    "zus",
    "vat_report",
    "income_tax_advance",
    "follow_up",
    "escalation",
    "other",
)
CODES = ("VAT", "PIT", "CIT", "ZUS")


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "task_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("assignee_rule", sa.String(length=20), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("assignee_role", sa.String(length=20), nullable=True),
        sa.Column("due_rule", sa.String(length=20), nullable=False),
        sa.Column("due_days", sa.Integer(), server_default="0", nullable=False),
        sa.Column("deadline_tax", sa.String(length=10), nullable=True),
        sa.Column("visible_to_client", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("next_names", sa.JSON(), nullable=False),
        sa.Column("after_days", sa.Integer(), nullable=True),
        sa.Column("after_action", sa.String(length=20), nullable=True),
        sa.Column("monthly_day", sa.Integer(), nullable=True),
        sa.Column("every_months", sa.Integer(), server_default="1", nullable=False),
        sa.Column("companies", sa.JSON(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(among("kind", KINDS), name=op.f("ck_task_template_kind")),
        sa.CheckConstraint(
            among("assignee_rule", ("accountant", "person", "role")),
            name=op.f("ck_task_template_assignee_rule"),
        ),
        sa.CheckConstraint(
            among("due_rule", ("none", "after_previous", "day_of_month", "before_deadline")),
            name=op.f("ck_task_template_due_rule"),
        ),
        sa.CheckConstraint(
            among("deadline_tax", CODES), name=op.f("ck_task_template_deadline_tax")
        ),
        sa.CheckConstraint(
            among("after_action", ("follow_up", "escalate")),
            name=op.f("ck_task_template_after_action"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_task_template_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["user_account.id"],
            name=op.f("fk_task_template_assignee_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_template")),
        sa.UniqueConstraint("office_id", "name", name=op.f("uq_task_template_office_id")),
    )
    with op.batch_alter_table("task_template") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_template_office_id"), ["office_id"])

    op.create_table(
        "task_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            among("kind", ("comment", "postponed", "assigned")), name=op.f("ck_task_comment_kind")
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_task_comment_task_id_task"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_task_comment_author_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_comment")),
    )
    with op.batch_alter_table("task_comment") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_comment_task_id"), ["task_id"])

    with op.batch_alter_table("task") as batch_op:
        batch_op.add_column(sa.Column("template_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("visible_to_client", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_task_template_id_task_template"),
            "task_template",
            ["template_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_task_template_id"), ["template_id"])
        batch_op.create_index("ix_task_office_status_due", ["office_id", "status", "due_on"])
        batch_op.drop_constraint(op.f("ck_task_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_task_kind"), among("kind", KINDS))

    with op.batch_alter_table("tax_amount") as batch_op:
        batch_op.add_column(sa.Column("account", sa.String(length=34), nullable=True))
        batch_op.add_column(sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("paid_by", sa.String(length=254), nullable=True))
        batch_op.create_index("ix_tax_amount_office_month", ["office_id", "month"])

    with op.batch_alter_table("work_policy") as batch_op:
        batch_op.add_column(
            sa.Column("digest_owner", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("digest_staff", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "templates_installed", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("work_policy") as batch_op:
        for column in ("templates_installed", "digest_staff", "digest_owner"):
            batch_op.drop_column(column)
    with op.batch_alter_table("tax_amount") as batch_op:
        batch_op.drop_index("ix_tax_amount_office_month")
        for column in ("paid_by", "paid_at", "account"):
            batch_op.drop_column(column)
    op.execute(sa.text(f"DELETE FROM task WHERE NOT ({among('kind', OLD_KINDS)})"))
    with op.batch_alter_table("task") as batch_op:
        batch_op.drop_constraint(op.f("ck_task_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_task_kind"), among("kind", OLD_KINDS))
        batch_op.drop_index("ix_task_office_status_due")
        batch_op.drop_index(batch_op.f("ix_task_template_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_task_template_id_task_template"), type_="foreignkey"
        )
        for column in ("starts_on", "visible_to_client", "template_id"):
            batch_op.drop_column(column)
    op.drop_table("task_comment")
    op.drop_table("task_template")
