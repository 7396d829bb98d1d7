"""The one workspace this app is installed in; requests from any other are refused."""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


class Workspace:
    """Learns the workspace's team id from ``auth.test`` once, then checks requests against it."""

    def __init__(self, client: WebClient, team_id: str | None = None) -> None:
        self._client = client
        self._team_id: str | None = team_id
        self._lock = threading.Lock()

    def team_id(self) -> str | None:
        if self._team_id is None:
            with self._lock:
                if self._team_id is None:
                    try:
                        self._team_id = self._client.auth_test().get("team_id")
                    except (SlackApiError, OSError) as error:
                        log.warning("auth.test failed, cannot check the workspace yet: %s", error)
        return self._team_id

    def accepts(self, body: dict[str, Any]) -> bool:
        """False only when the request names a team and it is not ours."""
        team = body.get("team_id")
        if not team and isinstance(body.get("team"), dict):
            team = body["team"].get("id")
        if not team:
            return True
        ours = self.team_id()
        return ours is None or team == ours
