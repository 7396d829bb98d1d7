"""`cno serve`: run the Slack app over HTTP, or over Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta

import typer
from waitress import serve as waitress_serve

from bot import logs
from bot.app import build_app
from bot.bootstrap import Services
from bot.cli.ready import ready_database
from bot.runtime import EveryInstallation, Runtime
from bot.scheduler import start_scheduler
from bot.settings import Settings
from bot.tenancy import Installations
from bot.use_cases.go_live.slack_access import check_slack_token
from bot.web import HTTP_THREADS, MAX_BODY_BYTES, WebApp


def serve(
    port: int = typer.Option(None, metavar="PORT", help="HTTP port (default: $PORT or 3000)."),
    threads: int = typer.Option(HTTP_THREADS, metavar="N", help="HTTP worker threads."),
) -> None:
    """Serve Slack's requests on POST /slack/events (and GET /healthz, GET /metrics; with SLACK_CLIENT_ID,
    "Add to Slack" on GET /slack/install)."""
    settings = Settings.from_env()
    settings.require_slack(http=True)
    services = ready_database(settings)
    installations = Installations(services)
    log = logging.getLogger(__name__)
    if not settings.oauth:
        access = check_slack_token(services)
    logs.configure(logging.INFO)  # after the checks, so a refusal is one line on stderr
    if settings.oauth:
        log.info("installed by \"Add to Slack\": %d installation(s); install at /slack/install",
                 len(installations.keys()))
    else:
        log.info("Slack accepts the token: %s in %s (%s)%s", access.bot_user_id, access.team, access.team_id,
                 " org-wide" if access.org_wide else "")
    app = build_app(services, installations=installations)
    runtime: Runtime | EveryInstallation = (EveryInstallation(installations, _runtime) if settings.oauth
                                            else _runtime(services))
    runtime.start()
    web = WebApp(services, app, status=runtime.status)
    listen = port or settings.port
    http = {"host": "0.0.0.0", "port": listen, "ident": "cno", "max_request_body_size": MAX_BODY_BYTES}
    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            # /healthz and /metrics stay on HTTP, so a container's health check and Prometheus still see the app.
            threading.Thread(target=waitress_serve, args=(web,), kwargs={**http, "threads": 2}, name="health",
                             daemon=True).start()
            log.info("connecting to Slack over Socket Mode; /healthz on port %d", listen)
            SocketModeHandler(app, settings.slack_app_token).start()
            return
        log.info("serving Slack on http://0.0.0.0:%d/slack/events", listen)
        waitress_serve(web, threads=threads, **http)
    finally:
        runtime.stop()


def _runtime(services: Services) -> Runtime:
    return Runtime(
        services,
        make_scheduler=start_scheduler,
        sender_interval=float(os.environ.get("CNO_SENDER_INTERVAL_SECONDS", "1")),
        leader_poll=float(os.environ.get("CNO_LEADER_POLL_SECONDS", "5")),
        claim_timeout=timedelta(seconds=float(os.environ.get("CNO_CLAIM_TIMEOUT_SECONDS", "120"))),
        # Slack's Tier 3 allows about 50 conversations.open a minute for the workspace: every replica stays under it
        # together (the pace is in the installation's database) instead of bouncing off 429s.
        pace={"conversations.open": float(os.environ.get("CNO_OPEN_PACE_SECONDS", "1.2"))},
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
