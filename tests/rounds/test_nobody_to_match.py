"""A round that can match nobody says why, and what to do about it."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time
from typer.testing import CliRunner

from bot.cli import app
from bot.jobs import run_due
from tests.conftest import CNO_SLACK_ID
from tests.rounds.conftest import MONDAY_9, set_round_settings


def cli(settings, monkeypatch, *args):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return CliRunner().invoke(app, list(args))


def test_imported_people_without_slack_ids_are_told_to_run_sync_slack(rounds_on, org, settings, monkeypatch):
    for n in range(4):
        org.add(f"p{n}@acme.test", slack_id=None)
    with freeze_time(MONDAY_9):
        result = cli(settings, monkeypatch, "round", "run", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 intros; 0 not matched" in result.output
    assert "Nobody has a Slack id" in result.output and "cno sync-slack" in result.output


def test_a_round_where_nobody_opted_in_says_so(rounds_on, org, settings, monkeypatch):
    org.add("a@acme.test", opted_in=False)
    org.add("b@acme.test", opted_in=False)
    with freeze_time(MONDAY_9):
        result = cli(settings, monkeypatch, "round", "run", "--dry-run")
    assert "Nobody is opted in" in result.output


def test_a_round_where_everyone_is_paused_says_so_in_the_run_and_the_preview(rounds_on, org, settings, monkeypatch):
    org.add("a@acme.test", paused_until=date(2027, 1, 31))
    org.add("b@acme.test", paused_until=date(2027, 1, 31))
    with freeze_time(MONDAY_9):
        preview = cli(settings, monkeypatch, "round", "preview")
        result = cli(settings, monkeypatch, "round", "run")
    assert "Everyone who is opted in is paused" in preview.output
    assert result.exit_code == 0, result.output
    assert "0 intros queued" in result.output and "Everyone who is opted in is paused" in result.output


def test_a_round_with_people_to_match_gives_no_warning(rounds_on, org, settings, monkeypatch):
    org.add_many(4)
    with freeze_time(MONDAY_9):
        result = cli(settings, monkeypatch, "round", "run", "--dry-run")
    assert "2 intros" in result.output
    assert "Nobody" not in result.output and "paused" not in result.output


def test_the_cnos_preview_says_why_a_round_has_no_intros(running_app, rounds_on, org, slack):
    set_round_settings(running_app.services, approval_required=True)
    for n in range(3):
        org.add(f"p{n}@acme.test", slack_id=None)
    with freeze_time(MONDAY_9 - timedelta(hours=23)):
        run_due(running_app.services)
        running_app.deliver()
    [preview] = slack.messages.get(f"D{CNO_SLACK_ID}", [])
    assert "*0 intros*" in str(preview["blocks"]) and "Nobody has a Slack id" in str(preview["blocks"])
    assert "cno sync-slack" in preview["text"]
