"""event queue: invitations are queued by the scheduler's sweep, not in the modal's request

Revision ID: 0008_event_queue
Revises: 0004_events
Create Date: 2026-11-23 18:55:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_event_queue"
down_revision = "0004_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Events that exist already had their invitations queued when they were created.
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitations_queued", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("invitations_queued")
