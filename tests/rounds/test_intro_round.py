"""A weekly round end to end: made on schedule, one group DM per group, exactly once per period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from bot.jobs import run_due
from bot.use_cases.rounds.making import RoundExists, run_round_now, run_scheduled_round
from storage.models import Intro, Round
from tests.rounds.conftest import MONDAY_9, group_dms, members_of_channel

SUNDAY_10 = MONDAY_9 - timedelta(hours=23)


def block_text(blocks):
    parts = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        for element in block.get("elements", []) or []:
            if isinstance(element, dict) and isinstance(element.get("text"), str):
                parts.append(element["text"])
    return "\n".join(parts)


def test_a_scheduled_round_sends_one_group_dm_per_group_with_the_right_blocks(running_app, rounds_on, org, slack):
    emails = org.add_many(7, prefix="ana")
    org.add("carol@acme.test", "Legal", "APAC", interests=["Chess"], name="Carol Diaz")
    with freeze_time(SUNDAY_10):
        run_due(running_app.services)  # the round is made the preview lead (24 h) ahead
        running_app.deliver()
    assert group_dms(slack) == []  # nothing before the local hour on the round's day

    with freeze_time(MONDAY_9):
        running_app.deliver()
    posts = group_dms(slack)
    with running_app.services.uow() as uow:
        intros = uow.session.scalars(select(Intro)).all()
        assert len(posts) == len(intros) == 4
        groups = sorted(sorted(m.person_id for m in i.members) for i in intros)
    in_groups = sorted(pid for g in groups for pid in g)
    assert in_groups == sorted(org.people.values())  # everyone once
    opened = [c.params["users"] for c in slack.calls_to("conversations.open")]
    assert sorted(sorted(u.split(",")) for u in opened) == sorted(members_of_channel(p["channel"]) for p in posts)

    for post in posts:
        text = block_text(post["blocks"])
        members = [org.email_of_slack(sid) for sid in members_of_channel(post["channel"])]
        for email in members:
            person = org.person(email)
            assert f"*{person.name}* · {person.title}\n{person.function} · {person.region}" in text
            assert f"<@{person.slack_id}>" in text
        assert "*Why you were matched*\n• " in text
        assert "*A conversation starter*" in text and "*Suggested next step*" in text
        assert post["text"].startswith("Meet your intro for this week: ")
    assert all(p["blocks"][0]["type"] == "header" for p in posts)
    assert len(emails) == 7


def test_running_the_same_period_again_sends_nothing(running_app, rounds_on, org, slack):
    org.add_many(4)
    first = run_scheduled_round(running_app.services, MONDAY_9)
    assert first is not None and first.period == "2026-W49"
    with freeze_time(MONDAY_9):
        running_app.deliver()
    sent = len(slack.posted())

    assert run_scheduled_round(running_app.services, MONDAY_9 + timedelta(minutes=5)) is None
    with pytest.raises(RoundExists, match="2026-W49"):
        run_round_now(running_app.services, MONDAY_9 + timedelta(hours=1))
    with freeze_time(MONDAY_9 + timedelta(hours=1)):
        run_due(running_app.services)
        running_app.deliver()
    assert len(slack.posted()) == sent == 2

    # the database itself refuses a second round for the period, whoever tries
    with running_app.services.uow() as uow:
        uow.session.add(Round(period="2026-W49", day=MONDAY_9.date(), send_at=MONDAY_9))
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_cno_round_run_twice_for_a_week_fails_the_second_time_with_one_line(rounds_on, org, settings, monkeypatch):
    from bot.cli import app

    org.add_many(4)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    runner = CliRunner()
    first = runner.invoke(app, ["round", "run", "--week", "2026-W49"])
    assert first.exit_code == 0, first.output
    assert "round 2026-W49: 2 intros queued" in first.output
    second = runner.invoke(app, ["round", "run", "--week", "2026-W49"])
    assert second.exit_code != 0
    assert isinstance(second.exception, RoundExists)


def test_a_round_missed_while_down_runs_late_within_the_grace_window_and_not_after(rounds_on, org):
    org.add_many(4)
    services = rounds_on
    assert run_scheduled_round(services, MONDAY_9 + timedelta(hours=7)) is None  # beyond 6 h: skipped
    late = run_scheduled_round(services, MONDAY_9 + timedelta(hours=5))
    assert late is not None and late.period == "2026-W49"


def test_before_the_hour_no_round_is_made(rounds_on, org):
    org.add_many(4)
    assert run_scheduled_round(rounds_on, MONDAY_9 - timedelta(minutes=1)) is None
    with freeze_time(MONDAY_9 - timedelta(hours=24, minutes=1)):
        run_due(rounds_on)
    with rounds_on.uow() as uow:
        assert uow.session.scalars(select(Round)).all() == []
