"""`/networking why`, `/networking status` and the CNO's App Home cover program rounds, not only the company's."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from freezegun import freeze_time

from bot.use_cases.programs.making import program_rounds_sweep
from bot.use_cases.rounds.making import run_round_now
from tests.conftest import CNO_SLACK_ID
from tests.programs.test_program_rounds import SUNDAY_NOON, program

MONDAY_EVENING = datetime(2026, 12, 14, 18, 0, tzinfo=UTC)  # the program's intros went at 09:00
TUESDAY = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)


def command(running_app, text: str, user: str, at: datetime = MONDAY_EVENING) -> str:
    with freeze_time(at):
        reply = running_app.slack.command("/networking", text, user_id=user)
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    return reply.json["text"]


def coffee_round(running_app, org) -> tuple[list[str], list[str]]:
    """Four people in the Coffee program, two outside it; the program's round of Monday 14 December is sent."""
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="Ben Kim")
    emails = ["ana@acme.test", "ben@acme.test", *org.add_many(4)]
    program(running_app.services, "Coffee", "C0COFFEE", emails[:4], org)
    with freeze_time(SUNDAY_NOON):
        program_rounds_sweep(running_app.services, SUNDAY_NOON)
    with freeze_time(MONDAY_EVENING):
        running_app.deliver()
    return emails[:4], emails[4:]


def test_why_gives_the_programs_intro_with_its_name_and_reasons(running_app, rounds_on, org):
    members, _ = coffee_round(running_app, org)
    for email in members:
        text = command(running_app, "why", org.slack_ids[email])
        assert re.match(r"\*Coffee round 2026-W51/p\d+\*: you were matched with ", text), text
        assert "Why:\n• " in text
    before = command(running_app, "why", org.slack_ids["ana@acme.test"], at=SUNDAY_NOON.replace(hour=13))
    assert re.search(r"\*Coffee round 2026-W51/p\d+\*: you're matched; your intro arrives Monday at 09:00 your time\.",
                     before), before


def test_why_after_a_later_company_round_set_them_aside_still_gives_their_programs_intro(running_app, rounds_on, org):
    members, others = coffee_round(running_app, org)
    with freeze_time(TUESDAY):
        run_round_now(running_app.services, TUESDAY)  # the company-wide round: the weekly cap sets Ana aside
    text = command(running_app, "why", org.slack_ids["ana@acme.test"], at=TUESDAY.replace(hour=18))
    assert text.startswith("*Round 2026-W51*: you weren't matched. You asked for intros once a week; "
                           "your last one was on 2026-12-14"), text
    assert re.search(r"Your latest intro:\n\*Coffee round 2026-W51/p\d+\*: you were matched with ", text), text
    outside = command(running_app, "why", org.slack_ids[others[0]], at=TUESDAY.replace(hour=18))
    assert outside.startswith("*Round 2026-W51*: you were matched with ") and "Coffee" not in outside


def test_status_names_the_program_of_each_recent_intro_and_when_its_next_round_is(running_app, rounds_on, org):
    coffee_round(running_app, org)
    text = command(running_app, "status", org.slack_ids["ana@acme.test"])
    assert "Your programs: Coffee in <#C0COFFEE> (next round Monday 21 December, 09:00 your time)" in text
    assert re.search(r"• Coffee 2026-W51/p\d+: .* — no answer yet", text), text


def test_the_cnos_app_home_shows_each_active_programs_last_round(running_app, rounds_on, org, slack):
    org.add("cno@acme.test", slack_id=CNO_SLACK_ID)
    coffee_round(running_app, org)
    with freeze_time(MONDAY_EVENING):
        running_app.slack.event({"type": "app_home_opened", "user": CNO_SLACK_ID, "tab": "home"})
    home = json.dumps([v for v in slack.views if v["method"] == "publish"][-1]["view"])
    assert re.search(r"Last round of Coffee: 2026-W51/p\d+, sending, 2 intros, 0 not matched\.", home), home


def test_why_before_any_round_gives_the_programs_next_rounds(running_app, rounds_on, org):
    emails = org.add_many(2)
    program(running_app.services, "Coffee", "C0COFFEE", emails, org)
    text = command(running_app, "why", org.slack_ids[emails[0]], at=SUNDAY_NOON.replace(day=10))
    assert text.startswith("No round has been made yet.")
    assert "Your programs: Coffee in <#C0COFFEE> (next round Monday 14 December, 09:00 your time)" in text
