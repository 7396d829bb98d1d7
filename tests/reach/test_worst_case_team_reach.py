"""A team tied to 150 functions and 120 regions, all with the longest names the database holds: the channel still
gets its team reach (the strict stand-in refuses a message over any Block Kit limit)."""

from __future__ import annotations

from datetime import timedelta

from bot.network import forget_cached_network
from storage.models import Interaction, Person
from storage.models.base import utcnow

LONG_GROUP = ("R&D <EMEA> " * 10)[:100]  # people.function and .region hold 100 characters


def test_a_team_reaching_150_functions_and_120_regions_with_long_names_gets_its_reach(running_app, slack, services):
    forget_cached_network()
    today = utcnow().date()
    with services.uow() as uow:
        session = uow.session
        manager = Person(email="mgr@acme.test", name="Mgr", function="Sales", region="EMEA", level=6,
                         slack_id="UMGR")
        session.add(manager)
        session.flush()
        team = [Person(email=f"t{i}@acme.test", name=f"T{i}", function="Sales", region="EMEA", level=3,
                       manager_id=manager.id) for i in range(6)]
        others = [Person(email=f"o{i}@acme.test", name=f"O{i}", function=f"{i % 150:03d} {LONG_GROUP}"[:100],
                         region=f"{i % 120:03d} {LONG_GROUP}"[:100], level=3) for i in range(600)]
        session.add_all([*team, *others])
        session.flush()
        for i, other in enumerate(others):
            low, high = Interaction.ordered(team[i % 6].id, other.id)
            session.add(Interaction(a_id=low, b_id=high, kind="meeting", occurred_on=today - timedelta(days=400)))
        uow.commit()

    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    running_app.deliver()

    [message] = [m for m in slack.posted() if m["channel"] == "C42"]
    fields = [f["text"] for b in message["blocks"] if b["type"] == "section" for f in b.get("fields", [])]
    reached = [f for f in fields if f.startswith(("*Functions reached* (150)", "*Regions reached* (120)"))]
    assert len(reached) == 2 and all(len(f) <= 2000 for f in reached)
    forget_cached_network()
