"""Joining: a new hire's welcome DM and one intro a week for their first four weeks.

A plan starts on ``team_join`` (:func:`join_from_slack`) or for someone imported
with a recent start date (:func:`start_onboarding`). The sweep
:func:`onboarding_sweep` sends the welcome once the person has a Slack id, picks
the partners (:func:`matching.onboarding.onboarding_picks`) when the first intro
falls due, and sends each week's intro and a note to the manager, once, by
outbox key. During the plan the person is left out of the regular rounds
(:func:`onboarding_ids`).
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.local_time import local_today, zone_of
from bot.names import display_name
from bot.network import current_network
from bot.outbox import enqueue
from matching.onboarding import onboarding_picks
from message_templates import mrkdwn, render_blocks, render_text
from storage.models import OnboardingIntro, OnboardingPlan, Person
from storage.models.onboarding import DONE
from storage.queries.onboarding import (
    has_onboarding_plan,
    onboarding_ends,
    plans_at_their_end,
    plans_waiting_for_a_welcome,
    plans_with_intros_due,
)
from storage.queries.people import ids_active_on_slack, person_by_email, person_by_slack_id
from storage.uow import Session

__all__ = ["onboarding_ends", "onboarding_ids", "in_onboarding", "start_onboarding", "join_from_slack",
           "onboarding_sweep"]

log = logging.getLogger(__name__)

WEEKS = 4
#: Someone imported with a start date up to this many days ago still gets onboarding.
RECENT_DAYS = 14
INTRO_HOUR = 10
WELCOME_HOUR = 9
SKIPPED = "skipped"


def at_local(person: Person, day: date, hour: int) -> datetime:
    """``hour`` o'clock on ``day`` in the person's time zone, as aware UTC."""
    return datetime.combine(day, time(hour), tzinfo=zone_of(person.timezone)).astimezone(UTC)


def first_name(person: Person) -> str:
    """The first word of the person's name ("" when they have none: the templates say "there")."""
    return (person.name or "").split(" ")[0]


def start_onboarding(
    session: Session, person_id: int, today: date, now: datetime | None = None
) -> OnboardingPlan | None:
    """Plan a newcomer's four weeks; None when they get none.

    Someone gets a plan once, while active, when their ``start_date`` is at most
    :data:`RECENT_DAYS` days before ``today`` (or in the future). The plan starts on
    the later of the two days; its week-``k`` intro is due at 10:00 local time on
    day ``7 (k - 1) + 1``. The welcome DM is queued now when their Slack id is known
    (else the sweep sends it once it is). The caller commits.
    """
    person = session.get(Person, person_id)
    if person is None or not person.active or person.start_date is None:
        return None
    if person.start_date < today - timedelta(days=RECENT_DAYS):
        return None
    if has_onboarding_plan(session, person_id):
        return None
    starts_on = max(person.start_date, today)
    plan = OnboardingPlan(person_id=person_id, starts_on=starts_on, ends_on=starts_on + timedelta(weeks=WEEKS))
    plan.intros = [
        OnboardingIntro(week=week, due_at=at_local(person, starts_on + timedelta(days=7 * (week - 1) + 1), INTRO_HOUR))
        for week in range(1, WEEKS + 1)
    ]
    session.add(plan)
    session.flush()
    _welcome(session, plan, person, now or datetime.now(UTC))
    return plan


def _welcome(session: Session, plan: OnboardingPlan, person: Person, now: datetime) -> None:
    if plan.welcomed_at is not None or not person.slack_id:
        return
    ctx = {"first_name": first_name(person), "weeks": WEEKS}
    enqueue(
        session,
        f"onboarding:welcome:{plan.person_id}:dm",
        text=render_text("lifecycle/welcome_text", **ctx),
        blocks=render_blocks("lifecycle/welcome", **ctx),
        users=[person.slack_id],
        not_before=(at_local(person, plan.starts_on, WELCOME_HOUR)
                    if plan.starts_on > local_today(person.timezone, now) else now),
    )
    plan.welcomed_at = now


def join_from_slack(services: Services, user: dict[str, Any], now: datetime) -> int | None:
    """``team_join``: create or link the person by the email of their Slack profile, and onboard them.

    Bots, deleted accounts and profiles without an email are ignored. Someone who
    had left and comes back is active again. Someone stored for more than
    :data:`RECENT_DAYS` days without a start date is an old hand new to Slack: linked,
    not onboarded. Nor is someone already linked under this Slack id: on Enterprise Grid
    ``team_join`` comes again for each workspace a member is added to. Returns the
    person's id (None when ignored).
    """
    with services.uow() as uow:
        person = _join(uow.session, user, now)
        uow.commit()
    if person is None:
        return None
    log.info("team_join: person %s onboarding", person.id)
    return person.id


def _join(session: Session, user: dict[str, Any], now: datetime) -> Person | None:
    profile = user.get("profile") or {}
    email = str(profile.get("email") or "").strip().lower()
    slack_id = str(user.get("id") or "")
    if not email or not slack_id or user.get("is_bot") or user.get("deleted"):
        return None
    person = person_by_email(session, email)
    if person is None:
        person = person_by_slack_id(session, slack_id)
    known_for_long = person is not None and person.created_at < now - timedelta(days=RECENT_DAYS)
    in_slack_already = person is not None and person.slack_id == slack_id  # another workspace of the organisation
    if person is None:
        person = Person(email=email)
        session.add(person)
    person.slack_id = slack_id
    person.name = person.name or str(profile.get("real_name") or user.get("real_name") or user.get("name") or "")
    person.title = person.title or str(profile.get("title") or "")
    if user.get("tz"):
        person.timezone = str(user["tz"])
    if not person.active:
        person.active, person.left_on = True, None
    today = local_today(person.timezone, now)
    if person.start_date is None and not known_for_long and not in_slack_already:  # an old hand is not a new hire
        person.start_date = today
    session.flush()
    start_onboarding(session, person.id, today, now)
    return person


def onboarding_ids(session: Session, on: date) -> set[int]:
    """People whose onboarding covers ``on`` (or starts later): the rounds leave them out."""
    return set(onboarding_ends(session, on))


def in_onboarding(session: Session, person_id: int, on: date) -> bool:
    """Whether the person is in their onboarding weeks on ``on`` (so not in the regular rounds)."""
    return person_id in onboarding_ids(session, on)


def _member(person: Person) -> dict[str, str]:
    mention = f"<@{person.slack_id}>" if person.slack_id else mrkdwn(person.name or person.email)
    return {
        "name": display_name(person),
        "title": person.title,
        "function": person.function,
        "region": person.region,
        "mention": mention,
    }


def _can_meet(person: Person | None, today: date) -> bool:
    return (
        person is not None
        and person.active
        and person.opted_in
        and bool(person.slack_id)
        and (person.paused_until is None or person.paused_until < today)
    )


def _choose_partners(session: Session, plan: OnboardingPlan, today: date) -> None:
    """Pick a partner for every unsent week without a valid one (the whole plan when the first week falls due)."""
    open_weeks = [i for i in plan.intros if i.sent_at is None and not _can_meet(_partner(session, i), today)]
    if not open_weeks:
        return
    network = current_network(session, today)
    if plan.person_id not in network.people:
        return
    reachable = ids_active_on_slack(session)
    reachable -= onboarding_ids(session, today)  # newcomers meet people who know the place
    reachable.add(plan.person_id)
    people = {pid: p for pid, p in network.people.items() if pid in reachable}
    taken = {i.partner_id for i in plan.intros if i.partner_id is not None}
    if [i.week for i in open_weeks] == list(range(open_weeks[0].week, open_weeks[0].week + len(open_weeks))):
        batches = [open_weeks]  # consecutive weeks (the whole plan, at first): one pass
    else:
        batches = [[i] for i in open_weeks]
    for batch in batches:
        picks = onboarding_picks(
            plan.person_id, people, network.graph, weeks=len(batch), exclude=taken, on=today, first_week=batch[0].week
        )
        for intro, pick in zip(batch, picks, strict=False):
            intro.partner_id, intro.kind, intro.reason = pick.person_id, pick.kind, pick.reason
            taken.add(pick.person_id)
        for intro in batch[len(picks) :]:
            intro.partner_id, intro.kind, intro.reason = None, SKIPPED, "no one left to meet"


def _partner(session: Session, intro: OnboardingIntro) -> Person | None:
    return session.get(Person, intro.partner_id) if intro.partner_id is not None else None


def _send_intro(
    session: Session, plan: OnboardingPlan, intro: OnboardingIntro, newcomer: Person, now: datetime
) -> None:
    partner = _partner(session, intro)
    if intro.kind == SKIPPED or partner is None or not _can_meet(partner, local_today(newcomer.timezone, now)):
        intro.kind, intro.sent_at = SKIPPED, now
        return
    ctx = {
        "week": intro.week,
        "weeks": len(plan.intros),
        "newcomer": _member(newcomer),
        "partner": _member(partner),
        "reason": intro.reason,
        "partner_first": first_name(partner),
    }
    enqueue(
        session,
        f"onboarding:intro:{intro.id}:group",
        text=render_text("lifecycle/onboarding_intro_text", **ctx),
        blocks=render_blocks("lifecycle/onboarding_intro", **ctx),
        users=[newcomer.slack_id or "", partner.slack_id or ""],
    )
    manager = session.get(Person, newcomer.manager_id) if newcomer.manager_id is not None else None
    if manager is not None and manager.active and manager.slack_id and manager.id != partner.id:
        enqueue(
            session,
            f"onboarding:intro:{intro.id}:manager",
            text=render_text("lifecycle/onboarding_manager_text", **ctx),
            blocks=render_blocks("lifecycle/onboarding_manager", **ctx),
            users=[manager.slack_id],
        )
    intro.sent_at = now


def onboarding_sweep(services: Services, now: datetime) -> None:
    """The sweep: welcomes waiting for a Slack id, each due week's intro, and plans that are over."""
    with services.uow() as uow:
        session = uow.session
        for plan in plans_waiting_for_a_welcome(session):
            person = session.get(Person, plan.person_id)
            if person is not None and person.active:
                _welcome(session, plan, person, now)
        for plan in plans_with_intros_due(session, now):
            newcomer = session.get(Person, plan.person_id)
            if newcomer is None or not newcomer.active or not newcomer.slack_id:
                continue
            _choose_partners(session, plan, local_today(newcomer.timezone, now))
            for intro in plan.intros:
                if intro.sent_at is None and intro.due_at <= now:
                    _send_intro(session, plan, intro, newcomer, now)
        for plan in plans_at_their_end(session, now.date()):
            if all(i.sent_at is not None for i in plan.intros) or plan.ends_on < now.date() - timedelta(days=7):
                plan.status = DONE
        uow.commit()
