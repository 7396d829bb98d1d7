"""The Web API methods the stand-in knows: the bot scope each needs and its rate-limit tier.

From each method's page in Slack's reference (docs.slack.dev/reference/methods/<method>).
Methods reading or opening a conversation need the scope of that conversation's type:
public channel, private channel, DM or group DM.
"""

from __future__ import annotations

from pathlib import Path

import yaml

#: Calls per minute Slack documents for each tier (it allows short bursts above them; the stand-in does not).
TIERS = {1: 1, 2: 20, 3: 50, 4: 100}
#: chat.postMessage has its own limit: about one message a second per channel.
POST_PER_CHANNEL_PER_MINUTE = 60

#: method -> (scope needed, or a {conversation type: scope} map, or None; tier, or None for "special")
METHODS: dict[str, tuple[str | dict[str, str] | None, int | None]] = {
    "auth.test": (None, None),
    "oauth.v2.access": (None, 4),
    "auth.teams.list": (None, 2),
    "chat.postMessage": ("chat:write", None),
    "chat.update": ("chat:write", 3),
    "chat.postEphemeral": ("chat:write", 4),
    "conversations.open": ({"im": "im:write", "mpim": "mpim:write"}, 3),
    "conversations.info": (
        {"public": "channels:read", "private": "groups:read", "im": "im:read", "mpim": "mpim:read"}, 3),
    "conversations.history": (
        {"public": "channels:history", "private": "groups:history", "im": "im:history", "mpim": "mpim:history"}, 3),
    "conversations.members": (
        {"public": "channels:read", "private": "groups:read", "im": "im:read", "mpim": "mpim:read"}, 4),
    "conversations.list": ({"public": "channels:read"}, 2),
    "users.list": ("users:read", 2),
    "users.info": ("users:read", 4),
    "users.profile.get": ("users.profile:read", 4),
    "views.open": (None, 4),
    "views.update": (None, 4),
    "views.push": (None, 4),
    "views.publish": (None, 4),
    "files.getUploadURLExternal": ("files:write", 4),
    "files.completeUploadExternal": ("files:write", 4),
}

#: Scopes a feature needs without any Web API call (slash commands; emails in users.list).
NOT_A_METHOD = {
    "commands": "the slash commands /networking, /mentor, /sponsor, /cno-event, /team-reach, /cno-report",
    "users:read.email": "users.list returns each member's email, which links them to the people imported",
}

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yml"


def manifest_bot_scopes(path: Path = MANIFEST) -> frozenset[str]:
    """The bot scopes ``manifest.yml`` asks for: what an installed app's token carries."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


def scope_needed(method: str, conversation: str | None = None) -> str | None:
    """The bot scope ``method`` needs (for a conversation of type ``conversation``), or None."""
    needed, _ = METHODS.get(method, (None, None))
    if isinstance(needed, dict):
        return needed.get(conversation or "public")
    return needed


def all_scopes_of(method: str) -> set[str]:
    """Every scope ``method`` may need, whatever the conversation."""
    needed, _ = METHODS.get(method, (None, None))
    if isinstance(needed, dict):
        return set(needed.values())
    return {needed} if needed else set()
