"""A replica loads the organisation's network when it starts, not when the first person opens App Home."""

from datetime import date

import bot.network
from bot.clock import utcnow
from bot.runtime import Runtime
from storage.models import Interaction, Person


def test_a_starting_replica_loads_the_network_before_the_first_request(services, monkeypatch):
    with services.uow() as uow:
        ana, bob = Person(email="ana@acme.test", name="Ana"), Person(email="bob@acme.test", name="Bob")
        uow.session.add_all([ana, bob])
        uow.session.flush()
        uow.session.add(Interaction(a_id=min(ana.id, bob.id), b_id=max(ana.id, bob.id), kind="meeting",
                                    occurred_on=date(2026, 10, 1)))
        uow.commit()
    loads = []
    real_load = bot.network.load_graph
    monkeypatch.setattr(bot.network, "load_graph", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    runtime = Runtime(services, make_scheduler=None, sender_interval=60, leader_poll=60)
    runtime.start()
    try:
        runtime.network_thread.join(timeout=30)
        assert loads == [1]
        with services.uow() as uow:
            network = bot.network.current_network(uow.session, utcnow().astimezone(services.settings.zone).date())
        assert loads == [1]  # the first request finds it loaded
        assert network.graph.number_of_edges() == 1
    finally:
        runtime.stop()
