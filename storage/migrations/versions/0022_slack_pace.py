"""operations: the pace of rate-limited Slack methods, shared by every replica

Revision ID: 0022_slack_pace
Revises: 0006_operations
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_slack_pace"
down_revision = "0006_operations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_pace",
        sa.Column("method", sa.String(length=64), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("method", name=op.f("pk_slack_pace")),
    )


def downgrade() -> None:
    op.drop_table("slack_pace")
