"""Whether Slack can reach the app at its public URL: a signed ``url_verification`` and ``ssl_check``, as Slack sends.

Also checks that an unsigned request is refused, so the app at that URL verifies what it receives.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

EVENTS_PATH = "/slack/events"
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class UrlProbe:
    """What the app at ``url`` answered; ``problem`` is a code the doctor's template explains (None: all good)."""

    url: str
    problem: str | None = None
    status: int | None = None
    detail: str = ""


def events_url(url: str) -> str:
    """The request URL Slack posts to, from the app's base URL or the request URL itself."""
    url = url.strip().rstrip("/")
    return url if url.endswith(EVENTS_PATH) else url + EVENTS_PATH


def probe_public_url(url: str, signing_secret: str, timeout: float = 10.0) -> UrlProbe:
    """Send what Slack sends when a request URL is saved; say what went wrong first."""
    target = events_url(url)
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return UrlProbe(target, "not_a_url")
    if parts.scheme != "https" and parts.hostname not in LOOPBACK:
        return UrlProbe(target, "not_https")
    signer = SignatureVerifier(signing_secret)
    challenge = secrets.token_hex(8)
    body = json.dumps({"type": "url_verification", "token": "cno-doctor", "challenge": challenge})
    status, answer = _post(target, body, "application/json", signer, timeout)
    if status is None:
        return UrlProbe(target, "unreachable", detail=answer)
    if status == 401:
        return UrlProbe(target, "signature_refused", status)
    if status != 200 or challenge not in answer:
        return UrlProbe(target, "not_the_app", status, answer[:120])
    status, answer = _post(target, urlencode({"ssl_check": "1", "token": "cno-doctor"}),
                           "application/x-www-form-urlencoded", signer, timeout)
    if status != 200:
        return UrlProbe(target, "commands_refused", status, answer[:120])
    status, _ = _post(target, body, "application/json", None, timeout)
    if status != 401:
        return UrlProbe(target, "unsigned_accepted", status)
    return UrlProbe(target)


def _post(url: str, body: str, content_type: str, signer: SignatureVerifier | None,
          timeout: float) -> tuple[int | None, str]:
    timestamp = str(int(time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "User-Agent": "cno-doctor"}
    if signer is not None:
        headers["X-Slack-Signature"] = signer.generate_signature(timestamp=timestamp, body=body) or ""
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the CNO's own URL)
            return response.status, response.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(4096).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return None, str(reason) or type(error).__name__
