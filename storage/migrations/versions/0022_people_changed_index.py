"""people changed index: the latest change to anyone is one index lookup (each replica's network freshness check)

Revision ID: 0022_people_changed_index
Revises: 0001_foundation
Create Date: 2026-11-30 16:45:00.000000
"""

from alembic import op

revision = "0022_people_changed_index"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_people_updated_at", "people", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_people_updated_at", table_name="people")
