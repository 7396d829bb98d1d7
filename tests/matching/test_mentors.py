import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.mentors import management_chain, rank_mentors, rank_sponsors
from matching.people import Person
from tests.matching.small_org import small_graph, small_people


def _with(people, pid, **changes):
    p = people[pid]
    fields = {f: getattr(p, f) for f in p.__slots__}
    fields.update(changes)
    people[pid] = Person(**fields)
    return people


def test_a_mentor_who_knows_the_topic_comes_first_with_the_reasons():
    people = small_people()
    _with(people, 4, skills=frozenset({"Data Engineering", "SQL"}))
    _with(people, 6, interests=frozenset({"data visualisation"}))
    ranked = rank_mentors(people[3], people, small_graph(), "data engineering", skills_wanted=["sql"])
    assert [c.person_id for c in ranked] == [4, 6]
    assert ranked[0].reasons == (
        "Knows data engineering, the topic you asked about.",
        "Has the skill you want: sql.",
        "Two levels senior, in IT, EMEA.",
        "Someone new: you have not worked together yet.",
    )


def test_a_mentor_offering_the_topic_beats_one_who_only_lists_it_as_an_interest():
    people = small_people()
    _with(people, 5, interests=frozenset({"negotiation"}))
    _with(people, 6, mentor_topics=frozenset({"Negotiation"}))
    ranked = rank_mentors(people[3], people, small_graph(), "Negotiation")
    assert [c.person_id for c in ranked] == [6, 5]
    assert ranked[0].reasons[0] == "Offers mentoring on negotiation, the topic you asked about."


def test_nobody_is_suggested_as_mentor_when_nobody_knows_the_topic():
    assert rank_mentors(small_people()[3], small_people(), small_graph(), "quantum chemistry") == []


def test_mentors_never_include_the_requesters_managers_or_reports():
    people = {pid: _with_skill(p) for pid, p in small_people().items()}
    ranked = rank_mentors(people[2], people, small_graph(), "python")
    ids = {c.person_id for c in ranked}
    assert 1 not in ids and 2 not in ids
    ranked_for_boss = rank_mentors(people[1], people, small_graph(), "python")
    assert {2, 3}.isdisjoint(c.person_id for c in ranked_for_boss)


def _with_skill(p):
    return Person(p.id, p.function, p.region, p.level, p.team, p.manager_id, skills=frozenset({"Python"}))


def test_a_mentor_at_capacity_or_already_asked_is_not_suggested():
    people = {pid: _with_skill(p) for pid, p in small_people().items()}
    ranked = rank_mentors(people[3], people, small_graph(), "python", load={4: 3}, exclude=[8])
    assert {c.person_id for c in ranked} == {2, 5, 6, 7}


def test_another_function_is_preferred_for_a_mentor():
    people = {
        1: Person(1, "Sales", "EMEA", 2, skills=frozenset({"pricing"})),
        2: Person(2, "Sales", "EMEA", 4, skills=frozenset({"pricing"})),
        3: Person(3, "Finance", "EMEA", 4, skills=frozenset({"pricing"})),
    }
    assert [c.person_id for c in rank_mentors(people[1], people, nx.Graph(), "pricing")] == [3, 2]
    same = rank_mentors(people[1], people, nx.Graph(), "pricing", prefer_other_function=False)
    assert [c.person_id for c in same] == [2, 3]


def test_a_sponsor_is_at_least_two_levels_senior_on_another_team():
    people = small_people()
    ranked = rank_sponsors(people[7], people, small_graph(), "become a team lead")
    # 7 is level 2 on team l: 1 (5), 4 (4), 8 (6) qualify; 6 (3) is the manager and one level up.
    assert {c.person_id for c in ranked} == {1, 4, 8}


def test_the_best_connected_sponsor_comes_first_and_says_so():
    people = small_people()
    ranked = rank_sponsors(people[7], people, small_graph(), "")
    assert ranked[0].person_id == 4
    assert ranked[0].reasons == (
        "Two levels senior, in IT, EMEA.",
        "Works with 3 people across 3 functions and 2 regions.",
    )


def test_a_sponsor_who_knows_the_goal_says_so():
    people = _with(small_people(), 8, skills=frozenset({"Leadership"}))
    ranked = rank_sponsors(people[7], people, small_graph(), "leadership")
    reasons = next(c.reasons for c in ranked if c.person_id == 8)
    assert "Knows leadership, close to your goal." in reasons


def test_someone_with_no_sponsor_capacity_is_never_a_sponsor():
    people = _with(small_people(), 4, sponsor_capacity=0)
    assert 4 not in {c.person_id for c in rank_sponsors(people[7], people, small_graph(), "")}


def test_nobody_the_requester_refuses_or_who_refuses_them_is_suggested():
    people = _with(small_people(), 7, do_not_match=frozenset({4}))
    _with(people, 8, do_not_match=frozenset({7}))
    assert {c.person_id for c in rank_sponsors(people[7], people, small_graph(), "")} == {1}


def test_the_chain_of_management_goes_all_the_way_up_and_down():
    people = {
        1: Person(1, "X", "R", 9),
        2: Person(2, "X", "R", 8, manager_id=1),
        3: Person(3, "X", "R", 7, manager_id=2),
        4: Person(4, "X", "R", 6, manager_id=3),
        5: Person(5, "X", "R", 6, manager_id=1),
    }
    assert management_chain(people[3], people) == {1, 2, 4}
    assert management_chain(people[1], people) == {2, 3, 4, 5}


def test_a_cycle_of_managers_in_the_data_does_not_hang():
    people = {1: Person(1, "X", "R", 5, manager_id=2), 2: Person(2, "X", "R", 5, manager_id=1)}
    assert management_chain(people[1], people) == {2}


# Random organisations: a manager tree (managers have lower ids), random levels, capacities, load.
@st.composite
def organisations(draw):
    n = draw(st.integers(2, 25))
    people = {}
    for i in range(n):
        manager = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        people[i] = Person(
            i,
            draw(st.sampled_from(["Sales", "IT", "Legal"])),
            draw(st.sampled_from(["EMEA", "APAC"])),
            draw(st.integers(1, 7)),
            team=draw(st.sampled_from(["a", "b", None])),
            manager_id=manager,
            skills=draw(st.frozensets(st.sampled_from(["python", "sales", "design"]), max_size=2)),
            mentor_capacity=draw(st.integers(0, 3)),
            sponsor_capacity=draw(st.integers(0, 2)),
        )
    graph = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40)))
    load = draw(st.dictionaries(st.integers(0, n - 1), st.integers(0, 3)))
    requester = people[draw(st.integers(0, n - 1))]
    return people, graph, load, requester


def _chain_by_walking(requester, people):
    def ancestors(p):
        seen = []
        while p.manager_id is not None and p.manager_id not in seen:
            seen.append(p.manager_id)
            p = people[p.manager_id]
        return seen

    up = set(ancestors(requester))
    down = {p.id for p in people.values() if requester.id in ancestors(p)}
    return up | down


@settings(max_examples=80, deadline=None)
@given(organisations(), st.sampled_from(["python", "", "sales design"]))
def test_mentors_never_break_the_hard_rules(org, topic):
    people, graph, load, requester = org
    ranked = rank_mentors(requester, people, graph, topic, load=load, limit=50)
    chain = _chain_by_walking(requester, people)
    for c in ranked:
        assert c.person_id != requester.id
        assert c.person_id not in chain
        assert load.get(c.person_id, 0) < people[c.person_id].mentor_capacity
    assert ranked == rank_mentors(requester, people, graph, topic, load=load, limit=50)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


@settings(max_examples=80, deadline=None)
@given(organisations())
def test_sponsors_never_break_the_hard_rules(org):
    people, graph, load, requester = org
    ranked = rank_sponsors(requester, people, graph, "grow", load=load, limit=50)
    chain = _chain_by_walking(requester, people)
    for c in ranked:
        sponsor = people[c.person_id]
        assert c.person_id != requester.id
        assert c.person_id not in chain
        assert load.get(c.person_id, 0) < sponsor.sponsor_capacity
        assert sponsor.level >= requester.level + 2
        assert sponsor.team is None or sponsor.team != requester.team
    assert ranked == rank_sponsors(requester, people, graph, "grow", load=load, limit=50)
