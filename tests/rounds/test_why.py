"""`/networking why`: the right plain-words reason in each case, over HTTP."""

from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time

from bot.use_cases.rounds.making import run_scheduled_round
from tests.rounds.conftest import MONDAY_9


def why(running_app, org, email, at=MONDAY_9 + timedelta(hours=2)):
    with freeze_time(at):
        reply = running_app.slack.command("/networking", "why", user_id=org.slack_ids[email])
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    return reply.json["text"]


def test_before_any_round_it_says_so_and_when_the_next_is(running_app, rounds_on, org):
    org.add("ana@acme.test")
    text = why(running_app, org, "ana@acme.test", at=MONDAY_9 - timedelta(days=2))
    assert "No round has been made yet" in text and "Next round: Monday 30 November" in text


def test_matched_says_with_whom_and_why(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="Ben Kim")
    run_scheduled_round(running_app.services, MONDAY_9)
    text = why(running_app, org, "ana@acme.test")
    assert text.startswith("*Round 2026-W49*: you were matched with Ben Kim (Engineering, APAC).")
    assert "• You work in different functions: Engineering and Sales." in text


def test_matched_but_not_delivered_yet_says_when_the_intro_arrives(running_app, rounds_on, org):
    org.add("ana@acme.test", tz="America/New_York")
    org.add("ben@acme.test", "Legal", tz="America/New_York")
    run_scheduled_round(running_app.services, MONDAY_9)
    text = why(running_app, org, "ana@acme.test", at=MONDAY_9 + timedelta(minutes=5))
    assert "your intro arrives Monday at 09:00 your time" in text


def test_odd_count(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales")
    org.add("ben@acme.test", "Engineering")
    run_scheduled_round(running_app.services, MONDAY_9 - timedelta(weeks=1))  # Ana and Ben met last week
    org.add("cy@acme.test", "Legal")
    round_ = run_scheduled_round(running_app.services, MONDAY_9)
    [left_out] = round_.left_out
    email = next(e for e, pid in org.people.items() if pid == left_out.person_id)
    assert "An odd number of people took part" in why(running_app, org, email)


def test_paused(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales")
    org.add("ben@acme.test", "Engineering")
    org.add("cy@acme.test", "Legal")
    with freeze_time(MONDAY_9 - timedelta(days=1)):
        running_app.slack.command("/networking", "pause 2w", user_id=org.slack_ids["cy@acme.test"])
    run_scheduled_round(running_app.services, MONDAY_9)
    assert "You paused intros until 2026-12-13" in why(running_app, org, "cy@acme.test")


def test_time_zone_overlap(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales", tz="Europe/London")
    org.add("ben@acme.test", "Engineering", tz="Europe/London")
    org.add("taro@acme.test", "Legal", "APAC", tz="Asia/Tokyo")
    run_scheduled_round(running_app.services, MONDAY_9)
    assert "shares at least 2 hours of your working day" in why(running_app, org, "taro@acme.test")


def test_no_valid_partner_left(running_app, rounds_on, org):
    manager = org.add("ana@acme.test", "Sales")
    org.add("ben@acme.test", "Engineering", manager_id=manager)
    run_scheduled_round(running_app.services, MONDAY_9)
    assert "they're in your reporting line" in why(running_app, org, "ben@acme.test")


def test_not_taking_part(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales")
    org.add("ben@acme.test", "Engineering")
    org.add("cy@acme.test", "Legal")
    with freeze_time(MONDAY_9 - timedelta(days=1)):
        running_app.slack.command("/networking", "opt-out", user_id=org.slack_ids["cy@acme.test"])
    run_scheduled_round(running_app.services, MONDAY_9)
    assert "You haven't opted in to intros" in why(running_app, org, "cy@acme.test")


def test_joined_after_the_round(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales")
    org.add("ben@acme.test", "Engineering")
    run_scheduled_round(running_app.services, MONDAY_9)
    org.add("cy@acme.test", "Legal")
    text = why(running_app, org, "cy@acme.test")
    assert "weren't part of this round" in text and "You're in" in text


def test_a_skipped_round(running_app, rounds_on, org):
    from tests.rounds.conftest import set_round_settings

    set_round_settings(running_app.services, approval_required=True)
    org.add("ana@acme.test")
    run_scheduled_round(running_app.services, MONDAY_9)  # approval needed, none possible: skipped
    assert "this round was skipped" in why(running_app, org, "ana@acme.test")


def test_a_partner_named_like_a_slack_mention_is_shown_as_text_not_a_ping(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="<!channel> Ben")
    run_scheduled_round(running_app.services, MONDAY_9)
    text = why(running_app, org, "ana@acme.test")
    assert "<!channel>" not in text
    assert "you were matched with &lt;!channel&gt; Ben (Engineering, APAC)." in text
