"""The manifest declares every surface the app listens to, so a CNO creates the app in one step."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_declares_every_slash_command_of_the_contract():
    commands = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert commands == {"/networking", "/mentor", "/sponsor", "/cno-event", "/team-reach", "/cno-report"}


def test_manifest_subscribes_to_the_contract_events_and_routes_everything_to_one_url():
    doc = manifest()
    assert set(doc["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened", "team_join", "user_change", "member_joined_channel", "member_left_channel",
        "app_uninstalled", "tokens_revoked"}  # "Add to Slack": an uninstall forgets that installation's tokens
    urls = {c["url"] for c in doc["features"]["slash_commands"]}
    urls |= {doc["settings"]["event_subscriptions"]["request_url"], doc["settings"]["interactivity"]["request_url"]}
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")


def test_manifest_asks_for_the_scopes_the_app_calls():
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    for needed in ("chat:write", "commands", "im:write", "mpim:write", "users:read", "users:read.email", "files:write"):
        assert needed in scopes
