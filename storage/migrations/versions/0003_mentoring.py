"""mentoring: requests, offers, relationships

Revision ID: 0003_mentoring
Revises: 0001_foundation
Create Date: 2026-11-23 17:19:33.410322

One open request per kind per person and one pending offer per request are
unique partial indexes (SQLite and PostgreSQL both support them).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision = "0003_mentoring"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mentoring_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column(
            "skills_wanted",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "preferences", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("matched_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.Column("closed_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["people.id"], name=op.f("fk_mentoring_requests_requester_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_requests")),
    )
    with op.batch_alter_table("mentoring_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentoring_requests_requester_id"), ["requester_id"], unique=False)
        batch_op.create_index("ix_mentoring_requests_status", ["status"], unique=False)
        batch_op.create_index(
            "uq_mentoring_requests_one_open",
            ["requester_id", "kind"],
            unique=True,
            sqlite_where=sa.text("status IN ('open', 'offered')"),
            postgresql_where=sa.text("status IN ('open', 'offered')"),
        )

    op.create_table(
        "mentoring_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column(
            "reasons", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("offered_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("deadline", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("answered_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["people.id"], name=op.f("fk_mentoring_offers_candidate_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentoring_requests.id"],
            name=op.f("fk_mentoring_offers_request_id_mentoring_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_offers")),
    )
    with op.batch_alter_table("mentoring_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentoring_offers_candidate_id"), ["candidate_id"], unique=False)
        batch_op.create_index("ix_mentoring_offers_due", ["status", "deadline"], unique=False)
        batch_op.create_index(
            "uq_mentoring_offers_one_pending",
            ["request_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.create_index("uq_mentoring_offers_request_candidate", ["request_id", "candidate_id"], unique=True)

    op.create_table(
        "mentoring_relationships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", storage.models.base.UtcDateTime(), nullable=False),
        sa.Column("ended_at", storage.models.base.UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["people.id"], name=op.f("fk_mentoring_relationships_mentee_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["people.id"], name=op.f("fk_mentoring_relationships_mentor_id_people"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentoring_requests.id"],
            name=op.f("fk_mentoring_relationships_request_id_mentoring_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_relationships")),
    )
    with op.batch_alter_table("mentoring_relationships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentoring_relationships_mentee_id"), ["mentee_id"], unique=False)
        batch_op.create_index("ix_mentoring_relationships_mentor", ["mentor_id", "kind", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mentoring_relationships", schema=None) as batch_op:
        batch_op.drop_index("ix_mentoring_relationships_mentor")
        batch_op.drop_index(batch_op.f("ix_mentoring_relationships_mentee_id"))

    op.drop_table("mentoring_relationships")
    with op.batch_alter_table("mentoring_offers", schema=None) as batch_op:
        batch_op.drop_index("uq_mentoring_offers_request_candidate")
        batch_op.drop_index(
            "uq_mentoring_offers_one_pending",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index("ix_mentoring_offers_due")
        batch_op.drop_index(batch_op.f("ix_mentoring_offers_candidate_id"))

    op.drop_table("mentoring_offers")
    with op.batch_alter_table("mentoring_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_mentoring_requests_one_open",
            sqlite_where=sa.text("status IN ('open', 'offered')"),
            postgresql_where=sa.text("status IN ('open', 'offered')"),
        )
        batch_op.drop_index("ix_mentoring_requests_status")
        batch_op.drop_index(batch_op.f("ix_mentoring_requests_requester_id"))

    op.drop_table("mentoring_requests")
