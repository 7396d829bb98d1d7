"""Who may run networking events: the CNO (by Slack id, or by email in CNO_ADMINS)."""

from __future__ import annotations

from bot.bootstrap import Services
from bot.roles import is_cno
from bot.settings import Settings
from bot.use_cases.events.errors import NotTheCno
from storage.uow import Session


def require_cno(session: Session, settings: Settings, slack_id: str) -> None:
    """:class:`NotTheCno` unless the Slack user is a CNO admin."""
    if not is_cno(session, settings, slack_id):
        raise NotTheCno()


def check_event_admin(services: Services, slack_id: str) -> None:
    """The `/cno-event` gate: :class:`NotTheCno` unless the Slack user may run events."""
    with services.uow() as uow:
        require_cno(uow.session, services.settings, slack_id)
