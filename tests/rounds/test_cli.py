"""`cno round run --dry-run --json` and `cno round schedule`: what the CNO sees on the command line."""

from __future__ import annotations

import json

from freezegun import freeze_time
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.scheduler import ROUND_JOB_ID, job_store
from storage.models import OutboxMessage, Round
from tests.rounds.conftest import MONDAY_9


def cli(settings, monkeypatch, *args):
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return CliRunner().invoke(app, list(args))


def test_dry_run_json_prints_one_object_per_group_then_the_left_out_and_sends_nothing(
        rounds_on, org, settings, monkeypatch):
    org.add_many(5)
    org.add("out@acme.test", opted_in=False)
    with freeze_time(MONDAY_9):
        result = cli(settings, monkeypatch, "round", "run", "--dry-run", "--json", "--seed", "7")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    groups, left_out = lines[:-1], lines[-1]["left_out"]
    assert len(groups) == 2 and all(sorted(g) == ["members", "reasons", "score"] for g in groups)
    assert sorted(e for g in groups for e in g["members"]) == sorted(e for e in org.people if e != "out@acme.test")
    assert all(isinstance(g["score"], float) and g["reasons"] for g in groups)
    assert [(x["email"], "opted in" in x["reason"]) for x in left_out] == [("out@acme.test", True)]
    with rounds_on.uow() as uow:
        assert uow.session.scalars(select(Round)).all() == []
        assert uow.session.scalars(select(OutboxMessage)).all() == []

    with freeze_time(MONDAY_9):
        again = cli(settings, monkeypatch, "round", "run", "--dry-run", "--json", "--seed", "7")
    assert again.output == result.output  # a seed makes it reproducible


def test_schedule_shows_and_changes_the_rule_and_the_stored_job(rounds_on, settings, monkeypatch):
    shown = cli(settings, monkeypatch, "round", "schedule")
    assert shown.exit_code == 0 and "rounds: every Monday at 09:00 (UTC)" in shown.output
    changed = cli(settings, monkeypatch, "round", "schedule", "--cadence", "biweekly", "--day", "wed", "--hour", "8")
    assert changed.exit_code == 0, changed.output
    assert "every other Wednesday at 08:00 (UTC)" in changed.output
    job = job_store(rounds_on.engine).lookup_job(ROUND_JOB_ID)
    assert "day_of_week='wed'" in str(job.trigger) and "hour='8'" in str(job.trigger)


def test_a_bad_schedule_is_one_line_and_a_non_zero_exit(rounds_on, settings, monkeypatch):
    result = cli(settings, monkeypatch, "round", "schedule", "--day", "someday")
    assert result.exit_code != 0
    assert "day must be one of mon, tue" in str(result.exception)


def test_a_bad_week_is_refused(rounds_on, settings, monkeypatch):
    result = cli(settings, monkeypatch, "round", "run", "--dry-run", "--week", "48")
    assert result.exit_code != 0 and "2026-W48" in str(result.exception)
