"""The scopes `cno doctor` expects are the ones manifest.yml asks for (and the stand-in grants)."""

from pathlib import Path

import yaml

from bot.use_cases.go_live.scopes import MANIFEST_SCOPES
from tests.support import slack_standin

ROOT = Path(__file__).resolve().parents[2]


def scopes_of(name):
    return set(yaml.safe_load((ROOT / name).read_text())["oauth_config"]["scopes"]["bot"])


def test_doctor_expects_exactly_the_scopes_of_the_manifest():
    assert scopes_of("manifest.yml") == set(MANIFEST_SCOPES)


def test_the_slack_stand_in_grants_the_scopes_of_the_manifest():
    assert set(slack_standin.MANIFEST_SCOPES) == set(MANIFEST_SCOPES)


def manifest(name):
    return yaml.safe_load((ROOT / name).read_text())


def urls_in(node):
    if isinstance(node, dict):
        return [v for k, v in node.items() if k.endswith("url") and isinstance(v, str)] + \
            [u for v in node.values() for u in urls_in(v)]
    if isinstance(node, list):
        return [u for v in node for u in urls_in(v)]
    return []


def test_the_socket_mode_manifest_declares_the_same_app_without_any_public_url():
    http, socket = manifest("manifest.yml"), manifest("manifest.socket-mode.yml")
    assert socket["settings"]["socket_mode_enabled"] is True
    assert http["settings"]["socket_mode_enabled"] is False
    assert urls_in(socket) == [] and urls_in(http)
    assert [c["command"] for c in socket["features"]["slash_commands"]] == \
        [c["command"] for c in http["features"]["slash_commands"]]
    events = "event_subscriptions"
    assert socket["settings"][events]["bot_events"] == http["settings"][events]["bot_events"]
    assert scopes_of("manifest.socket-mode.yml") == scopes_of("manifest.yml")
    assert socket["settings"]["interactivity"]["is_enabled"] is True
