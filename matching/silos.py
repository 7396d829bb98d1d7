"""Silos: how groups (functions, regions, ...) tie to each other, and who holds them together.

Every function takes ``key``, a Person attribute name (``"function"``, ``"region"``,
``"team"``, ...) or a callable mapping a Person to a group name, and an optional
``as_of`` date to measure the organisation as it was (ties with ``since`` after it
are ignored). Only ties between two people in ``people`` count. All of them convert
the graph to arrays once (:func:`matching.tie_arrays.tie_arrays`) and then work in
numpy, so each runs in about a second at 100,000 people and 2,000,000 ties.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx
import numpy as np

from matching.brokers import Broker, BrokerPair, brokers, brokers_from_groups
from matching.groups import GroupedTies, Key, group_ties
from matching.people import Person

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

#: Key of the organisation-wide value in :func:`ei_index`'s result.
ORG_WIDE = "__org__"


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
    return _density(group_ties(graph, people, key, as_of))


def _density(g: GroupedTies) -> DensityMatrix:
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
    return _ei_index(group_ties(graph, people, key, as_of))


def _ei_index(g: GroupedTies) -> dict[str, float]:
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
    return _modularity(group_ties(graph, people, key, as_of))


def _modularity(g: GroupedTies) -> float:
    m = int(g.a.size)
    if m == 0:
        return 0.0
    degree_sum = g.counts.sum(axis=1) + np.diag(g.counts)
    return float((np.diag(g.counts) / m - (degree_sum / (2 * m)) ** 2).sum())


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
    g = group_ties(graph, people, key, as_of)
    return SiloReport(_density(g), _ei_index(g), _modularity(g), brokers_from_groups(g, top, min_share))


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
