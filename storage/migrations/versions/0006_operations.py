"""operations: Slack deliveries already handled (retry dedupe)

Revision ID: 0006_operations
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0006_operations"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_deliveries",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("received_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_slack_deliveries")),
    )
    op.create_index(op.f("ix_slack_deliveries_received_at"), "slack_deliveries", ["received_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_slack_deliveries_received_at"), table_name="slack_deliveries")
    op.drop_table("slack_deliveries")
