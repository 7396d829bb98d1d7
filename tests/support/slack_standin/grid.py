"""The stand-in's Enterprise Grid: one organisation, several workspaces, people in one or more of them.

From Slack's pages on organisation-ready apps and each method's reference:

* an org-wide token's ``auth.test`` answers ``enterprise_id`` and ``is_enterprise_install: true``;
* ``auth.teams.list`` lists the workspaces an org admin added the org-wide app to (Tier 2);
* ``users.list``, ``conversations.list`` (and a few more) need ``team_id`` with an org-wide token:
  without it ``missing_argument``; a workspace the app was not added to is ``team_access_not_granted``;
  a workspace-level token ignores ``team_id`` and reads its own workspace;
* user ids hold across the organisation, so an org-wide token opens a group DM between people of
  different workspaces; an id the organisation does not know is ``user_not_found``, and a
  workspace-level token cannot see people outside its workspace (``user_not_visible``);
* rate-limit tiers count per method per workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Grid:
    """An organisation ``enterprise_id`` with workspaces ``teams`` (id -> name) and the token installed in it."""

    enterprise_id: str
    name: str
    teams: dict[str, str]
    granted: list[str]  # workspaces the org-wide app was added to: what auth.teams.list lists
    org_wide: bool = True
    installed_team: str | None = None  # a workspace-level token's own workspace
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # user id -> their workspaces

    def auth_test(self) -> dict[str, Any]:
        if self.org_wide:  # no workspace of its own: the organisation stands where a team would
            return {"ok": True, "url": f"https://{self.name.lower()}.enterprise.slack.com/", "team": self.name,
                    "user": "cno", "team_id": self.enterprise_id, "user_id": "UBOT", "bot_id": "BBOT",
                    "enterprise_id": self.enterprise_id, "is_enterprise_install": True}
        team = self.installed_team or next(iter(self.teams))
        return {"ok": True, "url": "https://acme.slack.com/", "team": self.teams[team], "user": "cno",
                "team_id": team, "user_id": "UBOT", "bot_id": "BBOT", "enterprise_id": self.enterprise_id,
                "is_enterprise_install": False}

    def granted_teams(self) -> list[dict[str, Any]]:
        return [{"id": team, "name": self.teams[team]} for team in self.granted] if self.org_wide else []

    def team_to_read(self, params: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
        """The workspace a ``team_id`` method reads, or Slack's refusal."""
        if not self.org_wide:
            return self.installed_team or next(iter(self.teams)), None
        team = str(params.get("team_id") or "")
        if not team:
            return "", {"ok": False, "error": "missing_argument"}
        if team not in self.granted:
            return team, {"ok": False, "error": "team_access_not_granted"}
        return team, None

    def teams_of(self, user_id: str) -> tuple[str, ...]:
        """A member's workspaces (every workspace of the organisation unless the test said otherwise)."""
        return self.members.get(user_id) or tuple(self.teams)

    def in_team(self, user_id: str, team: str) -> bool:
        return team in self.teams_of(user_id)

    def as_listed(self, user: dict[str, Any], team: str) -> dict[str, Any]:
        """A member as ``users.list`` shows them on Grid: their workspace and their organisation's view of them."""
        teams = self.teams_of(user["id"])
        return {**user, "team_id": team, "enterprise_user": {
            "id": user["id"], "enterprise_id": self.enterprise_id, "enterprise_name": self.name,
            "is_admin": False, "is_owner": False, "teams": list(teams)}}

    def dm_refusal(self, users: list[str], known: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's answer when the token cannot open a conversation with ``users``, else None."""
        for user in users:
            if user not in known:
                return {"ok": False, "error": "user_not_found"}
            if not self.org_wide and not self.in_team(user, self.installed_team or next(iter(self.teams))):
                return {"ok": False, "error": "user_not_visible"}
        return None
