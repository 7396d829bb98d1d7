"""Random organisations for property tests (hypothesis strategies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx
from hypothesis import strategies as st

from matching.people import History, PastIntro, Person

ROUND_DAY = date(2026, 11, 23)


@dataclass(frozen=True)
class Org:
    people: dict[int, Person]
    participants: list[int]
    graph: nx.Graph
    history: History


@st.composite
def orgs(draw: st.DrawFn, max_people: int = 24) -> Org:
    n = draw(st.integers(min_value=0, max_value=max_people))
    ids = list(range(1, n + 1))
    functions = draw(st.lists(st.sampled_from(["Eng", "Sales", "Ops", "Legal"]), min_size=n, max_size=n))
    people: dict[int, Person] = {}
    for k, pid in enumerate(ids):
        manager = draw(st.none() | st.sampled_from(ids)) if n else None
        people[pid] = Person(
            id=pid,
            function=functions[k],
            region=draw(st.sampled_from(["EMEA", "Americas", "APAC"])),
            level=draw(st.integers(1, 8)),
            team=draw(st.none() | st.sampled_from(["a", "b", "c"])),
            manager_id=None if manager == pid else manager,
            utc_offset_hours=draw(st.sampled_from([-8.0, -5.0, 0.0, 1.0, 5.5, 9.0, 12.0])),
            work_start_hour=draw(st.sampled_from([7.0, 9.0, 10.5])),
            work_end_hour=draw(st.sampled_from([15.0, 17.0, 18.5])),
            interests=frozenset(draw(st.lists(st.sampled_from(["chess", "climbing", "jazz"]), max_size=2))),
            skills=frozenset(draw(st.lists(st.sampled_from(["python", "chess", "law"]), max_size=2))),
            opted_in=draw(st.booleans() | st.just(True)),
            paused_until=draw(st.none() | st.just(ROUND_DAY + timedelta(days=7)) | st.just(ROUND_DAY)),
            prefers_other_function=draw(st.booleans()),
            prefers_other_region=draw(st.booleans()),
            do_not_match=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))) if n else frozenset(),
        )
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    if n >= 2:
        edges = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=3 * n))
        graph.add_edges_from((a, b, {"weight": 1.0, "since": date(2025, 1, 1)}) for a, b in edges if a != b)
    graph.add_edge(1000, 1001, weight=2.0, since=date(2024, 1, 1))  # people outside the organisation
    intros = []
    if n >= 2:
        for members in draw(st.lists(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True),
                                     max_size=2 * n)):
            weeks = draw(st.integers(0, 40))
            intros.append(PastIntro(tuple(members), ROUND_DAY - timedelta(weeks=weeks)))
    left_before = frozenset(draw(st.lists(st.sampled_from(ids), max_size=n))) if n else frozenset()
    participants = draw(st.lists(st.sampled_from(ids), max_size=n)) if n else []
    return Org(people, participants, graph, History(tuple(intros), left_before))
