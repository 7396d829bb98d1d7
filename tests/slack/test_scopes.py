"""manifest.yml asks for exactly the bot scopes the code needs: the Web API methods it calls are read from the source
(``client.chat_postMessage(…)`` and the like, through slack_sdk to the method names), each mapped to its scope."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from slack_sdk import WebClient

from tests.support.slack_standin.methods import METHODS, NOT_A_METHOD, all_scopes_of, manifest_bot_scopes

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"\.([a-z]+_[A-Za-z_0-9]+)\(")
#: A client method called, or handed to a pager (``paged(services.slack.users_list, …)``).
REFERENCE = re.compile(r"\.([a-z]+_[A-Za-z_0-9]+)\b")
API_CALL = re.compile(r"api_call\(\s*[\"']([a-z]+(?:\.[A-Za-z]+)+)[\"']")


def _api_methods(client_method: str, seen: set[str] | None = None) -> set[str]:
    """The Web API methods one slack_sdk WebClient method calls (files_upload_v2 calls two)."""
    seen = seen if seen is not None else set()
    if client_method in seen:
        return set()
    seen.add(client_method)
    source = inspect.getsource(getattr(WebClient, client_method))
    found = set(API_CALL.findall(source))
    for inner in CALL.findall(source):
        if inner != client_method and callable(getattr(WebClient, inner, None)) and not inner.startswith("_"):
            found |= _api_methods(inner, seen)
    return found


def methods_the_code_calls() -> dict[str, set[str]]:
    """Web API method -> the source files that call it."""
    called: dict[str, set[str]] = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        names = {n for n in REFERENCE.findall(text) if callable(getattr(WebClient, n, None))}
        names |= {n for n in API_CALL.findall(text)}
        for name in names:
            for method in (_api_methods(name) if "." not in name else {name}):
                called.setdefault(method, set()).add(str(path.relative_to(ROOT)))
    return called


def test_the_scan_finds_the_calls_we_know_the_app_makes():
    called = methods_the_code_calls()
    assert {"chat.postMessage", "conversations.open", "views.open", "users.list", "users.profile.get",
            "files.getUploadURLExternal", "files.completeUploadExternal", "conversations.list",
            "conversations.members", "auth.teams.list"} <= set(called)


def test_every_method_the_code_calls_has_a_known_scope():
    unknown = {m: sorted(files) for m, files in methods_the_code_calls().items() if m not in METHODS}
    assert not unknown, f"add these methods and their scopes to tests/support/slack_standin/methods.py: {unknown}"


def test_the_manifest_asks_for_exactly_the_scopes_the_code_needs():
    called = methods_the_code_calls()
    needed: dict[str, set[str]] = {scope: {"(not a method) " + why} for scope, why in NOT_A_METHOD.items()}
    for method in called:
        for scope in all_scopes_of(method):
            needed.setdefault(scope, set()).add(method)
    asked = manifest_bot_scopes()
    missing = {scope: sorted(methods) for scope, methods in needed.items() if scope not in asked}
    unused = sorted(asked - set(needed))
    assert not missing, f"manifest.yml lacks scopes the code needs (scope: methods): {missing}"
    assert not unused, f"manifest.yml asks for scopes nothing uses: {unused}"
