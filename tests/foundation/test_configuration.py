"""Configuration as a new CNO meets it: Heroku's URLs, a `.env` file, and a token Slack refuses."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import build_app
from bot.settings import Settings
from storage.db import database_url, make_engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("given", ["postgres://u:secret@db.example.com:5432/d8", "postgresql://u:secret@db.example.com:5432/d8"])
def test_herokus_postgres_urls_use_psycopg_3(given):
    settings = Settings.from_env({"DATABASE_URL": given})
    assert settings.database_url == "postgresql+psycopg://u:secret@db.example.com:5432/d8"
    assert make_engine(given).dialect.driver == "psycopg"


def test_a_url_already_naming_its_driver_and_a_sqlite_url_are_kept():
    assert database_url("postgresql+psycopg://u@h/d").drivername == "postgresql+psycopg"
    assert Settings.from_env({"DATABASE_URL": "sqlite:///cno.db"}).database_url == "sqlite:///cno.db"


def test_commands_work_on_a_heroku_style_url_of_the_test_database(cno, engine, monkeypatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("needs TEST_DATABASE_URL on PostgreSQL")
    heroku = engine.url.set(drivername="postgres").render_as_string(hide_password=False)
    assert heroku.startswith("postgres://")
    monkeypatch.setenv("DATABASE_URL", heroku)
    result = cno("round", "schedule")
    assert result.code == 0, result.err
    assert result.out.startswith("rounds: every Monday")


def test_a_dotenv_file_in_the_working_directory_is_read(cno, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "unused")
    monkeypatch.delenv("DATABASE_URL")  # recorded, so the value .env sets is undone after the test
    monkeypatch.setenv("CNO_TIMEZONE", "UTC")
    monkeypatch.delenv("CNO_TIMEZONE")
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{tmp_path}/from-dotenv.db\nCNO_TIMEZONE=Europe/Paris\n")
    monkeypatch.chdir(tmp_path)
    assert cno("db", "upgrade").code == 0
    result = cno("round", "schedule")
    assert result.code == 0, result.err
    assert (tmp_path / "from-dotenv.db").exists()
    assert "(Europe/Paris)" in result.out


def test_the_environment_wins_over_the_dotenv_file(cno, monkeypatch, tmp_path):
    monkeypatch.setenv("CNO_TIMEZONE", "Mars/Olympus")
    (tmp_path / ".env").write_text("CNO_TIMEZONE=Europe/Paris\n")
    monkeypatch.chdir(tmp_path)
    result = cno("round", "schedule")
    assert result.code == 1
    assert result.err.strip() == "cno: CNO_TIMEZONE 'Mars/Olympus' is not a known time zone (e.g. Europe/Paris)"


def test_building_the_app_logs_no_warning_about_an_unused_token(services, caplog):
    with caplog.at_level(logging.WARNING):
        build_app(services)
    assert not [r for r in caplog.records if "will be unused" in r.getMessage()]


def serve(env, cwd):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CNO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "-m", "bot", "serve"], cwd=cwd,
                          env={**clean, **env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60)


def test_serve_refuses_to_start_with_a_token_slack_rejects(engine, slack, tmp_path):
    slack.fail("auth.test", error="invalid_auth")
    result = serve({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "SLACK_BOT_TOKEN": "xoxb-wrong",
                    "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack.url + "/api/", "PORT": "0"}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cno: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from your app's "
        "OAuth & Permissions page at https://api.slack.com/apps into SLACK_BOT_TOKEN (reinstall the app if it was "
        "removed)"
    ]
    assert len(slack.calls_to("auth.test")) == 1


def test_serve_says_in_one_line_when_slack_cannot_be_reached(engine, tmp_path):
    result = serve({"DATABASE_URL": engine.url.render_as_string(hide_password=False), "SLACK_BOT_TOKEN": "xoxb-1",
                    "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "http://127.0.0.1:1/api/"}, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cno: cannot reach Slack at http://127.0.0.1:1/api/: "), lines


def test_sync_slack_with_a_token_slack_rejects_is_one_line_before_touching_anyone(cno, slack, monkeypatch):
    slack.fail("auth.test", error="invalid_auth")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-wrong")
    monkeypatch.setenv("SLACK_API_URL", slack.url + "/api/")
    run = cno("sync-slack")
    assert run.code == 1
    assert run.err.startswith("cno: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token")
    assert len(run.err.strip().splitlines()) == 1
    assert slack.calls_to("users.list") == []


def test_sync_slack_when_slack_cannot_be_reached_is_one_line(cno, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:1/api/")
    run = cno("sync-slack")
    assert run.code == 1
    assert run.err.startswith("cno: cannot reach Slack at http://127.0.0.1:1/api/: ")
    assert len(run.err.strip().splitlines()) == 1
