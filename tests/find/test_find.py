"""`/networking find` over HTTP: who can help, by skill and by organisation, with the warmest path in plain words."""

from __future__ import annotations

import json

from freezegun import freeze_time
from sqlalchemy import func, select

from storage.models import ExternalRelationship, IntroRequest, MentoringRelationship, MentoringRequest, Person

NOW = "2026-11-30 10:00:00"


def sections(answer):
    return [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]


@freeze_time(NOW)
def test_find_by_skill_lists_who_can_help_warmest_first_with_the_path_in_plain_words(org):
    answer = org.find("kubernetes")

    texts = sections(answer)
    assert texts[0] == "People who can help with *kubernetes*, warmest first. Only you can see this."
    assert texts[1] == ("*Ben Brook* · IT · EMEA\nBen Brook knows *Kubernetes* (on their profile).\n"
                        "Through Ana Alves, who was in touch with Ben Brook 4 weeks ago.")
    names = [t.split("*")[1] for t in texts[1:]]
    assert names == ["Ben Brook", "Eve Eng", "Pia Pohl"]
    assert "Nobody you know knows Eve Eng yet." in texts[2]
    assert [b["text"]["text"] for b in org.buttons(answer)] == [
        "Ask Ana Alves to introduce me", "Ask Eve Eng directly", "Ask Pia Pohl directly"]
    assert [b["action_id"] for b in org.buttons(answer)] == ["find_ask_intro", "find_ask_direct", "find_ask_direct"]


@freeze_time(NOW)
def test_find_by_organisation_reaches_three_steps_out_and_says_the_relationship(org):
    answer = org.find("globex")

    texts = sections(answer)
    assert len(texts) == 2
    assert texts[1] == ("*Dan Dorn* · Finance · EMEA\nDan Dorn has a client relationship with *Globex* "
                        "(last contact last month).\nThrough Ana Alves and Carl Chu: Ana Alves knows Carl Chu, "
                        "who was in touch with Dan Dorn 4 weeks ago.")
    assert org.buttons(answer)[0]["text"]["text"] == "Ask Ana Alves to introduce me"


@freeze_time(NOW)
def test_someone_who_chose_not_to_be_found_is_never_shown_nor_used_as_a_step(org):
    kubernetes, globex = org.find("kubernetes"), org.find("Globex")

    seen = json.dumps([kubernetes, globex])
    assert "Oli" not in seen and str(org.ids["UOLI"]) not in json.dumps([b["value"] for b in org.buttons(kubernetes)])
    # Pia is reached only through Oli: she is shown, but as someone nobody Zoe knows knows
    pia = [t for t in sections(kubernetes) if t.startswith("*Pia Pohl*")][0]
    assert pia.endswith("Nobody you know knows Pia Pohl yet.")
    # Gil knows Globex and Zoe, but did not choose to be found for outside relationships
    assert "Gil" not in seen


@freeze_time(NOW)
def test_a_query_nobody_matches_says_so_and_how_to_widen_it(org):
    answer = org.find("underwater basket weaving")
    assert sections(answer)[0].startswith("I found nobody who can help with *underwater basket weaving* yet.")
    assert org.buttons(answer) == []


@freeze_time(NOW)
def test_find_without_a_topic_explains_how_to_use_it(org):
    reply = org.app.slack.command("/networking", "find", user_id="UZOE")
    assert reply.json["response_type"] == "ephemeral"
    assert reply.json["text"].startswith(
        "What are you looking for?\n\nUse `/networking find <topic, skill or organisation>`")

    long = org.app.slack.command("/networking", "find " + "x" * 120, user_id="UZOE")
    assert long.json["text"].startswith("That's 120 characters; keep it under 100.")


@freeze_time(NOW)
def test_someone_the_app_does_not_know_is_told_so(org):
    reply = org.app.slack.command("/networking", "find kubernetes", user_id="UNOBODY")
    assert reply.json["text"].startswith("I don't know you yet")


@freeze_time(NOW)
def test_find_by_a_mentoring_topic_someone_took_on(org):
    with org.app.services.uow() as uow:
        carl = uow.session.get(Person, org.ids["UCARL"])
        carl.preferences = {**carl.preferences, "mentor_topics": ["Public Speaking"]}
        request = MentoringRequest(requester_id=org.ids["UANA"], kind="mentor", topic="negotiation", status="matched")
        uow.session.add(request)
        uow.session.flush()
        uow.session.add(MentoringRelationship(kind="mentoring", mentor_id=org.ids["UBEN"], mentee_id=org.ids["UANA"],
                                              request_id=request.id))
        uow.commit()

    speaking, negotiation = org.find("public speaking"), org.find("negotiation")

    assert sections(speaking)[1].startswith("*Carl Chu* · HR · EMEA\nCarl Chu mentors on *Public Speaking*.\n"
                                            "Through Ana Alves, who was in touch with Carl Chu")
    assert sections(negotiation)[1].startswith("*Ben Brook* · IT · EMEA\nBen Brook mentors on *negotiation*.")


@freeze_time(NOW)
def test_someone_erased_leaves_no_outside_relationship_or_request_behind(org, cno):
    button = org.button(org.find("globex"), "Ask Ana Alves to introduce me")
    org.click("UZOE", button["action_id"], button["value"])

    assert cno("forget", "dan@acme.test", "--yes").code == 0

    with org.app.services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ExternalRelationship).where(
            ExternalRelationship.person_id == org.ids["UDAN"])) == 0
        assert uow.session.scalar(select(func.count()).select_from(IntroRequest)) == 0
    assert "Dan" not in str(org.find("globex"))
