"""The Bolt app: one per process, with the services injected into every listener's context."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.middleware.authorization import SingleTeamAuthorization
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from bot.bootstrap import Services, services_of
from bot.deliveries import delivery_key, first_delivery
from bot.listeners import register_listeners
from bot.metrics import ERRORS, SLACK_REQUESTS, SLACK_RETRIES_IGNORED
from bot.tenancy import ROTATE_MINUTES_BEFORE, Installations
from bot.use_cases.go_live.scopes import MANIFEST_SCOPES
from bot.workspace import InstalledIn, Workspace
from message_templates import render_text

__all__ = ["build_app", "services_of"]

log = logging.getLogger(__name__)


def _who_we_are(app: App, services: Services) -> InstalledIn | None:
    """Ask Slack who the app is (``auth.test``) now, at start-up, for Bolt's authorization and the workspace
    check: asked lazily, it would be two calls to Slack before the first request's 3-second acknowledgement.
    Best effort: when Slack can't be reached, both ask on the first request instead."""
    try:
        result = services.slack.auth_test()
    except (SlackApiError, OSError) as error:
        log.warning("auth.test failed at start-up; it will be asked on the first request: %s", error)
        return None
    for middleware in app._middleware_list:  # Bolt takes the result as a constructor argument only
        if isinstance(middleware, SingleTeamAuthorization):
            middleware.auth_test_result = result
    return InstalledIn.from_auth_test(result)


def _oauth(installations: Installations) -> dict[str, Any]:
    """Bolt's arguments for "Add to Slack": its OAuth flow, and authorization from our installation store."""
    settings, store = installations.root.settings, installations.store
    assert store is not None and installations.states is not None
    client_id, secret = settings.slack_client_id or "", settings.slack_client_secret or ""
    return {
        "oauth_settings": OAuthSettings(
            client_id=client_id, client_secret=secret, scopes=sorted(MANIFEST_SCOPES), user_scopes=[],
            redirect_uri=settings.slack_redirect_uri, installation_store=store, installation_store_bot_only=True,
            state_store=installations.states, token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE),
        # Built here rather than by OAuthSettings so that token rotation calls Slack through our client
        # (SLACK_API_URL), and auth.test is asked once per token rather than on every request.
        "authorize": InstallationStoreAuthorize(
            logger=log, installation_store=store, client_id=client_id, client_secret=secret,
            token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE, bot_only=True, cache_enabled=True,
            client=installations.root.slack),
        "installation_store_bot_only": True,
        "user_facing_authorize_error_message": render_text("installs/not_installed.txt").strip(),
    }


def build_app(services: Services, process_before_response: bool = False,
              installations: Installations | None = None) -> App:
    """Build the Bolt app over ``services`` (with one bot token) or over ``installations`` ("Add to Slack").

    ``process_before_response=True`` finishes each listener before answering
    Slack; tests use it so they can assert right after a request returns.
    """
    settings = services.settings
    installations = installations or Installations(services)
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=services.slack,
        token_verification_enabled=False,
        request_verification_enabled=True,
        process_before_response=process_before_response,
        raise_error_for_unhandled_request=False,
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="listener"),
        **(_oauth(installations) if installations.oauth else {}),
    )

    @app.middleware
    def inject_services(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["services"] = installations.services_for(
            installations.key_of(context.enterprise_id, context.team_id, context.is_enterprise_install))
        return next()

    @app.middleware
    def commands_name_their_user(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
        # Slack always names a command's user and workspace; listeners rely on both (after the signature check).
        if body.get("command") and not (body.get("user_id") and body.get("team_id")):
            return BoltResponse(status=400, body="a slash command must name its user_id and team_id")
        return next()

    if installations.oauth:
        app.enable_token_revocation_listeners()  # app_uninstalled and tokens_revoked forget the tokens
    else:  # one bot token: requests from any other workspace are refused here (with "Add to Slack",
        # a workspace without an installation has no token, and Bolt's authorization refuses it)
        workspace = Workspace(services.slack, _who_we_are(app, services))

        @app.middleware
        def only_our_workspace(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse:
            if workspace.accepts(body):
                return next()
            log.warning("refused a request from another workspace or organisation")
            if body.get("command"):
                refusal = {"response_type": "ephemeral", "text": render_text("go_live/other_workspace.txt")}
                return BoltResponse(status=200, body=json.dumps(refusal),
                                    headers={"content-type": "application/json"})
            return BoltResponse(status=200, body="")

    @app.middleware
    def once_per_delivery(context: BoltContext, body: dict[str, Any],
                          next: Callable[[], BoltResponse]) -> BoltResponse:
        SLACK_REQUESTS.labels(kind=str(body.get("type") or ("command" if body.get("command") else "other"))).inc()
        key = delivery_key(body)
        if key is not None and not first_delivery(services_of(context), key):
            SLACK_RETRIES_IGNORED.inc()
            log.info("ignored a Slack delivery already handled: %s", key)
            return BoltResponse(status=200, body="")
        return next()

    @app.error
    def log_errors(error: Exception, body: dict[str, Any]) -> None:
        ERRORS.labels(where="listener").inc()
        log.exception("unhandled error in a Slack listener (type=%s)", body.get("type"), exc_info=error)

    register_listeners(app)
    return app
