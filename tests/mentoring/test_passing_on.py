"""Declines and time-outs pass the request on; after three candidates, the requester is told honestly."""

from freezegun import freeze_time

from bot.use_cases.mentoring.figures import unfulfilled_requests

WEDNESDAY_9AM = "2026-11-25 09:00:00"
BANNED_WORDS = ("declin", "no answer", "timed out", "time-out", "didn't answer", "turned down")


def test_a_decline_passes_the_request_to_the_next_candidate(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        org.click("match_decline", first)
    [replaced] = org.last_responses  # the DM changes at once, through the click's response_url
    assert replaced["replace_original"] is True and "You declined" in str(replaced["blocks"])
    assert org.slack.views[-1]["view"]["callback_id"] == "match_decline_reason"  # an optional reason
    second = org.current_offer()
    assert second.to not in (first.to, "USARA", "UMARK") and second.id != first.id
    [dm] = org.dms(first.to)
    assert "You declined" in str(dm["blocks"]) and "match_accept" not in str(dm["blocks"])


def test_a_decline_reason_is_kept_privately(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        org.click("match_decline", first)
        reason = {"reason": {"value": {"type": "plain_text_input", "value": "Too busy until March"}}}
        reply = org.app.slack.submit_view("match_decline_reason", reason, user_id=first.to,
                                          private_metadata=str(first.id))
        assert reply.status == 200
        org.app.deliver()
    assert org.offer_rows()[0].decline_reason == "Too busy until March"
    assert "Too busy" not in org.everything_seen_by("UANA")


def test_no_answer_within_three_working_days_passes_the_request_on(org):
    with freeze_time(WEDNESDAY_9AM) as clock:
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        assert first.to == "UHUGO"  # New York: Wednesday 04:00 → Monday 04:00 (09:00 UTC)
        clock.move_to("2026-11-30 08:59:00")
        org.sweep()
        assert org.current_offer().id == first.id
        clock.move_to("2026-11-30 09:00:00")
        org.sweep()
        second = org.current_offer()
        assert second.id != first.id and second.to != first.to
        org.sweep()  # a second sweep at the same moment does nothing more
        assert org.current_offer().id == second.id
    [dm] = org.dms("UHUGO")
    assert "so I've asked someone else" in str(dm["blocks"]) and "match_accept" not in str(dm["blocks"])
    assert [o.status for o in org.offer_rows()] == ["timed_out", "pending"]


def test_the_deadline_skips_the_weekend_in_the_candidates_time_zone(org):
    # Friday 20:00 UTC is already Saturday morning in Tokyo: Omar gets Monday to Wednesday, whole.
    org.set_preferences("UHUGO", sponsor_available=False)
    org.set_preferences("UINES", sponsor_available=False)
    with freeze_time("2026-11-27 20:00:00"):
        org.ask("sponsor", "my first team lead role")
    assert org.current_offer().to == "UOMAR"
    assert "Thu 3 Dec, 00:00" in str(org.dms("UOMAR")[0]["blocks"])
    assert org.offer_rows()[0].deadline.isoformat() == "2026-12-02T15:00:00+00:00"


def test_after_three_candidates_the_requester_is_told_honestly_and_the_cno_sees_it(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        org.click("match_decline", org.current_offer())
    with freeze_time("2026-11-30 09:00:00"):  # the second candidate never answers
        org.sweep()
        org.click("match_decline", org.current_offer())
    asked = [o.to for o in org.offers()]
    assert len(asked) == len(set(asked)) == 3
    assert set(asked) == {"UHUGO", "UINES", "UOMAR"}
    unfulfilled = org.dms("UANA")[-1]["text"]
    assert "couldn't find a sponsor" in unfulfilled and "Chief Networking Officer" in unfulfilled
    with org.app.services.uow() as uow:
        [row] = unfulfilled_requests(uow.session)
    assert (row.kind, row.requester_email, row.topic, row.candidates_asked) == (
        "sponsor", "ana@acme.test", "my first team lead role", 3)
    assert "no open sponsor request" in org.command("sponsor", "status")


def test_when_nobody_fits_the_requester_is_told_at_once(org):
    with freeze_time(WEDNESDAY_9AM):
        # Only Ana's region, in person: nobody in EMEA outside her chain is two levels senior but Ines…
        org.ask("sponsor", "my first team lead role", prefs=())
        org.click("match_decline", org.current_offer())
    assert [o.to for o in org.offers()] == ["UINES"]
    assert "couldn't find a sponsor" in org.dms("UANA")[-1]["text"]


def test_nobody_learns_of_a_decline_or_a_time_out(org):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        org.click("match_decline", first)
        status = org.command("sponsor", "status")
        second = org.current_offer()
    with freeze_time("2026-11-30 09:00:00"):
        org.sweep()
        third = org.current_offer()
        org.click("match_accept", third)
    assert "is with a candidate" in status
    seen_by_ana = org.everything_seen_by("UANA").lower()
    for word in BANNED_WORDS:
        assert word not in seen_by_ana
    for other in (first.to, second.to):
        assert other.lower() not in seen_by_ana
    assert third.to.lower() in seen_by_ana  # the one who accepted, introduced
    # The one who accepted doesn't learn who was asked before them either.
    seen_by_third = org.everything_seen_by(third.to).lower()
    for other in (first.to, second.to):
        assert other.lower() not in seen_by_third


def test_the_decline_reason_form_opens_even_when_slack_answers_slowly(org):
    """The form is opened first, before the DM is replaced: a trigger id lives 3 seconds, and a slow
    response_url post (3 seconds on the stand-in's clock) would otherwise have spent them."""
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        org.slack.slow_down(3.0)
        org.click("match_decline", first)
        org.slack.slow_down(0.05)
    assert [v["view"]["callback_id"] for v in org.slack.views if v["method"] == "open"][-1] == "match_decline_reason"
    [replaced] = org.last_responses
    assert replaced["replace_original"] is True and "You declined" in str(replaced["blocks"])
