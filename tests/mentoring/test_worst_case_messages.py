"""Mentoring messages with the longest values the app takes (a 200-character name, a 150-character topic, ten
skills) still reach Slack: the offer, the decline-reason form, the intro and the status (the strict stand-in
refuses anything over a Block Kit limit, and the ``slack`` fixture fails the test)."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import update

from storage.models import Person

LONG_NAME = ("Ana-Lucía & <Bo> " * 12)[:200]
LONG_TOPIC = ("R&D <leadership> & " * 10)[:150]
SKILLS = ", ".join(f"skill & <{k}>" for k in range(10))


def test_a_sponsor_request_with_the_longest_name_topic_and_skills_goes_through(org):
    with org.app.services.uow() as uow:
        uow.session.execute(update(Person).values(name=LONG_NAME))  # everyone: requester and candidates
        uow.commit()
    with freeze_time("2026-11-25 09:00:00"):
        org.ask("sponsor", LONG_TOPIC, skills=SKILLS)
        first = org.current_offer()
        org.click("match_decline", first)
        second = org.current_offer()
        org.click("match_accept", second)
    assert org.slack.views[-1]["view"]["callback_id"] == "match_decline_reason"
    assert org.group_dm("UANA", second.to), "the intro reached both"
    assert f"Your sponsor: <@{second.to}>" in org.command("sponsor", "status")
