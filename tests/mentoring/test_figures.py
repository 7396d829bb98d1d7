"""The CNO's figures: requests, fulfilment rate and time to match by kind; unfulfilled requests."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.use_cases.mentoring.figures import mentoring_figures
from tests.conftest import CNO_SLACK_ID


def test_figures_by_kind(org):
    with freeze_time("2026-11-25 09:00:00") as clock:
        org.ask("sponsor", "my first team lead role", user="UANA")
        clock.tick(timedelta(hours=6))
        org.click("match_accept", org.current_offer())
        org.ask("sponsor", "a move to New York", user="UBEN", prefs=())  # in person: nobody in AMER fits
        org.ask("mentor", "data engineering", user="UANA")
        clock.tick(timedelta(hours=2))
        org.click("match_accept", org.current_offer())
        org.ask("mentor", "negotiation", user="UBEN")  # nobody knows it
        org.ask("mentor", "data engineering", user="UMARK")  # still with a candidate
    with org.app.services.uow() as uow:
        figures = mentoring_figures(uow.session)
        later = mentoring_figures(uow.session, since=datetime(2026, 12, 1, tzinfo=UTC))
    sponsor, mentor = figures["sponsor"], figures["mentor"]
    assert (sponsor.requests, sponsor.fulfilled, sponsor.unfulfilled, sponsor.open) == (2, 1, 1, 0)
    assert sponsor.fulfilment_rate == 0.5 and sponsor.median_time_to_match == timedelta(hours=6)
    assert (mentor.requests, mentor.fulfilled, mentor.unfulfilled, mentor.open) == (3, 1, 1, 1)
    assert mentor.median_time_to_match == timedelta(hours=2)
    assert later["mentor"].requests == 0 and later["mentor"].fulfilment_rate is None


def test_the_cno_lists_unfulfilled_requests_on_the_command_line(org, settings, monkeypatch):
    with freeze_time("2026-11-25 09:00:00"):
        org.ask("mentor", "negotiation", user="UBEN")
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["mentoring", "unfulfilled"])
    assert result.exit_code == 0, result.output
    assert "Ben Brook <ben@acme.test>: negotiation" in result.output
    figures = CliRunner().invoke(cli, ["mentoring", "figures"])
    assert figures.exit_code == 0 and "mentor" in figures.output
    bad = CliRunner().invoke(cli, ["mentoring", "unfulfilled", "--since", "yesterday"])
    assert bad.exit_code != 0


def test_the_cno_report_has_a_mentors_and_sponsors_section(org):
    with freeze_time("2026-11-25 09:00:00") as clock:
        org.ask("sponsor", "my first team lead role", user="UANA")
        clock.tick(timedelta(hours=30))
        org.click("match_accept", org.current_offer())
        org.ask("mentor", "negotiation", user="UBEN")
        reply = org.app.slack.command("/cno-report", "", user_id=CNO_SLACK_ID)
        assert reply.status == 200
        org.app.deliver()
    [report] = [m for m in org.slack.posted() if m["channel"] == f"D{CNO_SLACK_ID}"]
    assert "Mentors and sponsors" in report["text"]
    assert "Sponsor requests: 1 (1 matched, 0 not, 0 open); fulfilment 100%; median time to match 1.2 days." in (
        report["text"])
    assert 'To follow up: Ben Brook asked for a mentor on "negotiation" (26 Nov); nobody with room fitted.' in (
        report["text"])
