"""reach: weekly snapshots of the network metrics (organisation and teams)

Revision ID: 0005_reach
Revises: 0001_foundation
Create Date: 2026-11-23 17:19:26.195194
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision = "0005_reach"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_org_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("ties", sa.Integer(), nullable=False),
        sa.Column("new_ties", sa.Integer(), nullable=False),
        sa.Column("cross_function_share", sa.Float(), nullable=False),
        sa.Column("cross_region_share", sa.Float(), nullable=False),
        sa.Column("new_cross_function_share", sa.Float(), nullable=False),
        sa.Column("new_cross_region_share", sa.Float(), nullable=False),
        sa.Column(
            "figures",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("taken_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_org_snapshots")),
        sa.UniqueConstraint("week", name=op.f("uq_reach_org_snapshots_week")),
    )
    with op.batch_alter_table("reach_org_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reach_org_snapshots_week_start"), ["week_start"], unique=False)

    op.create_table(
        "reach_team_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=10), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("team_size", sa.Integer(), nullable=False),
        sa.Column("first_degree", sa.Integer(), nullable=False),
        sa.Column("second_degree", sa.Integer(), nullable=False),
        sa.Column("org_size", sa.Integer(), nullable=False),
        sa.Column("functions_reached", sa.Integer(), nullable=False),
        sa.Column("regions_reached", sa.Integer(), nullable=False),
        sa.Column("taken_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["people.id"],
            name=op.f("fk_reach_team_snapshots_manager_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reach_team_snapshots")),
        sa.UniqueConstraint("week", "manager_id", "scope", name="uq_reach_team_snapshots_week_team"),
    )
    with op.batch_alter_table("reach_team_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reach_team_snapshots_manager_id"), ["manager_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reach_team_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reach_team_snapshots_manager_id"))
    op.drop_table("reach_team_snapshots")
    with op.batch_alter_table("reach_org_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reach_org_snapshots_week_start"))
    op.drop_table("reach_org_snapshots")
