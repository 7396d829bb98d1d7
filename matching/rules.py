"""The hard rules of an intro round: who may take part, and which pairs may never be formed.

These rules are never traded against the score. ``make_round`` applies them in
vectorised form (:func:`allowed_pairs`, on a :class:`matching.roster.Roster`); the
other functions here state each rule for one person or one pair, and are what the
tests check the round against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from matching.people import History, Person

if TYPE_CHECKING:
    from matching.roster import Roster

#: Left-out codes, with the plain words a person reads.
NOT_OPTED_IN = "not_opted_in"
PAUSED = "paused"
ODD_COUNT = "odd_count"
TIMEZONE = "timezone"
NO_VALID_PARTNER = "no_valid_partner"
LEVEL_GAP = "level_gap"
REPEAT = "repeat"
DO_NOT_MATCH = "do_not_match"
#: Codes of eligible people the round could not pair (they get priority next round).
UNPAIRED_CODES = frozenset({ODD_COUNT, TIMEZONE, NO_VALID_PARTNER, LEVEL_GAP, REPEAT, DO_NOT_MATCH})

#: Per-pair rule masks of :func:`rule_masks`, in the order :func:`pair_violation` checks them.
#: ``their_list`` is the other person's "don't match me with" list: never named to the person.
RULES = ("manager", "own_list", "their_list", REPEAT, LEVEL_GAP, TIMEZONE)

#: Rounding slack when comparing hours, so that 2 h of overlap counts as 2 h.
OVERLAP_TOLERANCE = 1e-9


def ineligibility(person: Person, on: date) -> str | None:
    """Say why a person cannot take part in a round on a given day, if they cannot.

    Parameters
    ----------
    person : Person
        The would-be participant.
    on : datetime.date
        The day of the round.

    Returns
    -------
    str or None
        ``"not_opted_in"`` if the person has not opted in, ``"paused"`` if they paused
        intros until a day after ``on``, otherwise ``None`` (they may take part).

    Examples
    --------
    >>> from datetime import date
    >>> ineligibility(Person(1, "Sales", "EMEA", 3), date(2026, 1, 5)) is None
    True
    >>> ineligibility(Person(1, "Sales", "EMEA", 3, paused_until=date(2026, 2, 1)), date(2026, 1, 5))
    'paused'

    Notes
    -----
    O(1). A pause ending on the day of the round no longer applies.
    """
    if not person.opted_in:
        return NOT_OPTED_IN
    if person.paused_until is not None and person.paused_until > on:
        return PAUSED
    return None


def _utc_window(p: Person) -> tuple[float, float]:
    start = p.work_start_hour - p.utc_offset_hours
    end = p.work_end_hour - p.utc_offset_hours
    if end <= start:  # a working day that crosses midnight
        end += 24.0
    return start, end


def overlap_hours_arrays(
    a_start: np.ndarray, a_end: np.ndarray, b_start: np.ndarray, b_end: np.ndarray
) -> np.ndarray:
    """Shared working hours of many pairs at once, from their working windows in UTC.

    Parameters
    ----------
    a_start, a_end, b_start, b_end : numpy.ndarray of float
        Start and end of each side's working day, in hours UTC (``end > start``; values
        may fall outside ``[0, 24)``).

    Returns
    -------
    numpy.ndarray of float
        Hours both sides are at work on a common day, element by element.

    Examples
    --------
    >>> import numpy as np
    >>> overlap_hours_arrays(np.array([8.0]), np.array([16.0]), np.array([14.0]), np.array([22.0]))
    array([2.])

    Notes
    -----
    O(len(a_start)). Days repeat every 24 hours, so the other side's window is tried
    shifted by -24, 0 and +24 hours and the largest overlap is kept.
    """
    best = np.zeros(np.broadcast(a_start, b_start).shape)
    for shift in (-24.0, 0.0, 24.0):
        ov = np.minimum(a_end, b_end + shift) - np.maximum(a_start, b_start + shift)
        best = np.maximum(best, ov)
    return best


def overlap_hours(a: Person, b: Person) -> float:
    """Hours of the working day two people share, across time zones.

    Parameters
    ----------
    a, b : Person
        Working hours are local (``work_start_hour``, ``work_end_hour``) and
        ``utc_offset_hours`` gives each person's offset from UTC.

    Returns
    -------
    float
        The overlap in hours, 0 when their working days do not meet.

    Examples
    --------
    >>> london = Person(1, "Sales", "EMEA", 3)
    >>> new_york = Person(2, "Sales", "Americas", 3, utc_offset_hours=-5.0)
    >>> overlap_hours(london, new_york)
    3.0

    Notes
    -----
    O(1). See :func:`overlap_hours_arrays`.
    """
    a0, a1 = _utc_window(a)
    b0, b1 = _utc_window(b)
    ov = overlap_hours_arrays(np.array([a0]), np.array([a1]), np.array([b0]), np.array([b1]))
    return float(ov[0])


def pair_key(a: int, b: int) -> tuple[int, int]:
    """The same key for ``(a, b)`` and ``(b, a)``: the lower id first.

    Parameters
    ----------
    a, b : int
        The two person ids.

    Returns
    -------
    tuple of int
        ``(min(a, b), max(a, b))``.

    Examples
    --------
    >>> pair_key(7, 3), pair_key(3, 7)
    ((3, 7), (3, 7))

    Notes
    -----
    O(1).
    """
    return (a, b) if a <= b else (b, a)


def recent_pairs(history: History, on: date, window_weeks: float) -> set[tuple[int, int]]:
    """Pairs of people introduced within the repeat window before a day.

    Parameters
    ----------
    history : History
        Past intros; a group of three counts as its three pairs.
    on : datetime.date
        The day of the round.
    window_weeks : float
        Intros on or after ``on - window_weeks`` weeks (or later than ``on``) are recent.

    Returns
    -------
    set of tuple of int
        Pair keys ``(smaller id, larger id)``.

    Examples
    --------
    >>> from datetime import date
    >>> from matching.people import PastIntro
    >>> h = History(intros=(PastIntro((3, 1, 2), date(2026, 1, 5)), PastIntro((4, 5), date(2020, 1, 1))))
    >>> sorted(recent_pairs(h, date(2026, 2, 2), 26))
    [(1, 2), (1, 3), (2, 3)]

    Notes
    -----
    O(total size of the intro groups).
    """
    cutoff = on - timedelta(weeks=window_weeks)
    out: set[tuple[int, int]] = set()
    for intro in history.intros:
        if intro.on < cutoff:
            continue
        m = intro.members
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                if m[x] != m[y]:
                    out.add(pair_key(m[x], m[y]))
    return out


def pair_violation(
    a: Person,
    b: Person,
    recent: Iterable[tuple[int, int]] | set[tuple[int, int]],
    min_overlap_hours: float,
    max_level_gap: int | None = None,
) -> str | None:
    """Name the hard rule a pair would break, if any.

    Parameters
    ----------
    a, b : Person
        The two people (both already eligible to take part).
    recent : set of tuple of int
        Pair keys introduced within the repeat window (see :func:`recent_pairs`).
    min_overlap_hours : float
        Least shared working hours.
    max_level_gap : int or None
        Largest level gap allowed in a peer intro (``None``: any gap).

    Returns
    -------
    str or None
        ``"same_person"``, ``"manager"``, ``"do_not_match"``, ``"repeat"``,
        ``"level_gap"``, ``"timezone"``, or ``None`` when the pair is allowed.

    Examples
    --------
    >>> boss = Person(1, "Sales", "EMEA", 5)
    >>> report = Person(2, "Sales", "EMEA", 3, manager_id=1)
    >>> pair_violation(boss, report, set(), 2.0)
    'manager'

    Notes
    -----
    O(1) with a set for ``recent``.
    """
    if a.id == b.id:
        return "same_person"
    if a.manager_id == b.id or b.manager_id == a.id:
        return "manager"
    if b.id in a.do_not_match or a.id in b.do_not_match:
        return "do_not_match"
    if pair_key(a.id, b.id) in recent:
        return "repeat"
    if max_level_gap is not None and a.level is not None and b.level is not None \
            and abs(a.level - b.level) > max_level_gap:
        return "level_gap"
    if overlap_hours(a, b) < min_overlap_hours - OVERLAP_TOLERANCE:
        return TIMEZONE
    return None


def allowed_pairs(
    r: Roster, i: np.ndarray | np.int64, j: np.ndarray, min_overlap_hours: float, max_level_gap: int | None
) -> np.ndarray:
    """Mask of the pairs ``(i, j)`` that break no hard rule.

    Parameters
    ----------
    r : Roster
        The round's (eligible) participants; ``r.forbidden`` holds recent intros and
        "don't match me with" pairs.
    i, j : numpy.ndarray of int
        Participant numbers (shapes that broadcast together).
    min_overlap_hours : float
        Least shared working hours.
    max_level_gap : int or None
        Largest level gap in a peer intro.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "Sales", "EMEA", 5), 2: Person(2, "Sales", "EMEA", 3, manager_id=1)}
    >>> r = build_roster(people, [1, 2], nx.Graph(), set())
    >>> allowed_pairs(r, np.array([0]), np.array([1]), 2.0, None).tolist()
    [False]

    Notes
    -----
    O(size of the broadcast shape + log of the number of forbidden pairs per pair).
    The same rules as :func:`matching.rules.pair_violation`.
    """
    ok: NDArray[np.bool_] = (i != j) & (r.manager[i] != r.ids[j]) & (r.manager[j] != r.ids[i])
    if max_level_gap is not None:  # an unknown level is never too far from anyone's
        ok &= (np.abs(r.level[i] - r.level[j]) <= max_level_gap) | ~r.level_known[i] | ~r.level_known[j]
    enough = min_overlap_hours - OVERLAP_TOLERANCE
    if len(r.window_start) <= 2000:  # few distinct working windows: look their overlaps up
        key = ("overlap", min_overlap_hours)
        table = r.cache.get(key)
        if not isinstance(table, np.ndarray):  # not computed yet (None)
            ws, we = r.window_start, r.window_end
            table = overlap_hours_arrays(ws[:, None], we[:, None], ws[None, :], we[None, :]) >= enough
            r.cache[key] = table
        ok &= table[r.window[i], r.window[j]]
    else:
        ok &= overlap_hours_arrays(r.utc_start[i], r.utc_end[i], r.utc_start[j], r.utc_end[j]) >= enough
    if len(r.forbidden):
        key = np.minimum(i, j).astype(np.int64) * r.n + np.maximum(i, j)
        where = np.minimum(np.searchsorted(r.forbidden, key), len(r.forbidden) - 1)
        ok &= r.forbidden[where] != key
    return ok


def rule_masks(
    r: Roster, u: int, others: np.ndarray, min_overlap_hours: float, max_level_gap: int | None
) -> dict[str, np.ndarray]:
    """For one participant and many others, which hard rules each pair breaks (one mask per rule).

    Parameters
    ----------
    r : Roster
        The round's participants.
    u : int
        Participant number of the person.
    others : numpy.ndarray of int
        Participant numbers of the people to check ``u`` against.
    min_overlap_hours : float
        Least shared working hours.
    max_level_gap : int or None
        Largest level gap in a peer intro.

    Returns
    -------
    dict of str to numpy.ndarray of bool
        Keyed by :data:`RULES`: ``"manager"`` (one manages the other), ``"own_list"`` (on
        ``u``'s "don't match me with" list), ``"their_list"`` (``u`` is on theirs),
        ``"repeat"`` (introduced within the repeat window), ``"level_gap"`` and
        ``"timezone"``. A pair is allowed when no mask is set (as in :func:`allowed_pairs`).

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "IT", "EMEA", 1, do_not_match=frozenset({3})), 2: Person(2, "HR", "EMEA", 7),
    ...           3: Person(3, "HR", "EMEA", 2), 4: Person(4, "HR", "EMEA", 2, manager_id=1)}
    >>> r = build_roster(people, [1, 2, 3, 4], nx.Graph(), {(1, 3)})
    >>> {k: v.tolist() for k, v in rule_masks(r, 0, np.array([1, 2, 3]), 2.0, 4).items() if v.any()}
    {'manager': [False, False, True], 'own_list': [False, True, False], 'level_gap': [True, False, False]}

    Notes
    -----
    O(len(others) + log of the number of forbidden pairs per pair); used only for the few
    people a round leaves out.
    """
    others = np.asarray(others, dtype=np.int64)
    n = max(r.n, 1)
    forward = np.int64(u) * n + others
    backward = others * n + np.int64(u)
    key = np.minimum(u, others) * n + np.maximum(u, others)

    def member(sorted_keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        if len(sorted_keys) == 0:
            return np.zeros(len(wanted), dtype=bool)
        at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
        found: NDArray[np.bool_] = sorted_keys[at] == wanted
        return found

    own, theirs = member(r.own_lists, forward), member(r.own_lists, backward)
    listed = own | theirs
    overlap = overlap_hours_arrays(r.utc_start[u], r.utc_end[u], r.utc_start[others], r.utc_end[others])
    gap = np.where(r.level_known[others] & r.level_known[u], np.abs(r.level[others] - r.level[u]), 0)
    return {
        "manager": (r.manager[u] == r.ids[others]) | (r.manager[others] == r.ids[u]),
        "own_list": own,
        "their_list": theirs & ~own,
        REPEAT: member(r.forbidden, key) & ~listed,
        LEVEL_GAP: gap > max_level_gap if max_level_gap is not None else np.zeros(len(others), dtype=bool),
        TIMEZONE: overlap < min_overlap_hours - OVERLAP_TOLERANCE,
    }
