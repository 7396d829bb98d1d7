"""Asking for a sponsor or a mentor: who gets asked, accepting, and what each person sees."""

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import Interaction, MentoringRelationship, MentoringRequest

WEDNESDAY_9AM = "2026-11-25 09:00:00"


def test_a_sponsor_request_goes_privately_to_someone_two_levels_senior_outside_the_chain(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
    [offer] = org.offers()
    # Sara is the best connected person of all, but she heads Ana's chain of management.
    assert offer.to == "UHUGO"
    text = str(org.dms("UHUGO")[0]["blocks"])
    assert "<@UANA>" in text and "my first team lead role" in text
    assert "Four levels senior, in HR, AMER." in text
    assert "Mon 30 Nov, 04:00" in text  # three working days, on Hugo's New York clock
    [received] = org.dms("UANA")
    assert "asked someone" in received["text"]
    assert "Hugo" not in org.everything_seen_by("UANA") and "UHUGO" not in org.everything_seen_by("UANA")


def test_accepting_introduces_both_with_an_agenda_and_records_the_tie(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        offer = org.current_offer()
    with freeze_time("2026-11-26 15:30:00"):
        answer = org.click("match_accept", offer)
    assert "introduced you to <@UANA>" in answer
    [replaced] = org.last_responses
    assert replaced["replace_original"] is True and "You accepted" in str(replaced["blocks"])
    assert "match_accept" not in str(replaced["blocks"])
    [intro] = org.group_dm("UANA", "UHUGO")
    assert "<@UANA>, meet <@UHUGO>" in intro["blocks"][0]["text"]["text"]
    assert "A first agenda" in str(intro["blocks"])
    [dm] = org.dms("UHUGO")
    assert "You accepted" in str(dm["blocks"])
    assert not any(b["type"] == "actions" for b in dm["blocks"])  # the buttons are gone
    with org.app.services.uow() as uow:
        [tie] = uow.session.scalars(select(Interaction).where(Interaction.source == "mentoring")).all()
        assert {tie.a_id, tie.b_id} == {org.person("UANA"), org.person("UHUGO")}
        assert tie.kind == "sponsorship"
        [relationship] = uow.session.scalars(select(MentoringRelationship)).all()
        assert (relationship.mentor_id, relationship.status) == (org.person("UHUGO"), "active")
        request = uow.session.scalar(select(MentoringRequest))
        assert request.status == "matched"
        assert (request.matched_at - request.created_at).total_seconds() == 30.5 * 3600
    assert "in a group DM" not in org.everything_seen_by("UANA")  # Ana hears of Hugo only through the intro


def test_a_mentor_request_goes_to_someone_who_knows_the_topic(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("mentor", "data engineering", skills="SQL")
    [offer] = org.offers()
    assert offer.to == "UINES"
    why = str(org.dms("UINES")[0]["blocks"])
    assert "Knows data engineering, the topic they asked about." in why
    assert "Has the skill they want: SQL." in why


def test_status_says_the_request_is_with_a_candidate_and_never_who(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        status = org.command("sponsor", "status")
    assert "is with a candidate" in status
    assert "Hugo" not in status
    with freeze_time("2026-11-26 10:00:00"):
        org.click("match_accept", org.current_offer())
        status = org.command("sponsor", "status")
    assert "no open sponsor request" in status
    assert "Your sponsor: <@UHUGO>" in status
    assert "You sponsor: <@UANA>" in org.command("sponsor", "status", user="UHUGO")
