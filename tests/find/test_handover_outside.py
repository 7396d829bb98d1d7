"""A leaver's outside organisations go to their manager in the handover, so they can be passed on."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.jobs import run_due
from bot.network import forget_cached_network
from storage.models import ExternalRelationship, Person
from storage.models.base import utcnow
from tests.lifecycle.conftest import add_org, email


@pytest.fixture
def company(services, slack):
    forget_cached_network()
    with services.uow() as uow:
        ids = add_org(uow.session, slack, utcnow().date())
        for org, kind in (("Globex", "client"), ("Initech", "partner")):
            uow.session.add(ExternalRelationship(person_id=ids["sam"], organisation=org,
                                                 organisation_key=org.lower(), kind=kind, strength=4,
                                                 last_contact=date(2026, 1, 5)))
        uow.commit()
    yield ids
    forget_cached_network()


def leave(running_app, services, user_id, key):
    running_app.slack.event({"type": "user_change", "user": {"id": user_id, "deleted": True,
                                                              "profile": {"email": email(key)}}})
    run_due(services)
    running_app.deliver()


def everything(message):
    return message["text"] + json.dumps(message.get("blocks") or [], ensure_ascii=False)


def test_the_manager_sees_the_leavers_outside_organisations_in_the_handover(running_app, slack, services, company):
    leave(running_app, services, "USAM", "sam")

    [asked] = [p for p in slack.posted() if p["channel"] == "DUMIA"]
    assert "and 2 outside organisation(s). Choose who takes over." in asked["text"]
    assert "*Outside organisations they knew*\\n• Globex (client)\\n• Initech (partner)" in everything(asked)


def test_when_the_cno_is_asked_instead_they_see_only_how_many(running_app, slack, services, company):
    with services.uow() as uow:
        sam = uow.session.get(Person, company["sam"])
        sam.manager_id = None
        uow.commit()

    leave(running_app, services, "USAM", "sam")

    [asked] = [p for p in slack.posted() if p["channel"] == "DUCNO"]
    text = everything(asked)
    assert "*Outside organisations they knew:* 2 (their manager would see which" in text
    assert "Globex" not in text and "Initech" not in text
