"""`cno demo` shows the app on a synthetic organisation in its own database, and can be run again."""

from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from bot.cli import app
from storage.models import Person


def run_demo(engine, monkeypatch):
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, ["demo", "--people", "120", "--show", "2", "--database-url", url])
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


def test_the_demo_uses_its_own_file_and_leaves_the_real_database_untouched(engine, monkeypatch, tmp_path, cno):
    monkeypatch.chdir(tmp_path)
    with engine.begin() as connection:
        connection.execute(Person.__table__.insert(), [{"email": "ada@acme.test", "name": "Ada"}])
    result = cno("demo", "--people", "60", "--show", "1")
    assert result.code == 0, result.err
    assert "cno-demo.db" in result.out
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Person)) == 1
    demo_db = create_engine(f"sqlite:///{tmp_path / 'cno-demo.db'}")
    with demo_db.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Person)) == 60
    demo_db.dispose()


def test_the_demo_refuses_a_database_that_holds_real_people(engine, cno):
    with engine.begin() as connection:
        connection.execute(Person.__table__.insert(), [{"email": "ada@acme.test", "name": "Ada"}])
    result = cno("demo", "--people", "60", "--database-url", engine.url.render_as_string(hide_password=False))
    assert result.code == 1
    assert "holds 1 real people" in result.err and "Traceback" not in result.err
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Person)) == 1
