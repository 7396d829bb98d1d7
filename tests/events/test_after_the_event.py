"""After the event: "who did you meet?" answers become ties; the CNO gets the result; figures for the report."""

from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.events.results import event_figures
from storage.models import Interaction
from tests.events.conftest import CNO, click, create_event, dm, text_of

CREATED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # 14:00 in Paris, for 90 minutes
ENDED = START + timedelta(minutes=90)


def _met(running_app, event_id, user, chosen):
    return running_app.slack.action(
        "event_met_people", user_id=user, channel_id=f"D{user}", block_id=f"event_met:{event_id}",
        action={"type": "multi_users_select", "selected_users": chosen, "action_ts": f"{len(chosen)}.{user}"},
    )


def _event_ties(services):
    with services.uow() as uow:
        rows = uow.session.execute(
            select(Interaction.a_id, Interaction.b_id, Interaction.kind, Interaction.source, Interaction.occurred_on)
            .where(Interaction.source == "event")
        ).all()
        return {(a, b): (kind, source, on) for a, b, kind, source, on in rows}


def _held_event(running_app, org, services):
    """Four people going (Sales/EMEA, IT/EMEA, Legal/APAC, Sales/APAC), one not; the event has ended."""
    ids = {
        "U1": org.add("U1", function="Sales", region="EMEA"),
        "U2": org.add("U2", function="IT", region="EMEA"),
        "U3": org.add("U3", function="Legal", region="APAC"),
        "U4": org.add("U4", function="Sales", region="APAC"),
        "U5": org.add("U5", function="HR", region="AMER"),
    }
    org.tie(ids["U1"], ids["U2"], on=date(2026, 6, 1))  # they knew each other already
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris", duration="90")
        for user in ("U1", "U2", "U3", "U4"):
            click(running_app, "rsvp_going", event_id, user)
    with freeze_time(ENDED - timedelta(minutes=1)):
        run_due(services, ENDED - timedelta(minutes=1))
    with freeze_time(ENDED):
        run_due(services, ENDED)
        running_app.deliver()
    return event_id, ids


def test_everyone_who_went_is_asked_who_they_met_once_the_event_is_over(running_app, org, services, slack):
    event_id, _ = _held_event(running_app, org, services)
    for user in ("U1", "U2", "U3", "U4"):
        question = dm(slack, user)[-1]
        assert "Who did you meet" in text_of(question)
        selects = [e for b in question["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert selects[0]["type"] == "multi_users_select" and selects[0]["action_id"] == "event_met_people"
    assert len(dm(slack, "U5")) == 1  # only the invitation
    with freeze_time(ENDED + timedelta(minutes=1)):
        run_due(services, ENDED + timedelta(minutes=1))
        running_app.deliver()
    assert len(dm(slack, "U1")) == 2  # asked once


def test_who_did_you_meet_answers_become_event_ties_on_the_event_day(running_app, org, services, slack):
    event_id, ids = _held_event(running_app, org, services)
    with freeze_time(ENDED + timedelta(hours=2)):
        _met(running_app, event_id, "U1", ["U2", "U3", "U1", "UNKNOWN"])
        _met(running_app, event_id, "U3", ["U1"])  # the same tie, reported from the other side
        running_app.deliver()
    day = date(2026, 12, 3)
    pair = lambda x, y: tuple(sorted((ids[x], ids[y])))  # noqa: E731
    assert _event_ties(services) == {
        pair("U1", "U2"): ("event", "event", day),
        pair("U1", "U3"): ("event", "event", day),
    }
    thanks = dm(slack, "U1")[-1]  # the question itself now says thanks, with the choice kept
    assert "Thanks! You met <@U2>, <@U3>" in text_of(thanks)
    assert "UNKNOWN" in slack.responses[-1]["text"]

    with freeze_time(ENDED + timedelta(hours=3)):
        _met(running_app, event_id, "U1", ["U3"])  # U1 takes U2 back
    assert set(_event_ties(services)) == {pair("U1", "U3")}
    with freeze_time(ENDED + timedelta(hours=4)):
        _met(running_app, event_id, "U1", [])  # U3 still says they met U1
    assert set(_event_ties(services)) == {pair("U1", "U3")}


def test_the_cno_gets_the_result_and_the_report_gets_the_figures(running_app, org, services, slack):
    event_id, ids = _held_event(running_app, org, services)
    with freeze_time(ENDED + timedelta(hours=2)):
        _met(running_app, event_id, "U1", ["U2", "U3"])
        _met(running_app, event_id, "U4", ["U2"])
        running_app.slack.action("event_not_attended", value=str(event_id), user_id="U3", channel_id="DU3",
                                 block_id=f"event_met:{event_id}", action={"action_ts": "9.1"})
    with freeze_time(ENDED + timedelta(days=2) - timedelta(minutes=1)):
        run_due(services, ENDED + timedelta(days=2) - timedelta(minutes=1))
        running_app.deliver()
    assert not any("Result" in text_of(m) for m in dm(slack, CNO))
    with freeze_time(ENDED + timedelta(days=2)):
        run_due(services, ENDED + timedelta(days=2))
        run_due(services, ENDED + timedelta(days=2, minutes=1))
        running_app.deliver()
    results = [m for m in dm(slack, CNO) if "Result" in text_of(m)]
    assert len(results) == 1
    fields = [f["text"] for b in results[0]["blocks"] if b["type"] == "section" for f in b.get("fields", [])]
    assert "*Going*\n4" in fields
    assert "*Came (said who they met)*\n2 · 1 couldn't make it" in fields
    assert "*Ties made*\n3 (2 new)" in fields  # U1-U2 knew each other before
    assert "*Across functions*\n100% of ties" in fields
    assert "*Across regions*\n67% of ties" in fields  # U1-U2 are both EMEA

    with services.uow() as uow:
        figures = event_figures(uow.session, since=date(2026, 12, 1))
        assert (figures.events, figures.invited, figures.going, figures.attended) == (1, 5, 4, 2)
        assert (figures.ties.ties, figures.ties.new_ties) == (3, 2)
        assert round(figures.ties.cross_region_share, 2) == 0.67
        assert event_figures(uow.session, since=date(2026, 12, 4)).events == 0


def test_the_cno_report_has_an_events_section(running_app, org, services, slack):
    event_id, _ = _held_event(running_app, org, services)
    with freeze_time(ENDED + timedelta(hours=2)):
        _met(running_app, event_id, "U1", ["U2", "U3"])
    with freeze_time(ENDED + timedelta(days=3)):
        reply = running_app.slack.command("/cno-report", "", user_id=CNO, channel_id="C1")
        assert reply.status == 200
        running_app.deliver()
    [report] = [m for m in dm(slack, CNO) if "Networking report" in m["text"]]
    assert "1 event, 5 people invited, 4 going, 1 said whom they met." in report["text"]
    assert "Ties made at events: 2 (1 new), 100% across functions, 50% across regions." in report["text"]
