"""find: external relationships (organisation and kind only), key accounts, warm-introduction requests

Revision ID: 0021_find
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision = "0021_find"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "external_relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("organisation_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("strength", sa.Integer(), nullable=False),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint("strength BETWEEN 1 AND 5", name=op.f("ck_external_relationships_strength_range")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_external_relationships_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_relationships")),
    )
    op.create_index(op.f("ix_external_relationships_organisation_key"), "external_relationships", ["organisation_key"], unique=False)
    op.create_index("uq_external_relationships_person_org", "external_relationships", ["person_id", "organisation_key"], unique=True)

    op.create_table(
        "key_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("organisation_key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_accounts")),
        sa.UniqueConstraint("organisation_key", name=op.f("uq_key_accounts_organisation_key")),
    )

    op.create_table(
        "intro_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=False),
        sa.Column("asked_id", sa.Integer(), nullable=False),
        sa.Column("introduce_to_id", sa.Integer(), nullable=False),
        sa.Column("helper_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("answered_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["asked_id"], ["people.id"], name=op.f("fk_intro_requests_asked_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["asker_id"], ["people.id"], name=op.f("fk_intro_requests_asker_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["helper_id"], ["people.id"], name=op.f("fk_intro_requests_helper_id_people"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["introduce_to_id"], ["people.id"], name=op.f("fk_intro_requests_introduce_to_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_requests")),
    )
    op.create_index(op.f("ix_intro_requests_asker_id"), "intro_requests", ["asker_id"], unique=False)
    op.create_index(op.f("ix_intro_requests_asked_id"), "intro_requests", ["asked_id"], unique=False)
    op.create_index(
        "uq_intro_requests_one_pending", "intro_requests", ["asker_id", "asked_id", "introduce_to_id"], unique=True,
        sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("uq_intro_requests_one_pending", table_name="intro_requests")
    op.drop_index(op.f("ix_intro_requests_asked_id"), table_name="intro_requests")
    op.drop_index(op.f("ix_intro_requests_asker_id"), table_name="intro_requests")
    op.drop_table("intro_requests")
    op.drop_table("key_accounts")
    op.drop_index("uq_external_relationships_person_org", table_name="external_relationships")
    op.drop_index(op.f("ix_external_relationships_organisation_key"), table_name="external_relationships")
    op.drop_table("external_relationships")
