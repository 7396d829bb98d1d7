"""Rounds at their largest still reach Slack: a 1,000-group approval preview, a year of intros in App Home, intros
between people with the longest names the database holds (the strict stand-in refuses anything over a Block Kit
limit, and the ``slack`` fixture fails the test)."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time

from bot.jobs import run_due
from bot.use_cases.rounds.making import run_scheduled_round
from storage.models import Intro, IntroMember, Person, Round
from storage.models.rounds import SENT
from tests.conftest import CNO_SLACK_ID
from tests.rounds.conftest import MONDAY_9, set_round_settings

#: people.name holds 200 characters, function and region 100; '&', '<' and '>' are escaped by Slack's rules.
LONG_NAME = ("Ana-Lucía & <Bo> " * 12)[:200]
LONG_GROUP = ("R&D <EMEA> " * 10)[:100]


def _people(services, slack, count: int, *, prefix: str = "W", paused: bool = False) -> list[int]:
    with services.uow() as uow:
        rows = [Person(email=f"{prefix.lower()}{i}@acme.test", slack_id=f"U{prefix}{i:05d}",
                       paused_until=date(2027, 1, 1) if paused else None,
                       name=f"{i:04d} {LONG_NAME}"[:200], function=f"{i % 12:03d} {LONG_GROUP}"[:100],
                       region=f"{i % 8:03d} {LONG_GROUP}"[:100], level=2 + i % 4, timezone="UTC",
                       title="Specialist")
                for i in range(count)]
        uow.session.add_all(rows)
        uow.commit()
        ids = [p.id for p in rows]
    for i in range(count):
        slack.add_user(f"U{prefix}{i:05d}", f"{prefix.lower()}{i}@acme.test", LONG_NAME)
    return ids


def test_a_1000_group_preview_with_the_longest_names_reaches_the_cno(running_app, rounds_on, slack, services):
    set_round_settings(services, approval_required=True)
    _people(services, slack, 2000)
    _people(services, slack, 30, prefix="N", paused=True)  # left out: paused
    with freeze_time(MONDAY_9 - timedelta(hours=23)):
        run_due(services)
        running_app.deliver()
    [preview] = slack.messages[f"D{CNO_SLACK_ID}"]
    sections = [b["text"]["text"] for b in preview["blocks"] if b["type"] == "section"]
    assert "*1000 intros* for 2000 people" in sections[0]
    left_out = next(s for s in sections if s.startswith("*Left out (30)*"))
    assert left_out.count("\n") == 10 and len(left_out) <= 3000
    samples = next(s for s in sections if s.startswith("*A sample of intros*"))
    assert samples.count("\n• ") == 5 and len(samples) <= 3000


def test_app_home_after_a_year_of_intros_with_the_longest_names_is_published(running_app, slack, services):
    [me, *partners] = _people(services, slack, 1 + 52 * 2)
    with services.uow() as uow:
        for week in range(52):
            day = date(2025, 12, 1) + timedelta(weeks=week)
            round_ = Round(period=f"{day.isocalendar().year}-W{day.isocalendar().week:02d}", status=SENT, day=day,
                           send_at=MONDAY_9 - timedelta(weeks=52 - week))
            intro = Intro(reasons=["You work in different functions."], trio=True)
            intro.members = [IntroMember(person_id=pid) for pid in (me, *partners[2 * week: 2 * week + 2])]
            round_.intros = [intro]
            uow.session.add(round_)
        uow.commit()
    reply = running_app.slack.event({"type": "app_home_opened", "user": "UW00000", "tab": "home"})
    assert reply.status == 200
    [published] = [v for v in slack.views if v["method"] == "publish"]
    [recent] = [b["text"]["text"] for b in published["view"]["blocks"]
                if b.get("text", {}).get("text", "").startswith("*Recent intros*")]
    assert recent.count("\n") == 5 and len(recent) <= 3000


def test_the_preferences_modal_opens_for_someone_imported_with_300_interests(running_app, slack, services):
    with services.uow() as uow:
        uow.session.add(Person(email="many@acme.test", slack_id="UMANY", name=LONG_NAME, function="Sales",
                               region="EMEA", level=3, interests=[f"{i:03d} " + "x" * 60 for i in range(300)]))
        uow.commit()
    slack.add_user("UMANY", "many@acme.test", LONG_NAME)
    running_app.slack.command("/networking", "prefs", user_id="UMANY")
    [opened] = [v["view"] for v in slack.views if v["method"] == "open"]
    [interests] = [b["element"]["initial_value"] for b in opened["blocks"] if b.get("block_id") == "interests"]
    assert interests.startswith("000 xxx") and interests.count(", ") == 19 and len(interests) <= 3000


def test_an_intro_between_people_with_the_longest_names_titles_and_interests_is_delivered(running_app, rounds_on,
                                                                                       slack, services):
    with services.uow() as uow:
        for i, function in enumerate(("Sales & <Ops>", "R&D <Labs>")):
            uow.session.add(Person(
                email=f"long{i}@acme.test", slack_id=f"ULONG{i}", name=f"{i} {LONG_NAME}"[:200],
                title=("Principal <Staff> & Lead " * 10)[:200], function=(function + " " + LONG_GROUP)[:100],
                region=(f"{i} " + LONG_GROUP)[:100], level=3, timezone="UTC",
                skills=[f"skill & <{k}> " * 5 for k in range(20)],
                interests=[f"chess & <go> {k} " * 5 for k in range(20)]))
            slack.add_user(f"ULONG{i}", f"long{i}@acme.test", LONG_NAME)
        uow.commit()
    run_scheduled_round(services, MONDAY_9)
    with freeze_time(MONDAY_9):
        running_app.deliver()
    [intro] = [m for channel, messages in slack.messages.items() if channel.startswith("G") for m in messages]
    assert "Meet your intro for this week" in intro["text"]
