"""Intro group DMs across the workspaces of an organisation, through the outbox, with an org-wide token."""

from __future__ import annotations

from bot.outbox import enqueue
from storage.models import Person
from tests.programs.conftest import group_dms, members_of_channel
from tests.support.slack_standin import SlackStandIn


def queue_intro(running_app, key: str, users: list[str]) -> None:
    with running_app.services.uow() as uow:
        enqueue(uow.session, key, text="Meet each other!", users=users)
        uow.commit()


def test_a_group_dm_joins_people_of_three_workspaces(running_app, slack: SlackStandIn, org):
    for n, team in enumerate(("T0EMEA", "T0AMER", "T0APAC"), start=1):
        org.add(f"p{n}@acme.test")
        slack.add_user(f"U00{n}", f"p{n}@acme.test", f"P{n}", teams=[team])
    queue_intro(running_app, "intro:grid", ["U001", "U002", "U003"])

    running_app.deliver()

    assert [sorted(members_of_channel(dm["channel"])) for dm in group_dms(slack)] == [["U001", "U002", "U003"]]
    assert group_dms(slack)[0]["text"] == "Meet each other!"


def test_a_group_dm_with_someone_the_organisation_does_not_know_is_not_sent_and_marks_them_gone(
        running_app, slack: SlackStandIn, org):
    org.add("p1@acme.test")
    org.add("p2@acme.test")
    org.add("gone@acme.test", slack_id=None)
    with running_app.services.uow() as uow:  # a Slack id from elsewhere: another organisation, or deleted
        person = uow.session.get(Person, org.people["gone@acme.test"])
        assert person is not None
        person.slack_id = "W0RIVAL"
        uow.commit()
    queue_intro(running_app, "intro:outside", ["U001", "U002", "W0RIVAL"])

    running_app.deliver()

    assert group_dms(slack) == []
    assert [c.params["users"] for c in slack.calls_to("conversations.open")] == ["U001,U002,W0RIVAL"]
    assert (org.person("gone@acme.test").active, org.person("p1@acme.test").active) == (False, True)
