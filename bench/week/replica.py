"""A replica that only answers Slack (no outbox sender, no scheduler): the bench drives those itself.

It serves as `cno serve` does (waitress, ``HTTP_THREADS`` worker threads, Bolt's listener threads).

It loads the organisation's network before it listens, as a replica behind a readiness
check would: the first App Home must not wait for 2,000,000 ties.

    DATABASE_URL=… SLACK_API_URL=… SLACK_SIGNING_SECRET=… PORT=… python -m bench.week.replica
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from waitress import serve

from bot.app import build_app
from bot.bootstrap import bootstrap
from bot.network import current_network
from bot.settings import Settings
from bot.web import HTTP_THREADS, MAX_BODY_BYTES, WebApp


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    settings = Settings.from_env()
    services = bootstrap(settings)
    with services.uow() as uow:
        current_network(uow.session, datetime.now(UTC).astimezone(settings.zone).date())
    serve(WebApp(services, build_app(services)), host="127.0.0.1", port=settings.port, threads=HTTP_THREADS,
          ident="cno", max_request_body_size=MAX_BODY_BYTES)


if __name__ == "__main__":
    main()
