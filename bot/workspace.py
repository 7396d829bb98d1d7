"""Where the app is installed (one workspace, or an Enterprise Grid organisation), and which requests are ours.

With a workspace's bot token, requests naming another team are refused. With an org-wide token
(``auth.test`` answers ``is_enterprise_install: true``), every workspace of that organisation is ours:
a request is accepted when it names our enterprise, refused when it names another enterprise or only
a team (a standalone workspace). Slack puts the ids in different places by kind of request:
``team_id``/``enterprise_id`` (slash commands, events), ``team``/``enterprise`` objects and
``user.team_id`` (interactivity, where an org-wide install may send ``team: null``), and
``authorizations`` (events).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InstalledIn:
    """What ``auth.test`` says of the token: its workspace, its organisation, whether it is org-wide."""

    team_id: str | None
    enterprise_id: str | None = None
    org_wide: bool = False

    @classmethod
    def from_auth_test(cls, answer: SlackResponse | Mapping[str, Any]) -> InstalledIn:
        org_wide = answer.get("is_enterprise_install") in (True, "true")
        return cls(team_id=str(answer.get("team_id") or "") or None,
                   enterprise_id=str(answer.get("enterprise_id") or "") or None, org_wide=org_wide)


def installed_in(client: WebClient) -> InstalledIn:
    """Ask Slack (``auth.test``) where the token is installed."""
    return InstalledIn.from_auth_test(client.auth_test())


def request_team(body: Mapping[str, Any]) -> str | None:
    """The workspace a request comes from, wherever this kind of request says it."""
    team = body.get("team")
    for found in (body.get("team_id"), team.get("id") if isinstance(team, dict) else team,
                  _get(body.get("user"), "team_id"), _get(body.get("view"), "team_id")):
        if isinstance(found, str) and found:
            return found
    return None


def request_enterprise(body: Mapping[str, Any]) -> str | None:
    """The Enterprise Grid organisation a request comes from, or None (a standalone workspace)."""
    enterprise = body.get("enterprise")
    authorizations = body.get("authorizations")
    first = authorizations[0] if isinstance(authorizations, list) and authorizations else None
    for found in (body.get("enterprise_id"), _get(enterprise, "id") if isinstance(enterprise, dict) else enterprise,
                  _get(body.get("team"), "enterprise_id"), _get(first, "enterprise_id")):
        if isinstance(found, str) and found:
            return found
    return None


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


class Workspace:
    """Learns where the app is installed from ``auth.test`` once, then checks requests against it."""

    def __init__(self, client: WebClient, installed: InstalledIn | None = None) -> None:
        self._client = client
        self._installed = installed
        self._lock = threading.Lock()

    def installed(self) -> InstalledIn | None:
        if self._installed is None:
            with self._lock:
                if self._installed is None:
                    try:
                        self._installed = installed_in(self._client)
                    except (SlackApiError, OSError) as error:
                        log.warning("auth.test failed, cannot check the workspace yet: %s", error)
        return self._installed

    def accepts(self, body: dict[str, Any]) -> bool:
        """False only when the request names a workspace or organisation that is not ours."""
        team, enterprise = request_team(body), request_enterprise(body)
        if not team and not enterprise:
            return True
        ours = self.installed()
        if ours is None:
            return True
        if ours.org_wide:
            return enterprise == ours.enterprise_id
        return team is None or team == ours.team_id
