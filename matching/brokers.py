"""Brokers: people whose departure would cut ties between groups.

The company's network must survive an employee's departure: the CNO's report lists
the people who alone (or nearly alone) hold two groups together, so that their
relationships can be handed over before they leave.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np

from matching.groups import GroupedTies, Key, group_ties
from matching.people import Person

__all__ = ["Broker", "BrokerPair", "brokers", "brokers_from_groups"]


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
    return brokers_from_groups(group_ties(graph, people, key, as_of), top, min_share)


def brokers_from_groups(g: GroupedTies, top: int, min_share: float) -> list[Broker]:
    """:func:`brokers` on ties already grouped by :func:`matching.groups.group_ties`.

    Lets :func:`matching.silos.silo_report` group the ties once and reuse them for
    the density, the E-I index and the brokers.

    Parameters
    ----------
    g : GroupedTies
        People's groups and their ties, from :func:`matching.groups.group_ties`.
    top : int
        How many brokers to return (none when ``top <= 0``).
    min_share : float
        Group pairs listed in :attr:`Broker.pairs` are those where the person holds
        at least this share of the ties between the two groups.

    Returns
    -------
    list of Broker
        Highest score first, equal scores by lower id; only people with at least one
        tie outside their group.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.groups import group_ties
    >>> people = {i: Person(i, "IT" if i < 3 else "HR", "EMEA", 3) for i in range(1, 5)}
    >>> grouped = group_ties(nx.Graph([(1, 2), (2, 3), (3, 4)]), people, "function", None)
    >>> [(b.person_id, b.group, b.score, b.sole_links) for b in brokers_from_groups(grouped, 1, 0.5)]
    [(2, 'IT', 1.0, ('HR',))]

    Notes
    -----
    O(m log m) for m ties between people: one sort of the ties that cross groups.
    """
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
