"""Erasure: `cno forget` and `/networking forget-me` leave no trace of the person, and totals still add up."""

import json
import re
from datetime import date, timedelta

from sqlalchemy import inspect, select, text

from bot.jobs import run_due
from bot.outbox import enqueue
from bot.use_cases.reports.snapshots import take_snapshot
from storage.models import (
    Interaction,
    MentoringOffer,
    MentoringRelationship,
    MentoringRequest,
    OrgSnapshot,
    Person,
    TeamSnapshot,
)
from storage.models.base import utcnow
from storage.reach import iso_week
from tests.lifecycle.conftest import email, round_now
from tests.lifecycle.test_leaving import choose, deleted, picker_block, posted_to

SAM = ("sam@acme.test", "Sam Okafor", "USAM")


def traces(engine, identifiers, first_name=None):
    """Every (table, column) whose stored value mentions one of the identifiers, in any table."""
    found = []
    words = [re.escape(i) for i in identifiers] + ([rf"\b{re.escape(first_name)}\b"] if first_name else [])
    pattern = re.compile("|".join(words), re.IGNORECASE)
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            result = connection.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if value is None or isinstance(value, bytes | memoryview):
                        continue
                    shown = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
                    if pattern.search(shown):
                        found.append((table, column, shown[:120]))
    return found


def mentoring_with_sam(session, org):
    """Sam mentors Liz, was asked to mentor Tara, and asked for a mentor himself (Hal was asked)."""
    from tests.lifecycle.test_leaving_mentoring import offer, request

    liz = request(session, org["liz"])
    session.add(MentoringRelationship(kind="mentoring", mentor_id=org["sam"], mentee_id=org["liz"],
                                      request_id=liz.id, status="active"))
    tara = request(session, org["tara"], topic="public speaking", status="offered")
    offer(session, tara.id, org["sam"])
    enqueue(session, "mentoring:offer:900:dm", text="Tara Quinn asks: would you mentor her?", users=["USAM"])
    sams = request(session, org["sam"], topic="finance", status="offered")
    offer(session, sams.id, org["hal"])
    enqueue(session, "mentoring:offer:901:dm", text="Sam asks for a mentor on finance", users=["UHAL"])
    return tara.id


def events_and_pauses_with_sam(session, org):
    """Sam was invited to a past event where Tim met him, and was paused for silence once."""
    from storage.models import Event, EventTie, Invitation, QuietPause

    event = Event(title="Breakfast with Sam Okafor", starts_at=utcnow() - timedelta(days=10), created_by="UDANA",
                  status="done")
    session.add(event)
    session.flush()
    session.add(Invitation(event_id=event.id, person_id=org["sam"], status="going", attended=True))
    session.add(Invitation(event_id=event.id, person_id=org["tim"], status="going", attended=True))
    session.add(EventTie(event_id=event.id, reporter_id=org["tim"], met_id=org["sam"]))
    session.add(QuietPause(person_id=org["sam"], resumed_at=utcnow()))


def snapshot_rows(engine):
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(*OrgSnapshot.__table__.c))]


def a_history_with_sam(running_app, slack, services, org):
    with services.uow() as uow:
        session = uow.session
        session.get(Person, org["hal"]).preferences = {"do_not_match": [email("sam"), email("tim")]}
        low, high = Interaction.ordered(org["tim"], org["hal"])
        session.add(Interaction(a_id=low, b_id=high, kind="meeting", occurred_on=date(2026, 3, 1),
                                note="lunch with Sam Okafor and Tim"))
        session.add(TeamSnapshot(week="2026-W40", week_start=date(2026, 9, 28), manager_id=org["mia"], team_size=2,
                                 first_degree=3, second_degree=4, org_size=11))
        enqueue(session, "test:pending-to-sam", text="Your intro is coming", users=["USAM"])
        enqueue(session, "test:pending-about-sam", text="Have you met Sam Okafor?", users=["UHAL"])
        enqueue(session, "test:pending-unrelated", text="Have you met Tim?", users=["UHAL"])
        take_snapshot(session, iso_week(utcnow().date() - timedelta(days=7)))
        mentoring_with_sam(session, org)
        events_and_pauses_with_sam(session, org)
        uow.commit()
    introduced, _ = round_now(services)  # Sam is introduced to someone in a regular round
    assert org["sam"] in introduced
    running_app.deliver()
    running_app.slack.event(deleted("ULEO", email("leo")))  # Leo's handover lists Sam as a contact
    run_due(services)
    running_app.slack.event(deleted("USAM", email("sam")))
    run_due(services)
    running_app.deliver()
    choose(running_app, "UMIA", picker_block(posted_to(slack, "DUMIA")[0]), "USUE")
    running_app.deliver()
    running_app.slack.command("/networking", "help", user_id="USAM")


def test_cno_forget_leaves_no_trace_in_any_table_while_organisation_totals_still_add_up(
    running_app, slack, services, org, engine, cno, tmp_path
):
    a_history_with_sam(running_app, slack, services, org)
    assert traces(engine, SAM, "Sam")  # the history does mention him
    before = snapshot_rows(engine)

    run = cno("forget", "SAM@acme.test", "--yes")

    assert run.code == 0, run.err
    assert run.out.startswith("erased SAM@acme.test: 4 tie(s)")
    assert traces(engine, SAM, "Sam") == []
    report = cno("report", "org", "--html", str(tmp_path / "org.html"))
    team = cno("report", "team", email("mia"))
    assert report.code == 0 and team.code == 0, report.err + team.err
    shown = report.out + (tmp_path / "org.html").read_text() + team.out
    assert not re.search(r"sam@acme\.test|Sam Okafor|USAM|\bSam\b", shown)
    with services.uow() as uow:
        session = uow.session
        snapshot = session.scalar(select(OrgSnapshot))
        reach = snapshot.figures["reach"]
        assert snapshot.people == 11 == reach["people"] == sum(reach["histogram"]["counts"])  # totals add up
    assert snapshot_rows(engine) == before  # the weekly history is kept as it was
    with services.uow() as uow:
        session = uow.session
        assert session.scalar(select(TeamSnapshot.team_size)) == 2
        assert session.get(Person, org["hal"]).preferences == {"do_not_match": [email("tim")]}
        assert len(session.scalars(select(Person)).all()) == 10
        tim_hal = session.scalar(select(Interaction).where(Interaction.note != ""))
        assert tim_hal.note == "lunch with [erased] and Tim"
        assert session.scalar(text("SELECT count(*) FROM outbox WHERE key = 'test:pending-unrelated'")) == 1


def test_forget_me_asks_first_and_then_erases_the_person_who_asked(running_app, slack, services, org, engine):
    reply = running_app.slack.command("/networking", "forget-me", user_id="USAM")
    assert reply.json["response_type"] == "ephemeral"
    buttons = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["action_id"] == "forget_me_confirm" and "confirm" in buttons[0]
    with services.uow() as uow:
        assert uow.session.get(Person, org["sam"]) is not None  # nothing happens before the click

    running_app.slack.action("forget_me_confirm", value="forget-me", user_id="USAM")

    assert "Done" in slack.wait_for_response()[-1]["text"]
    assert traces(engine, SAM) == []
    running_app.slack.action("forget_me_confirm", value="forget-me", user_id="USAM")
    assert slack.wait_for_response(2)[-1]["text"] == "I hold nothing about you."


def test_forgetting_someone_still_here_passes_on_what_others_wait_for_without_a_word(
    running_app, slack, services, org, engine, cno
):
    with services.uow() as uow:
        tara_request = mentoring_with_sam(uow.session, org)
        uow.commit()
    running_app.deliver()

    assert cno("forget", email("sam"), "--yes").code == 0
    run_due(services)
    running_app.deliver()

    assert traces(engine, SAM, "Sam") == []
    with services.uow() as uow:
        s = uow.session
        assert s.get(MentoringRequest, tara_request).status in ("offered", "unfulfilled")
        assert s.scalars(select(MentoringRelationship)).all() == []
        assert {o.candidate_id for o in s.scalars(select(MentoringOffer))} <= {org[k] for k in org if k != "sam"}
    assert all("Sam" not in text_of_message(p) for p in slack.posted()[-5:] if p["channel"] == "DULIZ")


def text_of_message(message):
    return message["text"] + json.dumps(message.get("blocks") or [], ensure_ascii=False)


def test_forgetting_a_manager_keeps_their_teams_figures_anonymous(services, org, engine, cno):
    with services.uow() as uow:
        uow.session.add(TeamSnapshot(week="2026-W40", week_start=date(2026, 9, 28), manager_id=org["mia"],
                                     team_size=2, first_degree=3, second_degree=4, org_size=11))
        uow.commit()
    assert cno("forget", email("mia"), "--yes").code == 0
    assert traces(engine, ("mia@acme.test", "Mia Rossi", "UMIA")) == []
    with services.uow() as uow:
        snapshot = uow.session.scalar(select(TeamSnapshot))
        assert (snapshot.manager_id, snapshot.team_size, snapshot.second_degree) == (None, 2, 4)
        assert uow.session.get(Person, org["sam"]).manager_id is None


def test_forgetting_someone_unknown_is_one_line_on_stderr(cno, org):
    run = cno("forget", "nobody@acme.test", "--yes")
    assert (run.code, run.out, run.err) == (1, "", "cno: No person with email 'nobody@acme.test'\n")
