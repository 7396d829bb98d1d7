"""Plain data the engine works on: people, past intros and the round's configuration.

Nothing here knows about Slack or the database; ``bot/`` builds these from storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Person:
    """One employee as the engine sees them.

    ``id`` is the storage id. ``utc_offset_hours`` is the person's current offset
    from UTC (e.g. ``-5.0`` for New York in winter); working hours are local.
    ``do_not_match`` holds ids this person must never be introduced to.
    ``mentor_capacity`` / ``sponsor_capacity`` are how many mentees or protégés the
    person accepts at once (0: not available). An unknown ``function`` or ``region``
    is ``""`` (or ``None``), an unknown ``level`` is ``None``: no rule of a round fires
    on an unknown value (it is neither the same as, nor different from, anyone's).
    """

    id: int
    function: str
    region: str
    level: int | None
    team: str | None = None
    manager_id: int | None = None
    utc_offset_hours: float = 0.0
    work_start_hour: float = 9.0
    work_end_hour: float = 17.0
    skills: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    opted_in: bool = True
    paused_until: date | None = None
    prefers_other_function: bool = False
    prefers_other_region: bool = False
    do_not_match: frozenset[int] = frozenset()
    mentor_capacity: int = 3
    sponsor_capacity: int = 2
    mentor_topics: frozenset[str] = frozenset()


def known(value: object) -> bool:
    """Whether an attribute's value is known (``""`` and ``None`` are unknown).

    Examples
    --------
    >>> known("Sales"), known(""), known(None), known(0)
    (True, False, False, True)
    """
    return value is not None and value != ""


def differ(a: object, b: object) -> bool:
    """Whether two values are known and different: an unknown value differs from nothing.

    Examples
    --------
    >>> differ("Sales", "IT"), differ("Sales", ""), differ(None, None), differ(3, 5)
    (True, False, False, True)
    """
    return known(a) and known(b) and a != b


@dataclass(frozen=True, slots=True)
class PastIntro:
    """A group that was introduced on a given day."""

    members: tuple[int, ...]
    on: date


@dataclass(frozen=True, slots=True)
class History:
    """What the engine must know about earlier rounds.

    ``intros``: past intro groups with their dates (for the repeat window).
    ``left_out_last_round``: ids of people who were left out of the previous round
    although they took part (they get priority this time).
    """

    intros: tuple[PastIntro, ...] = ()
    left_out_last_round: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Group:
    """An intro: two people (or three, once per round when the count is odd)."""

    members: tuple[int, ...]
    score: float
    reasons: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Someone who is not in any group this round, and why.

    ``code`` is one of ``"not_opted_in"``, ``"paused"``, ``"odd_count"`` (people they
    could meet were all paired and nobody else was free), or the hard rule that kept
    them from everyone free to meet them: ``"timezone"`` (working hours),
    ``"level_gap"``, ``"repeat"`` (met recently), ``"do_not_match"`` (their own list),
    or ``"no_valid_partner"`` (several rules, their reporting line, or someone else's
    list); ``reason`` says the same in plain words.
    """

    person_id: int
    code: str
    reason: str
