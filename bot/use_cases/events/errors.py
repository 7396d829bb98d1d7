"""What can go wrong with an event, in words the person who asked can read."""

from __future__ import annotations

from bot.errors import BotError


class EventNotFound(BotError):
    def __init__(self, event_id: int) -> None:
        super().__init__(f"There is no event {event_id}. `/cno-event list` shows the events.")


class EventClosed(BotError):
    """The event is cancelled or over: it can no longer change."""
