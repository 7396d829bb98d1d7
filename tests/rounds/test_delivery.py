"""Delivering a round through the outbox: rate limits waited out, crashes recovered, people who left."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from freezegun import freeze_time

from bot.jobs import run_due
from bot.outbox import Crash, OutboxSender
from bot.use_cases.rounds.making import dry_run_lines, run_scheduled_round
from tests.rounds.conftest import MONDAY_9, group_dms


def make_round(running_app, org, people: int):
    org.add_many(people)
    round_ = run_scheduled_round(running_app.services, MONDAY_9)
    return len(round_.intros)


def test_a_429_is_waited_out_and_every_group_still_gets_its_intro(running_app, rounds_on, org, slack):
    groups = make_round(running_app, org, 6)
    slack.fail("chat.postMessage", status=429, retry_after=3)
    with freeze_time(MONDAY_9):
        running_app.deliver()
    assert running_app.sleeps == [3]
    posts = group_dms(slack)
    assert len(posts) == groups == 3
    assert len({p["channel"] for p in posts}) == 3


@pytest.mark.parametrize("crash_after", [1, 3])
def test_a_crash_mid_round_then_a_restart_messages_every_group_exactly_once(running_app, rounds_on, org, slack,
                                                                            crash_after):
    groups = make_round(running_app, org, 10)
    crashing = OutboxSender(running_app.services.uow, running_app.services.slack)
    posted = []

    def die_after_k_posts(row):
        posted.append(row.key)
        if len(posted) == crash_after:
            raise Crash(f"killed after {crash_after} posts")

    crashing.after_post = die_after_k_posts
    with freeze_time(MONDAY_9), pytest.raises(Crash):
        crashing.deliver_due()
    assert len(group_dms(slack)) == crash_after

    # a new process starts; the row the dead one held is reclaimed once its claim times out
    with freeze_time(MONDAY_9 + timedelta(minutes=3)):
        OutboxSender(running_app.services.uow, running_app.services.slack).deliver_due()
        OutboxSender(running_app.services.uow, running_app.services.slack).deliver_due()
    per_channel = Counter(p["channel"] for p in group_dms(slack))
    assert len(per_channel) == groups == 5
    assert set(per_channel.values()) == {1}


def test_a_crash_right_after_matching_loses_nothing(running_app, rounds_on, org, slack):
    org.add_many(6)
    services = running_app.services
    # the round and its outbox rows are written in one transaction; nothing was delivered before the "crash"
    run_scheduled_round(services, MONDAY_9)
    with freeze_time(MONDAY_9 + timedelta(minutes=1)):
        run_due(services)  # the restarted process: the round exists, nothing is made twice
        running_app.deliver()
    assert len(group_dms(slack)) == 3


def test_someone_who_left_slack_is_marked_inactive_and_no_longer_matched(running_app, rounds_on, org, slack):
    make_round(running_app, org, 4)
    with freeze_time(MONDAY_9):
        running_app.deliver()
    slack.fail("chat.postMessage", error="account_inactive")
    with freeze_time(MONDAY_9 + timedelta(days=4, minutes=1)):
        run_due(running_app.services)
        report = running_app.sender.deliver_due()
    assert report.failed == 1 and len(report.people_gone) == 1
    gone = org.email_of_slack(report.people_gone[0])
    assert org.person(gone).active is False
    next_week = dry_run_lines(running_app.services, MONDAY_9 + timedelta(days=7))
    considered = {email for line in next_week[:-1] for email in line["members"]}
    considered |= {x["email"] for x in next_week[-1]["left_out"]}
    assert gone not in considered and len(considered) == 3


def test_a_paced_sender_stays_under_the_rate_limit_instead_of_bouncing_off_it(running_app, rounds_on, org, slack):
    make_round(running_app, org, 8)
    slack.rate_limits = {"conversations.open": 0.2}
    sender = OutboxSender(running_app.services.uow, running_app.services.slack, pace={"conversations.open": 0.2})
    with freeze_time(MONDAY_9, tick=True):
        report = sender.deliver_due()
    assert (report.sent, report.rate_limited) == (4, 0)
    assert len(group_dms(slack)) == 4


def test_when_a_group_dm_fails_because_someone_left_only_that_person_is_marked_inactive(
        running_app, rounds_on, org, slack):
    make_round(running_app, org, 2)
    slack.users["U002"]["deleted"] = True
    slack.fail("conversations.open", error="user_disabled")
    with freeze_time(MONDAY_9):
        report = running_app.sender.deliver_due()
    assert report.people_gone == ["U002"]
    assert org.person(org.email_of_slack("U002")).active is False
    assert org.person(org.email_of_slack("U001")).active is True
