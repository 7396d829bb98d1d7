"""Everything lives in the database: a new process over the same database carries on."""

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import MentoringRelationship


def test_a_request_survives_restarts_between_every_step(org, restart):
    with freeze_time("2026-11-25 09:00:00") as clock:
        org.ask("sponsor", "my first team lead role")
        first = org.current_offer()
        restart(org)
        org.click("match_decline", first)  # the click reaches the new process
        second = org.current_offer()
        assert second.to != first.to
        restart(org)
        clock.move_to("2026-12-01 09:00:00")  # the deadline was stored, not held in a timer
        org.sweep()
        third = org.current_offer()
        assert third.to not in (first.to, second.to)
        restart(org)
        assert "is with a candidate" in org.command("sponsor", "status")
        org.click("match_accept", third)
        assert "already accepted" in org.click("match_accept", third)
    assert len(org.group_dm("UANA", third.to)) == 1
    with org.app.services.uow() as uow:
        [relationship] = uow.session.scalars(select(MentoringRelationship)).all()
        assert relationship.mentor_id == org.person(third.to)


def test_a_request_left_open_by_a_crash_is_picked_up_by_the_next_sweep(org, restart, monkeypatch):
    import bot.listeners.mentoring as listener

    def crash(*args, **kwargs):
        """The process dies right after recording the request, or the decline, before asking anyone."""

    with freeze_time("2026-11-25 09:00:00") as clock:
        monkeypatch.setattr(listener, "ask_next_candidate", crash)
        org.ask("sponsor", "my first team lead role")
        assert org.offers() == []
        restart(org)
        clock.tick(60)
        org.sweep()
        first = org.current_offer()
        org.click("match_decline", first)
        assert len(org.offers()) == 1
        monkeypatch.undo()
        restart(org)
        clock.tick(60)
        org.sweep()
    assert len(org.offers()) == 2 and org.current_offer().to != first.to
    assert "is with a candidate" in org.command("sponsor", "status")
