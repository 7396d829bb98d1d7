"""Quiet participants: three intros in a row without an answer pause a person, kindly, until they resume."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.rounds.making import run_scheduled_round
from bot.use_cases.rounds.quiet import quiet_paused_count
from storage.models import Intro, IntroMember, LeftOutRecord, Round
from tests.rounds.conftest import MONDAY_9

CLICKS = count()


def week(n):
    return MONDAY_9 + timedelta(weeks=n)


def play_week(running_app, org, n, answers):
    """Round ``n``: intros out, then the follow-up, then each email in ``answers`` clicks its answer."""
    services = running_app.services
    round_ = run_scheduled_round(services, week(n))
    with freeze_time(week(n)):
        running_app.deliver()
    with freeze_time(week(n) + timedelta(days=4, minutes=1)):
        run_due(services)
        running_app.deliver()
    with services.uow() as uow:
        members = {m.person_id: m.id for m in uow.session.scalars(
            select(IntroMember).join(Intro).where(Intro.round_id == round_.id))}
    for email, action in answers.items():
        person_id = org.people[email]
        if person_id not in members:
            continue
        with freeze_time(week(n) + timedelta(days=4, hours=1, seconds=next(CLICKS))):
            running_app.slack.action(action, value=str(members[person_id]), user_id=org.slack_ids[email])
    return round_


def left_out_codes(services, period):
    with services.uow() as uow:
        round_id = uow.session.scalar(select(Round.id).where(Round.period == period))
        return {r.person_id: r.code for r in uow.session.scalars(
            select(LeftOutRecord).where(LeftOutRecord.round_id == round_id))}


def test_a_person_silent_for_three_rounds_is_paused_told_and_matched_again_after_resuming(
        running_app, rounds_on, org, slack):
    emails = org.add_many(8)
    quiet = emails[0]
    others_say_not_met = {e: "intro_not_met" for e in emails[1:]}
    for n in range(3):
        play_week(running_app, org, n, others_say_not_met)
        with running_app.services.uow() as uow:
            assert quiet_paused_count(uow.session) == 0

    fourth = play_week(running_app, org, 3, others_say_not_met)
    quiet_id = org.people[quiet]
    assert left_out_codes(running_app.services, fourth.period)[quiet_id] == "quiet_paused"
    with running_app.services.uow() as uow:
        assert quiet_paused_count(uow.session) == 1
    note = slack.messages[f"D{org.slack_ids[quiet]}"]
    told = [m for m in note if "paused your intros" in m["text"]]
    assert len(told) == 1
    assert "networking_resume" in str(told[0]["blocks"])
    with freeze_time(week(3) + timedelta(days=5)):
        why = running_app.slack.command("/networking", "why", user_id=org.slack_ids[quiet]).json["text"]
    assert "paused automatically after several intros without an answer" in why

    with freeze_time(week(3) + timedelta(days=5)):
        reply = running_app.slack.action("networking_resume", value="resume", user_id=org.slack_ids[quiet])
        assert reply.status == 200
    with running_app.services.uow() as uow:
        assert quiet_paused_count(uow.session) == 0
    fifth = run_scheduled_round(running_app.services, week(4))
    assert quiet_id not in left_out_codes(running_app.services, fifth.period)
    with running_app.services.uow() as uow:
        matched = set(uow.session.scalars(
            select(IntroMember.person_id).join(Intro).where(Intro.round_id == fifth.id)))
    assert quiet_id in matched


def test_a_partner_s_we_met_shows_the_person_took_part(running_app, rounds_on, org):
    emails = org.add_many(8)
    quiet = emails[0]
    everyone_else_met = {e: "intro_met" for e in emails[1:]}
    for n in range(3):
        play_week(running_app, org, n, everyone_else_met)
    fourth = run_scheduled_round(running_app.services, week(3))
    assert org.people[quiet] not in left_out_codes(running_app.services, fourth.period)


def test_answering_resets_the_count(running_app, rounds_on, org):
    emails = org.add_many(8)
    quiet = emails[0]
    not_met = {e: "intro_not_met" for e in emails[1:]}
    play_week(running_app, org, 0, not_met)
    play_week(running_app, org, 1, {**not_met, quiet: "intro_not_met"})
    play_week(running_app, org, 2, not_met)
    fourth = run_scheduled_round(running_app.services, week(3))
    assert org.people[quiet] not in left_out_codes(running_app.services, fourth.period)


def test_resume_in_the_quiet_pause_note_replaces_the_note_with_the_answer(running_app, rounds_on, org, slack):
    from storage.models import QuietPause

    org.add("ana@acme.test")
    with running_app.services.uow() as uow:
        uow.session.add(QuietPause(person_id=org.people["ana@acme.test"], paused_at=week(0), silent_rounds=3))
        uow.commit()
    with freeze_time(week(0)):
        reply = running_app.slack.action("networking_resume", value="resume", user_id="U001", channel_id="DU001",
                                         message_ts="1700000000.000100")
    assert reply.status == 200
    [answer] = slack.responses
    assert answer["replace_original"] is True
    assert answer["text"] == "Welcome back: you're in the next round."
    with running_app.services.uow() as uow:
        assert quiet_paused_count(uow.session) == 0
