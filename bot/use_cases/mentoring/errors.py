"""Why a mentor or sponsor request cannot go ahead: errors whose message the person is shown."""

from __future__ import annotations

from typing import Any

from bot.errors import BotError
from message_templates import render_text


class MentoringError(BotError):
    """A mentoring request cannot go ahead; the message tells the person why and what to do."""

    def __init__(self, reason: str, **ctx: Any) -> None:
        self.reason = reason
        super().__init__(render_text("mentoring/refused", reason=reason, **ctx))


class NotInDirectory(MentoringError):
    """The Slack user is not (or no longer) linked to an employee record."""

    def __init__(self) -> None:
        super().__init__("unknown_person")


class AlreadyOpen(MentoringError):
    def __init__(self, kind: str) -> None:
        super().__init__("already_open", kind=kind)


class NothingOpen(MentoringError):
    def __init__(self, kind: str) -> None:
        super().__init__("nothing_open", kind=kind)


class NoRelationship(MentoringError):
    def __init__(self, kind: str) -> None:
        super().__init__("no_relationship", kind=kind)


class WhichRelationship(MentoringError):
    """The person has several relationships and named none of them (or a number not on the list)."""

    def __init__(self, kind: str, listing: list[tuple[int, str, str, bool]]) -> None:
        BotError.__init__(self, render_text("mentoring/end_which", kind=kind, listing=listing))
        self.reason = "which"
