"""Named queries about "Add to Slack" installations and the OAuth states handed out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from storage.models import OAuthState, SlackInstallation
from storage.uow import Session


def installation_by_key(session: Session, key: str) -> SlackInstallation | None:
    return session.get(SlackInstallation, key)


def installation_keys(session: Session) -> list[str]:
    """Every installation's key, oldest install first."""
    return list(session.scalars(select(SlackInstallation.key).order_by(SlackInstallation.installed_at,
                                                                       SlackInstallation.key)))


def forget_installation(session: Session, key: str) -> None:
    session.execute(delete(SlackInstallation).where(SlackInstallation.key == key))


def add_state(session: Session, state: str, expires_at: datetime) -> None:
    session.add(OAuthState(state=state, expires_at=expires_at))


def take_state(session: Session, state: str, now: datetime) -> bool:
    """Delete ``state``; True when it existed and had not expired (each state is good once)."""
    taken = session.execute(
        delete(OAuthState).where(OAuthState.state == state).returning(OAuthState.expires_at)
    ).scalar()
    session.execute(delete(OAuthState).where(OAuthState.expires_at < now))
    return taken is not None and taken > now
