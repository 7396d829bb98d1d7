""""Add to Slack" on the stand-in: the codes an "Allow" click grants, ``oauth.v2.access``, and the tokens it issues.

As Slack's OAuth v2 documents it: a code is good once, for ten minutes, for the app whose
client id and secret exchange it, and with the redirect URI the authorize step named; with
token rotation the bot token expires (``expires_in``, 12 hours) and a refresh token gets a new
one (``grant_type=refresh_token``). Calls with an expired token answer ``token_expired``, with
the token of an uninstalled app ``token_revoked``. There is no authorize page: a test calls
:meth:`OAuthApi.approve` for the code Slack would redirect with.
"""

from __future__ import annotations

import base64
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

CODE_LIFETIME = 600  # seconds: "codes expire ten minutes after they are issued"
TOKEN_LIFETIME = 43200  # seconds: a rotating token's expires_in


@dataclass
class Grant:
    """What one "Allow" click grants: an installation in a workspace (or a Grid organisation)."""

    team_id: str | None
    team_name: str
    enterprise_id: str | None
    is_enterprise_install: bool
    installer: str
    redirect_uri: str | None
    issued_at: float = field(default_factory=time.time)
    used: bool = False

    @property
    def key(self) -> str:
        return (self.enterprise_id if self.is_enterprise_install else self.team_id) or ""


@dataclass
class Token:
    grant: Grant
    expires_at: float | None
    revoked: bool = False


class OAuthApi:
    """A mixin of :class:`~tests.support.slack_standin.standin.SlackStandIn`: the app's credentials and tokens."""

    lock: Any
    scopes: frozenset[str]

    def _init_oauth(self) -> None:
        self.client_id = "111.222"
        self.client_secret = "app-client-secret"
        self.token_rotation = False  # the app's "token rotation" setting
        self.codes: dict[str, Grant] = {}
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: dict[str, Grant] = {}
        self._serial = itertools.count(1)

    def approve(self, team_id: str | None = "T1", team_name: str = "Acme", *, enterprise_id: str | None = None,
                is_enterprise_install: bool = False, installer: str = "UINSTALLER",
                redirect_uri: str | None = None) -> str:
        """Someone clicks "Allow" on Slack's authorize page: the code Slack redirects to the app with."""
        code = f"code-{next(self._serial)}"
        with self.lock:
            self.codes[code] = Grant(team_id, team_name, enterprise_id, is_enterprise_install, installer, redirect_uri)
        return code

    def uninstall(self, key: str) -> None:
        """The app is removed from the workspace (or organisation) ``key``: every token of it stops working."""
        with self.lock:
            for token in self.tokens.values():
                if token.grant.key == key:
                    token.revoked = True
            for refresh, grant in list(self.refresh_tokens.items()):
                if grant.key == key:
                    del self.refresh_tokens[refresh]

    def token_refusal(self, token: str | None) -> str | None:
        """Why Slack refuses a call with ``token`` (None: it accepts it). Tokens it never issued are tests' own."""
        issued = self.tokens.get(token or "")
        if issued is None:
            return None
        if issued.revoked:
            return "token_revoked"
        if issued.expires_at is not None and time.time() >= issued.expires_at:
            return "token_expired"
        return None

    def identity(self, token: str | None) -> dict[str, Any] | None:
        """``auth.test``'s answer for a token this stand-in issued (None for the tests' own tokens)."""
        issued = self.tokens.get(token or "")
        if issued is None:
            return None
        grant = issued.grant
        return {"ok": True, "user_id": _bot_user(grant), "bot_id": f"B{grant.key}", "team_id": grant.team_id,
                "team": grant.team_name, "enterprise_id": grant.enterprise_id,
                "is_enterprise_install": grant.is_enterprise_install}

    def api_oauth_v2_access(self, params: dict[str, Any]) -> dict[str, Any]:
        client_id, secret = params.get("client_id"), params.get("client_secret")
        if client_id != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if secret != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        if params.get("grant_type") == "refresh_token":
            grant = self.refresh_tokens.get(params.get("refresh_token") or "")
            if grant is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._issue(grant)
        if params.get("grant_type") not in (None, "", "authorization_code"):
            return {"ok": False, "error": "invalid_grant_type"}
        grant = self.codes.get(params.get("code") or "")
        if grant is None or time.time() >= grant.issued_at + CODE_LIFETIME:
            return {"ok": False, "error": "invalid_code"}
        if grant.used:
            return {"ok": False, "error": "code_already_used"}
        if grant.redirect_uri is not None and params.get("redirect_uri") != grant.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        grant.used = True
        return self._issue(grant)

    def _issue(self, grant: Grant) -> dict[str, Any]:
        serial = next(self._serial)
        answer: dict[str, Any] = {
            "ok": True, "token_type": "bot", "scope": ",".join(sorted(self.scopes)), "bot_user_id": _bot_user(grant),
            "app_id": "ACNO", "team": {"id": grant.team_id, "name": grant.team_name} if grant.team_id else None,
            "enterprise": {"id": grant.enterprise_id, "name": "Org"} if grant.enterprise_id else None,
            "is_enterprise_install": grant.is_enterprise_install,
            "authed_user": {"id": grant.installer},
        }
        if self.token_rotation:
            token, refresh = f"xoxe.xoxb-1-{grant.key}-{serial}", f"xoxe-1-{grant.key}-{serial}"
            self.tokens[token] = Token(grant, time.time() + TOKEN_LIFETIME)
            self.refresh_tokens[refresh] = grant
            answer.update(access_token=token, refresh_token=refresh, expires_in=TOKEN_LIFETIME)
        else:
            token = f"xoxb-{grant.key}-{serial}"
            self.tokens[token] = Token(grant, None)
            answer["access_token"] = token
        return answer


def basic_credentials(header: str) -> dict[str, str]:
    """The client id and secret of an ``Authorization: Basic`` header (as slack_sdk sends them)."""
    try:
        client_id, _, secret = base64.b64decode(header.removeprefix("Basic ").strip()).decode().partition(":")
    except ValueError:
        return {}
    return {"client_id": client_id, "client_secret": secret}


def _bot_user(grant: Grant) -> str:
    return f"UBOT{grant.key}"
