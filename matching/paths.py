"""Warm paths: the most reliable (or widest) way from one person to another within a few steps.

The ties are held as compressed sparse rows over node positions ``0..n-1``
(:class:`TieIndex`), each tie with a *reliability* in ``(0, 1]`` (how likely an
introduction through it works: stronger and more recent ties score higher) and the
day of its last contact. :func:`warm_paths` searches from one source to many
targets at once, never more than ``max_hops`` steps, and never through a node that
is not ``passable`` (someone who chose not to be found is never a step of a path).

Everything here is deterministic: there is nothing random, and ties between equal
paths are broken by node position.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np

from matching.tie_index import PathError, TieIndex, tie_index, tie_reliability

__all__ = ["PathError", "PathTree", "TieIndex", "WarmPath", "path_tree", "tie_index", "tie_reliability", "warm_paths"]

#: A backward step over a tie costs about this fraction of a forward one (no sort): pull while cheaper.
PULL_OVER_PUSH = 6

#: How a path's strength is made of its ties' reliabilities.
How = Literal["reliable", "widest"]


@dataclass(frozen=True)
class WarmPath:
    """One path found by :func:`warm_paths`.

    Attributes
    ----------
    nodes : tuple of int
        Source first, target last; ``len(nodes) - 1`` steps.
    strength : float
        Product (``"reliable"``) or minimum (``"widest"``) of the ties' reliabilities.
    oldest_contact : int
        The earliest of the ties' last contacts (day ordinal): the path is only as fresh as this.
    """

    nodes: tuple[int, ...]
    strength: float
    oldest_contact: int

    @property
    def steps(self) -> int:
        return len(self.nodes) - 1


def _expand(
    index: TieIndex, frontier: np.ndarray, value: np.ndarray, how: How
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every tie out of ``frontier``: (to, from, value through it, tie position), best first per target."""
    starts, ends = index.indptr[frontier], index.indptr[frontier + 1]
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), empty
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
    to = index.indices[offsets]
    origin = np.repeat(frontier, counts)
    through = value[origin]
    rel = index.reliability[offsets]
    candidate = through * rel if how == "reliable" else np.minimum(through, rel)
    # best value first per target; equal values: the lowest origin position (deterministic)
    order = np.lexsort((origin, -candidate, to))
    to, origin, candidate, offsets = to[order], origin[order], candidate[order], offsets[order]
    first = np.r_[True, to[1:] != to[:-1]]
    return to[first], origin[first], candidate[first], offsets[first]


def _pull(
    index: TieIndex, targets: np.ndarray, value: np.ndarray, passable: np.ndarray, source: int, how: How
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One last step backwards: each target's best tie from someone already reached, if it improves the target."""
    starts, counts = index.indptr[targets], index.indptr[targets + 1] - index.indptr[targets]
    total = int(counts.sum())
    empty = np.zeros(0, dtype=np.int64)
    if total == 0:
        return empty, empty, np.zeros(0), empty
    first = np.cumsum(counts) - counts
    offsets = np.repeat(starts - first, counts) + np.arange(total)
    other = index.indices[offsets]
    through = np.where(passable[other] | (other == source), value[other], 0.0)
    rel = index.reliability[offsets]
    candidate = through * rel if how == "reliable" else np.minimum(through, rel)
    best = np.maximum.reduceat(np.r_[candidate, 0.0], first)  # the 0 keeps every start a valid index
    best[counts == 0] = 0.0
    improved = best > value[targets]
    segment = np.repeat(np.arange(targets.size), counts)
    # the first tie (lowest position) reaching the best value, per improved target
    hits = np.flatnonzero((candidate == best[segment]) & improved[segment] & (candidate > 0))
    hit_segments, at = np.unique(segment[hits], return_index=True)
    chosen = hits[at]
    return targets[hit_segments], other[chosen], candidate[chosen], offsets[chosen]


def warm_paths(
    index: TieIndex,
    source: int,
    targets: Collection[int],
    passable: np.ndarray,
    max_hops: int = 3,
    how: How = "reliable",
) -> dict[int, WarmPath]:
    """The best path from ``source`` to each target it can reach within ``max_hops`` steps.

    Parameters
    ----------
    index : TieIndex
        The ties.
    source : int
        Where every path starts (it need not be passable).
    targets : collection of int
        Where paths may end. A target need not be passable: it is an end, not a step.
    passable : numpy.ndarray of bool
        ``passable[i]`` is True when node ``i`` may be an intermediate step.
    max_hops : int, optional
        Longest path, in ties (1 to 3 are the useful values; default 3).
    how : {"reliable", "widest"}, optional
        ``"reliable"``: the path whose product of reliabilities is highest (the most
        likely chain of introductions). ``"widest"``: the path whose weakest tie is strongest.

    Returns
    -------
    dict
        Target → :class:`WarmPath`, for the targets reached; the source itself is never a target.
        Between equally strong paths the one with fewer steps wins, then the lowest node positions.

    Raises
    ------
    PathError
        For a source outside the index, ``max_hops`` below 1, or a ``passable`` array of the wrong size.

    Examples
    --------
    A chain 0–1–2–3 where 1 is strong and recent, and a weaker shortcut 0–3:

    >>> import numpy as np
    >>> index = tie_index(5, np.array([0, 1, 2, 0, 3]), np.array([1, 2, 3, 3, 4]),
    ...                   np.array([0.9, 0.9, 0.9, 0.5, 0.9]), np.array([5, 5, 5, 1, 5]))
    >>> everyone = np.ones(5, dtype=bool)
    >>> found = warm_paths(index, 0, [2, 3, 4], everyone)
    >>> found[3].nodes, round(found[3].strength, 3)
    ((0, 1, 2, 3), 0.729)
    >>> found[4].nodes  # four steps through the chain is too long; the shortcut makes it three
    (0, 3, 4)

    Nobody who may not be passed through is ever a step:

    >>> blocked = everyone.copy(); blocked[1] = False
    >>> sorted(warm_paths(index, 0, [2, 3], blocked))
    [2, 3]
    >>> warm_paths(index, 0, [2], blocked)[2].nodes
    (0, 3, 2)

    Notes
    -----
    A hop-limited Bellman–Ford: ``max_hops`` rounds, each relaxing only the ties of the
    nodes improved in the round before, vectorised with numpy. With an average degree
    ``d`` a round touches at most ``d ** k`` ties, about 64,000 at ``d = 40, k = 3``,
    whatever the size of the organisation. Reliabilities are at most 1, so a best
    path never repeats a node.

    See Also
    --------
    tie_reliability : the reliability of one tie.
    """
    wanted = np.array(sorted({int(t) for t in targets}), dtype=np.int64)
    tree = path_tree(index, source, passable, max_hops, how, targets=wanted)
    return {t: path for t in sorted({int(t) for t in targets}) if (path := tree.path(t)) is not None}


def path_tree(
    index: TieIndex,
    source: int,
    passable: np.ndarray,
    max_hops: int = 3,
    how: How = "reliable",
    targets: np.ndarray | None = None,
) -> PathTree:
    """The best strength from ``source`` to the targets within ``max_hops`` steps, and the way to rebuild each path.

    Same parameters and rules as :func:`warm_paths`; use it to rank many targets by
    :attr:`PathTree.strength` (one array) and rebuild only the paths you show. With
    ``targets``, the last step is searched backwards from the targets only (a pull over
    their ties instead of a push over every tie two steps out), and ``strength`` is then
    exact for the targets and for everyone within ``max_hops - 1`` steps.

    Examples
    --------
    >>> import numpy as np
    >>> index = tie_index(3, np.array([0, 1]), np.array([1, 2]), np.array([0.5, 0.5]), np.array([1, 2]))
    >>> tree = path_tree(index, 0, np.ones(3, dtype=bool))
    >>> tree.strength.tolist(), tree.path(2).nodes
    ([0.0, 0.5, 0.25], (0, 1, 2))
    """
    n = index.size
    if not 0 <= source < n:
        raise PathError(f"source {source} is not a node of the index (0 to {n - 1})")
    if max_hops < 1:
        raise PathError(f"max_hops must be at least 1, got {max_hops}")
    if passable.shape != (n,):
        raise PathError(f"passable must have one entry per node ({n}), got shape {passable.shape}")
    value = np.zeros(n)
    value[source] = 1.0
    # per round: the nodes improved, their predecessor and the tie used
    rounds: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    frontier = np.array([source], dtype=np.int64)
    pushes = max_hops - 1 if targets is not None else max_hops
    for _ in range(pushes):
        to, origin, candidate, ties = _expand(index, frontier, value, how)
        better = candidate > value[to]
        better &= to != source
        to, origin, candidate, ties = to[better], origin[better], candidate[better], ties[better]
        value[to] = candidate
        rounds.append((to, origin, ties))
        frontier = to[passable[to]]
        if not frontier.size:
            break
    if targets is not None and frontier.size and len(rounds) == pushes:
        wanted = np.unique(np.asarray(targets, dtype=np.int64))
        wanted = wanted[(wanted >= 0) & (wanted < n) & (wanted != source)]
        pull_cost = int((index.indptr[wanted + 1] - index.indptr[wanted]).sum())
        push_cost = int((index.indptr[frontier + 1] - index.indptr[frontier]).sum())
        if pull_cost <= PULL_OVER_PUSH * push_cost:  # few targets: look back from them
            to, origin, candidate, ties = _pull(index, wanted, value, passable, source, how)
        else:  # many targets (a common skill): one more step forward is cheaper
            to, origin, candidate, ties = _expand(index, frontier, value, how)
            better = (candidate > value[to]) & (to != source)
            to, origin, candidate, ties = to[better], origin[better], candidate[better], ties[better]
        value[to] = candidate
        rounds.append((to, origin, ties))
    value[source] = 0.0  # the source is never a target
    return PathTree(index, source, value, rounds)


@dataclass(frozen=True)
class PathTree:
    """What :func:`path_tree` found: ``strength[v]`` is the best path's strength to ``v`` (0: none within reach)."""

    index: TieIndex
    source: int
    strength: np.ndarray
    rounds: list[tuple[np.ndarray, np.ndarray, np.ndarray]]

    def path(self, target: int) -> WarmPath | None:
        """The best path to ``target``, or None when there is none within reach."""
        return _path(self.index, self.rounds, self.source, target, self.strength)


def _path(
    index: TieIndex, rounds: list[tuple[np.ndarray, np.ndarray, np.ndarray]], source: int, target: int,
    value: np.ndarray,
) -> WarmPath | None:
    if target == source or not 0 <= target < index.size or value[target] <= 0:
        return None
    # the last round that improved the target holds its best path
    node, nodes, lasts = target, [target], []
    for to, origin, ties in reversed(rounds):
        hit = np.flatnonzero(to == node)
        if not hit.size:
            continue  # improved earlier (the target), or the source
        node = int(origin[hit[0]])
        lasts.append(int(index.last[ties[hit[0]]]))
        nodes.append(node)
        if node == source:
            break
    if nodes[-1] != source:
        return None
    return WarmPath(tuple(reversed(nodes)), float(value[target]), min(lasts))
