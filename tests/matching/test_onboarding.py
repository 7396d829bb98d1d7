import random
from datetime import date

import networkx as nx
import pytest

from matching.errors import MatchingError
from matching.onboarding import onboarding_picks, onboarding_plan
from matching.people import Person

FUNCTIONS = ["Sales", "IT", "Legal", "HR", "Finance"]
REGIONS = ["EMEA", "AMER", "APAC"]


def org(seed: int = 1, n: int = 120) -> tuple[dict[int, Person], nx.Graph]:
    rng = random.Random(seed)
    people: dict[int, Person] = {1: Person(1, "Sales", "EMEA", 6)}
    for pid in range(2, n + 1):
        manager = rng.randrange(1, pid) if pid < 30 else rng.randrange(2, 30)
        people[pid] = Person(pid, rng.choice(FUNCTIONS), rng.choice(REGIONS), rng.randint(1, 6), manager_id=manager)
    graph = nx.gnm_random_graph(n, 4 * n, seed=seed)
    graph = nx.relabel_nodes(graph, {i: i + 1 for i in range(n)})
    return people, graph


def direct_team(people: dict[int, Person], pid: int) -> set[int]:
    me = people[pid]
    return {p.id for p in people.values() if p.manager_id == me.manager_id or p.manager_id == pid} - {pid}


@pytest.mark.parametrize("seed", range(5))
def test_a_newcomer_never_meets_their_manager_or_team_and_never_the_same_person_twice(seed):
    people, graph = org(seed)
    newcomer = 77
    plan = onboarding_plan(newcomer, people, graph)
    assert len(plan) == 4
    assert len(set(plan)) == 4
    assert people[newcomer].manager_id not in plan
    assert not set(plan) & direct_team(people, newcomer)
    assert newcomer not in plan


def test_each_week_has_its_kind_of_person():
    people, graph = org(3)
    newcomer = people[77]
    manager = people[newcomer.manager_id]
    picks = onboarding_picks(77, people, graph)
    assert [p.kind for p in picks] == ["manager_peer", "other_function", "same_region", "cross_silo"]
    peer, buddy, local, bridge = (people[p.person_id] for p in picks)
    assert peer.manager_id == manager.manager_id and peer.id != manager.id
    assert buddy.function != newcomer.function and abs(buddy.level - newcomer.level) <= 1
    assert local.region == newcomer.region
    assert bridge.function != newcomer.function and bridge.region != newcomer.region
    assert all(p.reason for p in picks)


def test_the_best_connected_peer_of_the_manager_comes_first():
    people = {
        1: Person(1, "Sales", "EMEA", 2, manager_id=2),
        2: Person(2, "Sales", "EMEA", 4, manager_id=9),
        9: Person(9, "Sales", "EMEA", 6),
        3: Person(3, "IT", "EMEA", 4, manager_id=9),
        4: Person(4, "HR", "EMEA", 4, manager_id=9),
        5: Person(5, "HR", "AMER", 2),
        6: Person(6, "HR", "AMER", 2),
    }
    graph = nx.Graph([(4, 5), (5, 6), (3, 9)])
    assert onboarding_plan(1, people, graph, weeks=1) == [4]


def test_people_excluded_opted_out_paused_or_not_to_be_matched_are_never_picked():
    people, graph = org(2)
    first = onboarding_plan(77, people, graph)
    people[first[1]] = Person(first[1], "IT", "EMEA", 3, opted_in=False)
    people[first[2]] = Person(first[2], "IT", "EMEA", 3, paused_until=date(2026, 12, 31))
    people[first[3]] = Person(first[3], "IT", "EMEA", 3, do_not_match=frozenset({77}))
    again = onboarding_plan(77, people, graph, exclude={first[0]}, on=date(2026, 12, 1))
    assert not set(again) & set(first)


def test_a_small_organisation_gives_fewer_intros_rather_than_repeats():
    people = {1: Person(1, "Sales", "EMEA", 2), 2: Person(2, "IT", "EMEA", 2)}
    assert onboarding_plan(1, people, nx.Graph()) == [2]


def test_an_unknown_newcomer_is_an_error_naming_them():
    with pytest.raises(MatchingError, match="404"):
        onboarding_plan(404, {}, nx.Graph())


def test_one_week_can_be_picked_again_with_its_own_kind():
    people, graph = org(3)
    plan = onboarding_picks(77, people, graph)
    again = onboarding_picks(77, people, graph, weeks=1, first_week=3, exclude={p.person_id for p in plan})
    assert [p.kind for p in again] == ["same_region"]
    assert again[0].person_id not in {p.person_id for p in plan}
