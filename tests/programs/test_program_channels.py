"""A program lives in a Slack channel: created from the command line, announced there, joined by joining it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.programs.membership import reconcile_named
from storage.models import Person, Program, ProgramMember
from tests.programs.conftest import CHANNEL, channel_posts, dms_to

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def members(services) -> dict[str, bool]:
    """Slack id -> still in (for everyone who was ever in the first program)."""
    with services.uow() as uow:
        rows = uow.session.execute(select(Person.slack_id, ProgramMember.left_at)
                                   .join(ProgramMember, ProgramMember.person_id == Person.id)).all()
        return {sid: left is None for sid, left in rows}


def create(cno, *extra):
    return cno("program", "create", "Coffee", "--channel", CHANNEL, *extra)


def test_a_program_is_created_bound_to_a_channel_and_announced_there(running_app, cno, slack):
    with freeze_time(MONDAY):
        result = create(cno, "--cadence", "biweekly", "--group-size", "3", "--day", "wed", "--local-hour", "10")
        assert result.code == 0, result.err
        assert "Coffee [active] in C0COFFEE: 0 members; biweekly on wed at 10:00 local; groups of 3" in result.out
        running_app.deliver()
    launch = channel_posts(slack, CHANNEL)
    assert len(launch) == 1
    assert "*Coffee* starts here" in launch[0] and "group of 3" in launch[0]
    assert "every other Wednesday at 10:00 your time" in launch[0]
    assert "leave this channel" in launch[0] and "/networking pause" in launch[0]
    listed = cno("program", "list")
    assert listed.out.splitlines()[0].startswith("company-wide (default)")
    assert "Coffee [active] in C0COFFEE" in listed.out


def test_bad_program_options_are_one_line_errors_and_create_nothing(services, cno):
    for args, says in ((["--group-size", "7"], "--group-size must be between 2 and 6"),
                       (["--cadence", "daily"], "--cadence must be one of weekly, biweekly, monthly"),
                       (["--day", "someday"], "--day must be one of"),
                       (["--local-hour", "25"], "--local-hour must be between 0 and 23")):
        result = create(cno, *args)
        assert result.code == 1 and says in result.err and "Traceback" not in result.err
    bad_channel = cno("program", "create", "Coffee", "--channel", "#coffee")
    assert bad_channel.code == 1 and "Slack channel id such as C0123ABCD" in bad_channel.err
    with services.uow() as uow:
        assert uow.session.scalars(select(Program)).all() == []
    assert create(cno).code == 0
    twice = cno("program", "create", "Tea", "--channel", CHANNEL)
    assert twice.code == 1 and "already belongs to the program 'Coffee'" in twice.err


def test_pausing_resuming_and_ending_a_program_tells_its_channel(running_app, cno, slack):
    create(cno)
    assert "[paused]" in cno("program", "pause", "coffee").out
    assert cno("program", "pause", "Coffee").code == 1
    assert "[active]" in cno("program", "resume", "Coffee").out
    assert "[ended]" in cno("program", "end", CHANNEL).out
    again = cno("program", "resume", "Coffee")
    assert again.code == 1 and "has ended" in again.err
    running_app.deliver()
    posts = channel_posts(slack, CHANNEL)
    assert [p.split(":")[0] if not p.startswith(":wave:") else "launch" for p in posts][0] == "launch"
    assert any("is paused" in p for p in posts) and any("is back" in p for p in posts)
    assert any("has ended" in p for p in posts)


def test_joining_the_channel_joins_the_program_with_one_welcome_and_leaving_leaves(running_app, org, cno, slack):
    org.add("ada@acme.test")
    create(cno)
    app = running_app.slack
    event = {"type": "member_joined_channel", "user": "U001", "channel": CHANNEL, "channel_type": "C"}
    assert app.event(event, event_id="Ev1").status == 200
    assert app.event(event, event_id="Ev1").status == 200  # Slack's retry of the same event
    app.event({**event, "channel": "COTHER"})  # not a program channel: nothing happens
    assert members(running_app.services) == {"U001": True}
    running_app.deliver()
    welcome = dms_to(slack, "U001")
    assert len(welcome) == 1
    assert "Welcome to *Coffee*" in welcome[0] and "/networking pause" in welcome[0]
    assert "leave the channel" in welcome[0]
    app.event({"type": "member_left_channel", "user": "U001", "channel": CHANNEL, "channel_type": "C"})
    assert members(running_app.services) == {"U001": False}


def test_someone_new_to_the_app_who_joins_is_added_from_slack_alone(running_app, cno, slack):
    slack.add_user("UNEW", "new@acme.test", "Nia New", title="Senior Software Engineer", tz="Europe/Berlin")
    create(cno)
    running_app.slack.event({"type": "member_joined_channel", "user": "UNEW", "channel": CHANNEL})
    with running_app.services.uow() as uow:
        person = uow.session.scalars(select(Person)).one()
        assert (person.email, person.function, person.region, person.source) == (
            "new@acme.test", "Engineering", "EMEA", "slack")
    slack.add_user("UBOT2", "bot@acme.test", is_bot=True)
    running_app.slack.event({"type": "member_joined_channel", "user": "UBOT2", "channel": CHANNEL})
    assert members(running_app.services) == {"UNEW": True}


def test_reconciliation_repairs_joins_and_leaves_missed_while_the_app_was_down(running_app, org, cno, slack,
                                                                               slack_env):
    for n in range(5):
        org.add(f"p{n}@acme.test")
    create(cno)
    slack.add_channel(CHANNEL, ["U001", "U002", "U003"])
    first = cno("program", "sync", "Coffee")  # the launch: the announcement greets them, no DM each
    assert first.code == 0, first.err
    assert "3 in the channel; 3 joined, 0 left, 0 not known yet" in first.out
    # While the app was down: U003 left, U004 and U005 joined, and someone the app does not know yet.
    slack.add_channel(CHANNEL, ["U001", "U002", "U004", "U005", "UNKNOWN"])
    result = cno("program", "sync", "Coffee")
    assert "5 in the channel; 2 joined, 1 left, 1 not known yet" in result.out
    assert members(running_app.services) == {"U001": True, "U002": True, "U003": False, "U004": True, "U005": True}
    again = cno("program", "sync", "Coffee")
    assert "0 joined, 0 left" in again.out
    running_app.deliver()
    assert [len(dms_to(slack, u)) for u in ("U001", "U002", "U003", "U004", "U005")] == [0, 0, 0, 1, 1]


def test_reconciliation_pages_through_a_big_channel_at_the_tier_pace(running_app, org, cno, slack):
    for n in range(3):
        org.add(f"p{n}@acme.test")
    create(cno)
    slack.add_channel(CHANNEL, ["U001", "U002", "U003"] + [f"UX{n:04d}" for n in range(450)])
    slack.fail("conversations.members", status=429, retry_after=2)
    sleeps: list[float] = []
    found = reconcile_named(running_app.services, "Coffee", MONDAY, sleep=sleeps.append)
    assert (found.members, found.joined, found.pages) == (453, 3, 3)
    assert sleeps == [2.0, 0.6, 0.6]  # Retry-After once, then Tier 4's pace between pages


def test_reconciliation_reports_a_channel_the_app_cannot_read(running_app, cno, slack, slack_env):
    create(cno)
    result = cno("program", "sync", "Coffee")
    assert result.code == 1 and "channel_not_found" in result.err and "invite the app" in result.err


def test_the_app_joining_a_program_channel_itself_is_not_a_member_and_not_an_error(running_app, cno, slack):
    create(cno)
    reply = running_app.slack.event({"type": "member_joined_channel", "user": "UBOT", "channel": CHANNEL})
    assert reply.status == 200
    assert members(running_app.services) == {}


def test_a_channel_the_app_cannot_read_is_retried_hourly_not_every_minute(running_app, cno, slack):
    create(cno)
    with freeze_time(MONDAY):
        run_due(running_app.services)
        run_due(running_app.services)
    assert len(slack.calls_to("conversations.members")) == 1
    slack.add_channel(CHANNEL, [])
    with freeze_time(MONDAY + timedelta(hours=1, minutes=1)):
        run_due(running_app.services)
    assert len(slack.calls_to("conversations.members")) == 2
    with running_app.services.uow() as uow:
        assert uow.session.scalars(select(Program.members_synced_at)).one() is not None
