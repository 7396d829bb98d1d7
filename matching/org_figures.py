"""The organisation's network figures for one week: what the CNO's report and the weekly snapshot hold.

Everything here is an anonymous aggregate: counts, shares, per-group values for
groups of at least ``MIN_BREAKDOWN`` people (smaller groups are pooled into
``SMALL_GROUPS``), and the distribution of second-degree reach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

import networkx as nx
import numpy as np

from matching.people import Person
from matching.reach import lowest_reach, second_degree_reach_all
from matching.silos import ORG_WIDE, DensityMatrix, SiloReport, cross_share, silo_report
from matching.team_view import MIN_BREAKDOWN

__all__ = [
    "SMALL_GROUPS", "new_ties", "new_ties_by_week", "pooled_key", "pooled_silos", "reach_summary", "shown_ei",
    "week_figures",
]

SMALL_GROUPS = "Smaller groups"
REACH_BINS = 10


def pooled_key(people: Mapping[int, Person], attribute: str) -> Callable[[Person], str]:
    """Group by ``attribute``, pooling groups of fewer than ``MIN_BREAKDOWN`` people into ``SMALL_GROUPS``.

    Keeps the report anonymous: no figure is shown for a group small enough to point
    at individuals.

    Parameters
    ----------
    people : mapping of int to Person
        The organisation: group sizes are counted over it.
    attribute : str
        Person attribute to group by, e.g. ``"function"`` or ``"region"``.

    Returns
    -------
    callable
        Person -> group name, or ``SMALL_GROUPS`` for a group under ``MIN_BREAKDOWN``
        people. It raises KeyError for a person whose group is not in ``people``.

    Raises
    ------
    AttributeError
        If ``attribute`` is not a Person attribute.

    Examples
    --------
    >>> people = {i: Person(i, "IT" if i < 6 else "HR", "EMEA", 3) for i in range(1, 8)}
    >>> key = pooled_key(people, "function")
    >>> key(people[1]), key(people[7])
    ('IT', 'Smaller groups')

    Notes
    -----
    O(n) to count the groups; O(1) per call of the returned key.
    """
    sizes: dict[str, int] = {}
    for p in people.values():
        name = str(getattr(p, attribute))
        sizes[name] = sizes.get(name, 0) + 1

    def key(p: Person) -> str:
        name = str(getattr(p, attribute))
        return name if sizes[name] >= MIN_BREAKDOWN else SMALL_GROUPS

    return key


def new_ties(graph: nx.Graph, start: date, end: date) -> list[tuple[int, int]]:
    """Ties whose ``since`` falls between ``start`` and ``end`` (both included).

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph; ties without ``since`` are never new.
    start, end : datetime.date
        First and last day of the period.

    Returns
    -------
    list of tuple of int
        The new ties, in the graph's edge order.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge(1, 2, since=date(2026, 11, 2))
    >>> g.add_edge(2, 3, since=date(2026, 1, 5))
    >>> new_ties(g, date(2026, 11, 2), date(2026, 11, 8))
    [(1, 2)]

    Notes
    -----
    O(m).
    """
    return [(a, b) for a, b, since in graph.edges(data="since") if since is not None and start <= since <= end]


def new_ties_by_week(graph: nx.Graph, first_monday: date, last_day: date) -> dict[date, list[tuple[int, int]]]:
    """New ties of every week from ``first_monday`` to ``last_day``, keyed by the week's Monday, in one pass.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph; ties without ``since`` are ignored.
    first_monday : datetime.date
        First day counted; its week's Monday is the first key.
    last_day : datetime.date
        Last day counted (included).

    Returns
    -------
    dict of datetime.date to list of tuple of int
        Every week's Monday, in order (weeks without new ties map to ``[]``), to the
        ties that started that week.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge(1, 2, since=date(2026, 11, 4))
    >>> g.add_edge(2, 3, since=date(2026, 11, 10))
    >>> g.add_edge(3, 4, since=date(2026, 1, 5))
    >>> new_ties_by_week(g, date(2026, 11, 2), date(2026, 11, 15))
    {datetime.date(2026, 11, 2): [(1, 2)], datetime.date(2026, 11, 9): [(2, 3)]}

    Notes
    -----
    O(m + w) for m ties and w weeks.
    """
    weeks: dict[date, list[tuple[int, int]]] = {}
    monday = first_monday - timedelta(days=first_monday.weekday())
    while monday <= last_day:
        weeks[monday] = []
        monday += timedelta(weeks=1)
    for a, b, since in graph.edges(data="since"):
        if since is not None and first_monday <= since <= last_day:
            weeks[since - timedelta(days=since.weekday())].append((a, b))
    return weeks


def reach_summary(reach: Mapping[int, int], people: Mapping[int, Person]) -> dict[str, Any]:
    """Distribution of second-degree reach over ``people``: quantiles, histogram, the lowest.

    Parameters
    ----------
    reach : mapping of int to int
        Second-degree reach by person id (absent: 0), e.g. from
        :func:`matching.reach.second_degree_reach_all`.
    people : mapping of int to Person
        The people to summarise.

    Returns
    -------
    dict
        ``people``, ``min``, ``max``, ``mean``, ``median``, ``p25``, ``p75``,
        ``at_min`` (people at the minimum), ``none`` (people with reach 0),
        ``lowest_quarter`` (size of :func:`matching.reach.lowest_reach` at 25%) and
        ``histogram`` (``edges`` and ``counts``, at most ``REACH_BINS`` bins). All
        zeros and an empty histogram when ``people`` is empty.

    Examples
    --------
    >>> people = {i: Person(i, "IT", "EMEA", 3) for i in range(1, 6)}
    >>> s = reach_summary({1: 0, 2: 0, 3: 4, 4: 6, 5: 10}, people)
    >>> s["min"], s["median"], s["max"], s["at_min"], s["lowest_quarter"]
    (0, 4.0, 10, 2, 2)
    >>> reach_summary({}, {})["people"]
    0

    Notes
    -----
    O(n log n) (quantiles and the lowest quarter sort the values).
    """
    values = np.array([reach.get(pid, 0) for pid in people], dtype=np.int64)
    if values.size == 0:
        return {"people": 0, "min": 0, "max": 0, "mean": 0.0, "median": 0.0, "p25": 0.0, "p75": 0.0,
                "at_min": 0, "none": 0, "lowest_quarter": 0, "histogram": {"edges": [], "counts": []}}
    low = int(values.min())
    counts, edges = np.histogram(values, bins=min(REACH_BINS, max(int(values.max()) - low, 1)))
    return {
        "people": int(values.size),
        "min": low,
        "max": int(values.max()),
        "mean": round(float(values.mean()), 2),
        "median": float(np.median(values)),
        "p25": float(np.percentile(values, 25)),
        "p75": float(np.percentile(values, 75)),
        "at_min": int((values == low).sum()),
        "none": int((values == 0).sum()),
        "lowest_quarter": len(lowest_reach(people.keys(), reach, 0.25)),
        "histogram": {"edges": [round(float(e), 2) for e in edges], "counts": counts.tolist()},
    }


def _density_cells(matrix: DensityMatrix) -> list[list[Any]]:
    return [
        [a, b, matrix.density[i][j]]
        for i, a in enumerate(matrix.groups)
        for j, b in enumerate(matrix.groups)
        if matrix.sizes[i] >= MIN_BREAKDOWN and matrix.sizes[j] >= MIN_BREAKDOWN
    ]


def shown_ei(report: SiloReport) -> dict[str, float]:
    """E-I index of the groups large enough to show, and the organisation's (key ``ORG_WIDE``).

    Parameters
    ----------
    report : SiloReport
        A silo report, e.g. from :func:`pooled_silos`.

    Returns
    -------
    dict of str to float
        Group name -> E-I index rounded to 4 decimals, for groups of at least
        ``MIN_BREAKDOWN`` people, plus ``ORG_WIDE`` for the whole organisation.

    Examples
    --------
    >>> people = {i: Person(i, "IT" if i <= 5 else "HR", "EMEA", 3) for i in range(1, 8)}
    >>> report = pooled_silos(nx.Graph([(1, 2), (2, 6), (6, 7)]), people, "function")
    >>> shown_ei(report)
    {'IT': 0.0, '__org__': -0.3333}

    Notes
    -----
    O(k) for k groups.
    """
    sizes = dict(zip(report.density.groups, report.density.sizes, strict=True))
    return {g: round(v, 4) for g, v in report.ei.items() if g == ORG_WIDE or sizes.get(g, 0) >= MIN_BREAKDOWN}


def pooled_silos(graph: nx.Graph, people: Mapping[int, Person], attribute: str, top: int = 5) -> SiloReport:
    """:func:`matching.silos.silo_report` by ``attribute``, groups under ``MIN_BREAKDOWN`` people pooled.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph on person ids.
    people : mapping of int to Person
        The organisation.
    attribute : str
        Person attribute to group by (see :func:`pooled_key`).
    top : int, default 5
        How many brokers the report lists (0: none).

    Returns
    -------
    SiloReport
        Density, E-I index, modularity and brokers over the pooled groups.

    Raises
    ------
    AttributeError
        If ``attribute`` is not a Person attribute.

    Examples
    --------
    >>> people = {i: Person(i, "IT" if i <= 5 else "HR", "EMEA", 3) for i in range(1, 8)}
    >>> report = pooled_silos(nx.Graph([(1, 2), (2, 6), (6, 7)]), people, "function", top=0)
    >>> report.density.groups, report.density.sizes
    (('IT', 'Smaller groups'), (5, 2))

    Notes
    -----
    O(n + m log m), as :func:`matching.silos.silo_report`.
    """
    return silo_report(graph, people, pooled_key(people, attribute), top=top)


def week_figures(graph: nx.Graph, people: Mapping[int, Person], start: date, end: date) -> dict[str, Any]:
    """Every figure of the weekly snapshot, for the graph as it was at ``end``.

    Parameters
    ----------
    graph : networkx.Graph
        Ties up to ``end`` (later ones must be filtered out by the caller, e.g. ``load_graph(as_of=end)``).
        Nodes that are not in ``people`` are left out.
    people : mapping of int to Person
        The organisation.
    start, end : datetime.date
        The week (Monday and Sunday): ties whose ``since`` is in it are its new ties.

    Returns
    -------
    dict
        ``people``, ``ties``, ``new_ties``, ``cross_function_share``, ``cross_region_share``,
        ``new_cross_function_share``, ``new_cross_region_share`` (numbers) and ``figures``
        (``ei_function``, ``ei_region``, ``modularity_function``, ``modularity_region``,
        ``density_function``, ``density_region``, ``reach``). Groups under
        ``MIN_BREAKDOWN`` people are pooled and not shown on their own.

    Examples
    --------
    >>> people = {i: Person(i, "IT" if i <= 5 else "HR", "EMEA", 3) for i in range(1, 8)}
    >>> g = nx.Graph()
    >>> g.add_edge(1, 2, since=date(2026, 1, 5))
    >>> g.add_edge(2, 6, since=date(2026, 11, 3))
    >>> g.add_edge(6, 7, since=date(2026, 11, 4))
    >>> f = week_figures(g, people, date(2026, 11, 2), date(2026, 11, 8))
    >>> f["people"], f["ties"], f["new_ties"], f["cross_function_share"], f["new_cross_function_share"]
    (7, 3, 2, 0.3333, 0.5)
    >>> f["figures"]["ei_function"]
    {'IT': 0.0, '__org__': -0.3333}

    Notes
    -----
    Dominated by :func:`matching.reach.second_degree_reach_all`: a few seconds at
    100,000 people and 2,000,000 ties.
    """
    inside = graph.subgraph(people.keys()) if any(n not in people for n in graph) else graph
    ties = list(inside.edges())
    fresh = new_ties(inside, start, end)
    cross_f, cross_r = cross_share(ties, people)
    new_f, new_r = cross_share(fresh, people)
    by = {a: pooled_silos(inside, people, a, top=0) for a in ("function", "region")}
    return {
        "people": len(people),
        "ties": len(ties),
        "new_ties": len(fresh),
        "cross_function_share": round(cross_f, 4),
        "cross_region_share": round(cross_r, 4),
        "new_cross_function_share": round(new_f, 4),
        "new_cross_region_share": round(new_r, 4),
        "figures": {
            **{f"ei_{a}": shown_ei(r) for a, r in by.items()},
            **{f"modularity_{a}": round(r.modularity, 4) for a, r in by.items()},
            **{f"density_{a}": _density_cells(r.density) for a, r in by.items()},
            "reach": reach_summary(second_degree_reach_all(inside), people),
        },
    }
