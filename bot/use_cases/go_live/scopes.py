"""The bot scopes the app asks for: the same list as ``manifest.yml`` (a test keeps them equal).

Kept in code because `cno doctor` runs wherever the package is installed, with or without the manifest.
"""

from __future__ import annotations

MANIFEST_SCOPES = frozenset({
    "chat:write",
    "commands",
    "im:write",
    "mpim:write",
    "im:history",
    "mpim:history",
    "channels:history",
    "groups:history",
    "users:read",
    "users:read.email",
    "users.profile:read",
    "files:write",
    "channels:read",
    "groups:read",
    "im:read",
    "mpim:read",
})
