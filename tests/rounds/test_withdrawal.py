"""Dropping out after the round was made: no intro to them, and their partner is not left stranded.

Rounds are made the day before (the preview lead); everyone here works in New York, so
intros go out on Monday at 09:00 there (14:00 UTC).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from storage.models import Intro, IntroMember, LeftOutRecord
from tests.rounds.conftest import MONDAY_9, group_dms

NY = "America/New_York"
PREPARED = MONDAY_9 - timedelta(hours=23)  # Sunday 10:00 UTC: the round is made and queued
SUNDAY_NOON = MONDAY_9 - timedelta(hours=21)
NY_9 = datetime(2026, 11, 30, 14, tzinfo=UTC)  # Monday 09:00 in New York
LATER = NY_9 + timedelta(days=1)


def prepare(running_app, org, people):
    for email, function, region, columns in people:
        org.add(email, function, region, tz=NY, **columns)
    with freeze_time(PREPARED):
        run_due(running_app.services)
    return groups_by_email(running_app, org)


def groups_by_email(running_app, org):
    emails = {pid: e for e, pid in org.people.items()}
    with running_app.services.uow() as uow:
        rows = uow.session.execute(select(IntroMember.intro_id, IntroMember.person_id).order_by(IntroMember.id))
        groups: dict[int, list[str]] = {}
        for intro_id, person_id in rows:
            groups.setdefault(intro_id, []).append(emails[person_id])
    return sorted(sorted(g) for g in groups.values())


def command(running_app, org, email, text, at=SUNDAY_NOON):
    with freeze_time(at):
        reply = running_app.slack.command("/networking", text, user_id=org.slack_ids[email])
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    return reply.json["text"]


def deliver(running_app, at):
    with freeze_time(at):
        running_app.deliver()


def dms_to(slack, org, email):
    return [p for p in slack.posted() if p["channel"] == "D" + org.slack_ids[email]]


def channels(slack, org, *emails):
    return "G" + "-".join(sorted(org.slack_ids[e] for e in emails))


def assert_nothing_sent_twice(slack):
    counts = Counter((p["channel"], p.get("text")) for p in slack.posted())
    assert [k for k, n in counts.items() if n > 1] == []


def four():
    return [("ana@acme.test", "Sales", "EMEA", {}), ("ben@acme.test", "Engineering", "APAC", {}),
            ("cy@acme.test", "Finance", "AMER", {}), ("dee@acme.test", "Legal", "EMEA", {})]


def test_a_pause_after_the_round_was_made_means_no_intro_for_them_and_a_plain_answer(running_app, rounds_on, org,
                                                                                      slack):
    [[a, b]] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                          ("ben@acme.test", "Engineering", "APAC", {})])
    answer = command(running_app, org, a, "pause 2w")
    assert "no intros until 2026-12-13" in answer
    assert "This week's intro had not been sent yet, so I've withdrawn it" in answer
    for moment in (NY_9, LATER):
        deliver(running_app, moment)
    assert group_dms(slack) == []
    assert "withdrawn" in command(running_app, org, a, "why", at=LATER)
    assert_nothing_sent_twice(slack)


def test_a_pause_ending_before_the_round_keeps_the_intro(running_app, rounds_on, org, slack):
    [[a, b]] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                          ("ben@acme.test", "Engineering", "APAC", {})])
    answer = command(running_app, org, a, "pause 2026-11-30")
    assert "withdrawn" not in answer
    deliver(running_app, NY_9)
    assert [m["channel"] for m in group_dms(slack)] == [channels(slack, org, a, b)]


def test_an_opt_out_after_the_round_was_made_withdraws_the_intro_too(running_app, rounds_on, org, slack):
    [[a, b]] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                          ("ben@acme.test", "Engineering", "APAC", {})])
    answer = command(running_app, org, b, "opt-out")
    assert "You've opted out" in answer and "withdrawn" in answer
    deliver(running_app, LATER)
    assert group_dms(slack) == []
    assert "opted out of intros after this round was made" in command(running_app, org, b, "why", at=LATER)


def test_the_partner_left_behind_is_re_paired_with_someone_else_left_without_one(running_app, rounds_on, org,
                                                                                 slack):
    [[a, b], [c, d]] = prepare(running_app, org, four())
    command(running_app, org, a, "pause 2w")  # b is left alone: nobody is free yet
    command(running_app, org, c, "opt-out")  # d is left alone too, and b is free: they meet
    deliver(running_app, NY_9 - timedelta(minutes=1))
    assert slack.posted() == []
    deliver(running_app, NY_9)
    deliver(running_app, LATER)
    assert [m["channel"] for m in group_dms(slack)] == [channels(slack, org, b, d)]
    assert dms_to(slack, org, b) == [] and dms_to(slack, org, d) == []  # no "nobody was free" note after all
    assert "you were matched with" in command(running_app, org, b, "why", at=LATER)
    with running_app.services.uow() as uow:
        codes = {r.person_id: r.code for r in uow.session.scalars(select(LeftOutRecord))}
    assert codes == {org.people[a]: "paused", org.people[c]: "not_opted_in"}
    assert_nothing_sent_twice(slack)


def test_the_re_pairing_respects_the_engine_s_rules(running_app, rounds_on, org, slack):
    boss = org.add("boss@acme.test", "Sales", "EMEA", tz=NY, level=6)
    org.add("rep@acme.test", "Sales", "EMEA", tz=NY, manager_id=boss)
    org.add("cy@acme.test", "Finance", "AMER", tz=NY, level=5)
    with freeze_time(PREPARED):
        run_due(running_app.services)
    [[x, y]] = groups_by_email(running_app, org)
    assert "cy@acme.test" in (x, y)
    alone = y if x == "cy@acme.test" else x  # the other of boss and report was left out: not a valid partner
    command(running_app, org, "cy@acme.test", "pause 1w")
    deliver(running_app, LATER)
    assert group_dms(slack) == []
    [note] = dms_to(slack, org, alone)
    assert "your partner can't make it this week" in note["text"]
    assert "partner can't make it this week and nobody else was free" in command(running_app, org, alone, "why",
                                                                                 at=LATER)


def test_nobody_free_means_a_kind_dm_at_their_local_hour_and_priority_next_round(running_app, rounds_on, org, slack):
    [[a, b]] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                          ("ben@acme.test", "Engineering", "APAC", {})])
    command(running_app, org, a, "pause 1w")
    deliver(running_app, NY_9 - timedelta(minutes=1))
    assert dms_to(slack, org, b) == []
    deliver(running_app, NY_9)
    deliver(running_app, LATER)
    [note] = dms_to(slack, org, b)
    assert "nobody else was free" in note["text"] and "priority" in note["text"]
    assert "Your partner can't make it this week and nobody else was free" in command(running_app, org, b, "why",
                                                                                      at=LATER)
    with running_app.services.uow() as uow:
        from bot.use_cases.rounds.participants import load_history

        history = load_history(uow.session, (MONDAY_9 + timedelta(weeks=1)).date())
    assert org.people[b] in history.left_out_last_round
    assert_nothing_sent_twice(slack)


def test_a_trio_losing_one_still_sends_the_pair_its_intro(running_app, rounds_on, org, slack):
    [trio] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                        ("ben@acme.test", "Engineering", "APAC", {}),
                                        ("cy@acme.test", "Finance", "AMER", {})])
    assert len(trio) == 3
    command(running_app, org, trio[0], "pause 2w")
    deliver(running_app, NY_9)
    deliver(running_app, LATER)
    [intro] = group_dms(slack)
    assert intro["channel"] == channels(slack, org, trio[1], trio[2])
    assert "All three" not in intro["text"] and org.slack_ids[trio[0]] not in intro["text"]
    with running_app.services.uow() as uow:
        assert [i.trio for i in uow.session.scalars(select(Intro))] == [False]
    assert_nothing_sent_twice(slack)


def test_someone_leaving_hands_their_partner_to_someone_left_alone(running_app, rounds_on, org, slack):
    [[a, b], [c, d]] = prepare(running_app, org, four())
    command(running_app, org, a, "pause 2w")
    running_app.slack.event({"type": "user_change", "user": {"id": org.slack_ids[c], "deleted": True,
                                                             "profile": {"email": c}}})
    deliver(running_app, LATER)
    assert [m["channel"] for m in group_dms(slack)] == [channels(slack, org, b, d)]
    assert_nothing_sent_twice(slack)


def test_a_round_awaiting_approval_tells_the_partner_left_alone_once_approved(running_app, rounds_on, org, slack):
    from tests.rounds.conftest import set_round_settings
    from tests.rounds.test_approval import click, preview_token

    set_round_settings(running_app.services, approval_required=True)
    [[a, b]] = prepare(running_app, org, [("ana@acme.test", "Sales", "EMEA", {}),
                                          ("ben@acme.test", "Engineering", "APAC", {})])
    deliver(running_app, PREPARED)  # the CNO's preview
    command(running_app, org, a, "pause 2w")
    click(running_app, "round_approve", preview_token(slack)["round_approve"], at=SUNDAY_NOON + timedelta(hours=1))
    deliver(running_app, LATER)
    assert group_dms(slack) == []
    [note] = dms_to(slack, org, b)
    assert "nobody else was free" in note["text"]
    assert_nothing_sent_twice(slack)
