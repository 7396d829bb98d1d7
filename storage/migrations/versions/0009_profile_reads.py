"""profile reads: when `cno sync-slack` last read each person's custom profile fields (users.profile.get)

Revision ID: 0009_profile_reads
Revises: 0001_foundation
Create Date: 2026-11-30 13:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision = "0009_profile_reads"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A sync of 100,000 profiles takes Slack's rate limit most of a day: this is where it stopped.
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_read_at", storage.models.base.UtcDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("profile_read_at")
