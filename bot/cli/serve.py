"""`cno serve`: run the Slack app over HTTP, or over Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import logging

import typer

from bot import logs
from bot.app import build_app
from bot.bootstrap import bootstrap
from bot.settings import Settings
from bot.web import MAX_BODY_BYTES, WebApp
from storage.migrate import check_current


def serve(
    port: int = typer.Option(None, help="HTTP port (default: $PORT or 3000)."),
    threads: int = typer.Option(8, help="HTTP worker threads."),
) -> None:
    """Serve Slack's requests on POST /slack/events (and GET /healthz)."""
    logs.configure(logging.INFO)
    settings = Settings.from_env()
    settings.require_slack(http=True)
    services = bootstrap(settings)
    check_current(services.engine)
    app = build_app(services)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        typer.echo("cno: connecting to Slack over Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()
        return
    from waitress import serve as waitress_serve

    listen = port or settings.port
    typer.echo(f"cno: serving Slack on http://0.0.0.0:{listen}/slack/events")
    waitress_serve(WebApp(services, app), host="0.0.0.0", port=listen, threads=threads, ident="cno",
                   max_request_body_size=MAX_BODY_BYTES)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
