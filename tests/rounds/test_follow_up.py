"""\"Did you meet?\": asked some days after the intro; a "met" click updates the DM and adds the tie."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import count

from freezegun import freeze_time
from sqlalchemy import select

import bot.network
from bot.jobs import run_due
from bot.use_cases.rounds.making import run_scheduled_round
from storage.graph import load_graph
from storage.models import Interaction, IntroMember, Person
from tests.rounds.conftest import MONDAY_9, set_round_settings

FOLLOW_UP = MONDAY_9 + timedelta(days=4, minutes=1)
CLICKS = count()


def dms(slack):
    return [p for p in slack.posted() if str(p.get("channel", "")).startswith("D")]


def setup_round(running_app, org, people: int = 2):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "AMER", name="Ben Kim")
    if people == 3:
        org.add("cy@acme.test", "Legal", "APAC", name="Cy Park")
    run_scheduled_round(running_app.services, MONDAY_9)
    with freeze_time(MONDAY_9):
        running_app.deliver()


def test_each_member_is_asked_did_you_meet_four_days_later(running_app, rounds_on, org, slack):
    setup_round(running_app, org)
    with freeze_time(FOLLOW_UP - timedelta(days=1)):
        run_due(running_app.services)
        running_app.deliver()
    assert dms(slack) == []
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        run_due(running_app.services)  # twice: still one question each
        running_app.deliver()
    asked = dms(slack)
    assert sorted(p["channel"] for p in asked) == ["DU001", "DU002"]
    ana = next(p for p in asked if p["channel"] == "DU001")
    buttons = ana["blocks"][1]["elements"]
    assert [b["action_id"] for b in buttons] == ["intro_met", "intro_not_met"]
    assert "Did you meet Ben Kim?" in ana["text"]


def test_the_follow_up_delay_is_configurable(running_app, rounds_on, org, slack):
    set_round_settings(running_app.services, follow_up_days=2)
    setup_round(running_app, org)
    with freeze_time(MONDAY_9 + timedelta(days=2, minutes=1)):
        run_due(running_app.services)
        running_app.deliver()
    assert len(dms(slack)) == 2


def answer(running_app, slack, org, email, action):
    with running_app.services.uow() as uow:
        member = uow.session.scalar(select(IntroMember).where(IntroMember.person_id == org.people[email]))
        member_id = member.id
    post = next(p for p in dms(slack) if p["channel"] == f"D{org.slack_ids[email]}")
    message = slack.messages[post["channel"]][-1]
    # clicks a few seconds apart: two clicks at the same instant would be one request replayed
    with freeze_time(FOLLOW_UP + timedelta(hours=2, seconds=next(CLICKS))):
        reply = running_app.slack.action(action, value=str(member_id), user_id=org.slack_ids[email],
                                         channel_id=post["channel"], message_ts=message["ts"])
        assert reply.status == 200
        running_app.deliver()
    return post["channel"], message["ts"]


def test_a_met_click_updates_the_message_in_place_and_adds_the_tie(running_app, rounds_on, org, slack):
    setup_round(running_app, org)
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    channel, ts = answer(running_app, slack, org, "ana@acme.test", "intro_met")

    assert slack.responses[-1]["replace_original"] is True  # at once, through the click's response_url
    assert "You met Ben Kim" in slack.responses[-1]["text"]
    updates = slack.calls_to("chat.update")  # and durably, through the outbox
    assert [(u.params["channel"], u.params["ts"]) for u in updates] == [(channel, ts)]
    assert "You met Ben Kim" in slack.messages[channel][-1]["text"]
    assert not any(b["type"] == "actions" for b in slack.messages[channel][-1]["blocks"])
    with running_app.services.uow() as uow:
        ties = uow.session.scalars(select(Interaction)).all()
        assert [(t.kind, t.source) for t in ties] == [("intro", "intro")]
        graph = load_graph(uow.session)
    assert graph.has_edge(org.people["ana@acme.test"], org.people["ben@acme.test"])


def test_a_double_click_and_the_partner_s_answer_add_the_tie_once(running_app, rounds_on, org, slack):
    setup_round(running_app, org)
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    answer(running_app, slack, org, "ana@acme.test", "intro_met")
    answer(running_app, slack, org, "ana@acme.test", "intro_met")
    answer(running_app, slack, org, "ben@acme.test", "intro_met")
    with running_app.services.uow() as uow:
        assert len(uow.session.scalars(select(Interaction)).all()) == 1
        answers = sorted(m.answer for m in uow.session.scalars(select(IntroMember)))
    assert answers == ["met", "met"]
    assert len(slack.calls_to("chat.update")) == 2  # one per member, none for the double click


def test_we_did_not_meet_is_recorded_without_a_tie(running_app, rounds_on, org, slack):
    setup_round(running_app, org)
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    channel, _ = answer(running_app, slack, org, "ben@acme.test", "intro_not_met")
    assert "didn't meet Ana Lopez" in slack.messages[channel][-1]["text"]
    with running_app.services.uow() as uow:
        assert uow.session.scalars(select(Interaction)).all() == []


def test_someone_else_clicking_my_button_changes_nothing(running_app, rounds_on, org, slack):
    setup_round(running_app, org)
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    with running_app.services.uow() as uow:
        ana = org.people["ana@acme.test"]
        ana_member = uow.session.scalar(select(IntroMember.id).where(IntroMember.person_id == ana))
    with freeze_time(FOLLOW_UP):
        running_app.slack.action("intro_met", value=str(ana_member), user_id=org.slack_ids["ben@acme.test"])
    assert "meant for someone else" in slack.wait_for_response()[0]["text"]
    with running_app.services.uow() as uow:
        assert all(m.answer is None for m in uow.session.scalars(select(IntroMember)))


def test_the_met_tie_counts_in_the_next_round_s_graph(running_app, rounds_on, org, slack):
    setup_round(running_app, org, people=3)
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    answer(running_app, slack, org, "cy@acme.test", "intro_met")
    with running_app.services.uow() as uow:
        graph = load_graph(uow.session)
    cy = org.people["cy@acme.test"]
    assert sorted(graph.neighbors(cy)) == sorted(v for k, v in org.people.items() if k != "cy@acme.test")


REACH = re.compile(r"ties with \*(\d+)\* (?:person|people), who connects? you to \*(\d+)\* more")


def reach_in_sql(services, person_id):
    """First- and second-degree contacts counted straight from the tables (ties between active people)."""
    with services.uow() as uow:
        active = set(uow.session.scalars(select(Person.id).where(Person.active.is_(True))))
        ties = uow.session.execute(select(Interaction.a_id, Interaction.b_id)).all()
    near = defaultdict(set)
    for a, b in ties:
        if a in active and b in active:
            near[a].add(b)
            near[b].add(a)
    first = near[person_id]
    second = set().union(*(near[f] for f in first)) - first - {person_id}
    return len(first), len(second)


def home_reach(running_app, slack, slack_id, at):
    """The first- and second-degree figures the person's App Home shows when they open it at ``at``."""
    with freeze_time(at):
        running_app.slack.event({"type": "app_home_opened", "user": slack_id, "tab": "home"})
    view = slack.views[-1]
    assert view["user_id"] == slack_id
    [(first, second)] = REACH.findall(str(view["view"]))
    return int(first), int(second)


def test_app_home_counts_a_we_met_tie_at_once_without_reloading_the_network(running_app, rounds_on, org, slack,
                                                                            monkeypatch):
    setup_round(running_app, org)  # Ana and Ben are introduced
    cy = org.add("cy@acme.test", "Legal", "APAC", name="Cy Park")
    a, b = Interaction.ordered(cy, org.people["ben@acme.test"])
    with running_app.services.uow() as uow:
        uow.session.add(Interaction(a_id=a, b_id=b, kind="meeting", occurred_on=date(2026, 10, 1)))
        uow.commit()
    loads = []
    real_load = bot.network.load_graph
    monkeypatch.setattr(bot.network, "load_graph", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    monkeypatch.setattr(bot.network, "EXACT_EVERY", 10 ** 9)  # no periodic check: the new tie alone must show
    with freeze_time(FOLLOW_UP):
        run_due(running_app.services)
        running_app.deliver()
    # the replica loads its network here
    assert home_reach(running_app, slack, org.slack_ids["ana@acme.test"], FOLLOW_UP) == (0, 0)

    answer(running_app, slack, org, "ana@acme.test", "intro_met")  # a tie between Ana and Ben

    later = FOLLOW_UP + timedelta(hours=3)
    shown = {who: home_reach(running_app, slack, org.slack_ids[who], later)
             for who in ("ana@acme.test", "ben@acme.test", "cy@acme.test")}
    assert shown == {who: reach_in_sql(running_app.services, org.people[who]) for who in shown}
    assert shown == {"ana@acme.test": (1, 1), "ben@acme.test": (2, 0), "cy@acme.test": (1, 1)}
    assert len(loads) == 1  # the new tie was added to the network in memory, not reloaded
