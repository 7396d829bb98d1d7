"""A leaver's mentoring: relationships closed with a kind note, the mentee offered a new match, offers passed on."""

from datetime import timedelta

from sqlalchemy import select

from bot.jobs import run_due
from storage.models import MentoringOffer, MentoringRelationship, MentoringRequest
from storage.models.base import utcnow
from tests.lifecycle.conftest import email
from tests.lifecycle.test_leaving import deleted, posted_to, text_of


def request(session, requester, kind="mentor", topic="negotiation", status="matched"):
    row = MentoringRequest(requester_id=requester, kind=kind, topic=topic, status=status, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def offer(session, request_id, candidate):
    session.add(MentoringOffer(request_id=request_id, candidate_id=candidate, status="pending",
                               deadline=utcnow() + timedelta(days=3)))


def test_a_leavers_mentoring_ends_kindly_and_their_mentee_gets_a_new_match(running_app, slack, services, org):
    with services.uow() as uow:
        s = uow.session
        liz_request = request(s, org["liz"])  # Sam mentors Liz
        s.add(MentoringRelationship(kind="mentoring", mentor_id=org["sam"], mentee_id=org["liz"],
                                    request_id=liz_request.id, status="active"))
        s.add(MentoringRelationship(kind="sponsorship", mentor_id=org["dana"], mentee_id=org["sam"], status="active"))
        tara_request = request(s, org["tara"], topic="public speaking", status="offered")
        offer(s, tara_request.id, org["sam"])  # Sam was asked to mentor Tara
        sams_request = request(s, org["sam"], topic="finance", status="offered")
        offer(s, sams_request.id, org["hal"])  # Sam asked for a mentor; Hal was asked
        uow.commit()
        ids = (liz_request.id, tara_request.id, sams_request.id)

    running_app.slack.event(deleted("USAM", email("sam")))
    run_due(services)  # the mentoring sweep asks the next candidates
    running_app.deliver()

    to_liz = text_of(posted_to(slack, "DULIZ")[0])
    assert "Sam has left the company" in to_liz and "looking for a new mentor" in to_liz and "negotiation" in to_liz
    assert "Sam has left the company" in text_of(posted_to(slack, "DUDANA")[0])
    with services.uow() as uow:
        s = uow.session
        assert set(s.scalars(select(MentoringRelationship.status))) == {"closed"}
        new_for_liz = s.scalar(select(MentoringRequest).where(
            MentoringRequest.requester_id == org["liz"], MentoringRequest.id != ids[0]))
        assert new_for_liz.topic == "negotiation" and new_for_liz.status in ("offered", "unfulfilled")
        assert s.get(MentoringRequest, ids[2]).status == "cancelled"
        offers = {(o.request_id, o.candidate_id): o.status for o in s.scalars(select(MentoringOffer))}
        assert offers[(ids[1], org["sam"])] == "cancelled"
        assert offers[(ids[2], org["hal"])] == "cancelled"
        assert s.get(MentoringRequest, ids[1]).status in ("offered", "unfulfilled")  # Tara's goes on to someone else
        asked_for_tara = [c for (r, c), st in offers.items() if r == ids[1] and st == "pending"]
        assert org["sam"] not in asked_for_tara
