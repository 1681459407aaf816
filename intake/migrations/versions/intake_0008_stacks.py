"""Stacks: one file of several invoices is split into documents of their own

- document.status may be 'split': a stack whose invoices became documents of their own;
- document.split_from_id: the stack a document was cut from, with its pages there
  (split_first, split_last, 1-based, inclusive).

Revision ID: intake_0008
Revises: intake_0007
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0008"
down_revision = "intake_0007"
branch_labels = None
depends_on = None

OLD_STATUSES = (
    "received",
    "processing",
    "extracted",
    "needs_review",
    "rejected",
    "failed",
    "approved",
    "duplicate",
)
STATUSES = (*OLD_STATUSES, "split")


def among(column: str, values: tuple[str, ...], nullable: bool = False) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check


def _checks(statuses: tuple[str, ...]) -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_constraint(op.f("ck_document_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_document_status"), among("status", statuses))
    with op.batch_alter_table("document_event") as batch_op:
        for column in ("from_status", "to_status"):
            name = op.f(f"ck_document_event_{column}")
            batch_op.drop_constraint(name, type_="check")
            batch_op.create_check_constraint(name, among(column, statuses, True))


def upgrade() -> None:
    _checks(STATUSES)
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("split_from_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("split_first", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("split_last", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_document_split_from_id_document"), "document", ["split_from_id"], ["id"]
        )
        batch_op.create_index(op.f("ix_document_split_from_id"), ["split_from_id"])
        batch_op.create_index(
            "uq_document_split_part", ["split_from_id", "split_first"], unique=True
        )


def downgrade() -> None:
    op.execute("UPDATE document SET status = 'needs_review' WHERE status = 'split'")
    for table in ("document_event",):
        for column in ("from_status", "to_status"):
            op.execute(f"UPDATE {table} SET {column} = 'needs_review' WHERE {column} = 'split'")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_index("uq_document_split_part")
        batch_op.drop_index(op.f("ix_document_split_from_id"))
        batch_op.drop_constraint(op.f("fk_document_split_from_id_document"), type_="foreignkey")
        batch_op.drop_column("split_last")
        batch_op.drop_column("split_first")
        batch_op.drop_column("split_from_id")
    _checks(OLD_STATUSES)
