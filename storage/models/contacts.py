"""Who knows whom outside the company, the CNO's key accounts, and warm-introduction requests.

An external relationship records only an organisation and what kind of relationship
it is (with its strength and last contact): never the outside person's name or details.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow

CONTACT_KINDS = ("client", "partner", "supplier", "investor", "alumni", "other")
ORGANISATION_LIMIT = 200

# Introduction requests: "intro" asks a connector to introduce the asker; "direct" asks the helper themselves.
INTRO, DIRECT = "intro", "direct"
PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"
#: A request nobody answered in time (see ``bot.use_cases.find.requests.UNANSWERED_FOR``).
EXPIRED = "expired"

_PENDING_SQL = text("status = 'pending'")


def organisation_key(name: str) -> str:
    """How organisation names are compared: case and spacing ignored."""
    return " ".join(name.casefold().split())


class ExternalRelationship(Base):
    """An employee knows someone at an organisation (a client, partner, supplier, investor, alumni network…)."""

    __tablename__ = "external_relationships"
    __table_args__ = (
        Index("uq_external_relationships_person_org", "person_id", "organisation_key", unique=True),
        CheckConstraint("strength BETWEEN 1 AND 5", name="strength_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    organisation: Mapped[str] = mapped_column(String(ORGANISATION_LIMIT))
    organisation_key: Mapped[str] = mapped_column(String(ORGANISATION_LIMIT), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    strength: Mapped[int] = mapped_column(Integer, default=3)
    last_contact: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="import")  # import | home
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class KeyAccount(Base):
    """An organisation on the CNO's list of key accounts (set with ``cno report external --key-accounts FILE``)."""

    __tablename__ = "key_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation: Mapped[str] = mapped_column(String(ORGANISATION_LIMIT))
    organisation_key: Mapped[str] = mapped_column(String(ORGANISATION_LIMIT), unique=True)


class IntroRequest(Base):
    """Someone found through ``/networking find`` asked for a warm introduction (or asked the helper directly).

    ``asked_id`` answers: the connector for ``intro``, the helper for ``direct``.
    ``introduce_to_id`` is who the asker meets (the next step of the path for ``intro``,
    the helper for ``direct``); ``helper_id`` whom the search found. A decline is never
    shown to the asker.
    """

    __tablename__ = "intro_requests"
    __table_args__ = (
        Index(
            "uq_intro_requests_one_pending",
            "asker_id",
            "asked_id",
            "introduce_to_id",
            unique=True,
            sqlite_where=_PENDING_SQL,
            postgresql_where=_PENDING_SQL,
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    asker_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    asked_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    introduce_to_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    helper_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
