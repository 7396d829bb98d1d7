"""Sends the running app requests signed exactly as Slack signs them."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from itertools import count
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from tests.support.slack_standin import Rejection, standin_at
from tests.support.slack_standin.blocks import message_problems, options_problems, view_problems


@dataclass
class Reply:
    status: int
    text: str
    acked_after: float | None = None  # seconds on the stand-in's clock from sending to the acknowledgement

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class SignedSlack:
    """Slash commands, block actions, view submissions and events, signed with the signing secret.

    ``team_id``: the workspace they come from. ``enterprise_id``: its Enterprise Grid organisation, for an
    org-wide install of the app there: requests then carry the organisation as Slack sends it to one.
    """

    def __init__(self, app_url: str, signing_secret: str, slack_url: str, team_id: str = "T1",
                 enterprise_id: str | None = None) -> None:
        self.app_url = app_url
        self.signer = SignatureVerifier(signing_secret)
        self.slack_url = slack_url
        self.team_id = team_id
        self.enterprise_id = enterprise_id
        self._ids = count(1)

    def from_workspace(self, team_id: str, enterprise_id: str | None = None) -> SignedSlack:
        """The same Slack app, sending from another workspace (of organisation ``enterprise_id``)."""
        there = SignedSlack(self.app_url, self.signer.signing_secret, self.slack_url, team_id, enterprise_id)
        there._ids = self._ids  # one Slack: trigger ids and event ids never repeat across workspaces
        return there

    def _grid_fields(self) -> dict[str, Any]:
        """What an interactivity payload carries for an org-wide install (``team`` may be null there)."""
        if self.enterprise_id is None:
            return {"team": {"id": self.team_id}}
        return {"team": None, "enterprise": {"id": self.enterprise_id, "name": "Acme"}, "is_enterprise_install": True}

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> Reply:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature if signature is not None else self.signer.generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            self.app_url + path,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    def form(self, fields: dict[str, str], **kwargs: Any) -> Reply:
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    def _as_slack(self, kind: str, trigger_id: str | None, send: Any) -> Reply:
        """Send as Slack does: issue the trigger id on the stand-in's clock, time the acknowledgement,
        and check its body as Slack would (a refused body is a rejection the ``slack`` fixture reports)."""
        standin = standin_at(self.slack_url)
        if standin is None:
            return send()
        if trigger_id:
            standin.issue_trigger(trigger_id)
        sent = standin.clock.now()
        reply = send()
        reply.acked_after = standin.clock.now() - sent
        body = reply.json if reply.status == 200 and reply.text.startswith("{") else None
        if isinstance(body, dict):
            problems: list[str] = []
            if kind == "view_submission" and body.get("response_action") in ("update", "push"):
                problems = view_problems(body.get("view"))
            elif kind == "block_suggestion":
                problems = options_problems(body.get("options", []))
            elif "text" in body or "blocks" in body:
                error, problems = message_problems(body.get("text"), body.get("blocks"))
            if problems:
                with standin.lock:
                    standin.rejections.append(Rejection(f"ack of {kind}", "invalid_blocks", problems, body))
        return reply

    def command(
        self, command: str, text: str = "", user_id: str = "U1", channel_id: str = "C1", **kwargs: Any
    ) -> Reply:
        n = next(self._ids)
        return self._as_slack("command", f"trigger-{n}", lambda: self.form(
            {
                "token": "legacy",
                "team_id": self.team_id,
                "team_domain": "acme",
                "channel_id": channel_id,
                "channel_name": "general",
                "user_id": user_id,
                "user_name": user_id.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A1",
                "response_url": f"{self.slack_url}/respond/{n}",
                "trigger_id": f"trigger-{n}",
                **({"enterprise_id": self.enterprise_id, "enterprise_name": "Acme", "is_enterprise_install": "true"}
                   if self.enterprise_id else {}),
            },
            **kwargs,
        ))

    def interactive(self, payload: dict[str, Any], **kwargs: Any) -> Reply:
        return self._as_slack(str(payload.get("type")), payload.get("trigger_id"),
                              lambda: self.form({"payload": json.dumps(payload)}, **kwargs))

    def action(
        self,
        action_id: str,
        value: str = "",
        user_id: str = "U1",
        channel_id: str = "D1",
        message_ts: str = "1.000001",
        block_id: str = "b1",
        message: dict[str, Any] | None = None,
        action: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Reply:
        n = next(self._ids)
        act = {
            "type": "button",
            "action_id": action_id,
            "block_id": block_id,
            "value": value,
            "action_ts": f"{time.time():.6f}",
        }
        act.update(action or {})
        return self.interactive(
            {
                "type": "block_actions",
                **self._grid_fields(),
                "user": {"id": user_id, "team_id": self.team_id},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{n}",
                "response_url": f"{self.slack_url}/respond/{n}",
                "container": {"type": "message", "channel_id": channel_id, "message_ts": message_ts},
                "channel": {"id": channel_id},
                "message": message or {"ts": message_ts, "blocks": []},
                "actions": [act],
            },
            **kwargs,
        )

    def submit_view(
        self,
        callback_id: str,
        values: dict[str, dict[str, Any]],
        user_id: str = "U1",
        private_metadata: str = "",
        **kwargs: Any,
    ) -> Reply:
        n = next(self._ids)
        return self.interactive(
            {
                "type": "view_submission",
                **self._grid_fields(),
                "user": {"id": user_id, "team_id": self.team_id},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{n}",
                "view": {
                    "id": f"V{n}",
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": private_metadata,
                    "state": {"values": values},
                },
            },
            **kwargs,
        )

    def event(self, event: dict[str, Any], event_id: str | None = None, **kwargs: Any) -> Reply:
        n = next(self._ids)
        body = {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{n}",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": self.team_id, "user_id": "UBOT", "is_bot": True}],
        }
        if self.enterprise_id:  # the installation is the organisation's: no team of its own
            body["enterprise_id"] = self.enterprise_id
            body["authorizations"] = [{"enterprise_id": self.enterprise_id, "team_id": None, "user_id": "UBOT",
                                       "is_bot": True, "is_enterprise_install": True}]
        return self.post(json.dumps(body), "application/json", **kwargs)
