"""People grouped by an attribute, and the ties within and between the groups, as arrays.

Shared by :mod:`matching.silos` and :mod:`matching.brokers`: the graph is converted
once (:func:`matching.tie_arrays.tie_arrays`) and everything else is numpy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np

from matching.errors import MatchingError
from matching.people import Person
from matching.tie_arrays import tie_arrays

Key = Callable[[Person], str] | str


def key_function(key: Key) -> Callable[[Person], str]:
    """A grouping function from a Person attribute name, or the callable itself.

    Parameters
    ----------
    key : str or callable
        A Person attribute name (``"function"``, ``"region"``, ``"team"``, ...) or a
        function from a Person to its group name.

    Returns
    -------
    callable
        ``key`` itself if callable, else a function returning ``str`` of the
        attribute (so ``None`` becomes ``"None"``).

    Raises
    ------
    MatchingError
        If ``key`` is a string that names no attribute of Person.

    Examples
    --------
    >>> p = Person(1, "IT", "EMEA", 3)
    >>> key_function("region")(p), key_function(lambda q: q.function.lower())(p)
    ('EMEA', 'it')
    >>> key_function("colour")
    Traceback (most recent call last):
    ...
    matching.errors.MatchingError: Unknown person attribute 'colour' to group by

    Notes
    -----
    O(1).
    """
    if callable(key):
        return key
    if key not in Person.__slots__:
        raise MatchingError(f"Unknown person attribute {key!r} to group by")
    return lambda p: str(getattr(p, key))


@dataclass(frozen=True)
class GroupedTies:
    """Groups (sorted names), their sizes, each node's group and every tie once, between people."""

    groups: tuple[str, ...]
    nodes: np.ndarray  # person id per node index
    sizes: np.ndarray  # people per group
    node_group: np.ndarray  # group index per node of the arrays, -1 for nodes not in people
    a: np.ndarray  # tie endpoints (node indices), each tie once, both ends in people
    b: np.ndarray
    counts: np.ndarray  # symmetric k x k ties between groups, ties within a group on the diagonal


def group_ties(graph: nx.Graph, people: Mapping[int, Person], key: Key, as_of: date | None) -> GroupedTies:
    """Group ``people`` by ``key`` and count the ties within and between the groups.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph on person ids; nodes that are not in ``people`` and their
        ties are ignored.
    people : mapping of int to Person
        The people to group.
    key : str or callable
        Person attribute name or function giving a person's group (see :func:`key_function`).
    as_of : datetime.date or None
        Count only ties whose ``since`` is on or before this date (None: all ties).

    Returns
    -------
    GroupedTies
        Sorted group names, group sizes, each graph node's group (-1 outside
        ``people``), every tie between people once, and the symmetric group-by-group
        tie counts (ties within a group on the diagonal).

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> people = {i: Person(i, "IT" if i < 3 else "HR", "EMEA", 3) for i in range(1, 5)}
    >>> g = group_ties(nx.Graph([(1, 2), (2, 3), (3, 4), (4, 99)]), people, "function", None)
    >>> g.groups, g.sizes.tolist(), g.counts.tolist()
    (('HR', 'IT'), [2, 2], [[1, 1], [1, 1]])

    Notes
    -----
    O(n + m) for n people and m ties (see :func:`matching.tie_arrays.tie_arrays`).
    """
    group_of = key_function(key)
    names = {pid: group_of(p) for pid, p in people.items()}
    groups = tuple(sorted(set(names.values())))
    index = {g: i for i, g in enumerate(groups)}
    sizes = np.bincount([index[g] for g in names.values()], minlength=len(groups)).astype(np.int64)
    arrays = tie_arrays(graph, as_of)
    node_group = np.fromiter(
        (index[names[v]] if v in names else -1 for v in arrays.nodes.tolist()),
        dtype=np.int64,
        count=arrays.nodes.size,
    )
    a, b = arrays.edges()
    keep = (node_group[a] >= 0) & (node_group[b] >= 0)
    a, b = a[keep], b[keep]
    k = len(groups)
    ga, gb = node_group[a], node_group[b]
    flat = np.bincount(np.minimum(ga, gb) * k + np.maximum(ga, gb), minlength=k * k).reshape(k, k)
    counts = flat + flat.T - np.diag(np.diag(flat))
    return GroupedTies(groups, arrays.nodes, sizes, node_group, a, b, counts)
