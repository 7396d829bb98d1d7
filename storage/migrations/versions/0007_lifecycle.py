"""lifecycle: onboarding plans and intros for new hires, handovers when someone leaves

Revision ID: 0007_lifecycle
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision = "0007_lifecycle"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leaver_id", sa.Integer(), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("asked_id", sa.Integer(), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("contacts", JSON, nullable=False),
        sa.Column("bridged", JSON, nullable=False),
        sa.Column("created_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("proposed_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.Column("assigned_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["asked_id"], ["people.id"], name=op.f("fk_handovers_asked_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["leaver_id"], ["people.id"], name=op.f("fk_handovers_leaver_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["successor_id"], ["people.id"], name=op.f("fk_handovers_successor_id_people"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
        sa.UniqueConstraint("leaver_id", name=op.f("uq_handovers_leaver_id")),
    )
    op.create_index(op.f("ix_handovers_status"), "handovers", ["status"], unique=False)

    op.create_table(
        "onboarding_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("welcomed_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.Column("created_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_onboarding_plans_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_plans")),
        sa.UniqueConstraint("person_id", name=op.f("uq_onboarding_plans_person_id")),
    )
    op.create_index(op.f("ix_onboarding_plans_ends_on"), "onboarding_plans", ["ends_on"], unique=False)

    op.create_table(
        "onboarding_intros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("due_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("sent_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["people.id"], name=op.f("fk_onboarding_intros_partner_id_people"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["plan_id"], ["onboarding_plans.id"], name=op.f("fk_onboarding_intros_plan_id_onboarding_plans"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_intros")),
        sa.UniqueConstraint("plan_id", "week", name="uq_onboarding_intros_plan_week"),
    )
    op.create_index("ix_onboarding_intros_due", "onboarding_intros", ["sent_at", "due_at"], unique=False)
    op.create_index(op.f("ix_onboarding_intros_partner_id"), "onboarding_intros", ["partner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_onboarding_intros_partner_id"), table_name="onboarding_intros")
    op.drop_index("ix_onboarding_intros_due", table_name="onboarding_intros")
    op.drop_table("onboarding_intros")
    op.drop_index(op.f("ix_onboarding_plans_ends_on"), table_name="onboarding_plans")
    op.drop_table("onboarding_plans")
    op.drop_index(op.f("ix_handovers_status"), table_name="handovers")
    op.drop_table("handovers")
