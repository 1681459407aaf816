"""extraction.boxes: where each field was read (issue 15 writes it, issue 14 draws it)

`{"invoice_number": {"page": 1, "box": [x0, top, x1, bottom]}}`, fractions of the page's
width and height; NULL for rows read before (and for KSeF XML, which has no pages).

Revision ID: intake_0005
Revises: intake_0004
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0005"
down_revision = "intake_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("extraction") as batch_op:
        batch_op.add_column(sa.Column("boxes", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("extraction") as batch_op:
        batch_op.drop_column("boxes")
