"""Privacy: someone who opted out is never shown to the asker, not even as a step, in any message or view."""

from __future__ import annotations

from freezegun import freeze_time

NOW = "2026-11-30 10:00:00"


def prefs(findable):
    return {"findable": {"value": {"type": "checkboxes", "selected_options": [{"value": v} for v in findable]}}}


def click_everything(org, answer, asker="UZOE"):
    """Click every button of an answer, and have everyone asked accept."""
    for button in org.buttons(answer):
        org.click(asker, button["action_id"], button["value"])
    for user in ("UANA", "UBEN", "UCARL", "UDAN", "UEVE", "UPIA", "UOLI", "UGIL"):
        for message in org.requests_to(user):
            for block in message["blocks"]:
                for element in block.get("elements", []):
                    if element.get("action_id", "").endswith("_accept"):
                        org.click(user, element["action_id"], element["value"], channel=f"D{user}")


@freeze_time(NOW)
def test_across_every_message_and_view_the_asker_receives_an_opted_out_person_never_appears(org):
    for words in ("kubernetes", "Globex", "kubernetes operators", "operators"):
        click_everything(org, org.find(words))
    org.app.slack.event({"type": "app_home_opened", "user": "UZOE", "tab": "home"})
    org.app.deliver()

    seen = org.everything_seen_by("UZOE")
    assert "Ben Brook" in seen and "Dan Dorn" in seen and "Pia Pohl" in seen  # the test can fail
    for hidden in ("Oli", "UOLI", "Gil", "UGIL", "oli@", "gil@"):
        assert hidden not in seen, hidden


@freeze_time(NOW)
def test_the_prefs_modal_starts_with_skills_on_and_organisations_off(org):
    org.app.slack.command("/networking", "prefs", user_id="UANA")
    block = [b for b in org.slack.views[-1]["view"]["blocks"] if b["block_id"] == "findable"][0]
    assert [o["value"] for o in block["element"]["initial_options"]] == ["find_skills"]
    assert [o["value"] for o in block["element"]["options"]] == ["find_skills", "find_external"]


@freeze_time(NOW)
def test_a_connector_who_opts_out_is_no_longer_a_step_and_is_never_named(org):
    assert "Through Ana Alves" in str(org.find("kubernetes"))

    reply = org.app.slack.submit_view("networking_prefs", prefs([]), user_id="UANA")
    assert reply.status == 200
    org.seen.clear()
    org.slack.calls.clear()

    click_everything(org, org.find("kubernetes"))
    click_everything(org, org.find("Globex"))

    seen = org.everything_seen_by("UZOE")
    assert "Ben Brook" in seen
    assert "Ana" not in seen and "UANA" not in seen


@freeze_time(NOW)
def test_choosing_to_be_found_for_organisations_makes_one_findable_for_them(org):
    assert "Gil Gray" not in str(org.find("globex"))

    org.app.slack.submit_view("networking_prefs", prefs(["find_skills", "find_external"]), user_id="UGIL")

    answer = org.find("globex")
    assert "*Gil Gray* · Sales · EMEA\\nGil Gray has a partner relationship with *Globex*" in str(answer).replace(
        "\n", "\\n")
    assert "You know Gil Gray" in str(answer)
