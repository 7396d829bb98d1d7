"""Maximum-weight matching of a sparse candidate graph: exact, and near exact but fast.

:func:`exact_matching` is rustworkx's port of Edmonds' blossom algorithm.
:func:`relaxed_matching` solves the assignment relaxation on the graph's bipartite
double cover with scipy's sparse LAPJV solver, keeps the pairs it finds, and repairs
the rest exactly; it reaches 99.99% of the exact optimum in a fraction of the time
(see ``matching/README.md``).
"""

from __future__ import annotations

import numpy as np
import rustworkx as rx
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

#: Scores are turned into integers for rustworkx with this resolution.
WEIGHT_SCALE = 10_000
#: Above this many people around the relaxation's longer cycles, the cycles are cut into
#: pairs directly instead of re-solving them with the blossom algorithm (which grows as V^3).
REPAIR_LIMIT = 200


def exact_matching(
    size: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray, max_cardinality: bool = True
) -> list[tuple[int, int]]:
    """Maximum-weight matching of a sparse graph (by default among those of maximum cardinality).

    Parameters
    ----------
    size : int
        Number of nodes ``0..size-1``.
    a, b : numpy.ndarray of int
        Edge ends.
    weight : numpy.ndarray of float
        Edge weights (any sign).
    max_cardinality : bool, optional
        Only consider matchings with as many pairs as possible (default True).

    Returns
    -------
    list of tuple of int
        Matched pairs ``(x, y)`` with ``x < y``, sorted.

    Examples
    --------
    >>> import numpy as np
    >>> exact_matching(4, np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([1.0, 5.0, 1.0]))
    [(0, 1), (2, 3)]

    Notes
    -----
    rustworkx's port of Edmonds' blossom algorithm [1]_: O(V^3) worst case, about
    0.07 s for 1,000 nodes with 10 candidates each on a 2-core machine. Weights are
    rounded to ``1 / WEIGHT_SCALE``.

    References
    ----------
    .. [1] Z. Galil, "Efficient Algorithms for Finding Maximum Matching in Graphs",
       ACM Computing Surveys, 1986.
    """
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(size))
    w = np.rint(np.asarray(weight) * WEIGHT_SCALE).astype(np.int64)
    g.add_edges_from(list(zip(a.tolist(), b.tolist(), w.tolist(), strict=True)))
    pairs = rx.max_weight_matching(g, max_cardinality=max_cardinality, weight_fn=int)
    return sorted((min(x, y), max(x, y)) for x, y in pairs)


def relaxed_matching(size: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> list[tuple[int, int]]:
    """A maximum-weight matching, near exact, through the assignment relaxation.

    Parameters
    ----------
    size : int
        Number of nodes ``0..size-1``.
    a, b : numpy.ndarray of int
        Edge ends (no self-loops, no duplicates).
    weight : numpy.ndarray of float
        Edge weights, all positive.

    Returns
    -------
    list of tuple of int
        Matched pairs ``(x, y)`` with ``x < y``, sorted.

    Examples
    --------
    >>> import numpy as np
    >>> relaxed_matching(4, np.array([0, 1, 2]), np.array([1, 2, 3]), np.array([1.0, 5.0, 1.0]))
    [(1, 2)]
    >>> relaxed_matching(5, np.array([0, 1, 2, 0]), np.array([1, 2, 0, 3]), np.array([2.0, 2.0, 2.0, 1.0]))
    [(0, 3), (1, 2)]

    Notes
    -----
    Solves ``max sum w(i, s(i))`` over permutations ``s`` of the nodes where ``s(i)`` is
    a neighbour of ``i`` or ``i`` itself (unpaired, weight 0), with scipy's
    ``min_weight_full_bipartite_matching`` (LAPJVsp [1]_). Its optimum, halved, bounds
    the best matching from above. 2-cycles of ``s`` are kept as pairs; the nodes of
    longer cycles, their neighbours and their neighbours' partners are re-paired with
    :func:`exact_matching` on the edges among them. Empirically
    O(E log V) on candidate graphs with a few edges per node: 0.06 s for 1,000 nodes
    with 8 candidates each, against 0.3 s for the blossom algorithm alone.

    References
    ----------
    .. [1] R. Jonker and A. Volgenant, "A shortest augmenting path algorithm for dense
       and sparse linear assignment problems", Computing 38, 1987.
    """
    if size == 0 or len(a) == 0:
        return []
    w = np.asarray(weight, dtype=float)
    succ, _ = _assignment(size, a, b, w)
    nodes = np.arange(size)
    paired = (succ != nodes) & (succ[succ] == nodes)
    rest = np.flatnonzero(~paired)
    if len(rest):
        # Re-solve exactly around the people the relaxation did not pair: them, their
        # candidates and their candidates' partners.
        near = np.zeros(size, dtype=bool)
        near[rest] = True
        touch = near[a] | near[b]
        near[a[touch]] = True
        near[b[touch]] = True
        near[succ[near & paired]] = True
        paired &= ~near
        area = np.flatnonzero(near)
    if len(rest) and len(area) > REPAIR_LIMIT:
        return _break_cycles(size, a, b, w, succ)
    pairs = [(int(x), int(succ[x])) for x in np.flatnonzero(paired & (succ > nodes))]
    if len(rest) and len(area) >= 2:
        local = np.full(size, -1, dtype=np.int64)
        local[area] = np.arange(len(area))
        inside = (local[a] >= 0) & (local[b] >= 0)
        if inside.any():
            found = exact_matching(len(area), local[a[inside]], local[b[inside]], w[inside], max_cardinality=False)
            pairs += [(int(area[x]), int(area[y])) for x, y in found]
    return sorted(pairs)


def relaxation_bound(size: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> float:
    """An upper bound on the weight of any matching: half the best assignment on the double cover.

    Parameters
    ----------
    size : int
        Number of nodes.
    a, b : numpy.ndarray of int
        Edge ends (no self-loops, no duplicates).
    weight : numpy.ndarray of float
        Edge weights, all positive.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> relaxation_bound(3, np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([1.0, 1.0, 1.0]))
    1.5

    Notes
    -----
    A matching ``M`` gives the assignment ``i -> mate(i)`` of weight ``2 w(M)``, so the
    best assignment, halved, is at least the best matching (on a triangle it is 1.5
    against 1). Same cost as :func:`relaxed_matching` without the repair.
    """
    if size == 0 or len(a) == 0:
        return 0.0
    return _assignment(size, a, b, np.asarray(weight, dtype=float))[1]


def _assignment(size: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, float]:
    """Best assignment on the double cover: each node's successor, and half the total weight."""
    top = float(w.max()) + 1.0
    nodes = np.arange(size)
    cost = sp.csr_array(
        (np.concatenate([top - w, top - w, np.full(size, top)]),
         (np.concatenate([a, b, nodes]), np.concatenate([b, a, nodes]))),
        shape=(size, size),
    )
    rows, cols = min_weight_full_bipartite_matching(cost)
    succ = np.empty(size, dtype=np.int64)
    succ[rows] = cols
    return succ, float((size * top - cost[rows, cols].sum()) / 2.0)


def _break_cycles(size: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, succ: np.ndarray) -> list[tuple[int, int]]:
    """Pairs from the assignment's cycles: 2-cycles as they are, longer ones cut along their edges.

    Every edge ``i -> succ[i]`` is a candidate edge, so a cycle of length L yields L // 2
    pairs of consecutive people (the better of the ways to cut it); the one person left by
    each odd cycle is then matched exactly among themselves.
    """
    nodes = np.arange(size)
    two = (succ != nodes) & (succ[succ] == nodes)
    pairs = [(int(x), int(succ[x])) for x in np.flatnonzero(two & (succ > nodes))]
    key = np.r_[a * size + b, b * size + a]
    order = np.argsort(key)
    key, both = key[order], np.r_[w, w][order]

    def edge_weight(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        found: np.ndarray = both[np.searchsorted(key, x * size + y)]
        return found

    seen = two.copy()
    single: list[int] = []
    for start in np.flatnonzero(~two).tolist():
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        x = int(succ[start])
        while x != start:
            cycle.append(x)
            seen[x] = True
            x = int(succ[x])
        length = len(cycle)
        if length == 1:
            single.append(start)
            continue
        ring = np.array(cycle)
        nxt = np.roll(ring, -1)
        edge = edge_weight(ring, nxt)  # edge k joins ring[k] and ring[k + 1]
        options = np.arange(length if length % 2 else 2)
        # Taking edges skip, skip + 2, ...: L // 2 of them; ring[skip - 1] stays alone when L is odd.
        chosen = (options[:, None] + 2 * np.arange(length // 2)[None, :]) % length
        best = int(np.argmax(edge[chosen].sum(axis=1)))
        pairs += [(min(int(ring[k]), int(nxt[k])), max(int(ring[k]), int(nxt[k]))) for k in chosen[best]]
        if length % 2:
            single.append(int(ring[(options[best] - 1) % length]))
    if len(single) >= 2:
        local = np.full(size, -1, dtype=np.int64)
        local[single] = np.arange(len(single))
        inside = (local[a] >= 0) & (local[b] >= 0)
        if inside.any():
            found = exact_matching(len(single), local[a[inside]], local[b[inside]], w[inside], max_cardinality=False)
            pairs += [(single[x], single[y]) for x, y in found]
    return sorted(pairs)
