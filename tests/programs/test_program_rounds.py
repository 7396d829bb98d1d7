"""Program rounds: groups of N, several programs side by side, cross-attribute and seats programs, channel summaries."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.programs.admin import ProgramSpec, create_program
from bot.use_cases.programs.making import program_rounds_sweep
from bot.use_cases.programs.membership import assign_seat, member_joined
from bot.use_cases.rounds.making import run_round_now
from storage.models import Intro, IntroMember, Person, Round
from tests.conftest import CNO_SLACK_ID
from tests.programs.conftest import channel_posts, group_dms, members_of_channel

CREATED = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # a Wednesday
SUNDAY_NOON = datetime(2026, 12, 13, 12, 0, tzinfo=UTC)  # rounds of Monday 14 December are made now
MONDAY_EVENING = datetime(2026, 12, 14, 18, 0, tzinfo=UTC)  # everyone's 09:00 has passed (UTC people)
NEXT_SUNDAY_NOON = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
NEXT_MONDAY_EVENING = datetime(2026, 12, 21, 18, 0, tzinfo=UTC)


def program(services, name, channel, emails, org, **spec):
    with freeze_time(CREATED):
        create_program(services, ProgramSpec(name, channel, **spec), CREATED)
        for email in emails:
            member_joined(services, channel, org.slack_ids[email], CREATED)


def program_groups(services, name_fragment=""):
    """Member emails of each intro of program rounds, per round period."""
    with services.uow() as uow:
        rows = uow.session.execute(
            select(Round.period, Intro.id, Person.email).join(Intro, Intro.round_id == Round.id)
            .join(IntroMember, IntroMember.intro_id == Intro.id).join(Person, Person.id == IntroMember.person_id)
            .where(Round.program_id.is_not(None), Round.period.like(f"%{name_fragment}%"))
        ).all()
    groups: dict[tuple[str, int], list[str]] = {}
    for period, intro_id, email in rows:
        groups.setdefault((period, intro_id), []).append(email)
    return groups


def test_groups_of_four_spread_the_remainder_and_the_channel_gets_a_summary(running_app, org, slack):
    emails = org.add_many(10)
    program(running_app.services, "Coffee", "C0COFFEE", emails, org, group_size=4)
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    with freeze_time(MONDAY_EVENING):
        running_app.deliver()
    sizes = sorted(len(members_of_channel(dm["channel"])) for dm in group_dms(slack))
    assert sizes == [3, 3, 4]
    everyone = sorted(u for dm in group_dms(slack) for u in members_of_channel(dm["channel"]))
    assert everyone == sorted(org.slack_ids[e] for e in emails)
    summary = [p for p in channel_posts(slack, "C0COFFEE") if "intros this week" in p]
    assert summary == ["3 intros this week for 10 people across 6 functions. Check your DMs!"]
    assert not any(org.person(e).name in summary[0] for e in emails)  # counts only, never a name


def test_the_round_is_made_once_however_often_the_sweep_runs(running_app, org):
    program(running_app.services, "Coffee", "C0COFFEE", org.add_many(4), org)
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
        run_due(running_app.services)
    assert len(program_groups(running_app.services)) == 2


def test_two_programs_with_different_cadences_and_sizes_run_side_by_side_without_over_serving(
        running_app, org, slack):
    both = org.add_many(8)
    only_b = org.add_many(4, prefix="b")
    program(running_app.services, "Weekly pairs", "C0WEEKLY", both, org)
    program(running_app.services, "Biweekly trios", "C0TRIOS", both + only_b, org, cadence="biweekly", group_size=3)
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    groups = program_groups(running_app.services)
    weekly = [g for (period, _), g in groups.items() if period.endswith("/p" + period.split("/p")[1]) and
              all(e in both for e in g) and len(g) == 2]
    per_person = Counter(e for g in groups.values() for e in g)
    assert max(per_person.values()) == 1  # at most one intro that week, whichever program
    assert sorted(per_person) == sorted(both + only_b)
    assert len(weekly) == 4
    trios_round = [g for (period, _), g in groups.items() if all(e in only_b for e in g)]
    assert sorted(len(g) for g in trios_round) == [2, 2]  # four people in groups of three: two pairs, nobody alone
    with freeze_time(NEXT_SUNDAY_NOON):
        run_due(running_app.services)
    periods = Counter(period.split("/")[0] for period, _ in program_groups(running_app.services))
    assert periods == {"2026-W51": 6, "2026-W52": 4}  # the biweekly program skips the next week


def test_a_cross_function_program_introduces_people_across_functions(running_app, org):
    sales = [org.add(f"s{n}@acme.test", "Sales") for n in range(4)]
    engineers = [org.add(f"e{n}@acme.test", "Engineering") for n in range(4)]
    assert sales and engineers
    emails = [f"s{n}@acme.test" for n in range(4)] + [f"e{n}@acme.test" for n in range(4)]
    program(running_app.services, "Across", "C0ACROSS", emails, org, intro_type="across", attribute="function")
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    groups = list(program_groups(running_app.services).values())
    assert len(groups) == 4
    assert all({e[0] for e in g} == {"s", "e"} for g in groups)


def test_a_within_region_program_keeps_intros_inside_each_region(running_app, org):
    emails = [f"r{n}@acme.test" for n in range(8)]
    for n, email in enumerate(emails):
        org.add(email, ("Sales", "Legal", "Finance", "Marketing")[n % 4], ("EMEA", "APAC")[n // 4])
    program(running_app.services, "Local", "C0LOCAL", emails, org, intro_type="within", attribute="region")
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    groups = list(program_groups(running_app.services).values())
    assert len(groups) == 4
    assert all(len({org.person(e).region for e in g}) == 1 for g in groups)


def test_a_seats_program_puts_one_mentor_with_mentees(running_app, org, slack):
    mentors = [f"m{n}@acme.test" for n in range(2)]
    mentees = [f"t{n}@acme.test" for n in range(5)]
    for n, email in enumerate(mentors + mentees):
        org.add(email, ("Sales", "Engineering", "Finance")[n % 3])
    program(running_app.services, "Mentoring", "C0MENTOR", mentors + mentees, org, intro_type="seats",
            seats="mentor,mentee", group_size=3)
    with freeze_time(CREATED):
        for email in mentors:
            assign_seat(running_app.services, "Mentoring", email, "mentor", CREATED)
        for email in mentees[:4]:
            assign_seat(running_app.services, "Mentoring", email, "mentee", CREATED)
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    groups = list(program_groups(running_app.services).values())
    assert sorted(sorted(e[0] for e in g) for g in groups) == [["m", "t", "t"], ["m", "t", "t"]]
    with running_app.services.uow() as uow:
        reasons = uow.session.scalars(select(Intro.reasons)).all()
    assert all("a mentor" in r[0] and "a mentee" in r[0] for r in reasons)


def test_the_summary_says_how_many_of_last_rounds_groups_met(running_app, org, slack):
    emails = org.add_many(6)
    program(running_app.services, "Coffee", "C0COFFEE", emails, org)
    with freeze_time(SUNDAY_NOON):
        run_due(running_app.services)
    with running_app.services.uow() as uow:
        first = uow.session.scalars(select(Intro).order_by(Intro.id)).all()
        for intro in first[:2]:
            intro.members[0].answer = "met"
        uow.commit()
    with freeze_time(NEXT_SUNDAY_NOON):
        run_due(running_app.services)
    with freeze_time(NEXT_MONDAY_EVENING):
        running_app.deliver()
    summaries = [p for p in channel_posts(slack, "C0COFFEE") if "intros this week" in p]
    assert len(summaries) == 2
    assert "67% of last round's groups met" in summaries[1] and "met" not in summaries[0]


def test_the_company_wide_round_does_not_serve_again_whom_a_program_served_that_week(running_app, rounds_on, org):
    emails = org.add_many(6)
    program(running_app.services, "Coffee", "C0COFFEE", emails[:4], org)
    with freeze_time(SUNDAY_NOON):
        program_rounds_sweep(running_app.services, SUNDAY_NOON)  # the program's round first
    assert len(program_groups(running_app.services)) == 2
    monday_nine = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    with freeze_time(monday_nine):
        company = run_round_now(running_app.services, monday_nine)
    with running_app.services.uow() as uow:
        round_ = uow.session.get(Round, company.id)
        served = sorted(org.email_of_slack(uow.session.get(Person, m.person_id).slack_id)
                        for intro in round_.intros for m in intro.members)
        set_aside = sorted(x.code for x in round_.left_out)
    assert served == sorted(emails[4:])
    assert set_aside == ["frequency"] * 4


def test_a_programs_preview_gives_its_own_day_and_local_hour_not_the_companys(running_app, rounds_on, org, slack):
    emails = org.add_many(6)
    program(running_app.services, "Tea", "C0TEA", emails, org, weekday="tue", local_hour=15, approval_required=True)
    with freeze_time(datetime(2026, 12, 14, 12, 0, tzinfo=UTC)):  # Monday noon: Tuesday's round is made
        run_due(running_app.services)
        running_app.deliver()
    [preview] = slack.messages.get(f"D{CNO_SLACK_ID}", [])
    text = str(preview["blocks"])
    assert "Tea round 2026-W51/p" in text  # the program's name, not the company-wide round's
    assert "sending Tue 15 Dec 15:00 UTC (each at their local 15:00)" in text
    assert "local 09:00" not in text  # the company-wide round's hour (round settings) plays no part
    assert group_dms(slack) == []  # waiting for approval


def test_the_channel_summary_comes_when_the_first_intros_go_out_not_when_the_round_is_made(running_app, org, slack):
    emails = org.add_many(4)
    program(running_app.services, "Coffee", "C0COFFEE", emails, org)
    with freeze_time(SUNDAY_NOON):  # Monday's round is made a day ahead
        run_due(running_app.services)
        running_app.deliver()
    assert not [p for p in channel_posts(slack, "C0COFFEE") if "Check your DMs" in p]
    assert group_dms(slack) == []
    with freeze_time(datetime(2026, 12, 14, 9, 1, tzinfo=UTC)):  # Monday 09:00 UTC: the intros go out
        running_app.deliver()
    assert len(group_dms(slack)) == 2
    assert [p for p in channel_posts(slack, "C0COFFEE") if "Check your DMs" in p] == [
        "2 intros this week for 4 people across 4 functions. Check your DMs!"]
