"""Events at their largest still reach the CNO: seating plans, results, the list and the modal, as the real Slack
checks them (the strict stand-in refuses anything over a Block Kit limit, and the ``slack`` fixture fails the test)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import update

from bot.use_cases.events.after import send_due_results
from storage.models import Event, Invitation, Person
from storage.models.events import DONE, GOING
from tests.events.conftest import CNO, create_event, dm, form_state, text_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
#: The longest values the database holds (people.function and .region: 100; events.title: 150), full of
#: characters Slack's mrkdwn escapes (each '&' becomes '&amp;').
LONG_FUNCTION = ("R&D " * 25)[:100]
LONG_TITLE = ("Lunch & learn <all> " * 8)[:150]


def _going(services, event_id: int, people: int, functions: int, regions: int, long_names: bool = False) -> None:
    """``people`` going to the event, over ``functions`` functions and ``regions`` regions."""
    with services.uow() as uow:
        session = uow.session
        def named(prefix: str, n: int) -> str:
            return (f"{n:03d} " + LONG_FUNCTION)[:100] if long_names else f"{prefix} {n}"

        rows = [
            Person(email=f"g{i}@acme.test", slack_id=f"UG{i:05d}", name=f"Going {i}",
                   function=named("Function", i % functions), region=named("Region", i % regions),
                   level=3, timezone="Europe/Paris")
            for i in range(people)
        ]
        session.add_all(rows)
        session.flush()
        session.add_all(Invitation(event_id=event_id, person_id=p.id, status=GOING) for p in rows)
        uow.commit()


@freeze_time(NOW)
def test_tables_for_1200_people_going_reach_the_cno_in_parts_with_everyone_seated_once(running_app, org, slack,
                                                                                        services):
    org.add("U1")
    event_id = create_event(running_app, queue=False, title=LONG_TITLE)
    _going(services, event_id, 1200, functions=150, regions=120, long_names=True)
    reply = running_app.slack.command("/cno-event", f"tables {event_id} 6", user_id=CNO)
    assert reply.status == 200
    assert "at 200 table(s)" in slack.wait_for_response()[-1]["text"]
    running_app.deliver()
    plan = [m for m in dm(slack, CNO) if "Tables for" in text_of(m)]
    assert len(plan) > 1 and all(len(m["blocks"]) <= 50 for m in plan)
    assert "The plan comes in" in plan[0]["blocks"][0]["text"]["text"]
    assert f"part {len(plan)} of {len(plan)}" in plan[-1]["blocks"][0]["text"]["text"]
    seated = [mention for m in plan for b in m["blocks"][1:] for mention in b["text"]["text"].split("<@")[1:]]
    assert len(seated) == 1200 and len({s.split(">")[0] for s in seated}) == 1200


@freeze_time(NOW)
def test_a_table_of_twenty_with_the_longest_names_is_carried_on_in_a_second_section(running_app, org, slack,
                                                                                    services):
    org.add("U1")
    event_id = create_event(running_app, queue=False)
    _going(services, event_id, 20, functions=20, regions=20, long_names=True)
    running_app.slack.command("/cno-event", f"tables {event_id} 20", user_id=CNO)
    running_app.deliver()
    [plan] = [m for m in dm(slack, CNO) if "Tables for" in text_of(m)]
    texts = [b["text"]["text"] for b in plan["blocks"][1:]]
    assert len(texts) >= 2 and "*Table 1, continued*" in texts[1]
    assert sum(t.count("<@") for t in texts) == 20


def test_a_table_size_no_table_has_is_refused_with_the_range(running_app, org, slack):
    for size in ("90", "1"):
        reply = running_app.slack.command("/cno-event", f"tables 1 {size}", user_id=CNO)
        assert reply.json["text"] == "A table seats 2 to 20 people, e.g. `/cno-event tables 1 6`."


@freeze_time(NOW)
def test_the_result_of_an_event_with_150_functions_and_120_regions_going_reaches_the_cno(running_app, org, slack,
                                                                                         services):
    org.add("U1")
    event_id = create_event(running_app, queue=False, title=LONG_TITLE)
    _going(services, event_id, 750, functions=150, regions=120, long_names=True)
    with services.uow() as uow:
        uow.session.execute(update(Event).where(Event.id == event_id)
                            .values(status=DONE, starts_at=NOW - timedelta(days=3)))
        uow.commit()
    assert send_due_results(services, NOW) == 1
    running_app.deliver()
    [result] = [m for m in dm(slack, CNO) if m["blocks"] and m["blocks"][0]["type"] == "header"]
    header = result["blocks"][0]["text"]["text"]
    assert len(header) <= 150 and header.startswith("Result: Lunch & learn")
    by_function, by_region = (e["text"] for e in result["blocks"][-1]["elements"])
    assert "…and 140 more (700 people)" in by_function  # 150 functions of 5: ten named, the rest summed up
    assert "…and 110 more (" in by_region


@freeze_time(NOW)
def test_the_event_list_confirms_a_cancel_of_the_longest_title_within_300_characters(running_app, org, slack):
    org.add("U1")
    create_event(running_app, title=LONG_TITLE)
    reply = running_app.slack.command("/cno-event", "list", user_id=CNO)
    [cancel] = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "event_cancel"]
    confirm = cancel["confirm"]["text"]["text"]
    assert len(confirm) <= 300 and confirm.startswith("Everyone invited to *Lunch &amp; learn")


@freeze_time(NOW)
def test_the_edit_modal_opens_after_a_function_in_the_saved_audience_was_renamed(running_app, org, slack, services):
    org.add("U1", function="Sales")
    org.add("U2", function="IT")
    event_id = create_event(running_app, functions=("Sales", "IT"))
    with services.uow() as uow:
        uow.session.execute(update(Person).where(Person.function == "Sales").values(function="Commercial"))
        uow.commit()
    running_app.slack.action("event_edit", value=str(event_id), user_id=CNO)
    [opened] = [v["view"] for v in slack.views if v["method"] == "open"]
    [functions] = [b["element"] for b in opened["blocks"] if b.get("block_id") == "audience_functions"]
    assert [o["value"] for o in functions["initial_options"]] == ["Sales", "IT"]
    assert {"Commercial", "Sales", "IT"} <= {o["value"] for o in functions["options"]}


@freeze_time(NOW)
def test_the_audience_line_names_three_teams_and_counts_the_rest_when_150_are_chosen(running_app, org, slack):
    teams = tuple(f"{i:03d} " + ("Platform & <Data> " * 12)[:190] for i in range(150))
    for i, team in enumerate(teams):
        org.add(f"U{i:03d}", team=team)
    reply = running_app.slack.interactive({
        "type": "block_actions", "team": {"id": "T1"}, "user": {"id": CNO}, "api_app_id": "A1",
        "trigger_id": "trigger-teams", "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "hash": "h1", "type": "modal", "callback_id": "cno_event_create",
                 "private_metadata": "", "state": {"values": form_state(teams=teams)}},
        "actions": [{"type": "multi_external_select", "action_id": "event_audience_teams", "block_id": "b",
                     "action_ts": "1.000001"}],
    })
    assert reply.status == 200
    [updated] = [v["view"] for v in slack.views if v["method"] == "update"]
    [count] = [b["text"]["text"] for b in updated["blocks"] if b.get("block_id") == "audience_count"]
    assert "or 147 more teams" in count and "*150 people* will get the invitation" in count
    assert "&lt;Data&gt;" in count and len(json.dumps(count)) < 3000


@freeze_time(NOW)
def test_an_invitation_with_the_longest_title_description_and_place_reaches_everyone(running_app, org, slack):
    org.add("U1")
    create_event(running_app, title=LONG_TITLE, description=("Bring <questions> & ideas. " * 100)[:2500],
                 place=("Room <4> & https://meet.example.com/x?a=1&b=2 " * 12)[:500])
    running_app.deliver()
    [invite] = dm(slack, "U1")
    assert invite["blocks"][0]["text"]["text"].startswith("Lunch & learn") or "Lunch &amp; learn" in text_of(invite)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in invite["blocks"])
