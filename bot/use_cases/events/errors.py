"""What can go wrong with an event, in words the person who asked can read (message_templates/events/refusal)."""

from __future__ import annotations

from typing import Any

from bot.errors import BotError, NotAllowed
from message_templates import render_text


def refusal(reason: str, **ctx: Any) -> str:
    """Why an event action was refused, in words: ``reason`` names a case of ``events/refusal.txt``."""
    return render_text("events/refusal.txt", reason=reason, **ctx)


class EventNotFound(BotError):
    def __init__(self, event_id: int) -> None:
        super().__init__(refusal("not_found", event_id=event_id))


class EventClosed(BotError):
    """The event is cancelled or over: it can no longer change."""

    def __init__(self, reason: str, title: str, status: str) -> None:
        super().__init__(refusal(reason, title=title, status=status))


class NotTheCno(NotAllowed):
    """Only the CNO runs networking events."""

    def __init__(self) -> None:
        super().__init__(refusal("not_cno"))
