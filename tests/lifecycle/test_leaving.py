"""Leaving: the manager gets the relationships only the leaver held, and the successor meets the most important."""

import json

from sqlalchemy import select

from bot.jobs import run_due
from storage.models import Handover, Person
from storage.models.base import utcnow
from tests.lifecycle.conftest import email, round_now


def deleted(user_id, mail):
    return {"type": "user_change", "user": {"id": user_id, "deleted": True, "profile": {"email": mail}}}


def posted_to(slack, channel):
    return [p for p in slack.posted() if p["channel"] == channel]


def blocks_of(message):
    blocks = message.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def text_of(message):
    return message["text"] + json.dumps(blocks_of(message), ensure_ascii=False)


def picker_block(message):
    return next(
        b["block_id"] for b in blocks_of(message)
        if (b.get("accessory") or {}).get("action_id") == "handover_successor"
    )


def choose(running_app, manager, block_id, successor):
    return running_app.slack.action(
        "handover_successor", user_id=manager, block_id=block_id, channel_id=f"D{manager}",
        action={"type": "users_select", "selected_user": successor},
    )


def test_a_deactivation_leads_to_a_handover_proposal_and_intros_to_the_successor(running_app, slack, services, org):
    reply = running_app.slack.event(deleted("USAM", email("sam")))
    assert reply.status == 200
    run_due(services)
    running_app.deliver()

    asked = posted_to(slack, "DUMIA")
    assert len(asked) == 1
    proposal = text_of(asked[0])
    assert "Tim Lund" in proposal and "Leo Marsh" in proposal
    assert proposal.index("Tim Lund") < proposal.index("Leo Marsh")  # strong, recent and cross-silo first
    assert "Tara Quinn" not in proposal  # Sue knows her: nothing lost
    assert "Legal and Sales (functions)" in proposal
    assert [p for p in slack.posted() if p["channel"] != "DUMIA"] == []  # the names went to the manager only

    choose(running_app, "UMIA", picker_block(asked[0]), "USUE")
    running_app.deliver()

    assert len(posted_to(slack, "GUSUE-UTIM")) == 1
    assert len(posted_to(slack, "GULEO-USUE")) == 1
    assert "taking over" in text_of(posted_to(slack, "GUSUE-UTIM")[0])
    updated = slack.calls_to("chat.update")
    assert len(updated) == 1 and "Sue Park* takes over" in json.dumps(updated[0].params["blocks"])

    with services.uow() as uow:
        sam = uow.session.scalar(select(Person).where(Person.email == email("sam")))
        assert (sam.active, sam.left_on) == (False, utcnow().date())
    introduced, left_out = round_now(services)  # the next round
    assert introduced and org["sam"] not in introduced and org["sam"] not in left_out


def test_only_the_manager_asked_can_choose_the_successor(running_app, slack, services, org):
    running_app.slack.event(deleted("USAM", email("sam")))
    run_due(services)
    running_app.deliver()
    block_id = picker_block(posted_to(slack, "DUMIA")[0])

    choose(running_app, "UTARA", block_id, "UTARA")
    running_app.deliver()

    assert "Only the manager" in slack.wait_for_response()[-1]["text"]
    assert [p for p in slack.posted() if p["channel"].startswith("G")] == []
    choose(running_app, "UMIA", block_id, "USAM")  # the leaver cannot take over from themselves
    assert "can't take over" in slack.wait_for_response(2)[-1]["text"]


def test_a_second_deactivation_event_or_sweep_asks_only_once(running_app, slack, services, org):
    running_app.slack.event(deleted("USAM", email("sam")))
    running_app.slack.event(deleted("USAM", email("sam")))
    run_due(services)
    run_due(services)
    running_app.deliver()
    assert len(posted_to(slack, "DUMIA")) == 1
    with services.uow() as uow:
        assert len(uow.session.scalars(select(Handover)).all()) == 1


def test_someone_whose_ties_the_team_all_share_needs_no_handover(running_app, slack, services, org):
    running_app.slack.event(deleted("ULIZ", email("liz")))  # Liz knows Lea and Leo: both in her team
    run_due(services)
    running_app.deliver()
    assert slack.posted() == []
    with services.uow() as uow:
        assert uow.session.scalar(select(Handover.status)) == "nothing"


def test_a_people_import_marking_someone_left_opens_a_handover(cno, tmp_path, services, slack, org):
    path = tmp_path / "people.csv"
    path.write_text(
        "email,name,function,region,level,manager_email,left_on\n"
        f"{email('sam')},Sam Okafor,Sales,EMEA,3,{email('mia')},{utcnow().date()}\n"
    )
    run = cno("import", "people", str(path))
    assert run.code == 0, run.err
    assert "1 handover(s) opened" in run.out
    run_due(services)
    from bot.outbox import OutboxSender

    OutboxSender(services.uow, services.slack).deliver_due()
    assert "Tim Lund" in text_of(posted_to(slack, "DUMIA")[0])


def test_a_leaver_without_a_manager_is_handed_over_by_the_cno(running_app, slack, services, org):
    slack.add_user("UCNO", "cno@acme.test", "Carla Nunes")
    with services.uow() as uow:
        uow.session.add(Person(email="cno@acme.test", name="Carla Nunes", slack_id="UCNO", function="Exec"))
        uow.session.get(Person, org["sam"]).manager_id = None
        uow.commit()
    running_app.slack.event(deleted("USAM", email("sam")))
    run_due(services)
    running_app.deliver()
    asked = posted_to(slack, "DUCNO")
    assert len(asked) == 1
    choose(running_app, "UCNO", picker_block(asked[0]), "UMIA")
    running_app.deliver()
    assert len(posted_to(slack, "GUMIA-UTIM")) == 1


def test_a_slack_sync_finding_a_deleted_account_opens_a_handover(running_app, slack, services, org):
    from bot.use_cases.lifecycle.slack_sync import sync_slack

    slack.add_user("USAM", email("sam"), "Sam Okafor", deleted=True)
    report = sync_slack(services)
    assert report.left_ids == [org["sam"]]
    run_due(services)
    running_app.deliver()
    assert "Tim Lund" in text_of(posted_to(slack, "DUMIA")[0])


def test_a_leaver_gives_up_their_place_at_an_upcoming_event_and_the_waiting_list_moves_up(
    running_app, slack, services, org
):
    from datetime import timedelta

    from storage.models import Event, Invitation

    with services.uow() as uow:
        event = Event(title="Cross-team breakfast", starts_at=utcnow() + timedelta(days=3), capacity=1)
        uow.session.add(event)
        uow.session.flush()
        uow.session.add(Invitation(event_id=event.id, person_id=org["sam"], status="going"))
        uow.session.add(Invitation(event_id=event.id, person_id=org["tim"], status="waitlisted", waitlist_seq=1,
                                   waitlisted_at=utcnow()))
        uow.commit()
    running_app.slack.event(deleted("USAM", email("sam")))
    with services.uow() as uow:
        statuses = {i.person_id: i.status for i in uow.session.scalars(select(Invitation))}
    assert statuses == {org["sam"]: "declined", org["tim"]: "going"}


def test_an_intro_still_waiting_in_the_outbox_is_not_sent_with_someone_who_left(running_app, slack, services, org):
    from datetime import timedelta

    from freezegun import freeze_time

    introduced, _ = round_now(services)  # made and queued for everyone's local morning
    assert org["sam"] in introduced
    running_app.slack.event(deleted("USAM", email("sam")))
    with freeze_time(utcnow() + timedelta(days=2)):
        running_app.deliver()
    intros = [p for p in slack.posted() if p["channel"].startswith("G")]
    assert intros and not [p for p in intros if "USAM" in p["channel"]]
