"""What follows a change in who works here, whatever noticed it (CSV import, `cno sync-slack`, Slack events)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.use_cases.lifecycle.leaving import people_left
from bot.use_cases.lifecycle.onboarding import start_onboarding
from storage.uow import Session


@dataclass(frozen=True)
class Followed:
    """How many newcomers started onboarding and how many handovers were opened."""

    onboarding: int
    handovers: int


def people_changed(session: Session, joined_ids: Iterable[int], left_ids: Iterable[int], today: date) -> Followed:
    """Onboard people who joined recently (start date within 14 days) and open handovers for leavers.

    The caller commits, in the same transaction as the change itself.
    """
    onboarding = sum(1 for pid in joined_ids if start_onboarding(session, pid, today) is not None)
    handovers = len(people_left(session, left_ids, today))
    return Followed(onboarding, handovers)
