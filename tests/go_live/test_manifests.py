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
