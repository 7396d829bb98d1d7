"""The in-memory graph: shared read-only tie attributes, and new ties added without a reload."""

from datetime import date

import pytest
from sqlalchemy import func, insert, select

from storage.graph import load_graph, with_new_ties
from storage.models import Interaction, Person


def people(session, *names):
    session.execute(insert(Person), [{"email": f"{n}@acme.com", "name": n} for n in names])
    return {name: pid for name, pid in session.execute(select(Person.name, Person.id))}


def tie(ids, x, y, day, weight=1.0):
    a, b = Interaction.ordered(ids[x], ids[y])
    return {"a_id": a, "b_id": b, "kind": "meeting", "occurred_on": day, "weight": weight, "source": "import"}


def edges(graph):
    return {(min(a, b), max(a, b)): dict(data) for a, b, data in graph.edges(data=True)}


def test_ties_alike_share_one_attribute_mapping_that_nobody_can_change_by_accident(session):
    ids = people(session, "ana", "bob", "cyd")
    session.execute(insert(Interaction), [tie(ids, "ana", "bob", date(2026, 3, 1)),
                                          tie(ids, "bob", "cyd", date(2026, 3, 1)),
                                          tie(ids, "ana", "cyd", date(2026, 4, 1))])
    session.commit()

    graph = load_graph(session)

    assert graph[ids["ana"]][ids["bob"]] is graph[ids["bob"]][ids["cyd"]]
    assert graph[ids["ana"]][ids["cyd"]] == {"weight": 1.0, "since": date(2026, 4, 1)}
    with pytest.raises(TypeError):
        graph[ids["ana"]][ids["bob"]]["weight"] = 5.0  # type: ignore[index]
    assert graph[ids["bob"]][ids["cyd"]]["weight"] == 1.0


def test_new_ties_are_added_as_a_full_reload_would_see_them_and_the_old_graph_stays_as_it_was(session):
    ids = people(session, "ana", "bob", "cyd", "dan")
    session.execute(insert(Interaction), [tie(ids, "ana", "bob", date(2026, 3, 1), 2.0),
                                          tie(ids, "cyd", "dan", date(2026, 5, 1))])
    session.commit()
    before = load_graph(session)
    known = session.scalar(select(func.max(Interaction.id)))
    session.execute(insert(Interaction), [tie(ids, "bob", "ana", date(2025, 1, 9), 0.5),  # an older meeting
                                          tie(ids, "ana", "cyd", date(2026, 11, 30))])  # a new pair
    session.commit()

    after = with_new_ties(session, before, known)

    assert edges(after) == edges(load_graph(session))
    assert edges(after)[tuple(sorted((ids["ana"], ids["bob"])))] == {"weight": 2.5, "since": date(2025, 1, 9)}
    assert edges(before) == {tuple(sorted((ids["ana"], ids["bob"]))): {"weight": 2.0, "since": date(2026, 3, 1)},
                             tuple(sorted((ids["cyd"], ids["dan"]))): {"weight": 1.0, "since": date(2026, 5, 1)}}
    assert after[ids["cyd"]][ids["dan"]] is before[ids["cyd"]][ids["dan"]]  # untouched ties are shared


def test_a_new_tie_with_someone_who_left_is_left_out_as_a_full_reload_would(session):
    ids = people(session, "ana", "bob", "eve")
    session.execute(select(Person).where(Person.name == "eve")).scalar_one().active = False
    session.commit()
    before = load_graph(session)
    session.execute(insert(Interaction), [tie(ids, "ana", "eve", date(2026, 11, 30)),
                                          tie(ids, "ana", "bob", date(2026, 11, 30))])
    session.commit()

    after = with_new_ties(session, before, 0)

    assert edges(after) == edges(load_graph(session))
    assert ids["eve"] not in after and after.number_of_edges() == 1
