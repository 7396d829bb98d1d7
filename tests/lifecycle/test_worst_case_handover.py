"""A leaver with hundreds of ties in a sparse network, and the longest name the database holds: the manager's
handover request still arrives (the strict stand-in refuses a message over any Block Kit limit)."""

from __future__ import annotations

from datetime import timedelta

from bot.jobs import run_due
from bot.network import forget_cached_network
from storage.models import Interaction, Person
from storage.models.base import utcnow

LONG_NAME = ("Ana-Lucía & <Bo> " * 12)[:200]  # people.name holds 200 characters


def test_a_leaver_with_300_ties_alone_bridging_hundreds_of_groups_still_reaches_the_manager(running_app, slack,
                                                                                           services):
    forget_cached_network()
    today = utcnow().date()
    with services.uow() as uow:
        session = uow.session
        manager = Person(email="boss@acme.test", name="Boss", function="Exec", region="EMEA", level=7,
                         slack_id="UBOSS")
        session.add(manager)
        session.flush()
        leaver = Person(email="leaver@acme.test", name=LONG_NAME, function="Sales", region="EMEA", level=3,
                        slack_id="ULEAVER", manager_id=manager.id)
        contacts = [Person(email=f"c{i}@acme.test", name=f"Contact {i}", function=f"Function {i % 150}",
                           region=f"Region {i % 120}", level=3, slack_id=f"UC{i:04d}") for i in range(300)]
        session.add_all([leaver, *contacts])
        session.flush()
        for i, contact in enumerate(contacts):  # a star: nobody else links these groups
            low, high = Interaction.ordered(leaver.id, contact.id)
            session.add(Interaction(a_id=low, b_id=high, kind="meeting", weight=1 + i % 3,
                                    occurred_on=today - timedelta(days=i)))
        uow.commit()
    slack.add_user("UBOSS", "boss@acme.test", "Boss")
    slack.add_user("ULEAVER", "leaver@acme.test", LONG_NAME)

    running_app.slack.event({"type": "user_change",
                             "user": {"id": "ULEAVER", "deleted": True, "profile": {"email": "leaver@acme.test"}}})
    run_due(services)
    running_app.deliver()

    [asked] = [p for p in slack.posted() if p["channel"] == "DUBOSS"]
    header = asked["blocks"][0]["text"]["text"]
    assert len(header) <= 150 and header.startswith("Handing over Ana-Lucía & <Bo>") and header.endswith(
        "'s relationships")
    [bridged] = [b["text"]["text"] for b in asked["blocks"] if "Groups they alone connected" in
                 b.get("text", {}).get("text", "")]
    assert bridged.count("\n• ") == 10 and "more pairs of groups only they connected." in bridged
    assert len(bridged) <= 3000
