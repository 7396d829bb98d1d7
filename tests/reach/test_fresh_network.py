"""The network each replica keeps in memory stays fresh: new ties are added, changed people read again, people
who leave taken out; anything else reloads it."""

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

import bot.network as network_module
from bot.network import current_network, forget_cached_network
from storage.graph import load_graph
from storage.models import Interaction, Person
from storage.roster import load_people

DAY = date(2026, 12, 7)


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session


@pytest.fixture(autouse=True)
def no_cached_network():
    forget_cached_network()
    yield
    forget_cached_network()


def org(session):
    session.execute(insert(Person), [{"email": f"{n}@acme.com", "name": n} for n in ("ana", "bob", "cyd")])
    ids = {name: pid for name, pid in session.execute(select(Person.name, Person.id))}
    session.commit()
    return ids


def meet(session, ids, x, y, day=DAY, weight=1.0):
    a, b = Interaction.ordered(ids[x], ids[y])
    session.execute(insert(Interaction), [{"a_id": a, "b_id": b, "kind": "intro", "occurred_on": day,
                                           "weight": weight, "source": "intro", "note": ""}])
    session.commit()


def reloads(monkeypatch):
    calls = []
    real = network_module.load_graph

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(network_module, "load_graph", counted)
    return calls


def test_a_we_met_reaches_the_cached_network_without_a_reload(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob", date(2026, 1, 5))
    loads = reloads(monkeypatch)
    before = current_network(session, DAY).graph

    meet(session, ids, "bob", "cyd")
    meet(session, ids, "ana", "bob", weight=2.0)
    after = current_network(session, DAY).graph

    assert len(loads) == 1  # the first load only
    assert after.has_edge(ids["bob"], ids["cyd"])
    assert dict(after[ids["ana"]][ids["bob"]]) == {"weight": 3.0, "since": date(2026, 1, 5)}
    assert not before.has_edge(ids["bob"], ids["cyd"])  # requests still reading the old graph see it unchanged


def test_a_removed_tie_reloads_the_network(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    meet(session, ids, "bob", "cyd")
    loads = reloads(monkeypatch)
    current_network(session, DAY)

    session.execute(delete(Interaction).where(Interaction.a_id.in_([ids["bob"], ids["cyd"]]),
                                              Interaction.b_id.in_([ids["bob"], ids["cyd"]])))
    meet(session, ids, "ana", "cyd")  # a new tie too: the count alone would not show the removal
    graph = current_network(session, DAY).graph

    assert len(loads) == 2
    assert not graph.has_edge(ids["bob"], ids["cyd"]) and graph.has_edge(ids["ana"], ids["cyd"])


def same_graph(graph, fresh):
    return sorted(graph.nodes) == sorted(fresh.nodes) and sorted(
        (min(a, b), max(a, b), dict(d)) for a, b, d in graph.edges(data=True)) == sorted(
        (min(a, b), max(a, b), dict(d)) for a, b, d in fresh.edges(data=True))


def test_a_changed_person_is_read_again_without_a_reload(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    loads = reloads(monkeypatch)
    with freeze_time("2026-12-07 09:00"):
        before = current_network(session, DAY)
    with freeze_time("2026-12-07 09:01"):
        session.execute(update(Person).where(Person.id == ids["bob"]).values(paused_until=date(2026, 12, 21),
                                                                           function="Legal"))
        session.commit()
        after = current_network(session, DAY)

    assert len(loads) == 1
    assert (after.people[ids["bob"]].function, after.people[ids["bob"]].paused_until) == ("Legal", date(2026, 12, 21))
    assert before.people[ids["bob"]].function != "Legal"  # requests still reading the old network see it unchanged
    assert after.people == load_people(session, DAY)


def test_someone_who_leaves_is_taken_out_of_the_network_without_a_reload(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    meet(session, ids, "bob", "cyd")
    loads = reloads(monkeypatch)
    with freeze_time("2026-12-07 09:00"):
        current_network(session, DAY)
    with freeze_time("2026-12-07 09:01"):
        session.execute(update(Person).where(Person.id == ids["bob"]).values(active=False))
        session.commit()
        network = current_network(session, DAY)

    assert len(loads) == 1
    assert ids["bob"] not in network.people and not network.graph.has_node(ids["bob"])
    assert same_graph(network.graph, load_graph(session)) and network.people == load_people(session, DAY)


def test_someone_new_reloads_the_network(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    loads = reloads(monkeypatch)
    current_network(session, DAY)
    session.execute(insert(Person), [{"email": "dee@acme.com", "name": "dee"}])
    session.commit()
    network = current_network(session, DAY)

    assert len(loads) == 2
    assert len(network.people) == 4


def test_a_removed_tie_alone_is_seen_within_the_exact_check_interval(session, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    meet(session, ids, "bob", "cyd")
    with freeze_time("2026-12-07 09:00") as clock:
        current_network(session, DAY)
        session.execute(delete(Interaction).where(Interaction.a_id == min(ids["bob"], ids["cyd"]),
                                                  Interaction.b_id == max(ids["bob"], ids["cyd"])))
        session.commit()
        clock.tick(network_module.EXACT_EVERY + 1)
        graph = current_network(session, DAY).graph

    assert not graph.has_edge(ids["bob"], ids["cyd"]) and graph.has_edge(ids["ana"], ids["bob"])


def test_a_tie_stored_while_the_network_loads_counts_once(session, engine, monkeypatch):
    ids = org(session)
    meet(session, ids, "ana", "bob")
    real_load = network_module.load_graph

    def load_while_two_people_meet(*args, **kwargs):
        with Session(engine) as elsewhere:  # after the aggregates were read, before the ties are
            meet(elsewhere, ids, "bob", "cyd")
        monkeypatch.setattr(network_module, "load_graph", real_load)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(network_module, "load_graph", load_while_two_people_meet)
    current_network(session, DAY)
    graph = current_network(session, DAY).graph

    assert dict(graph[ids["bob"]][ids["cyd"]]) == {"weight": 1.0, "since": DAY}  # not added a second time
