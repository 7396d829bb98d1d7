"""The stand-in as an Enterprise Grid organisation of three workspaces, with the app installed org-wide."""

from __future__ import annotations

import pytest

from tests.installs.conftest import oauth_app, oauth_cli  # noqa: F401  ("Add to Slack" on this Grid)
from tests.programs.conftest import org, rounds_on, slack_env  # noqa: F401
from tests.support.slack_standin import SlackStandIn

ENTERPRISE = "E0ACME"
WORKSPACES = {"T0EMEA": "Acme EMEA", "T0AMER": "Acme Americas", "T0APAC": "Acme APAC"}


@pytest.fixture
def slack(slack: SlackStandIn) -> SlackStandIn:
    """Every test here: the app's token is an org-wide install, added to all three workspaces."""
    slack.enterprise(ENTERPRISE, WORKSPACES)
    return slack
