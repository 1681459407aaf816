"""A client's own terms: whether it approves its tax amounts, whether reminders go to it

- company.approval_required: NULL follows the office's policy, true/false overrides it;
- company.reminders: reminders that send themselves go to the client (default true).

Revision ID: intake_0007
Revises: intake_0006
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0007"
down_revision = "intake_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch_op:
        batch_op.add_column(sa.Column("approval_required", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("reminders", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch_op:
        batch_op.drop_column("reminders")
        batch_op.drop_column("approval_required")
