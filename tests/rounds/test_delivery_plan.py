"""A round larger than Slack's rate limit sends at once is spread over the minutes, and the CNO is told when it ends."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from freezegun import freeze_time

from bot.jobs import run_due
from bot.use_cases.reports.org_report import build_report
from bot.use_cases.rounds.making import run_scheduled_round
from tests.conftest import CNO_SLACK_ID
from tests.rounds.conftest import MONDAY_9, group_dms, set_round_settings

PER_MINUTE = 50  # conversations.open, Slack's Tier 3


def test_a_round_beyond_what_slack_opens_in_a_minute_goes_out_minute_by_minute_never_faster(
        running_app, rounds_on, org, slack):
    org.add_many(120)  # one time zone: everyone's 09:00 is the same moment
    run_scheduled_round(running_app.services, MONDAY_9)
    intros = org.outbox("intro:")
    per_minute = Counter(row.not_before for row in intros)

    assert len(intros) >= 55
    assert per_minute == {MONDAY_9: PER_MINUTE, MONDAY_9 + timedelta(minutes=1): len(intros) - PER_MINUTE}
    with freeze_time(MONDAY_9 + timedelta(seconds=30)):
        running_app.deliver()
    assert len(group_dms(slack)) == PER_MINUTE
    with freeze_time(MONDAY_9 + timedelta(minutes=1)):
        running_app.deliver()
    assert len(group_dms(slack)) == len(intros)


def test_the_preview_says_how_many_intros_slack_holds_back_and_when_the_last_goes(running_app, rounds_on, org, slack):
    set_round_settings(running_app.services, approval_required=True)
    org.add_many(120)
    with freeze_time(MONDAY_9 - timedelta(hours=23)):
        run_due(running_app.services)
        running_app.deliver()
    [preview] = slack.messages[f"D{CNO_SLACK_ID}"]
    intros = int(preview["text"].split(": ")[1].split(" intros")[0])

    line = (f"Slack opens about 50 new conversations a minute: {intros - PER_MINUTE} intros go after their "
            "members' 09:00 and the last one at Mon 30 Nov 09:01 UTC.")
    assert line in preview["text"]
    assert line in str(preview["blocks"])


def test_a_round_slack_can_send_at_once_keeps_everyones_local_hour_and_the_preview_says_nothing_of_it(
        running_app, rounds_on, org, slack):
    set_round_settings(running_app.services, approval_required=True)
    org.add_many(20)
    with freeze_time(MONDAY_9 - timedelta(hours=23)):
        run_due(running_app.services)
        running_app.deliver()
    [preview] = slack.messages[f"D{CNO_SLACK_ID}"]

    assert "new conversations a minute" not in preview["text"] + str(preview["blocks"])


def test_the_cno_report_says_when_the_last_intro_of_a_large_round_goes_out(running_app, rounds_on, org, slack):
    org.add_many(120)
    run_scheduled_round(running_app.services, MONDAY_9)
    intros = len(org.outbox("intro:"))
    with running_app.services.uow() as uow:
        text = build_report(uow.session, MONDAY_9.date()).text()

    assert (f"Slack opens about 50 new conversations a minute: the {intros:,} intros of 2026-W49 go out until "
            "Mon 30 Nov 09:01 UTC.") in text
