"""Second-degree reach of everyone in the organisation, and who has the lowest.

For the CNO's distribution of reach and the "people with the lowest reach" audience
of events. :mod:`matching.reach` re-exports both functions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date

import networkx as nx
import numpy as np

from matching.errors import MatchingError
from matching.tie_arrays import tie_arrays

__all__ = ["second_degree_reach_all", "lowest_reach"]

# Rows of the adjacency matrix squared per block: bounds memory to a few hundred MB at 2M ties.
_BLOCK_ROWS = 5000


def second_degree_reach_all(graph: nx.Graph, as_of: date | None = None) -> dict[int, int]:
    """Second-degree reach of every person: how many people are exactly two ties away.

    Exact, not an estimate. With ``A`` the boolean adjacency matrix, the people at
    distance at most 2 from ``v`` are the non-zeros of row ``v`` of ``A @ A + A``
    (which includes ``v`` itself when it has a tie), so the second-degree reach is
    ``nnz(row) - degree(v) - 1`` (0 for people without ties). The product is
    computed in blocks of rows to bound memory.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph with integer person ids as nodes.
    as_of : datetime.date, optional
        Count only ties whose ``since`` is on or before this date.

    Returns
    -------
    dict of int to int
        Every node of the graph, with its second-degree reach.

    Examples
    --------
    >>> import networkx as nx
    >>> second_degree_reach_all(nx.Graph([(1, 2), (2, 3), (3, 4)]))
    {1: 1, 2: 1, 3: 1, 4: 1}

    Notes
    -----
    Time O(sum over people of degree squared), memory O(n + m + block); 4 to 7 s
    of CPU at 100,000 people and 2,000,000 ties (``python -m bench.reach``). Every node of
    the graph counts as reachable, whether or not they are still in the organisation.
    """
    arrays = tie_arrays(graph, as_of)
    a = arrays.matrix
    n = a.shape[0]
    degree = arrays.degrees()
    within_two = np.zeros(n, dtype=np.int64)
    for start in range(0, n, _BLOCK_ROWS):
        rows = a[start : start + _BLOCK_ROWS]
        within_two[start : start + _BLOCK_ROWS] = np.diff((rows @ a + rows).indptr)
    second = np.where(degree > 0, within_two - degree - 1, 0)
    return dict(zip(arrays.nodes.tolist(), second.tolist(), strict=True))


def lowest_reach(people_ids: Iterable[int], reach_by_person: Mapping[int, int], share: float = 0.25) -> set[int]:
    """The people with the lowest reach: the bottom ``share`` of ``people_ids``.

    Parameters
    ----------
    people_ids : iterable of int
        Whom to choose from (for example, everyone opted in).
    reach_by_person : mapping of int to int
        Reach per person, e.g. from :func:`second_degree_reach_all`; missing ids count as 0.
    share : float, default 0.25
        The share of people wanted, between 0 and 1.

    Returns
    -------
    set of int
        Everyone whose reach is at or below that of the person ranked
        ``ceil(share * n)`` from the bottom. People tied at the cut-off are all
        included, so the set may be a little larger than ``share`` of the people.

    Raises
    ------
    MatchingError
        If ``share`` is not between 0 and 1.

    Examples
    --------
    >>> sorted(lowest_reach([1, 2, 3, 4, 5, 6, 7, 8], {i: i * 10 for i in range(1, 9)}))
    [1, 2]
    >>> sorted(lowest_reach([1, 2, 3, 4], {1: 5, 2: 5, 3: 9, 4: 9}))
    [1, 2]

    Notes
    -----
    O(n log n).
    """
    if not 0.0 <= share <= 1.0 or math.isnan(share):
        raise MatchingError(f"share must be between 0 and 1, not {share!r}")
    ids = sorted(set(people_ids))
    if not ids or share == 0.0:
        return set()
    values = sorted(reach_by_person.get(i, 0) for i in ids)
    cutoff = values[max(math.ceil(share * len(ids)), 1) - 1]
    return {i for i in ids if reach_by_person.get(i, 0) <= cutoff}
