"""Submitting an event only stores it; the scheduler's sweep queues the invitations, resumably."""

from collections import Counter
from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import func, select

from bot.jobs import run_due
from bot.use_cases.events import audience, inviting
from storage.models import Event, Invitation
from tests.events.conftest import (
    CNO,
    create_event,
    dm,
    form_state,
    modal_action,
    outbox_keys,
    queue_invitations,
    text_of,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def invitations_per_person(services, event_id: int) -> Counter[int]:
    with services.uow() as uow:
        return Counter(uow.session.scalars(select(Invitation.person_id).where(Invitation.event_id == event_id)))


@freeze_time(NOW)
def test_a_submission_stores_the_event_and_promises_the_invitations_without_queueing_them(
    running_app, org, services, slack
):
    org.bulk(30)
    event_id = create_event(running_app, queue=False)
    with services.uow() as uow:
        event = uow.session.get(Event, event_id)
        assert event.status == "scheduled" and not event.invitations_queued
        assert uow.session.scalar(select(func.count(Invitation.id))) == 0
    assert outbox_keys(services, f"event:{event_id}:invite:%") == []
    running_app.deliver()
    assert any("being sent to 30 people" in text_of(m) for m in dm(slack, CNO))

    queue_invitations(running_app)
    assert sorted(invitations_per_person(services, event_id).values()) == [1] * 30
    with services.uow() as uow:
        assert uow.session.get(Event, event_id).invitations_queued


@freeze_time(NOW)
def test_a_sweep_interrupted_halfway_resumes_and_invites_everyone_exactly_once(
    running_app, org, services, slack, monkeypatch
):
    people = org.bulk(11)
    event_id = create_event(running_app, queue=False)
    monkeypatch.setattr(inviting, "CHUNK", 4)
    real_enqueue_many = inviting.enqueue_many
    passes: list[int] = []

    def dies_after_the_first_chunk(session, outgoing):
        passes.append(len(outgoing))
        if len(passes) > 1:
            raise RuntimeError("the scheduler's process dies in the middle of the second pass")
        return real_enqueue_many(session, outgoing)

    monkeypatch.setattr(inviting, "enqueue_many", dies_after_the_first_chunk)
    run_due(services, NOW)  # one failing sweep is logged, not raised
    assert passes == [4, 4]
    assert sorted(invitations_per_person(services, event_id).values()) == [1] * 4  # the second pass rolled back
    assert len(outbox_keys(services, f"event:{event_id}:invite:%")) == 4

    monkeypatch.setattr(inviting, "enqueue_many", real_enqueue_many)
    run_due(services, NOW)
    run_due(services, NOW)  # nothing left to do: nothing queued twice
    per_person = invitations_per_person(services, event_id)
    assert len(per_person) == 11 and set(per_person.values()) == {1}
    assert len(outbox_keys(services, f"event:{event_id}:invite:%")) == 11
    running_app.deliver()
    assert all(len(dm(slack, p)) == 1 for p in people)


@freeze_time(NOW)
def test_widening_the_audience_invites_the_people_it_adds_through_the_sweep(running_app, org, services, slack):
    sales = org.add("U1", function="Sales")
    it = org.add("U2", function="IT")
    event_id = create_event(running_app, functions=("Sales",))
    assert set(invitations_per_person(services, event_id)) == {sales}

    wider = form_state(functions=("Sales", "IT"))
    reply = running_app.slack.submit_view("cno_event_edit", wider, user_id=CNO, private_metadata=str(event_id))
    assert reply.status == 200 and "errors" not in reply.text
    assert set(invitations_per_person(services, event_id)) == {sales}  # not in the request
    queue_invitations(running_app)
    assert invitations_per_person(services, event_id) == Counter({sales: 1, it: 1})
    running_app.deliver()
    assert any("1 new invitation(s) being sent" in text_of(m) for m in dm(slack, CNO))


@freeze_time(NOW)
def test_the_lowest_reach_is_measured_again_only_when_the_network_changed(running_app, org, monkeypatch):
    a, b, c = (org.add(u) for u in ("U1", "U2", "U3"))
    org.tie(a, b)
    measured: list[int] = []
    real = audience.second_degree_reach_all

    def counting(graph, **kwargs):
        measured.append(1)
        return real(graph, **kwargs)

    monkeypatch.setattr(audience, "second_degree_reach_all", counting)
    state = form_state(lowest=True)
    modal_action(running_app, "event_audience_lowest", state)
    modal_action(running_app, "event_audience_functions", state)
    create_event(running_app, lowest=True)
    assert len(measured) == 1  # two redraws, the submission's check and the sweep: measured once
    org.tie(b, c)
    modal_action(running_app, "event_audience_lowest", state)
    assert len(measured) == 2

