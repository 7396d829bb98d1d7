"""programs: intro programs bound to Slack channels, their members, and rounds per program

The company-wide round stays as it was (rounds without a program); a program's rounds carry its
id, and a period of their own (``2026-W48/p3``), so the unique period still holds.

Revision ID: 0009_programs
Revises: 0002_rounds

People get a ``source`` (``import``: an HR file; ``slack``: added from Slack alone).
Create Date: 2026-11-30 14:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_programs"
down_revision = "0002_rounds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("cadence", sa.String(length=20), nullable=False),
        sa.Column("weekday", sa.String(length=3), nullable=False),
        sa.Column("local_hour", sa.Integer(), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("intro_type", sa.String(length=10), nullable=False),
        sa.Column("attribute", sa.String(length=20), nullable=False),
        sa.Column("seats", sa.String(length=100), nullable=False),
        sa.Column("approval_required", sa.Boolean(), nullable=False),
        sa.Column("follow_up_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("launched_at", sa.DateTime(), nullable=True),
        sa.Column("members_synced_at", sa.DateTime(), nullable=True),
        sa.Column("members_failed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("channel_id", name=op.f("uq_programs_channel_id")),
        sa.UniqueConstraint("name", name=op.f("uq_programs_name")),
    )
    op.create_table(
        "program_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=40), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_program_members_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_program_members_program_id_programs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_members")),
        sa.UniqueConstraint("program_id", "person_id", name="uq_program_members_program_person"),
    )
    op.add_column("people", sa.Column("source", sa.String(length=20), server_default="import", nullable=False))
    op.create_index("ix_program_members_person_id", "program_members", ["person_id"], unique=False)
    # Added in place (no table copy: on SQLite a copy of ``rounds`` would cascade-delete its intros).
    op.add_column("rounds", sa.Column("program_id", sa.Integer(), nullable=True))
    op.create_index("ix_rounds_program_id", "rounds", ["program_id"], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(op.f("fk_rounds_program_id_programs"), "rounds", "programs", ["program_id"], ["id"],
                              ondelete="CASCADE")


def downgrade() -> None:
    op.execute("DELETE FROM rounds WHERE program_id IS NOT NULL")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_rounds_program_id_programs"), "rounds", type_="foreignkey")
    op.drop_index("ix_rounds_program_id", table_name="rounds")
    op.drop_column("rounds", "program_id")
    op.drop_column("people", "source")
    op.drop_index("ix_program_members_person_id", table_name="program_members")
    op.drop_table("program_members")
    op.drop_table("programs")
