"""Every command meets a database it cannot use with one line on stderr and exit code 1, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = "email,name,function,region,level,manager_email\nada@acme.com,Ada Obi,Executive,EMEA,9,\n"

#: Commands that read or write the database (with the arguments they need to get that far).
COMMANDS = [
    ("round", "schedule"),
    ("round", "schedule", "--day", "tue"),
    ("round", "preview"),
    ("round", "run"),
    ("round", "run", "--dry-run"),
    ("report", "org"),
    ("report", "team", "ada@acme.com"),
    ("report", "snapshot"),
    ("mentoring", "figures"),
    ("mentoring", "unfulfilled"),
    ("forget", "ada@acme.com", "--yes"),
    ("import", "people", "{people}"),
    ("import", "interactions", "{people}"),
    ("export", "{dir}"),
    ("sync-slack",),
]


def args_of(command, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    return [a.format(people=people, dir=tmp_path / "out") for a in command]


def assert_one_line(result, *, starts, ends=""):
    assert result.code == 1, result
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(starts), lines[0]
    assert lines[0].endswith(ends), lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unreachable_postgresql_is_one_line_naming_the_server(command, cno, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://cno@127.0.0.1:1/cno")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = cno(*args_of(command, tmp_path))
    assert_one_line(result, starts="cno: cannot use the database at postgresql+psycopg://cno@127.0.0.1:1/cno: ",
                    ends="(check DATABASE_URL and that the database server runs)")
    assert "Connection refused" in result.err or "connection" in result.err.lower()


@pytest.mark.parametrize("command", [*COMMANDS, ("db", "upgrade"), ("demo",)], ids=" ".join)
def test_a_database_url_that_is_not_a_url_is_one_line_with_examples(command, cno, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "nonsense")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = cno(*args_of(command, tmp_path))
    assert_one_line(result, starts="cno: DATABASE_URL 'nonsense' is not a database URL",
                    ends="(e.g. sqlite:///cno.db or postgresql://user:password@host:5432/cno)")


def test_a_database_of_another_kind_is_refused_by_name(cno, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://cno@db/cno")
    assert_one_line(cno("report", "org"), starts="cno: DATABASE_URL must be a SQLite or PostgreSQL URL, got 'mysql'")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_database_without_migrations_says_to_run_cno_db_upgrade(command, cno, monkeypatch, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{empty}")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = cno(*args_of(command, tmp_path))
    assert_one_line(result, starts=f"cno: the database at sqlite:///{empty} is behind", ends="run `cno db upgrade`")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_database_file_that_does_not_exist_is_refused_and_not_left_behind_empty(command, cno, monkeypatch, tmp_path):
    missing = tmp_path / "typo.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    result = cno(*args_of(command, tmp_path))
    assert_one_line(result, starts=f"cno: the database at sqlite:///{missing} does not exist yet",
                    ends="run `cno db upgrade`")
    assert not missing.exists()
    assert not list(tmp_path.glob("typo.db*"))


def test_db_upgrade_creates_the_database_file_the_other_commands_refused(cno, monkeypatch, tmp_path):
    new = tmp_path / "new.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{new}")
    assert cno("round", "schedule").code == 1
    assert cno("db", "upgrade").code == 0
    result = cno("round", "schedule")
    assert result.code == 0, result
    assert result.out.startswith("rounds: every Monday at 09:00 (UTC)")


def test_the_installed_cno_script_prints_one_line_for_an_unreachable_database(tmp_path):
    script = Path(sys.executable).parent / "cno"
    if not script.exists():
        pytest.skip("the cno console script is not installed next to this Python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CNO_", "DATABASE_URL"))}
    env["DATABASE_URL"] = "postgres://cno@127.0.0.1:1/cno"
    result = subprocess.run([str(script), "round", "preview"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("cno: cannot use the database at postgresql+psycopg://cno@127.0.0.1:1/cno: ")
