"""Newcomers' onboarding plans: who is in their first weeks, and which welcomes and intros are due."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select

from storage.models import OnboardingIntro, OnboardingPlan
from storage.models.onboarding import ACTIVE
from storage.uow import Session


def onboarding_ends(session: Session, on: date) -> dict[int, date]:
    """People whose onboarding covers ``on`` (or starts later), with the day it ends: the rounds leave them out."""
    query = select(OnboardingPlan.person_id, OnboardingPlan.ends_on).where(
        OnboardingPlan.status == ACTIVE, OnboardingPlan.ends_on > on
    )
    return {person_id: ends_on for person_id, ends_on in session.execute(query)}


def has_onboarding_plan(session: Session, person_id: int) -> bool:
    """Whether the person ever had an onboarding plan (someone gets one once)."""
    return session.scalar(select(OnboardingPlan.id).where(OnboardingPlan.person_id == person_id)) is not None


def running_plans_of(session: Session, person_id: int) -> list[OnboardingPlan]:
    """The person's onboarding plan, if it is still running."""
    return list(
        session.scalars(
            select(OnboardingPlan).where(OnboardingPlan.person_id == person_id, OnboardingPlan.status == ACTIVE)
        )
    )


def plans_waiting_for_a_welcome(session: Session) -> list[OnboardingPlan]:
    """Running plans whose welcome DM is not sent yet (the newcomer had no Slack id)."""
    return list(
        session.scalars(
            select(OnboardingPlan).where(OnboardingPlan.status == ACTIVE, OnboardingPlan.welcomed_at.is_(None))
        )
    )


def plans_with_intros_due(session: Session, now: datetime) -> list[OnboardingPlan]:
    """Running plans with a week's intro due and not sent."""
    due = select(OnboardingIntro.plan_id).where(OnboardingIntro.sent_at.is_(None), OnboardingIntro.due_at <= now)
    return list(
        session.scalars(select(OnboardingPlan).where(OnboardingPlan.status == ACTIVE, OnboardingPlan.id.in_(due)))
    )


def plans_at_their_end(session: Session, on: date) -> list[OnboardingPlan]:
    """Running plans whose last day is ``on`` or earlier."""
    return list(
        session.scalars(select(OnboardingPlan).where(OnboardingPlan.status == ACTIVE, OnboardingPlan.ends_on <= on))
    )


def onboarding_intros_about(session: Session, person_id: int) -> list[int]:
    """Onboarding intros the person is part of: as the newcomer or as a partner."""
    plans = select(OnboardingPlan.id).where(OnboardingPlan.person_id == person_id)
    return list(
        session.scalars(
            select(OnboardingIntro.id).where(
                or_(OnboardingIntro.partner_id == person_id, OnboardingIntro.plan_id.in_(plans))
            )
        )
    )
