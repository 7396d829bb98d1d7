"""Who installed the app through "Add to Slack": one row per installation, its tokens sealed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow


class SlackInstallation(Base):
    """One installation: a workspace, or a whole Enterprise Grid organisation when installed org-wide.

    ``key`` is the enterprise id of an org-wide install, else the team id (Bolt's own rule). The
    identifying columns are in the clear; everything Slack answered, tokens included, is in
    ``sealed``, encrypted with the deployment's key (``CNO_TOKEN_KEY``).
    """

    __tablename__ = "slack_installations"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str | None] = mapped_column(String(32))
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    bot_user_id: Mapped[str | None] = mapped_column(String(32))
    sealed: Mapped[str] = mapped_column(Text)
    installed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OAuthState(Base):
    """A ``state`` handed to someone starting "Add to Slack": good once, until it expires."""

    __tablename__ = "slack_oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
