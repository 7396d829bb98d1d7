"""App Home: people list, add and remove their own outside relationships (organisation and kind only)."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import ExternalRelationship

NOW = "2026-11-30 10:00:00"


def home(org, user):
    org.app.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    return [v["view"] for v in org.slack.views if v["method"] == "publish" and v["user_id"] == user][-1]


def contact_lines(view):
    return [b["text"]["text"] for b in view["blocks"] if str(b.get("block_id", "")).startswith("find_contact:")]


def form(organisation, kind="client", strength="4", day=None):
    return {
        "organisation": {"value": {"type": "plain_text_input", "value": organisation}},
        "kind": {"value": {"type": "static_select", "selected_option": {"value": kind} if kind else None}},
        "strength": {"value": {"type": "static_select", "selected_option": {"value": strength}}},
        "last_contact": {"value": {"type": "datepicker", "selected_date": day}},
    }


def stored(org, user):
    with org.app.services.uow() as uow:
        rows = uow.session.scalars(select(ExternalRelationship).where(
            ExternalRelationship.person_id == org.ids[user]).order_by(ExternalRelationship.organisation))
        return [(r.organisation, r.kind, r.strength, r.last_contact, r.source) for r in rows]


@freeze_time(NOW)
def test_a_person_sees_adds_and_removes_their_own_organisations_in_app_home(org):
    assert contact_lines(home(org, "UDAN")) == ["*Globex* · client · strength 5 · last contact 2026-10-20"]

    org.click("UDAN", "find_contact_add", "add")
    assert org.slack.views[-1]["view"]["callback_id"] == "find_contact_add"
    reply = org.app.slack.submit_view("find_contact_add", form("  Initech ", "partner", "2", "2026-11-02"),
                                      user_id="UDAN")
    assert reply.status == 200 and not reply.text

    assert stored(org, "UDAN")[1] == ("Initech", "partner", 2, date(2026, 11, 2), "home")
    view = [v["view"] for v in org.slack.views if v["method"] == "publish"][-1]
    assert contact_lines(view)[1] == "*Initech* · partner · strength 2 · last contact 2026-11-02"

    globex = [b for b in view["blocks"] if str(b.get("block_id", "")).startswith("find_contact:")][0]
    org.click("UDAN", "find_contact_remove", globex["accessory"]["value"])
    assert [row[0] for row in stored(org, "UDAN")] == ["Initech"]


@freeze_time(NOW)
def test_a_bad_field_in_the_form_is_named_and_nothing_is_saved(org):
    future = org.app.slack.submit_view("find_contact_add", form("Initech", day="2027-01-01"), user_id="UDAN")
    no_kind = org.app.slack.submit_view("find_contact_add", form("Initech", kind=None), user_id="UDAN")
    no_name = org.app.slack.submit_view("find_contact_add", form(""), user_id="UDAN")

    assert future.json == {"response_action": "errors", "errors": {"last_contact": "2027-01-01 is in the future"}}
    assert no_kind.json["errors"]["kind"].startswith("an empty kind is not a kind of relationship")
    assert no_name.json["errors"] == {"organisation": "an organisation is required"}
    assert [row[0] for row in stored(org, "UDAN")] == ["Globex"]


@freeze_time(NOW)
def test_nobody_can_remove_someone_elses_relationship(org):
    with org.app.services.uow() as uow:
        dans = uow.session.scalar(select(ExternalRelationship.id).where(
            ExternalRelationship.person_id == org.ids["UDAN"]))
    org.click("UZOE", "find_contact_remove", str(dans))
    assert [row[0] for row in stored(org, "UDAN")] == ["Globex"]
