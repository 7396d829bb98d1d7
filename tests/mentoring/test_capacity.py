"""Nobody is asked beyond the number of mentees or protégés they said they take on."""

from freezegun import freeze_time

WEDNESDAY_9AM = "2026-11-25 09:00:00"


def test_someone_at_capacity_is_not_asked(org):
    # Hugo takes one protégé at a time; once Ana's sponsor, Ben's request goes to someone else.
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role", user="UANA")
        assert org.current_offer().to == "UHUGO"
        org.click("match_accept", org.current_offer())
        org.ask("sponsor", "a move to New York", user="UBEN")
    assert org.current_offer().to not in ("UHUGO", "USARA", "UMARK")


def test_a_pending_request_counts_against_capacity(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role", user="UANA")
        assert org.current_offer().to == "UHUGO"  # not answered yet
        org.ask("sponsor", "a move to New York", user="UBEN")
    assert org.current_offer().to != "UHUGO"


def test_someone_not_available_as_a_mentor_is_never_asked(org):
    org.set_preferences("UINES", mentor_available=False)
    with freeze_time(WEDNESDAY_9AM):
        org.ask("mentor", "data engineering", skills="SQL")
    assert [o.to for o in org.offers()] == ["UTOM"]


def test_mentor_topics_from_preferences_make_someone_a_candidate(org):
    org.set_preferences("ULEA", mentor_topics=["Negotiation"])
    with freeze_time(WEDNESDAY_9AM):
        org.ask("mentor", "negotiation")
    assert [o.to for o in org.offers()] == ["ULEA"]
    assert "Offers mentoring on negotiation" in str(org.dms("ULEA")[0]["blocks"])
