"""programs: intro programs bound to Slack channels, their members, and rounds per program

The company-wide round stays as it was (rounds without a program, period unique among them);
a program's rounds carry its id, their period unique within the program.

Revision ID: 0009_programs
Revises: 0002_rounds
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
    op.create_index("ix_program_members_person_id", "program_members", ["person_id"], unique=False)
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_rounds_program_id_programs"), "programs", ["program_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.drop_constraint("uq_rounds_period", type_="unique")
        batch_op.create_unique_constraint("uq_rounds_program_id", ["program_id", "period"])
    op.create_index("uq_rounds_company_period", "rounds", ["period"], unique=True,
                    sqlite_where=sa.text("program_id IS NULL"), postgresql_where=sa.text("program_id IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_rounds_company_period", table_name="rounds")
    op.execute("DELETE FROM rounds WHERE program_id IS NOT NULL")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_constraint("uq_rounds_program_id", type_="unique")
        batch_op.create_unique_constraint("uq_rounds_period", ["period"])
        batch_op.drop_constraint(op.f("fk_rounds_program_id_programs"), type_="foreignkey")
        batch_op.drop_column("program_id")
    op.drop_index("ix_program_members_person_id", table_name="program_members")
    op.drop_table("program_members")
    op.drop_table("programs")
