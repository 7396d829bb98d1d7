"""Cancelling, clicking twice, clicking late or as someone else: nothing harmful, and a message says so."""

from freezegun import freeze_time
from sqlalchemy import func, select

from storage.models import Interaction, MentoringRelationship
from tests.mentoring.conftest import TIES, form

WEDNESDAY_9AM = "2026-11-25 09:00:00"


def _count(org, model):
    with org.app.services.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_accepting_twice_introduces_once(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        offer = org.current_offer()
        org.click("match_accept", offer)
        again = org.click("match_accept", offer)
        decline_after = org.click("match_decline", offer)
    assert "already accepted" in again and "already accepted" in decline_after
    assert len(org.group_dm("UANA", "UHUGO")) == 1
    assert _count(org, MentoringRelationship) == 1
    assert _count(org, Interaction) == len(TIES) + 1  # the seeded ties and one sponsorship
    assert len(org.offers()) == 1


def test_declining_twice_passes_on_once(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        offer = org.current_offer()
        org.click("match_decline", offer)
        again = org.click("match_decline", offer)
        accept_after = org.click("match_accept", offer)
    assert "already declined" in again and "already declined" in accept_after
    assert len(org.offers()) == 2
    assert _count(org, MentoringRelationship) == 0


def test_only_the_candidate_can_answer(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        offer = org.current_offer()
        answer = org.click("match_accept", offer, user="UANA")
    assert "sent to someone else" in answer
    assert _count(org, MentoringRelationship) == 0
    assert "is with a candidate" in org.command("sponsor", "status")


def test_cancel_withdraws_the_request_and_a_later_click_does_nothing(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        offer = org.current_offer()
        cancelled = org.command("sponsor", "cancel")
        org.app.deliver()
        late = org.click("match_accept", offer)
    assert "withdrawn" in cancelled
    assert "withdrawn" in late
    [dm] = org.dms("UHUGO")
    assert "withdrew this request" in str(dm["blocks"]) and "match_accept" not in str(dm["blocks"])
    assert _count(org, MentoringRelationship) == 0
    assert org.group_dm("UANA", "UHUGO") == []
    assert "no open sponsor request" in org.command("sponsor", "cancel")


def test_a_click_after_the_time_out_does_nothing_and_says_so(org):
    with freeze_time(WEDNESDAY_9AM) as clock:
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        clock.move_to("2026-12-01 09:00:00")
        org.sweep()
        late = org.click("match_accept", first)
    assert "time to answer this request has passed" in late
    assert _count(org, MentoringRelationship) == 0
    assert len(org.offers()) == 2


def test_a_cancelled_request_is_not_passed_on_by_the_sweep(org):
    with freeze_time(WEDNESDAY_9AM) as clock:
        org.ask("sponsor", "my first team lead role")
        org.command("sponsor", "cancel")
        clock.move_to("2026-12-10 09:00:00")
        org.sweep()
    assert len(org.offers()) == 1


def test_one_open_request_per_kind(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        again = org.command("sponsor", "a second goal")
        # The same form submitted twice (e.g. two windows) doesn't open a second request either.
        reply = org.app.slack.submit_view("sponsor_request", form("a second goal"), user_id="UANA")
        org.ask("mentor", "data engineering")  # another kind is fine
    assert "already have an open sponsor request" in again
    assert reply.json["response_action"] == "errors"
    assert "already have an open sponsor request" in reply.json["errors"]["topic"]
    assert len(org.offers()) == 2
