"""Silos: how groups (functions, regions, ...) tie to each other, and who holds them together.

Every function takes ``key``, a Person attribute name (``"function"``, ``"region"``,
``"team"``, ...) or a callable mapping a Person to a group name, and an optional
``as_of`` date to measure the organisation as it was (ties with ``since`` after it
are ignored). Only ties between two people in ``people`` count. All of them convert
the graph to arrays once (:func:`matching.tie_arrays.tie_arrays`) and then work in
numpy, so each runs in about a second at 100,000 people and 2,000,000 ties.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx
import numpy as np

from matching.errors import MatchingError
from matching.people import Person
from matching.tie_arrays import tie_arrays

__all__ = [
    "ORG_WIDE",
    "Broker",
    "BrokerPair",
    "DensityMatrix",
    "SiloReport",
    "silo_report",
    "brokers",
    "cross_share",
    "ei_index",
    "group_modularity",
    "tie_density",
]

Key = Callable[[Person], str] | str
#: Key of the organisation-wide value in :func:`ei_index`'s result.
ORG_WIDE = "__org__"


def _key_function(key: Key) -> Callable[[Person], str]:
    if callable(key):
        return key
    if key not in Person.__slots__:
        raise MatchingError(f"Unknown person attribute {key!r} to group by")
    return lambda p: str(getattr(p, key))


@dataclass(frozen=True)
class _Grouped:
    groups: tuple[str, ...]
    nodes: np.ndarray  # person id per node index
    sizes: np.ndarray  # people per group
    node_group: np.ndarray  # group index per node of the arrays, -1 for nodes not in people
    a: np.ndarray  # tie endpoints (node indices), each tie once, both ends in people
    b: np.ndarray
    counts: np.ndarray  # symmetric k x k ties between groups, ties within a group on the diagonal


def _grouped(graph: nx.Graph, people: Mapping[int, Person], key: Key, as_of: date | None) -> _Grouped:
    group_of = _key_function(key)
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
    return _Grouped(groups, arrays.nodes, sizes, node_group, a, b, counts)


@dataclass(frozen=True)
class DensityMatrix:
    """Ties between and within groups, and their density.

    ``groups`` are sorted by name; ``sizes[i]`` is the number of people in group i;
    ``counts[i][j]`` the ties between groups i and j (within i on the diagonal);
    ``density[i][j]`` the ties as a share of the possible pairs (``sizes[i] * sizes[j]``,
    or ``sizes[i] * (sizes[i] - 1) / 2`` on the diagonal; 0 when no pair is possible).
    """

    groups: tuple[str, ...]
    sizes: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]
    density: tuple[tuple[float, ...], ...]

    def between(self, a: str, b: str) -> float:
        """Density of ties between groups ``a`` and ``b``."""
        return self.density[self.groups.index(a)][self.groups.index(b)]


def tie_density(graph: nx.Graph, people: Mapping[int, Person], key: Key, as_of: date | None = None) -> DensityMatrix:
    """The group-by-group tie density matrix: how often people of two groups have a tie.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph (nodes are person ids).
    people : mapping of int to Person
        The organisation; people without ties count in the group sizes.
    key : str or callable
        Person attribute to group by (``"function"``, ``"region"``) or a callable.
    as_of : datetime.date, optional
        Count only ties whose ``since`` is on or before this date.

    Returns
    -------
    DensityMatrix

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, f, "EMEA", 3) for i, f in [(1, "IT"), (2, "IT"), (3, "HR")]}
    >>> m = tie_density(nx.Graph([(1, 2), (2, 3)]), people, "function")
    >>> m.groups, m.counts, m.density
    (('HR', 'IT'), ((0, 1), (1, 1)), ((0.0, 0.5), (0.5, 1.0)))

    Notes
    -----
    O(n + m) time and memory.
    """
    return _density(_grouped(graph, people, key, as_of))


def _density(g: _Grouped) -> DensityMatrix:
    sizes = g.sizes.astype(float)
    possible = np.outer(sizes, sizes)
    np.fill_diagonal(possible, sizes * (sizes - 1) / 2)
    density = np.divide(g.counts, possible, out=np.zeros_like(possible), where=possible > 0)
    return DensityMatrix(
        groups=g.groups,
        sizes=tuple(g.sizes.tolist()),
        counts=tuple(tuple(row) for row in g.counts.tolist()),
        density=tuple(tuple(row) for row in density.tolist()),
    )


def ei_index(graph: nx.Graph, people: Mapping[int, Person], key: Key, as_of: date | None = None) -> dict[str, float]:
    """Krackhardt and Stern's E-I index per group, and for the whole organisation.

    ``(external - internal) / (external + internal)``, where for a group, *external*
    counts its members' ties to people outside it and *internal* the ties among its
    members. -1: a closed silo; +1: every tie goes outside. For the organisation
    (key :data:`ORG_WIDE`), each tie counts once, as external or internal.

    Parameters
    ----------
    graph, people, key, as_of
        As for :func:`tie_density`.

    Returns
    -------
    dict of str to float
        One entry per group (sorted by name), then :data:`ORG_WIDE`. A group
        without any tie gets 0.0.

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, f, "EMEA", 3) for i, f in [(1, "IT"), (2, "IT"), (3, "HR")]}
    >>> ei_index(nx.Graph([(1, 2), (2, 3)]), people, "function")
    {'HR': 1.0, 'IT': 0.0, '__org__': 0.0}

    Notes
    -----
    O(n + m). See Krackhardt, D. and Stern, R. N. (1988), "Informal networks and
    organizational crises: an experimental simulation", Social Psychology Quarterly 51(2).
    """
    return _ei_index(_grouped(graph, people, key, as_of))


def _ei_index(g: _Grouped) -> dict[str, float]:
    internal = np.diag(g.counts)
    external = g.counts.sum(axis=1) - internal
    out = {name: _ei(int(e), int(i)) for name, e, i in zip(g.groups, external, internal, strict=True)}
    # Off-diagonal cells hold each crossing tie twice (a to b and b to a).
    out[ORG_WIDE] = _ei(int(g.counts.sum() - internal.sum()) // 2, int(internal.sum()))
    return out


def _ei(external: int, internal: int) -> float:
    return (external - internal) / (external + internal) if external + internal else 0.0


def group_modularity(graph: nx.Graph, people: Mapping[int, Person], key: Key, as_of: date | None = None) -> float:
    """Newman's modularity of the grouping: how much more ties stay within groups than by chance.

    Equal to ``networkx.community.modularity(G, groups, weight=None)`` where ``G`` is
    the graph restricted to ``people`` (and to ``as_of``): each tie counts once,
    whatever its weight. Near 0: groups mix as if at random; towards 1: silos.

    Parameters
    ----------
    graph, people, key, as_of
        As for :func:`tie_density`.

    Returns
    -------
    float
        0.0 when there is no tie.

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, "IT" if i < 3 else "HR", "EMEA", 3) for i in range(1, 5)}
    >>> round(group_modularity(nx.Graph([(1, 2), (3, 4), (2, 3)]), people, "function"), 4)
    0.1667

    Notes
    -----
    O(n + m): ``sum over groups of L_c / m - (D_c / 2m) ** 2``, with ``L_c`` the ties
    within group c and ``D_c`` the sum of its members' degrees. Reference: M. E. J.
    Newman, "Networks: An Introduction", Oxford University Press, 2010.
    """
    return _modularity(_grouped(graph, people, key, as_of))


def _modularity(g: _Grouped) -> float:
    m = int(g.a.size)
    if m == 0:
        return 0.0
    degree_sum = g.counts.sum(axis=1) + np.diag(g.counts)
    return float((np.diag(g.counts) / m - (degree_sum / (2 * m)) ** 2).sum())


@dataclass(frozen=True)
class BrokerPair:
    """Ties between the broker's group and ``other_group``, and how many the broker is part of."""

    other_group: str
    ties_carried: int
    ties_between: int

    @property
    def share(self) -> float:
        """Share of the ties between the two groups that would go if the broker left."""
        return self.ties_carried / self.ties_between


@dataclass(frozen=True)
class Broker:
    """Someone whose departure would cut ties between groups.

    ``score`` is the sum, over the other groups, of the share of the ties between
    the broker's group and that group that the broker is part of: 1.0 means that
    their leaving would cut as many ties as losing one whole group-to-group link.
    ``pairs`` lists the groups where that share is at least ``min_share``, largest
    first; ``groups_reached`` and ``external_ties`` are the plain bridging figures.
    """

    person_id: int
    group: str
    score: float
    pairs: tuple[BrokerPair, ...]
    groups_reached: int
    external_ties: int

    @property
    def sole_links(self) -> tuple[str, ...]:
        """Groups the broker's group would lose every tie to if the broker left."""
        return tuple(p.other_group for p in self.pairs if p.ties_carried == p.ties_between)


def brokers(
    graph: nx.Graph,
    people: Mapping[int, Person],
    key: Key,
    top: int = 10,
    min_share: float = 0.5,
    as_of: date | None = None,
) -> list[Broker]:
    """The people whose departure would cut the most ties between groups.

    For every pair of groups (the person's own and each other one), the share of
    the ties between them that the person is an end of: that share would be lost
    if they left. A person who is the only link between two groups has a share of
    1 for that pair. The score adds these shares up (see :class:`Broker`).

    Parameters
    ----------
    graph, people, key, as_of
        As for :func:`tie_density`.
    top : int, default 10
        How many brokers to return.
    min_share : float, default 0.5
        Group pairs listed in :attr:`Broker.pairs` are those where the person holds
        at least this share of the ties ("all or most").

    Returns
    -------
    list of Broker
        Highest score first, ties by lower id; only people with a tie outside their group.

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, "IT" if i < 3 else "HR", "EMEA", 3) for i in range(1, 5)}
    >>> found = brokers(nx.Graph([(1, 2), (3, 4), (2, 3)]), people, "function")
    >>> [(b.person_id, b.score, b.sole_links) for b in found]
    [(2, 1.0, ('HR',)), (3, 1.0, ('IT',))]

    Notes
    -----
    O(n + m log m) (one sort of the ties that cross groups). This counts direct ties
    only, a cheap local stand-in for betweenness, which is far too slow at 100,000
    people: it does not see a group pair that would stay connected through a third group.
    """
    return _brokers(_grouped(graph, people, key, as_of), top, min_share)


def _brokers(g: _Grouped, top: int, min_share: float) -> list[Broker]:
    k = len(g.groups)
    ga, gb = g.node_group[g.a], g.node_group[g.b]
    cross = ga != gb
    # Each crossing tie seen from both ends: (person, the other end's group).
    person = np.concatenate([g.a[cross], g.b[cross]])
    other = np.concatenate([gb[cross], ga[cross]])
    if person.size == 0 or top <= 0:
        return []
    cells, carried = np.unique(person * k + other, return_counts=True)
    cell_person, cell_other = cells // k, cells % k
    between = g.counts[g.node_group[cell_person], cell_other]
    share = carried / between
    score = np.bincount(cell_person, weights=share, minlength=g.node_group.size)
    candidates = np.flatnonzero(score > 0)
    ids = g.nodes
    order = np.lexsort((ids[candidates], -np.round(score[candidates], 9)))
    chosen = candidates[order[:top]]
    out = []
    for node in chosen.tolist():
        lo, hi = np.searchsorted(cell_person, [node, node + 1])
        pairs = sorted(
            (
                BrokerPair(g.groups[int(o)], int(c), int(t))
                for o, c, t in zip(cell_other[lo:hi], carried[lo:hi], between[lo:hi], strict=True)
                if c / t >= min_share
            ),
            key=lambda p: (-p.share, p.other_group),
        )
        out.append(
            Broker(
                person_id=int(ids[node]),
                group=g.groups[int(g.node_group[node])],
                score=round(float(score[node]), 9),
                pairs=tuple(pairs),
                groups_reached=hi - lo,
                external_ties=int(carried[lo:hi].sum()),
            )
        )
    return out


@dataclass(frozen=True)
class SiloReport:
    """Every silo metric for one grouping, from a single pass over the graph."""

    density: DensityMatrix
    ei: dict[str, float]
    modularity: float
    brokers: list[Broker]


def silo_report(
    graph: nx.Graph,
    people: Mapping[int, Person],
    key: Key,
    top: int = 10,
    min_share: float = 0.5,
    as_of: date | None = None,
) -> SiloReport:
    """:func:`tie_density`, :func:`ei_index`, :func:`group_modularity` and :func:`brokers` at once.

    The graph is converted to arrays once instead of four times: use this for the
    CNO's report.

    Parameters
    ----------
    graph, people, key, top, min_share, as_of
        As for :func:`brokers`.

    Returns
    -------
    SiloReport

    Raises
    ------
    MatchingError
        If ``key`` names no attribute of Person.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, "IT" if i < 3 else "HR", "EMEA", 3) for i in range(1, 5)}
    >>> report = silo_report(nx.Graph([(1, 2), (3, 4), (2, 3)]), people, "function")
    >>> report.ei["IT"], round(report.modularity, 4), [b.person_id for b in report.brokers]
    (0.0, 0.1667, [2, 3])

    Notes
    -----
    O(n + m log m).
    """
    g = _grouped(graph, people, key, as_of)
    return SiloReport(_density(g), _ei_index(g), _modularity(g), _brokers(g, top, min_share))


def cross_share(pairs: Iterable[Sequence[int]], people: Mapping[int, Person]) -> tuple[float, float]:
    """Share of pairs of people across functions, and across regions.

    Parameters
    ----------
    pairs : iterable of sequences of int
        Intro groups or new ties; a group of three counts as its three pairs.
        Pairs with someone not in ``people`` are skipped.
    people : mapping of int to Person

    Returns
    -------
    (float, float)
        Share across functions, share across regions; (0.0, 0.0) for no pairs.

    Examples
    --------
    >>> people = {1: Person(1, "IT", "EMEA", 3), 2: Person(2, "HR", "EMEA", 3),
    ...           3: Person(3, "IT", "APAC", 3)}
    >>> cross_share([(1, 2), (1, 3)], people)
    (0.5, 0.5)

    Notes
    -----
    O(number of pairs).
    """
    total = functions = regions = 0
    for group in pairs:
        for a, b in combinations(group, 2):
            if a not in people or b not in people:
                continue
            total += 1
            functions += people[a].function != people[b].function
            regions += people[a].region != people[b].region
    return (functions / total, regions / total) if total else (0.0, 0.0)
