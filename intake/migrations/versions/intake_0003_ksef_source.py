"""KSeF is a door: document.source may be 'ksef'; document.delivered_at

- the CHECK on document.source takes 'ksef' (invoices the ksef package fetches);
- document.delivered_at: when the document legally reached the client, where that is not
  when Intake took it in (a KSeF invoice is received when KSeF gives it its number); the
  late-delivery statistics count by it.

Revision ID: intake_0003
Revises: intake_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = None

OLD_SOURCES = ("portal", "mobile", "email", "cli")
SOURCES = (*OLD_SOURCES, "ksef")


def among(column: str, values: tuple[str, ...]) -> str:
    """Return the SQL of a CHECK that a column holds one of some values."""
    listed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({listed})"


def upgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_constraint(op.f("ck_document_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_document_source"), among("source", SOURCES))
        batch_op.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE document SET source = 'cli' WHERE source = 'ksef'")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("delivered_at")
        batch_op.drop_constraint(op.f("ck_document_source"), type_="check")
        batch_op.create_check_constraint(op.f("ck_document_source"), among("source", OLD_SOURCES))
