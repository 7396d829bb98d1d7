"""Why a round can match nobody: the first thing a CNO must fix, as a code the templates word."""

from __future__ import annotations

from datetime import date, datetime

from bot.bootstrap import Services
from bot.round_schedule import parse_period
from bot.use_cases.rounds.settings import load_round_settings
from storage.queries.people import round_readiness_counts
from storage.queries.rounds import quiet_paused_ids
from storage.uow import Session

NOBODY = "nobody"  # no active people at all
NO_SLACK_IDS = "no_slack_ids"  # people, but none linked to Slack: run `cno sync-slack`
NOBODY_OPTED_IN = "nobody_opted_in"
EVERYONE_PAUSED = "everyone_paused"
TOO_FEW = "too_few"  # one person free: nobody to meet


def round_blocker(session: Session, day: date) -> str | None:
    """The reason a round on ``day`` can make no intro at all, or None when two people or more are free.

    >>> NO_SLACK_IDS
    'no_slack_ids'
    """
    counts = round_readiness_counts(session, day)
    if counts["active"] == 0:
        return NOBODY
    if counts["on_slack"] == 0:
        return NO_SLACK_IDS
    if counts["opted_in"] == 0:
        return NOBODY_OPTED_IN
    free = counts["free"] - len(quiet_paused_ids(session))
    if free <= 0:
        return EVERYONE_PAUSED
    if free == 1:
        return TOO_FEW
    return None


def why_no_intros(services: Services, now: datetime, week: str | None = None) -> str | None:
    """``cno round run``: why this week's (or ``week``'s) round can make no intro, or None."""
    with services.uow() as uow:
        row = load_round_settings(uow.session)
        day = parse_period(week, row.weekday) if week else now.astimezone(services.settings.zone).date()
        return round_blocker(uow.session, day)
