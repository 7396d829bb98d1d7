from datetime import date

from sqlalchemy import insert, select

from storage.graph import load_graph
from storage.models import Interaction, Person


def seed(session):
    session.execute(insert(Person), [{"email": f"{n}@acme.com", "name": n} for n in ("ana", "bob", "cyd", "dan")])
    ids = {name: pid for name, pid in session.execute(select(Person.name, Person.id))}
    session.execute(select(Person).where(Person.name == "dan")).scalar_one().active = False

    def tie(x, y, day, weight=1.0, kind="meeting"):
        a, b = Interaction.ordered(ids[x], ids[y])
        return {"a_id": a, "b_id": b, "kind": kind, "occurred_on": day, "weight": weight, "source": "import"}

    session.execute(insert(Interaction), [
        tie("ana", "bob", date(2026, 3, 1), 2.0),
        tie("bob", "ana", date(2025, 7, 9), 0.5, "lunch"),
        tie("ana", "cyd", date(2026, 10, 1)),
        tie("cyd", "dan", date(2024, 1, 1)),
    ])
    session.commit()
    return ids


def test_a_tie_sums_its_interactions_weights_and_starts_at_the_first_one(session):
    ids = seed(session)
    graph = load_graph(session)

    assert graph.edges[ids["ana"], ids["bob"]] == {"weight": 2.5, "since": date(2025, 7, 9)}
    assert graph.edges[ids["ana"], ids["cyd"]] == {"weight": 1.0, "since": date(2026, 10, 1)}
    assert isinstance(graph.edges[ids["ana"], ids["cyd"]]["weight"], float)


def test_people_who_left_and_their_ties_are_left_out_unless_asked_for(session):
    ids = seed(session)

    active = load_graph(session)
    everyone = load_graph(session, active_only=False)

    assert set(active.nodes) == {ids["ana"], ids["bob"], ids["cyd"]} and active.number_of_edges() == 2
    assert ids["dan"] in everyone and everyone.has_edge(ids["cyd"], ids["dan"])


def test_as_of_ignores_later_interactions(session):
    ids = seed(session)

    graph = load_graph(session, as_of=date(2026, 1, 1))

    assert graph.edges[ids["ana"], ids["bob"]] == {"weight": 0.5, "since": date(2025, 7, 9)}
    assert not graph.has_edge(ids["ana"], ids["cyd"])
    assert ids["cyd"] in graph


def test_an_empty_organisation_is_an_empty_graph(session):
    graph = load_graph(session)
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0


def test_as_of_before_any_interaction_gives_people_without_ties(session):
    seed(session)
    graph = load_graph(session, as_of=date(2020, 1, 1))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 0
