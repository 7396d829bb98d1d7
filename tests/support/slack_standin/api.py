"""The Web API methods the app calls, answered as Slack's reference says they answer.

A mixin of :class:`~tests.support.slack_standin.standin.SlackStandIn`, which holds the state.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.support.slack_standin import methods
from tests.support.slack_standin.blocks import message_problems, view_problems
from tests.support.slack_standin.grid import Grid

MAX_DM_USERS = 8  # conversations.open: "1 to 8 user IDs"
TRIGGER_LIFETIME = 3.0  # seconds a trigger id can open a view, from the request that carried it


@dataclass
class _Channel:
    """A conversation: ``public``, ``private``, ``im`` or ``mpim``; whether the bot is in it."""

    kind: str
    bot_member: bool = True
    members: set[str] = field(default_factory=set)
    name: str = ""
    roster: list[str] = field(default_factory=list)  # members in the order conversations.members lists them
    teams: tuple[str, ...] = ()  # on Enterprise Grid, the workspaces it is in (none said: every one)


def _refused(error: str, problems: list[str], view: bool = False) -> dict[str, Any]:
    if view:
        return {"ok": False, "error": error, "response_metadata": {"messages": [f"[ERROR] {p}" for p in problems]}}
    return {"ok": False, "error": error, "errors": problems, "response_metadata": {"messages": problems}}


class WebApi:
    # State, held by SlackStandIn.
    users: dict[str, dict[str, Any]]
    channels: dict[str, _Channel]
    messages: dict[str, list[dict[str, Any]]]
    uploads: list[dict[str, Any]]
    views: list[dict[str, Any]]
    triggers: dict[str, float]
    used_triggers: set[str]
    url: str
    grid: Grid | None
    lock: Any
    clock: Any
    _ts: Any
    _files: Any

    def missing_scope(self, needed: str | None) -> dict[str, Any] | None:  # pragma: no cover - see SlackStandIn
        raise NotImplementedError

    # --- the workspace ------------------------------------------------------
    def add_user(self, user_id: str, email: str, name: str = "", **profile: Any) -> dict[str, Any]:
        """A member; ``fields={"Xf01": {"value": "Sales", "alt": ""}}`` are their custom profile fields,
        which Slack returns from users.profile.get only (never from users.list)."""
        teams = profile.pop("teams", None)  # on Enterprise Grid: the workspaces they are in (default: every one)
        user = {
            "id": user_id,
            "name": name or email.split("@")[0],
            "real_name": name or email.split("@")[0],
            "deleted": profile.pop("deleted", False),
            "is_bot": profile.pop("is_bot", False),
            "tz": profile.pop("tz", "UTC"),
            "profile": {"email": email, "real_name": name, "title": profile.pop("title", ""), **profile},
        }
        with self.lock:
            self.users[user_id] = user
            if teams is not None:
                assert self.grid is not None, "call enterprise(...) before adding members of its workspaces"
                self.grid.members[user_id] = tuple(teams)
        return user

    def add_channel(self, channel_id: str, kind: str | list[str] = "public", bot_member: bool = True,
                    name: str = "", is_private: bool = False, teams: tuple[str, ...] = ()) -> None:
        """A channel (``public`` or ``private``), DM (``im``) or group DM (``mpim``) the app may meet.

        ``kind`` may instead be the channel's members (a public channel, or private with ``is_private``),
        which ``conversations.members`` then lists in that order. On Enterprise Grid, ``teams`` are the
        workspaces the channel is in (several for a channel shared across the organisation).
        """
        roster: list[str] = []
        if isinstance(kind, list):
            roster, kind = list(kind), ("private" if is_private else "public")
        with self.lock:
            self.channels[channel_id] = _Channel(kind, bot_member, set(roster), name or channel_id.lower(), roster,
                                                 tuple(teams))

    def _channel(self, channel_id: str) -> _Channel | None:
        """A known conversation; an unknown ``C…``/``G…`` id is a channel the bot was invited to,
        an unknown ``D…`` id a DM between other people, which the bot cannot see."""
        known = self.channels.get(channel_id)
        if known is not None:
            return known
        if channel_id.startswith("C"):
            return _Channel("public")
        if channel_id.startswith("G"):
            return _Channel("private")
        if channel_id.startswith("U") and channel_id in self.users:
            return _Channel("im")  # chat.postMessage to a user id posts in the app's DM with them
        return None

    def _new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    # --- methods ----------------------------------------------------------------
    def api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.grid is not None:
            return self.grid.auth_test()
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Acme"}

    def api_auth_teams_list(self, params: dict[str, Any]) -> dict[str, Any]:
        """The workspaces an org-wide app was added to (a workspace-level token: none)."""
        return _page("teams", self.grid.granted_teams() if self.grid is not None else [], params)

    def api_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope("users:read")
        if refused:
            return refused
        team, refused = self.grid.team_to_read(params) if self.grid is not None else ("", None)
        if refused:
            return refused
        with_email = "users:read.email" in getattr(self, "scopes", ())
        members = []
        for user in self.users.values():
            if self.grid is not None and not self.grid.in_team(user["id"], team):
                continue
            profile = {k: v for k, v in user["profile"].items() if k != "fields" and (with_email or k != "email")}
            member = {**user, "profile": profile}
            members.append(self.grid.as_listed(member, team) if self.grid is not None else member)
        return _page("members", members, params, default_limit=200)

    def api_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope("users:read")
        if refused:
            return refused
        user = self.users.get(params.get("user", ""))
        if not user:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": {**user, "profile": {k: v for k, v in user["profile"].items() if k != "fields"}}}

    def api_users_profile_get(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope("users.profile:read")
        if refused:
            return refused
        user = self.users.get(params.get("user", ""))
        if not user:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "profile": {"fields": {}, **user["profile"]}}

    def api_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        raw = params.get("users", "")
        users = sorted(u for u in (raw if isinstance(raw, list) else str(raw).split(",")) if u)
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > MAX_DM_USERS:
            return {"ok": False, "error": "too_many_users"}
        kind = "im" if len(users) == 1 else "mpim"
        refused = self.missing_scope(methods.scope_needed("conversations.open", kind))
        if refused:
            return refused
        refused = self.grid.dm_refusal(users, self.users) if self.grid is not None else None
        if refused:
            return refused
        channel = ("D" if kind == "im" else "G") + "-".join(users)
        self.channels.setdefault(channel, _Channel(kind, True, set(users)))
        self.messages.setdefault(channel, [])
        return {"ok": True, "channel": {"id": channel}}

    def api_conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(params.get("channel", ""))
        found = self._channel(channel_id)
        kind = found.kind if found else ("im" if channel_id.startswith("D") else "public")
        refused = self.missing_scope(methods.scope_needed("conversations.info", kind))
        if refused:
            return refused
        if found is None or (found.kind != "public" and not found.bot_member):
            return {"ok": False, "error": "channel_not_found"}  # Slack hides conversations the bot is not in
        return {"ok": True, "channel": {
            "id": channel_id, "is_channel": found.kind == "public", "is_group": found.kind == "private",
            "is_private": found.kind != "public", "is_im": found.kind == "im", "is_mpim": found.kind == "mpim",
            **({} if found.kind == "im" else {"is_member": found.bot_member}),
        }}

    def api_conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(params.get("channel", ""))
        found = self.channels.get(channel_id)
        refused = self.missing_scope(methods.scope_needed("conversations.members", found.kind if found else "public"))
        if refused:
            return refused
        if found is None or (found.kind != "public" and not found.bot_member):
            return {"ok": False, "error": "channel_not_found"}
        return _page("members", found.roster, params)

    def api_conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope(methods.scope_needed("conversations.list", "public"))
        if refused:
            return refused
        team, refused = self.grid.team_to_read(params) if self.grid is not None else ("", None)
        if refused:
            return refused
        public = [{"id": cid, "name": c.name, "is_private": False, "is_archived": False, "num_members": len(c.roster)}
                  for cid, c in self.channels.items() if c.kind == "public" and (not team or not c.teams
                                                                               or team in c.teams)]
        return _page("channels", public, params)

    def api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(params.get("channel", ""))
        found = self._channel(channel_id)
        refused = self.missing_scope(methods.scope_needed("conversations.history", found.kind if found else "im"))
        if refused:
            return refused
        if found is None:
            return {"ok": False, "error": "channel_not_found"}
        if not found.bot_member:
            return {"ok": False, "error": "not_in_channel"}
        messages = self.messages.get(channel_id, [])
        newest_first = list(reversed(messages))  # ``oldest`` is not applied: tests travel in time, Slack's ts don't
        if params.get("include_all_metadata") not in (True, "true", "1", 1):
            newest_first = [{k: v for k, v in m.items() if k != "metadata"} for m in newest_first]
        return {"ok": True, "messages": newest_first, "has_more": False}

    def _postable(self, channel_id: str) -> dict[str, Any] | None:
        refused = self.missing_scope("chat:write")
        if refused:
            return refused
        found = self._channel(channel_id)
        if found is None:
            return {"ok": False, "error": "channel_not_found"}
        if not found.bot_member and "chat:write.public" not in getattr(self, "scopes", ()):
            return {"ok": False, "error": "not_in_channel"}
        return None

    def api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel", ""))
        refused = self._postable(channel)
        if refused:
            return refused
        error, problems = message_problems(params.get("text"), params.get("blocks"))
        if error:
            return _refused(error, problems)
        message = {"ts": self._new_ts(), "text": params.get("text", ""), "blocks": params.get("blocks") or []}
        if params.get("metadata"):
            message["metadata"] = params["metadata"]
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel", "")), params.get("ts", "")
        refused = self._postable(channel)
        if refused:
            return refused
        error, problems = message_problems(params.get("text"), params.get("blocks"))
        if error:
            return _refused(error, problems)
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message.update(text=params.get("text", ""), blocks=params.get("blocks") or [])
                return {"ok": True, "channel": channel, "ts": ts}
        return {"ok": False, "error": "message_not_found"}

    def api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self._postable(str(params.get("channel", "")))
        if refused:
            return refused
        error, problems = message_problems(params.get("text"), params.get("blocks"))
        if error:
            return _refused(error, problems)
        return {"ok": True, "message_ts": self._new_ts()}

    def _view(self, params: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        view = params.get("view")
        if isinstance(view, str):
            try:
                view = json.loads(view)
            except json.JSONDecodeError:
                return None, _refused("invalid_arguments", ["view is not JSON [json-pointer:/view]"], view=True)
        problems = view_problems(view)
        if problems:
            return None, _refused("invalid_arguments", problems, view=True)
        return view, None

    def _exchange(self, trigger_id: str) -> dict[str, Any] | None:
        """Slack's answer when ``trigger_id`` cannot open a view now, else None (and it is used up)."""
        issued = self.triggers.get(trigger_id)
        if issued is None:
            return {"ok": False, "error": "invalid_trigger_id"}
        if trigger_id in self.used_triggers:
            return {"ok": False, "error": "exchanged_trigger_id"}
        if self.clock.now() - issued >= TRIGGER_LIFETIME:
            return {"ok": False, "error": "expired_trigger_id"}
        self.used_triggers.add(trigger_id)
        return None

    def api_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        view, refused = self._view(params)
        if refused or view is None:
            return refused or {"ok": False, "error": "invalid_arguments"}
        if view.get("type") != "modal":
            return _refused("invalid_arguments", ["must be modal [json-pointer:/view/type]"], view=True)
        refused = self._exchange(str(params.get("trigger_id", "")))
        if refused:
            return refused
        self.views.append({"method": "open", "view": view, "trigger_id": params.get("trigger_id")})
        return {"ok": True, "view": {"id": f"V{len(self.views)}", **view}}

    def api_views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        view, refused = self._view(params)
        if refused:
            return refused
        self.views.append({"method": "update", "view": view})
        return {"ok": True, "view": {"id": params.get("view_id", "V0")}}

    def api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        view, refused = self._view(params)
        if refused or view is None:
            return refused or {"ok": False, "error": "invalid_arguments"}
        if view.get("type") != "home":
            return _refused("invalid_arguments", ["must be home [json-pointer:/view/type]"], view=True)
        self.views.append({"method": "publish", "user_id": params.get("user_id"), "view": view})
        return {"ok": True, "view": {"id": "VHOME"}}

    def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope("files:write")
        if refused:
            return refused
        file_id = f"F{next(self._files)}"
        self.uploads.append({"id": file_id, "filename": params.get("filename"), "content": b""})
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        refused = self.missing_scope("files:write")
        if refused:
            return refused
        if params.get("channel_id"):
            refused = self._postable(str(params["channel_id"]))
            if refused:
                return refused
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        for entry in files:
            for upload in self.uploads:
                if upload["id"] == entry.get("id"):
                    upload.update(
                        title=entry.get("title"),
                        channel=params.get("channel_id"),
                        initial_comment=params.get("initial_comment"),
                        completed=True,
                    )
        return {"ok": True, "files": [{"id": f.get("id")} for f in files]}


def _page(key: str, items: list[Any], params: dict[str, Any], default_limit: int = 100) -> dict[str, Any]:
    """One page of ``items`` as Slack pages its lists: ``limit`` per call, ``cursor`` for the next page."""
    limit, start = int(params.get("limit") or default_limit), int(params.get("cursor") or 0)
    next_cursor = str(start + limit) if start + limit < len(items) else ""
    return {"ok": True, key: items[start : start + limit], "response_metadata": {"next_cursor": next_cursor}}
