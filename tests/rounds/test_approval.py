"""Preview and approval: a round waits for the CNO, sends only after approval, never without it."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from freezegun import freeze_time
from sqlalchemy import select
from typer.testing import CliRunner

from bot.jobs import run_due
from storage.models import Round
from tests.conftest import CNO_SLACK_ID
from tests.rounds.conftest import MONDAY_9, group_dms, set_round_settings

PREVIEW_TIME = MONDAY_9 - timedelta(hours=23)


def cno_dms(slack):
    return slack.messages.get(f"D{CNO_SLACK_ID}", [])


def prepare(running_app, org, people=6):
    set_round_settings(running_app.services, approval_required=True)
    org.add_many(people)
    with freeze_time(PREVIEW_TIME):
        run_due(running_app.services)
        running_app.deliver()


def preview_token(slack):
    actions = next(b for b in cno_dms(slack)[0]["blocks"] if b["type"] == "actions")
    return {e["action_id"]: e["value"] for e in actions["elements"]}


CLICKS = count()


def click(running_app, action, value, at=PREVIEW_TIME + timedelta(hours=1), user=CNO_SLACK_ID):
    # each click a few seconds apart: clicks at the same instant would be one click replayed (deduplicated)
    with freeze_time(at + timedelta(seconds=next(CLICKS))):
        reply = running_app.slack.action(action, value=value, user_id=user, channel_id=f"D{CNO_SLACK_ID}")
        assert reply.status == 200
        running_app.deliver()


def test_the_cno_gets_a_preview_with_a_summary_and_three_buttons(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    [preview] = cno_dms(slack)
    text = str(preview["blocks"])
    assert "Intro round 2026-W49: preview" in text
    assert "*3 intros* for 6 people" in text
    assert "% of intros cross functions" in text and "cross regions" in text
    assert "A sample of intros" in text
    assert set(preview_token(slack)) == {"round_approve", "round_rerun", "round_skip"}
    assert "Nobody who takes part is left out this round." in text
    assert "Groups of three" not in text


def test_the_preview_says_who_makes_up_the_group_of_three(running_app, rounds_on, org, slack):
    prepare(running_app, org, people=7)
    [preview] = cno_dms(slack)
    text = str(preview["blocks"])
    assert "*3 intros* for 7 people" in text
    trio = next(b["text"]["text"] for b in preview["blocks"]
                if b["type"] == "section" and b["text"]["text"].startswith("*Groups of three*"))
    names = trio.split("\n", 1)[1].removeprefix("• ").replace(" and ", ", ").split(", ")
    assert len(names) == 3 and all(names)
    assert "Nobody who takes part is left out this round." in text


def test_an_approved_round_sends_only_after_the_approve_click(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    with freeze_time(MONDAY_9):
        running_app.deliver()
    assert group_dms(slack) == []  # waiting: nothing goes out at the send time's delivery either
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(Round.status)) == "awaiting_approval"

    click(running_app, "round_approve", preview_token(slack)["round_approve"])
    with freeze_time(MONDAY_9):
        run_due(running_app.services)
        running_app.deliver()
    assert len(group_dms(slack)) == 3
    assert "Approved by <@UCNO>" in str(cno_dms(slack)[0]["blocks"])  # the preview was updated in place


def test_without_approval_by_the_send_time_nothing_is_sent_and_the_cno_is_told(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    with freeze_time(MONDAY_9 + timedelta(minutes=1)):
        run_due(running_app.services)
        running_app.deliver()
    assert group_dms(slack) == []
    messages = [m["text"] for m in cno_dms(slack)]
    assert any("was not sent: Nobody approved it before the send time" in t for t in messages)
    assert not any(b["type"] == "actions" for b in cno_dms(slack)[0]["blocks"])  # no buttons left
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(Round.status)) == "skipped"


def test_a_late_approve_click_sends_nothing(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    token = preview_token(slack)["round_approve"]
    with freeze_time(MONDAY_9 + timedelta(minutes=1)):
        run_due(running_app.services)
    click(running_app, "round_approve", token, at=MONDAY_9 + timedelta(minutes=2))
    assert "no longer waiting" in slack.wait_for_response()[0]["text"]
    with freeze_time(MONDAY_9 + timedelta(hours=1)):
        running_app.deliver()
    assert group_dms(slack) == []


def test_re_run_makes_another_round_and_a_stale_approve_click_is_refused(running_app, rounds_on, org, slack):
    prepare(running_app, org, people=8)
    old = preview_token(slack)
    with running_app.services.uow() as uow:
        before = uow.session.scalar(select(Round)).seed
    click(running_app, "round_rerun", old["round_rerun"])
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(Round)).seed == before + 1
    new = preview_token(slack)
    assert new["round_approve"] != old["round_approve"]

    click(running_app, "round_approve", old["round_approve"])
    assert "out of date" in slack.wait_for_response(2)[-1]["text"]  # the re-run's own answer came first
    click(running_app, "round_approve", new["round_approve"])
    with freeze_time(MONDAY_9):
        running_app.deliver()
    assert len(group_dms(slack)) == 4


def test_skip_sends_nothing_for_the_period(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    click(running_app, "round_skip", preview_token(slack)["round_skip"])
    with freeze_time(MONDAY_9 + timedelta(hours=2)):
        run_due(running_app.services)
        running_app.deliver()
    assert group_dms(slack) == []
    assert "Skipped by <@UCNO>" in str(cno_dms(slack)[0]["blocks"])


def test_only_the_cno_can_approve(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    click(running_app, "round_approve", preview_token(slack)["round_approve"], user="U001")
    assert "Only the CNO" in slack.wait_for_response()[0]["text"]
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(Round.status)) == "awaiting_approval"


def test_cno_round_preview_shows_the_same_summary_on_the_command_line(rounds_on, org, settings, monkeypatch):
    from bot.cli import app

    org.add_many(6)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    with freeze_time(PREVIEW_TIME):
        result = CliRunner().invoke(app, ["round", "preview"])
    assert result.exit_code == 0, result.output
    assert "Intro round 2026-W49: not made yet (computed now, nothing stored)" in result.output
    assert "3 intros for 6 people" in result.output
    with rounds_on.uow() as uow:
        assert uow.session.scalars(select(Round)).all() == []




def test_an_approve_click_shows_the_decision_at_once_and_a_second_click_says_it_is_done(
        running_app, rounds_on, org, slack):
    prepare(running_app, org)
    token = preview_token(slack)["round_approve"]
    with freeze_time(PREVIEW_TIME + timedelta(hours=1)):
        running_app.slack.action("round_approve", value=token, user_id=CNO_SLACK_ID, channel_id=f"D{CNO_SLACK_ID}")
    [shown] = slack.responses
    assert shown["replace_original"] is True
    assert "Approved by <@UCNO>" in str(shown["blocks"])
    assert not any(b["type"] == "actions" for b in shown["blocks"])  # no buttons left to click twice

    with freeze_time(PREVIEW_TIME + timedelta(hours=1, seconds=5)):
        running_app.slack.action("round_approve", value=token, user_id=CNO_SLACK_ID, channel_id=f"D{CNO_SLACK_ID}")
    again = slack.responses[-1]
    assert again["response_type"] == "ephemeral" and again["replace_original"] is False
    assert "was already approved" in again["text"] and "(sending)" not in again["text"]


def test_the_skip_button_says_round_not_week_since_rounds_may_be_monthly(running_app, rounds_on, org, slack):
    prepare(running_app, org)
    actions = next(b for b in cno_dms(slack)[0]["blocks"] if b["type"] == "actions")
    skip = next(e for e in actions["elements"] if e["action_id"] == "round_skip")
    assert skip["text"]["text"] == "Skip this round"


def test_a_cno_named_by_email_in_cno_admins_gets_the_preview_and_can_approve(running_app, rounds_on, org, slack):
    import dataclasses

    org.add("cno@acme.test", slack_id="UMAILCNO", opted_in=False)
    services = running_app.services
    services.settings = dataclasses.replace(services.settings, cno_admins=frozenset({"cno@acme.test"}))
    prepare(running_app, org)
    [preview] = slack.messages["DUMAILCNO"]
    actions = next(b for b in preview["blocks"] if b["type"] == "actions")
    token = {e["action_id"]: e["value"] for e in actions["elements"]}["round_approve"]
    with freeze_time(PREVIEW_TIME + timedelta(hours=1)):
        assert running_app.slack.action("round_approve", value=token, user_id="UMAILCNO",
                                        channel_id="DUMAILCNO").status == 200
    with services.uow() as uow:
        assert uow.session.scalar(select(Round.status)) in ("approved", "sending")
