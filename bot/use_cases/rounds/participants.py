"""Who takes part in a round, and what the engine must know about earlier rounds.

Everyone active with a Slack id is considered. Opted-out and paused people go to
the engine, which says why they are left out (its reason reaches them through
``/networking why``); people paused for being quiet, people whose chosen
frequency skips this round, and new hires in their onboarding weeks (who get
their own weekly intro, :mod:`bot.use_cases.lifecycle.onboarding`) are set aside here with
a reason of our own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.use_cases.lifecycle.onboarding import onboarding_ends
from matching.people import History, PastIntro
from matching.rules import UNPAIRED_CODES
from storage.models import Person
from storage.models.people import preference
from storage.queries import rounds as queries
from storage.uow import Session

REPEAT_WINDOW = timedelta(weeks=26)
FREQUENCY_DAYS = {"weekly": 0, "biweekly": 13, "monthly": 27}
FREQUENCY_WORDS = {"weekly": "once a week", "biweekly": "every two weeks", "monthly": "once a month"}
#: With several programs, "weekly" means at most one intro in any six days, whichever program makes it.
WEEKLY_CAP_DAYS = 6
#: Left-out codes that give priority next round (the person wanted an intro and got none).
#: ``partner_withdrew``: their partner paused, opted out or left after the round was made, and nobody was free.
PARTNER_WITHDREW = "partner_withdrew"
UNLUCKY = UNPAIRED_CODES | {PARTNER_WITHDREW}
QUIET = "quiet_paused"
ONBOARDING = "onboarding"
FREQUENCY = "frequency"


@dataclass(frozen=True)
class SetAside:
    person_id: int
    code: str
    reason: str


def last_intro_days(session: Session, before: date) -> dict[int, date]:
    """Each person's latest intro day in a released round before ``before``."""
    latest: dict[int, date] = {}
    for person_id, day in queries.intro_days_before(session, before):
        if day > latest.get(person_id, date.min):
            latest[person_id] = day
    return latest


@dataclass
class Standing:
    """What choosing a round's participants reads about everyone: who is quiet-paused, each person's latest
    intro, who is in their onboarding weeks. Read once by :func:`standing_on`; a sweep of several programs
    shares it and records each program's intros with :meth:`introduced` as it releases them."""

    day: date
    weekly_cap: bool
    quiet: set[int]
    latest: dict[int, date]
    onboarding: dict[int, date]

    def introduced(self, person_ids: Iterable[int], on: date) -> None:
        """``person_ids`` got an intro on ``on`` (a round released since this was read)."""
        for person_id in person_ids:
            if on > self.latest.get(person_id, date.min):
                self.latest[person_id] = on


def standing_on(session: Session, day: date, *, weekly_cap: bool = False) -> Standing:
    """What :func:`select_participants` needs for a round on ``day`` (``weekly_cap``: see there)."""
    latest = last_intro_days(session, day + timedelta(days=1) if weekly_cap else day)  # the cap counts today's
    return Standing(day, weekly_cap, queries.quiet_paused_ids(session), latest, onboarding_ends(session, day))


def select_participants(session: Session, people: list[Person], day: date, *, weekly_cap: bool = False,
                        standing: Standing | None = None) -> tuple[list[int], list[SetAside]]:
    """The ids to give the engine, and the people set aside here (quiet, or not their week).

    ``weekly_cap`` (when programs exist): people who chose weekly intros and had one, from any program or
    the company-wide round, in the last :data:`WEEKLY_CAP_DAYS` days (today included) are set aside too.
    ``standing``: what :func:`standing_on` read for this ``day`` and ``weekly_cap`` (read here when not given).
    """
    if standing is None:
        standing = standing_on(session, day, weekly_cap=weekly_cap)
    quiet, latest, onboarding = standing.quiet, standing.latest, standing.onboarding
    participants: list[int] = []
    aside: list[SetAside] = []
    for person in people:
        if person.id in onboarding:
            aside.append(SetAside(person.id, ONBOARDING, (
                "You're in your first weeks: I introduce you to one person chosen for you each week. "
                f"You join the weekly rounds from {onboarding[person.id].isoformat()}.")))
            continue
        if person.id in quiet:
            aside.append(SetAside(person.id, QUIET, (
                "You were paused automatically after several intros without an answer. "
                "`/networking resume` and you're back in the next round.")))
            continue
        frequency = preference(person, "frequency")
        gap = FREQUENCY_DAYS.get(frequency, 0) or (WEEKLY_CAP_DAYS if weekly_cap else 0)
        last = latest.get(person.id)
        if person.opted_in and gap and last is not None and (day - last).days < gap:
            back = last + timedelta(days=gap + 1)
            aside.append(SetAside(person.id, FREQUENCY, (
                f"You asked for intros {FREQUENCY_WORDS.get(frequency, 'once a week')}; "
                f"your last one was on {last.isoformat()}, "
                f"so your next one comes in a round from {back.isoformat()}. `/networking prefs` to change it.")))
            continue
        participants.append(person.id)
    return participants, aside


def past_intros(session: Session, day: date, window: timedelta = REPEAT_WINDOW) -> tuple[PastIntro, ...]:
    """Intros delivered within ``window`` before ``day``, from every program (repeats are shared)."""
    groups: dict[int, tuple[date, list[int]]] = {}
    for intro_id, on, person_id in queries.delivered_intro_members(session, day - window, day):
        groups.setdefault(intro_id, (on, []))[1].append(person_id)
    return tuple(PastIntro(tuple(members), on) for on, members in groups.values() if len(members) > 1)


def unlucky_last_round(session: Session, day: date, program_id: int | None = None) -> frozenset[int]:
    """Who wanted an intro and got none in the program's (default: the company-wide) last released round."""
    last_round = queries.last_released_round_before(session, day, program_id)
    if last_round is None:
        return frozenset()
    return frozenset(queries.left_out_with_codes(session, last_round, UNLUCKY))


def load_history(session: Session, day: date, window: timedelta = REPEAT_WINDOW, program_id: int | None = None
                 ) -> History:
    """Past intros within ``window`` before ``day`` (every program's: repeats are shared), and who was unlucky
    in the program's (default: the company-wide) last released round."""
    return History(intros=past_intros(session, day, window),
                   left_out_last_round=unlucky_last_round(session, day, program_id))
