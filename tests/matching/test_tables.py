"""Cross-silo tables: balanced, everyone seated once, silos mixed, acquaintances kept apart."""

from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.errors import MatchingError
from matching.people import Person
from matching.tables import mix_tables


def _org(rows):
    return {i: Person(i, function, region, 3, team=team) for i, (function, region, team) in enumerate(rows, 1)}


@given(n=st.integers(0, 60), size=st.integers(2, 9), seed=st.integers(0, 5))
@settings(max_examples=60, deadline=None)
def test_everyone_is_seated_exactly_once_at_tables_whose_sizes_differ_by_at_most_one(n, size, seed):
    people = _org([(["Sales", "IT", "Legal"][i % 3], ["EMEA", "APAC"][i % 2], f"t{i % 5}") for i in range(n)])
    tables = mix_tables(people, people, nx.gnm_random_graph(n, n, seed=seed), size, seed=seed)
    seated = [m for t in tables for m in t.members]
    assert sorted(seated) == sorted(people)
    sizes = [len(t.members) for t in tables]
    assert all(s <= size for s in sizes)
    assert not sizes or max(sizes) - min(sizes) <= 1
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))


def test_each_table_mixes_functions_and_regions_as_far_as_the_crowd_allows():
    # 12 people: 4 functions x 3 regions, three tables of four.
    rows = [(f, r, f) for f in ("Sales", "IT", "Legal", "HR") for r in ("EMEA", "APAC", "AMER")]
    people = _org(rows)
    tables = mix_tables(people, people, nx.Graph(), table_size=4)
    assert [t.functions for t in tables] == [4, 4, 4]
    assert all(t.regions == 3 for t in tables)


def test_people_who_already_know_each_other_sit_apart_when_possible():
    people = _org([("Sales", "EMEA", "")] * 6)
    known = nx.Graph([(1, 2), (3, 4), (5, 6)])
    tables = mix_tables(people, people, known, table_size=3)
    assert sum(t.known_pairs for t in tables) == 0


def test_the_same_seed_gives_the_same_tables():
    people = _org([(["Sales", "IT"][i % 2], "EMEA", "") for i in range(20)])
    graph = nx.gnm_random_graph(21, 30, seed=1)
    assert mix_tables(people, people, graph, 5, seed=3) == mix_tables(people, people, graph, 5, seed=3)


def test_a_table_seats_at_least_two_and_attendees_must_be_known():
    people = _org([("Sales", "EMEA", "")] * 3)
    with pytest.raises(MatchingError, match="at least 2"):
        mix_tables(people, people, nx.Graph(), 1)
    with pytest.raises(MatchingError, match="attendee 99"):
        mix_tables(people, [1, 99], nx.Graph(), 2)
    assert Counter(len(t.members) for t in mix_tables(people, [1, 2, 3], nx.Graph(), 2)) == Counter({2: 1, 1: 1})
