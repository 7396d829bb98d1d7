"""How good an intro is: the score of a pair, part by part, and the hard-rule mask.

The score is a sum of parts, each a number in ``[0, 1]`` (or ``[-1, 0]`` for the two
penalties) times a weight from :class:`ScoreWeights`. The weights below are the
defaults and the reason for each:

==================  ======  ===========================================================
part                weight  why
==================  ======  ===========================================================
``function``        1.0     Different functions is the silo a CNO most wants to cross.
``region``          0.6     Different regions: second most common silo; time zones
                            already limit it, so slightly less than function.
``level``           0.4     A moderate gap (2 levels: 1.0, 1: 0.7, 3: 0.5, 0 or 4+: 0)
                            gives peers something to learn; large gaps are for mentoring.
``team``            0.2     Never waste an intro on people who sit together.
``no_tie``          0.5     They have no direct tie in the interaction graph.
``second_degree``   1.0     New second-degree contacts each brings the other:
                            ``x / (x + 20)``, so 20 new contacts gives half the weight.
``bridging``        0.8     Their groups (function x region) have few ties between
                            them: 1 for none, 0 at or above the average between groups.
``interests``       0.4     Shared interests start the conversation (1 shared: 0.5,
                            2 or more: 1).
``complementary``   0.3     One knows a skill the other listed as an interest.
``preference``      0.8     Penalty when someone who prefers another function (or
                            region) would meet their own; per preference broken.
``hub_pair``        0.5     Penalty when both are in the top 10% by number of contacts,
                            so very well connected people spread across silos (#11).
==================  ======  ===========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from matching.errors import InvalidConfigError, UnknownPersonError
from matching.people import Person
from matching.roster import UNKNOWN, Roster, build_roster

#: Value of the level part by level gap (gaps beyond the table score 0).
LEVEL_CURVE = np.array([0.0, 0.7, 1.0, 0.5, 0.0])


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    """Weight of each part of the score; see the table in :mod:`matching.scoring`."""

    function: float = 1.0
    region: float = 0.6
    level: float = 0.4
    team: float = 0.2
    no_tie: float = 0.5
    second_degree: float = 4.0
    second_degree_cap: float = 4.0
    low_reach: float = 4.0
    bridging: float = 0.8
    interests: float = 0.4
    complementary: float = 0.3
    preference: float = 0.8
    hub_pair: float = 0.5

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not np.isfinite(value) or value < 0:
                raise InvalidConfigError(f"Score weight {f.name!r} must be finite and >= 0, not {value!r}")
        if self.second_degree_cap <= 0:
            raise InvalidConfigError("Score weight 'second_degree_cap' must be > 0")


def _popcount(bits: np.ndarray) -> np.ndarray:
    if bits.shape[-1] == 1:
        single: NDArray[np.uint8] = np.bitwise_count(bits[..., 0])
        return single
    summed: NDArray[np.int32] = np.bitwise_count(bits).sum(axis=-1, dtype=np.int32)
    return summed


def new_contacts(
    r: Roster, i: np.ndarray, j: np.ndarray, known_i: np.ndarray, known_j: np.ndarray, tie: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """New second-degree contacts each side of a pair gains: the other's contacts not yet within two hops.

    Parameters
    ----------
    r : Roster
        The round's participants (gives their numbers of contacts).
    i, j : numpy.ndarray of int
        Participant numbers of the pairs' two sides (shapes that broadcast together).
    known_i, known_j : numpy.ndarray
        Contacts of ``j`` who are ``i`` or within two hops of ``i``, and the other way
        (see :meth:`matching.roster.Roster.graph_terms`).
    tie : numpy.ndarray
        1 where the pair already has a tie, else 0 (already counted in ``known``).

    Returns
    -------
    gain_i, gain_j : numpy.ndarray of float32
        ``|N(j) - C2(i) - {i}|`` and ``|N(i) - C2(j) - {j}|``, where ``C2`` is everyone
        within two hops; never negative.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {k: Person(k, "IT", "EMEA", 3) for k in range(1, 6)}
    >>> r = build_roster(people, [1, 2, 3, 4, 5], nx.Graph([(1, 2), (2, 3), (3, 4), (4, 5)]), set())
    >>> i, j = np.array([0, 0]), np.array([2, 4])
    >>> [g.tolist() for g in new_contacts(r, i, j, *r.graph_terms(i, j))]
    [[1.0, 1.0], [0.0, 1.0]]

    On the path 1-2-3-4-5, person 1 already reaches 2 and 3: meeting 3 brings them 4 only,
    and brings 3 nothing new (2 is already 3's contact); meeting 5 brings each one.

    Notes
    -----
    O(p) for p pairs. Contacts already two hops away are not new: that is what
    separates this from counting the other's contacts.
    """
    d = r.degree32
    # ``known`` counts the person themselves among the other's contacts when they are tied.
    gain_i = np.maximum(d[j] - np.asarray(known_i, dtype=np.float32), np.float32(0.0))
    gain_j = np.maximum(d[i] - np.asarray(known_j, dtype=np.float32), np.float32(0.0))
    return gain_i, gain_j


def novelty_values(
    r: Roster, i: np.ndarray, j: np.ndarray, gain_i: np.ndarray, gain_j: np.ndarray, w: ScoreWeights
) -> tuple[np.ndarray, np.ndarray]:
    """The unweighted ``second_degree`` and ``low_reach`` values of pairs, from each side's new contacts.

    Parameters
    ----------
    r : Roster
    i, j : numpy.ndarray of int
        Participant numbers (shapes that broadcast together).
    gain_i, gain_j : numpy.ndarray
        New second-degree contacts of each side (:func:`new_contacts`).
    w : ScoreWeights
        For ``second_degree_cap``.

    Returns
    -------
    second_degree, low_reach : numpy.ndarray of float32
        ``min((gain_i + gain_j) / s, cap)`` with ``s`` the organisation's typical pair
        (``Roster.novelty_scale``); and the same with each side's gain discounted by
        ``m / (reach + m)`` (``m``: median reach), so that a new contact counts fully
        for someone who reaches few people and half for someone of median reach.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {k: Person(k, "IT", "EMEA", 3) for k in range(1, 5)}
    >>> r = build_roster(people, [1, 2, 3, 4], nx.Graph([(1, 2), (3, 4)]), set())
    >>> sd, low = novelty_values(r, np.array([0]), np.array([2]), np.ones(1), np.ones(1), ScoreWeights())
    >>> float(sd[0]), float(low[0])  # two new contacts, a typical pair brings 2 x 1
    (1.0, 0.5)

    Notes
    -----
    O(p) for p pairs, plus computing every participant's reach once per round.
    """
    scale = np.float32(r.novelty_scale)
    cap = np.float32(w.second_degree_cap)
    second = np.minimum((gain_i + gain_j) / scale, cap)
    factor = r.cache.get("low_reach_factor")
    if not isinstance(factor, np.ndarray):  # not computed yet (None)
        m = np.float32(r.reach_scale)
        factor = r.cache["low_reach_factor"] = (m / (r.reach + m) / scale).astype(np.float32)
    low = np.minimum(gain_i * factor[i] + gain_j * factor[j], cap)
    return second.astype(np.float32, copy=False), low.astype(np.float32, copy=False)


def score_parts(
    r: Roster, i: np.ndarray, j: np.ndarray, known_i: np.ndarray, known_j: np.ndarray, tie: np.ndarray,
    w: ScoreWeights,
) -> dict[str, np.ndarray]:
    """Each weighted part of the score for pairs ``(i, j)`` of participant numbers.

    Parameters
    ----------
    r : Roster
        The round's participants.
    i, j : numpy.ndarray of int
        Participant numbers; any shapes that broadcast together (flat pairs, or a
        column and a row for every pair of a block).
    known_i, known_j, tie : numpy.ndarray
        Contacts of each side already within two hops of the other, and 1 where the pair
        has a direct tie (see :meth:`matching.roster.Roster.graph_terms`; same shape as
        the broadcast of ``i`` and ``j``).
    w : ScoreWeights

    Returns
    -------
    dict of str to numpy.ndarray
        One array per part, already weighted; the score is their sum.

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "Sales", "EMEA", 3), 2: Person(2, "Engineering", "EMEA", 5)}
    >>> r = build_roster(people, [1, 2], nx.Graph(), set())
    >>> parts = score_parts(r, np.array([0]), np.array([1]), np.zeros(1), np.zeros(1), np.zeros(1), ScoreWeights())
    >>> float(parts["function"][0]), float(parts["level"][0])
    (1.0, 0.4)

    Notes
    -----
    O(size of the broadcast shape); vectorised.
    """
    fi, fj = r.function[i], r.function[j]
    ri, rj = r.region[i], r.region[j]
    same_f, same_r = (fi == fj) & (fi != UNKNOWN), (ri == rj) & (ri != UNKNOWN)  # unknown: neither same
    other_f = (fi != fj) & (fi != UNKNOWN) & (fj != UNKNOWN)  # ... nor different
    other_r = (ri != rj) & (ri != UNKNOWN) & (rj != UNKNOWN)
    gap = np.minimum(np.abs(r.level[i] - r.level[j]), len(LEVEL_CURVE) - 1)
    levels_known = r.level_known[i] & r.level_known[j]
    ti, tj = r.team[i], r.team[j]
    second, low = novelty_values(r, i, j, *new_contacts(r, i, j, known_i, known_j, tie), w)
    shared = _popcount(r.interests[i] & r.interests[j])
    complementary = _popcount(r.interests[i] & r.skills[j]) + _popcount(r.interests[j] & r.skills[i])
    broken = (same_f * (r.prefers_other_function[i].astype(np.int8) + r.prefers_other_function[j])
              + same_r * (r.prefers_other_region[i].astype(np.int8) + r.prefers_other_region[j]))
    return {
        "function": w.function * other_f,
        "region": w.region * other_r,
        "level": w.level * LEVEL_CURVE[gap] * levels_known,
        "team": w.team * ((ti != tj) | (ti < 0)),
        "no_tie": w.no_tie * (tie <= 0),
        "second_degree": w.second_degree * second,
        "low_reach": w.low_reach * low,
        "bridging": w.bridging * r.bridge[r.group[i], r.group[j]],
        "interests": w.interests * np.minimum(shared, 2) / 2.0,
        "complementary": w.complementary * np.minimum(complementary, 2) / 2.0,
        "preference": -w.preference * broken,
        "hub_pair": -w.hub_pair * (r.hub[i] & r.hub[j]),
    }


def _profile_table(r: Roster, w: ScoreWeights) -> tuple[np.ndarray, np.ndarray]:
    """Per person a profile code, and the score parts that depend on profiles only.

    A profile is (function, region, prefers another function, prefers another region,
    hub); the function, region, bridging, preference and hub parts of a pair depend on
    the two profiles alone, so they are looked up in one small table. An unknown
    function or region is neither the same as nor different from anyone's.
    """
    nf, nr = len(r.function_names) + 1, len(r.region_names) + 1  # code 0: unknown
    profile = ((r.function.astype(np.int64) + 1) * nr + (r.region + 1)) * 2 + r.prefers_other_function
    profile = (profile * 2 + r.prefers_other_region) * 2 + r.hub
    codes, compact = np.unique(profile, return_inverse=True)
    hub = codes % 2 == 1
    pr = (codes // 2) % 2 == 1
    pf = (codes // 4) % 2 == 1
    f, reg = (codes // 8) // nr - 1, (codes // 8) % nr - 1
    g = np.where((f < 0) | (reg < 0), (nf - 1) * (nr - 1), f * (nr - 1) + reg)  # the unknown group: last
    f_known, r_known = f[:, None] >= 0, reg[:, None] >= 0
    same_f = (f[:, None] == f[None, :]) & f_known
    same_r = (reg[:, None] == reg[None, :]) & r_known
    other_f = (f[:, None] != f[None, :]) & f_known & (f[None, :] >= 0)
    other_r = (reg[:, None] != reg[None, :]) & r_known & (reg[None, :] >= 0)
    broken = (same_f * (pf[:, None].astype(np.int8) + pf[None, :])
              + same_r * (pr[:, None].astype(np.int8) + pr[None, :]))
    table = (w.function * other_f + w.region * other_r + w.bridging * r.bridge[g[:, None], g[None, :]]
             - w.preference * broken - w.hub_pair * (hub[:, None] & hub[None, :]))
    return compact.reshape(-1).astype(np.int32), table.astype(np.float32)


def _lookup(table: np.ndarray, code: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """``table[code[i], code[j]]``, gathering rows then columns when ``i`` is a column and ``j`` a row."""
    if i.ndim == 2 and j.ndim == 2 and i.shape[1] == 1 and j.shape[0] == 1:
        gathered: np.ndarray = np.take(np.take(table, code[i[:, 0]], axis=0), code[j[0]], axis=1)
        return gathered
    looked_up: np.ndarray = table[code[i], code[j]]
    return looked_up


def score_pairs(
    r: Roster, i: np.ndarray, j: np.ndarray, known_i: np.ndarray, known_j: np.ndarray, tie: np.ndarray,
    w: ScoreWeights,
) -> np.ndarray:
    """The score of pairs ``(i, j)``: the sum of :func:`score_parts`, computed faster.

    Parameters
    ----------
    r, i, j, known_i, known_j, tie, w
        As in :func:`score_parts`.

    Returns
    -------
    numpy.ndarray of float32

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "Sales", "EMEA", 3), 2: Person(2, "Sales", "EMEA", 3)}
    >>> r = build_roster(people, [1, 2], nx.Graph(), set())
    >>> s = score_pairs(r, np.array([0]), np.array([1]), np.zeros(1), np.zeros(1), np.zeros(1), ScoreWeights())
    >>> round(float(s[0]), 4)
    0.7

    Notes
    -----
    O(size of the broadcast shape), in float32. Parts that depend only on the two
    people's groups, preferences and hub status come from one lookup table. Two people
    with nothing in common but no tie and no team score 0.7 (``team`` + ``no_tie``).
    """
    cached = r.cache.get(("profiles", w))
    if not isinstance(cached, tuple):  # not computed yet (None)
        cached = r.cache[("profiles", w)] = _profile_table(r, w)
    profile, table = cached
    total = _lookup(table, profile, i, j)
    lowest = int(r.level.min()) if r.n else 0
    levels = np.arange(lowest, int(r.level.max()) + 1 if r.n else 1)
    gaps = np.minimum(np.abs(np.subtract.outer(levels, levels)), len(LEVEL_CURVE) - 1)
    level_table = np.pad(w.level * LEVEL_CURVE[gaps], ((0, 1), (0, 1)))  # the last row and column: unknown
    level_code = np.where(r.level_known, r.level - lowest, len(levels))
    total += _lookup(level_table.astype(np.float32), level_code, i, j)
    ti, tj = r.team[i], r.team[j]
    total += np.float32(w.team) * ((ti != tj) | (ti < 0))
    tie32 = np.asarray(tie, dtype=np.float32)
    total += np.float32(w.no_tie) * (tie32 <= 0)
    second, low = novelty_values(r, i, j, *new_contacts(r, i, j, known_i, known_j, tie32), w)
    total += np.float32(w.second_degree) * second
    if w.low_reach:
        total += np.float32(w.low_reach) * low
    if w.interests:
        total += np.float32(w.interests / 2.0) * np.minimum(_popcount(r.interests[i] & r.interests[j]), 2)
    if w.complementary:
        both = _popcount(r.interests[i] & r.skills[j])
        both += _popcount(r.interests[j] & r.skills[i])
        total += np.float32(w.complementary / 2.0) * np.minimum(both, 2)
    return total


def score_breakdown(
    people: Mapping[int, Person], graph: nx.Graph, a: int, b: int, weights: ScoreWeights = ScoreWeights(),
    hub_share: float = 0.1,
) -> dict[str, float]:
    """The weighted parts of one pair's score, as the round computes it.

    Parameters
    ----------
    people : mapping of int to Person
        Everyone in the organisation.
    graph : networkx.Graph
        The interaction graph.
    a, b : int
        Ids of the two people.
    weights : ScoreWeights, optional
    hub_share : float, optional
        As in :class:`matching.rounds.RoundConfig`.

    Returns
    -------
    dict of str to float
        One entry per part (see the table in :mod:`matching.scoring`) plus ``"total"``.

    Raises
    ------
    UnknownPersonError
        If ``a`` or ``b`` is not in ``people``.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {1: Person(1, "Engineering", "EMEA", 3), 2: Person(2, "Sales", "APAC", 5)}
    >>> parts = score_breakdown(people, nx.Graph(), 1, 2)
    >>> parts["function"], parts["region"], parts["level"], parts["total"]
    (1.0, 0.6, 0.4, 3.5)

    Notes
    -----
    O(N + E) to build the organisation's group structure; use it to explain one pair,
    not in a loop.
    """
    for pid in (a, b):
        if pid not in people:
            raise UnknownPersonError(f"No person with id {pid!r} among the organisation's people")
    ids = sorted({a, b})
    r = build_roster(people, ids, graph, set(), hub_share)
    i, j = np.array([ids.index(a)]), np.array([ids.index(b)])
    known_i, known_j, tie = r.graph_terms(i, j)
    parts = {name: round(float(v[0]), 4) + 0.0
             for name, v in score_parts(r, i, j, known_i, known_j, tie, weights).items()}
    parts["total"] = round(sum(parts.values()), 4)
    return parts
