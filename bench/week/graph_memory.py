"""The graph each replica keeps: its size and team-reach time, today's shared attributes against one dict per tie.

The baseline is the graph as ``load_graph`` built it before the shared attributes: one
``{"weight", "since"}`` dict per tie and a new int object per neighbour entry, built
from the same ties in the same run. Size is counted object by object (every dict, key
and attribute object the graph holds, each once), which resident memory only
approximates; team reach (``matching.team_view``: now and 4 and 12 weeks ago) is timed
on the same managers over each graph, alternately.

    python -m bench.week.graph_memory DATABASE_URL [--managers 100]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.team_view import TREND_WEEKS, team_view
from storage.db import make_engine
from storage.graph import load_graph
from storage.models import Person
from storage.roster import load_people

TODAY = date(2026, 12, 14)


def graph_bytes(graph: nx.Graph) -> int:
    """Bytes of the adjacency: the dicts, every key and attribute object, each counted once."""
    seen: set[int] = set()

    def once(obj: Any) -> int:
        if id(obj) in seen:
            return 0
        seen.add(id(obj))
        size = sys.getsizeof(obj)
        if not isinstance(obj, dict | int | float | date):  # a read-only proxy: count the dict behind it
            size += sum(once(x) for x in gc.get_referents(obj) if isinstance(x, dict))
        elif isinstance(obj, dict) and obj and not isinstance(next(iter(obj)), int):  # attributes
            size += sum(once(v) for v in obj.values())
        return size

    total = sys.getsizeof(graph._adj)
    for node, neighbours in graph._adj.items():
        total += once(node) + sys.getsizeof(neighbours)
        for other, data in neighbours.items():
            total += once(other) + once(data)
    return total


def dict_per_tie(graph: nx.Graph) -> nx.Graph:
    """The baseline: the same ties, one attribute dict each and a new int per neighbour entry (as before)."""
    old = nx.Graph()
    old.add_nodes_from(graph.nodes)
    adjacency = old._adj
    a, b, w, d = [], [], [], []
    for x, y, data in graph.edges(data=True):
        a.append(x)
        b.append(y)
        w.append(data["weight"])
        d.append(data["since"].toordinal())
    since = {o: date.fromordinal(o) for o in set(d)}
    for x, y, weight, day in zip(np.array(a).tolist(), np.array(b).tolist(), w, d, strict=True):
        adjacency[x][y] = adjacency[y][x] = {"weight": weight, "since": since[day]}
    return old


def measure(url: str, managers: int) -> dict[str, dict[str, float]]:
    engine = make_engine(url)
    with Session(engine) as session:
        people = load_people(session, TODAY)
        bosses = sorted(session.scalars(select(Person.manager_id).where(Person.manager_id.is_not(None)).distinct()))
        start = time.perf_counter()
        shared = load_graph(session)
        load_s = time.perf_counter() - start
    start = time.perf_counter()
    baseline = dict_per_tie(shared)
    baseline_s = time.perf_counter() - start
    graphs = {"shared attributes": shared, "dict per tie (before)": baseline}
    sample = bosses[:: max(1, len(bosses) // managers)][:managers]
    times: dict[str, list[float]] = {name: [] for name in graphs}
    for manager in sample:
        for name, graph in graphs.items():
            start = time.perf_counter()
            team_view(graph, people, manager, TODAY, False, TREND_WEEKS)
            times[name].append(time.perf_counter() - start)
    result = {}
    for name, graph in graphs.items():
        ordered = sorted(times[name])
        result[name] = {"mb": graph_bytes(graph) / 2**20, "edges": graph.number_of_edges(),
                        "team_p50_s": ordered[len(ordered) // 2], "team_mean_s": sum(ordered) / len(ordered),
                        "managers": len(ordered)}
    result["shared attributes"]["load_s"] = load_s
    result["dict per tie (before)"]["build_s"] = baseline_s
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("url")
    parser.add_argument("--managers", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(measure(args.url, args.managers), indent=1))


if __name__ == "__main__":
    main()
