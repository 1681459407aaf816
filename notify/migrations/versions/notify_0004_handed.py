"""notification.handed_at: when an e-mail's last byte went to the mail server

A worker that dies after this moment is not sent again: the server may already hold the
message, so a second send could double it (see notify/delivery.py).

Revision ID: notify_0004
Revises: notify_0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "notify_0004"
down_revision = "notify_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.add_column(sa.Column("handed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch_op:
        batch_op.drop_column("handed_at")
