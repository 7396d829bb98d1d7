"""The interaction graph as numpy/scipy arrays, for the organisation-wide metrics.

Building the arrays walks networkx's adjacency once at C speed (``itertools.chain``
over the neighbour dicts); a date filter (``as_of``) costs one Python-level pass
over the tie attributes. Self-loops are dropped: a tie with oneself reaches nobody.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class TieArrays:
    """The ties as a symmetric boolean CSR matrix over ``nodes``.

    ``nodes[i]`` is the person id of row/column ``i``; ``matrix[i, j]`` is True when
    ``nodes[i]`` and ``nodes[j]`` have a tie (as of the date it was built for).
    """

    nodes: np.ndarray
    matrix: sp.csr_array

    def degrees(self) -> np.ndarray:
        """Number of ties of each node, aligned with ``nodes``."""
        return np.diff(self.matrix.indptr)

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Each tie once, as two aligned arrays of row indices ``(i, j)`` with ``i < j``."""
        rows = np.repeat(np.arange(self.nodes.size, dtype=np.int64), self.degrees())
        cols = self.matrix.indices.astype(np.int64, copy=False)
        upper = rows < cols
        return rows[upper], cols[upper]


def tie_arrays(graph: nx.Graph, as_of: date | None = None) -> TieArrays:
    """Convert an interaction graph to a boolean CSR adjacency matrix.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes are person ids (int); edges may carry ``since`` (a ``datetime.date``).
    as_of : datetime.date, optional
        Keep only ties whose ``since`` is on or before this date. Ties without
        ``since`` are kept (their start is unknown, so they are treated as old).

    Returns
    -------
    TieArrays

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(10, 20), (20, 30)])
    >>> arrays = tie_arrays(g)
    >>> arrays.nodes.tolist(), arrays.degrees().tolist()
    ([10, 20, 30], [1, 2, 1])

    Notes
    -----
    O(n + m) time and memory; about 0.5 s at 100,000 people and 2,000,000 ties,
    plus about 1.3 s when ``as_of`` is given (one Python step per tie to read its date).
    """
    adj = graph._adj  # read-only; avoids building 2m (u, v, data) tuples
    n = len(adj)
    nodes = np.fromiter(adj.keys(), dtype=np.int64, count=n)
    degree = np.fromiter((len(nbrs) for nbrs in adj.values()), dtype=np.int64, count=n)
    total = int(degree.sum())
    targets = np.fromiter(itertools.chain.from_iterable(adj.values()), dtype=np.int64, count=total)
    cols = index_of(nodes, targets)
    rows = np.repeat(np.arange(n, dtype=np.int64), degree)
    keep = cols != rows
    if as_of is not None:
        keep &= np.fromiter(
            (
                attrs.get("since") is None or attrs["since"] <= as_of
                for attrs in itertools.chain.from_iterable(nbrs.values() for nbrs in adj.values())
            ),
            dtype=bool,
            count=total,
        )
    if not keep.all():
        degree = np.bincount(rows[keep], minlength=n)
        cols = cols[keep]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    # networkx adjacency has no duplicate neighbours, so this is already a valid CSR matrix.
    matrix = sp.csr_array((np.ones(cols.size, dtype=bool), cols, indptr), shape=(n, n))
    return TieArrays(nodes=nodes, matrix=matrix)


def index_of(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Position in ``ids`` (distinct ints) of each of ``wanted``; -1 where absent.

    A direct lookup table when the ids are small non-negative ints (storage ids are),
    else a binary search.

    Parameters
    ----------
    ids : numpy.ndarray of int
        Distinct ids, in any order.
    wanted : numpy.ndarray of int
        Ids to find (any shape).

    Returns
    -------
    numpy.ndarray of int64
        Same shape as ``wanted``: the index into ``ids``, or -1.

    Examples
    --------
    >>> index_of(np.array([30, 10, 20]), np.array([20, 30, 99])).tolist()
    [2, 0, -1]
    >>> index_of(np.array([-5, 10**12]), np.array([10**12, 7])).tolist()
    [1, -1]

    Notes
    -----
    O(n + w) with the lookup table (ids up to about 4n), else O((n + w) log n) for
    n ids and w wanted.
    """
    if ids.size == 0:
        return np.full(wanted.shape, -1, dtype=np.int64)
    low, high = int(ids.min()), int(ids.max())
    if low >= 0 and high <= 4 * ids.size + 1024:
        table = np.full(high + 1, -1, dtype=np.int64)
        table[ids] = np.arange(ids.size, dtype=np.int64)
        inside = (wanted >= 0) & (wanted <= high)
        out = np.full(wanted.shape, -1, dtype=np.int64)
        out[inside] = table[wanted[inside]]
        return out
    order = np.argsort(ids, kind="stable")
    pos = np.minimum(np.searchsorted(ids, wanted, sorter=order), ids.size - 1)
    found = order[pos]
    return np.where(ids[found] == wanted, found, -1)
