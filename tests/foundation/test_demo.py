"""`cno demo` shows the app on a synthetic organisation, and can be run again."""

from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app
from storage.models import Person


def run_demo(engine, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(app, ["demo", "--people", "120", "--show", "2"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_builds_an_organisation_and_shows_intros_and_a_team_reach_report(engine, monkeypatch):
    output = run_demo(engine, monkeypatch)
    assert "120 people" in output
    assert "Dry-run intro round" in output and "Why you were matched" in output
    assert output.count("── Intro ") == 2
    assert "Team reach" in output and "counts only, no names" in output


def test_running_the_demo_twice_replaces_the_demo_organisation(engine, monkeypatch):
    run_demo(engine, monkeypatch)
    run_demo(engine, monkeypatch)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Person)) == 120
