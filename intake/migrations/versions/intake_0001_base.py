"""intake's tables as they stood before issue 9 (one base for the packages' branches)

Revision ID: intake_0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("deadline_day", sa.Integer(), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("name", name=op.f("uq_office_name")),
    )

    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("nip", sa.String(length=20), nullable=False),
        sa.Column("inbox_code", sa.String(length=40), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("accountant_id", sa.Integer(), nullable=True),
        sa.Column("deadline_day", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["accountant_id"],
            ["user_account.id"],
            name=op.f("fk_company_accountant_id_user_account"),
            use_alter=True,
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_company_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company")),
        sa.UniqueConstraint("inbox_code", name=op.f("uq_company_inbox_code")),
        sa.UniqueConstraint("office_id", "nip", name=op.f("uq_company_office_id")),
    )
    with op.batch_alter_table("company", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_company_office_id"), ["office_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_contact_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_company_id"), ["company_id"], unique=False)

    op.create_table(
        "period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.String(length=200), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_period_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_period_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period")),
        sa.UniqueConstraint("company_id", "month", name=op.f("uq_period_company_id")),
    )
    with op.batch_alter_table("period", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_period_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_period_office_id"), ["office_id"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_user_account_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_user_account_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_account_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_user_account_office_id"), ["office_id"], unique=False)

    if op.get_bind().dialect.name != "sqlite":
        # SQLite creates the company -> accountant key inline; elsewhere it must be added
        # once both tables exist (company and user_account refer to each other).
        op.create_foreign_key(
            op.f("fk_company_accountant_id_user_account"),
            "company",
            "user_account",
            ["accountant_id"],
            ["id"],
        )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.Column("month_chosen", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=64), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("probable_duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("inbound_email_id", sa.Integer(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_document_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"], ["document.id"], name=op.f("fk_document_duplicate_of_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_document_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["probable_duplicate_of_id"],
            ["document.id"],
            name=op.f("fk_document_probable_duplicate_of_id_document"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_document_uploaded_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_company_id"), ["company_id"], unique=False)
        batch_op.create_index("ix_document_company_sha", ["company_id", "sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_month"), ["month"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_status"), ["status"], unique=False)
    op.create_index(
        "uq_document_original",
        "document",
        ["company_id", "sha256"],
        unique=True,
        sqlite_where=sa.text("duplicate_of_id IS NULL"),
        postgresql_where=sa.text("duplicate_of_id IS NULL"),
    )

    op.create_table(
        "document_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_document_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_event_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_event")),
    )
    with op.batch_alter_table("document_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_event_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "extraction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("corrected", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sa.String(length=100), nullable=True),
        sa.Column("seller_tax_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_extraction_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction")),
        sa.UniqueConstraint("document_id", name=op.f("uq_extraction_document_id")),
    )
    # ### end Alembic commands ###
    with op.batch_alter_table("extraction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extraction_invoice_number"), ["invoice_number"], unique=False
        )


def downgrade() -> None:
    for table in (
        "extraction",
        "document_event",
        "document",
        "user_account",
        "period",
        "contact",
        "company",
        "office",
    ):
        op.drop_table(table)
