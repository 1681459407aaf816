"""pipeline: one original per file and company; duplicate columns; claim tokens

Revision ID: 0002_pipeline
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_pipeline"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("extraction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invoice_number", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("seller_tax_id", sa.String(length=32), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_extraction_invoice_number"), ["invoice_number"], unique=False
        )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=64), nullable=True))
    op.create_index(
        "uq_document_original",
        "document",
        ["company_id", "sha256"],
        unique=True,
        sqlite_where=sa.text("duplicate_of_id IS NULL"),
        postgresql_where=sa.text("duplicate_of_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_document_original", table_name="document")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("claim_token")
    with op.batch_alter_table("extraction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extraction_invoice_number"))
        batch_op.drop_column("seller_tax_id")
        batch_op.drop_column("invoice_number")
