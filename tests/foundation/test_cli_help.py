"""The command line reads like a well-kept one: help pages, choices, confirmation, refused requests counted."""

import io
import re
import sys
import time
import urllib.request

import pytest
from sqlalchemy import func, select

from storage.models import Person

COMMANDS = [
    (), ("serve",), ("db", "upgrade"), ("import", "people"), ("import", "interactions"), ("sync-slack",),
    ("round", "run"), ("round", "preview"), ("round", "schedule"), ("report", "org"), ("report", "team"),
    ("report", "snapshot"), ("mentoring", "unfulfilled"), ("mentoring", "figures"), ("demo",), ("forget",),
    ("export",), ("doctor",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cno")
def test_help_shows_no_types_and_names_arguments_in_capitals(command, cno):
    result = cno(*command, "--help")
    assert result.code == 0, result.err
    assert "<" not in result.out and "{" not in result.out, result.out
    usage = result.out.splitlines()[0]
    assert re.fullmatch(r"Usage: cno[a-z -]* \[OPTIONS\]( [A-Z_]+| COMMAND \[ARGS\]\.\.\.)?", usage), usage


def test_help_names_the_argument_and_lists_the_choices(cno):
    assert cno("import", "people", "--help").out.splitlines()[0] == "Usage: cno import people [OPTIONS] FILE"
    assert cno("forget", "--help").out.splitlines()[0] == "Usage: cno forget [OPTIONS] EMAIL"
    schedule = cno("round", "schedule", "--help").out
    assert "--cadence weekly|biweekly|monthly" in schedule
    assert "--day mon|tue|wed|thu|fri|sat|sun" in schedule
    assert re.search(r"--approval / --no-approval +Rounds wait for approval\.", schedule)
    demo = " ".join(cno("demo", "--help").out.split())
    assert "--people N Size of the synthetic organisation. [10 to 200000; default: 2000]" in demo


def test_a_bad_day_names_the_whole_word_and_a_whole_day_name_is_understood(cno):
    bad = cno("round", "schedule", "--day", "funday")
    assert bad.code == 1
    assert bad.err.strip() == ("cno: --day must be one of mon, tue, wed, thu, fri, sat, sun "
                               "(or the whole name, e.g. monday), not 'funday'")
    good = cno("round", "schedule", "--day", "Wednesday")
    assert good.code == 0, good.err
    assert "every Wednesday" in good.out


def add_person(engine, email="ann@acme.com"):
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        session.add(Person(email=email, name="Ann Lee", function="Sales", region="EMEA", level=3))
        session.commit()


def people(engine):
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Person))


def test_forget_asks_first_and_keeps_the_person_when_told_no(cno, engine, monkeypatch):
    add_person(engine)
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    result = cno("forget", "ann@acme.com")
    assert result.code == 1
    assert "Erase ann@acme.com and everything about them? This cannot be undone [y/N]" in result.out
    assert result.err.strip() == "cno: nothing erased: ann@acme.com is kept (add --yes to erase without asking)"
    assert people(engine) == 1


def test_forget_erases_when_the_cno_says_yes(cno, engine, monkeypatch):
    add_person(engine)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    result = cno("forget", "ann@acme.com")
    assert result.code == 0, result.err
    assert "erased ann@acme.com" in result.out
    assert people(engine) == 0


def test_forget_without_a_terminal_to_ask_on_erases_nothing(cno, engine, monkeypatch):
    add_person(engine)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cno("forget", "ann@acme.com").code == 1
    assert people(engine) == 1


def metric(text, name):
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_metrics_count_requests_refused_as_unsigned_or_stale(running_app):
    def rejected():
        with urllib.request.urlopen(running_app.url + "/metrics") as response:
            return metric(response.read().decode(), 'cno_slack_requests_rejected_total{status="401"}')

    before = rejected()
    unsigned = urllib.request.Request(running_app.url + "/slack/events", data=b"command=%2Fnetworking",
                                      method="POST")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned)
    stale = running_app.slack.command("/networking", "help", timestamp=int(time.time()) - 3600)
    assert stale.status == 401
    assert running_app.slack.command("/networking", "help").status == 200

    assert rejected() == before + 2
