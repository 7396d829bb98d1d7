"""The network each replica keeps in memory stays fresh: new ties are added, anything else reloads it."""

from datetime import date

import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

import bot.network as network_module
from bot.network import current_network, forget_cached_network
from storage.models import Interaction, Person

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
