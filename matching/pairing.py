"""From scores to pairs: sparsify to the best candidates, then a near-exact maximum-weight matching.

The round is cut into random blocks of about ``block_size`` participants. Inside a
block every pair is scored (vectorised) and each person keeps their ``k`` best allowed
partners plus a few random allowed ones (exploration): the candidate graph.

The matching on the candidate graph is solved as an assignment problem on its
bipartite double cover (every person once as a row, once as a column; staying
unpaired is the diagonal) with scipy's sparse LAPJV solver. Its optimum is the
linear-programming relaxation of the matching problem, an upper bound on the best
matching; almost every person comes out in a 2-cycle (``i -> j -> i``), which is a
pair. The few people left in longer cycles, with their neighbourhood, are re-paired
exactly with rustworkx's blossom algorithm (see :mod:`matching.maxweight`). The result
is within a hair of the exact optimum (see ``matching/README.md``) at a fraction of
the blossom algorithm's time.
"""

from __future__ import annotations

import numpy as np

from matching.maxweight import exact_matching, relaxed_matching
from matching.roster import Roster
from matching.rules import allowed_pairs
from matching.scoring import ScoreWeights, score_pairs

#: Added to every pair's weight in the matching, so that two pairs beat one slightly better pair.
PAIR_BONUS = 2.0


def split_blocks(order: np.ndarray, block_size: int) -> list[np.ndarray]:
    """Cut participants (in the given order) into nearly equal blocks of about ``block_size``.

    Large rounds are matched block by block, so that scoring stays O(B^2) per block.

    Parameters
    ----------
    order : numpy.ndarray of int
        Participant numbers, in the order that decides who shares a block.
    block_size : int
        Wanted block size (positive); the number of blocks is ``len(order) / block_size``
        rounded, and at least one.

    Returns
    -------
    list of numpy.ndarray
        Consecutive slices of ``order``; their sizes differ by at most one.

    Examples
    --------
    >>> import numpy as np
    >>> [len(b) for b in split_blocks(np.arange(2500), 1000)]
    [1250, 1250]
    >>> [b.tolist() for b in split_blocks(np.arange(5), 2)]
    [[0, 1, 2], [3, 4]]

    Notes
    -----
    O(n).
    """
    return np.array_split(order, max(1, round(len(order) / block_size)))


def sparsify(
    scores: np.ndarray, allowed: np.ndarray, k: int, explore: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate edges of a block: each row's ``k`` best allowed columns plus random allowed ones.

    Parameters
    ----------
    scores : numpy.ndarray of float, shape (B, B)
        Symmetric pair scores.
    allowed : numpy.ndarray of bool, shape (B, B)
        Symmetric mask of pairs that break no hard rule (diagonal False).
    k : int
        Best partners kept per person.
    explore : int
        Random allowed partners added per person.
    rng : numpy.random.Generator

    Returns
    -------
    a, b : numpy.ndarray of int
        Edges ``a[e] < b[e]`` (row numbers in the block), without duplicates, sorted.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([[0, 3, 1], [3, 0, 2], [1, 2, 0]], dtype=float)
    >>> ok = ~np.eye(3, dtype=bool)
    >>> a, b = sparsify(s, ok, 1, 0, np.random.default_rng(0))
    >>> list(zip(a.tolist(), b.tolist()))
    [(0, 1), (1, 2)]

    Notes
    -----
    O(B^2) time and memory for B rows (an ``argpartition`` per row).
    """
    size = scores.shape[0]
    masked = np.where(allowed, scores, -np.inf)
    if size - 1 <= k:
        rows, cols = np.nonzero(allowed)
    else:
        top = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(size), k)
        cols = top.ravel()
        if explore > 0 and size > 1:
            extra = rng.integers(0, size, size=(size, explore))
            rows = np.concatenate([rows, np.repeat(np.arange(size), explore)])
            cols = np.concatenate([cols, extra.ravel()])
        keep = allowed[rows, cols]
        rows, cols = rows[keep], cols[keep]
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    key = np.unique(a.astype(np.int64) * size + b)
    return key // size, key % size


def block_candidates(
    r: Roster,
    members: np.ndarray,
    weights: ScoreWeights,
    min_overlap_hours: float,
    max_level_gap: int | None,
    k: int,
    explore: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate graph of one block: allowed pairs worth considering, and their scores.

    Parameters
    ----------
    r : Roster
    members : numpy.ndarray of int
        Participant numbers of the block.
    weights : ScoreWeights
    min_overlap_hours, max_level_gap
        The hard rules (see :func:`matching.scoring.allowed_pairs`).
    k, explore : int
        Candidates per person (see :func:`sparsify`).
    rng : numpy.random.Generator

    Returns
    -------
    a, b : numpy.ndarray of int
        Edge ends as positions in ``members`` (``a < b``).
    score : numpy.ndarray of float
        The pair scores.

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {i: Person(i, f, "EMEA", 3) for i, f in enumerate(["Sales", "Legal", "Sales"])}
    >>> r = build_roster(people, [0, 1, 2], nx.Graph(), set())
    >>> a, b, s = block_candidates(r, np.arange(3), ScoreWeights(), 2.0, 4, 5, 0, np.random.default_rng(0))
    >>> list(zip(a.tolist(), b.tolist()))
    [(0, 1), (0, 2), (1, 2)]

    Notes
    -----
    O(B^2) time and memory for a block of B.
    """
    if len(members) < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    i, j = members[:, None], members[None, :]
    ok = allowed_pairs(r, i, j, min_overlap_hours, max_level_gap)
    known, tie = r.block_graph_terms(members)
    scores = score_pairs(r, i, j, known, known.T, tie, weights)
    a, b = sparsify(scores, ok, k, explore, rng)
    return a, b, scores[a, b].astype(float)


def matching_weight(score: np.ndarray, priority_a: np.ndarray, priority_b: np.ndarray, bonus: float) -> np.ndarray:
    """What the matching maximises for a pair: its score (at least 0), plus bonuses.

    Parameters
    ----------
    score : numpy.ndarray of float
        Pair scores.
    priority_a, priority_b : numpy.ndarray of bool
        Whether each side was left out last round.
    bonus : float
        Added once for each side who was left out last round.

    Returns
    -------
    numpy.ndarray of float
        ``max(score, 0) + PAIR_BONUS + bonus * (priority_a + priority_b)``: all positive,
        and ``PAIR_BONUS`` makes two pairs better than one slightly better pair.

    Examples
    --------
    >>> import numpy as np
    >>> matching_weight(np.array([3.0, -1.0]), np.array([True, False]), np.array([False, False]), 10.0)
    array([15.,  2.])

    Notes
    -----
    O(len(score)).
    """
    extra = np.float32(bonus) * (priority_a.astype(np.float32) + priority_b)
    weight: np.ndarray = np.maximum(score, np.float32(0.0)) + np.float32(PAIR_BONUS) + extra
    return weight


def block_matching(
    r: Roster,
    members: np.ndarray,
    weights: ScoreWeights,
    min_overlap_hours: float,
    max_level_gap: int | None,
    k: int,
    explore: int,
    priority: np.ndarray,
    priority_bonus: float,
    rng: np.random.Generator,
    exact: bool = False,
    refine: int = 0,
) -> list[tuple[int, int]]:
    """Pair up one block of participants.

    Parameters
    ----------
    r : Roster
        The round's participants, from :func:`matching.roster.build_roster`.
    members : numpy.ndarray of int
        Participant numbers of the block.
    weights : ScoreWeights
        Weights of the score's parts.
    min_overlap_hours, max_level_gap
        The hard rules (see :func:`matching.rules.allowed_pairs`).
    k, explore : int
        Candidates per person (see :func:`sparsify`).
    priority : numpy.ndarray of bool
        Per participant: left out last round (their edges get ``priority_bonus``).
    priority_bonus : float
        Added to a pair's weight for each of its members with priority.
    rng : numpy.random.Generator
        Randomness for the explored candidates; a seeded generator gives the same pairs.
    exact : bool, optional
        Use the exact blossom algorithm, maximum cardinality first (for small leftover
        sets), instead of :func:`relaxed_matching`.
    refine : int, optional
        Passes that add each person's ``k`` best partners by reduced weight (the pair's
        weight minus half of each side's current pair weight) and match again.

    Returns
    -------
    list of tuple of int
        Pairs of participant numbers (empty when no pair is allowed); each member is
        in at most one pair.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "IT", "EMEA", 3), 2: Person(2, "IT", "EMEA", 3),
    ...           3: Person(3, "HR", "EMEA", 3), 4: Person(4, "HR", "EMEA", 3)}
    >>> r = build_roster(people, [1, 2, 3, 4], nx.Graph([(1, 2), (2, 3), (3, 4)]), set())
    >>> pairs = block_matching(r, np.arange(4), ScoreWeights(), 0.0, None, 3, 0,
    ...                        np.zeros(4, dtype=bool), 0.0, np.random.default_rng(0))
    >>> [(int(r.ids[a]), int(r.ids[b])) for a, b in pairs]
    [(1, 3), (2, 4)]

    Notes
    -----
    O(B^2) to score and sparsify a block of B, plus the matching (see
    :func:`relaxed_matching`).
    """
    size = len(members)
    if size < 2:
        return []
    i, j = members[:, None], members[None, :]
    ok = allowed_pairs(r, i, j, min_overlap_hours, max_level_gap)
    known, tie = r.block_graph_terms(members)
    scores = score_pairs(r, i, j, known, known.T, tie, weights)
    prio = priority[members]
    weight = matching_weight(scores, prio[:, None], prio[None, :], priority_bonus)
    a, b = sparsify(scores, ok, k, explore, rng)
    if len(a) == 0:
        return []

    def solve(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
        w = weight[a, b].astype(float)
        return exact_matching(size, a, b, w) if exact else relaxed_matching(size, a, b, w)

    found = solve(a, b)
    for _ in range(refine):
        # Everyone's best partners are the same few popular people, so a second look ranks
        # partners by what a pair adds over what both sides already get in this matching
        # (a dual estimate: half their pair's weight each): the exchanges that can pay.
        price = np.zeros(size, dtype=np.float32)
        for x, y in found:
            price[x] = price[y] = weight[x, y] / 2.0
        a2, b2 = sparsify(weight - price[:, None] - price[None, :], ok, k, 0, rng)
        key = np.unique(np.concatenate([a * size + b, a2 * size + b2]))
        a, b = key // size, key % size
        found = solve(a, b)
    return [(int(members[x]), int(members[y])) for x, y in found]
