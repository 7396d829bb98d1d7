"""`cno doctor`: everything a go-live needs, checked one by one, each failure with what to do.

Each check is data (a name, a status, a code and its facts); ``message_templates/go_live/doctor.txt.j2``
says what a code means and what to do. Checks that need something that failed are skipped, not failed twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.errors import ConfigError
from bot.leader import lock_id_of
from bot.use_cases.go_live.public_url import probe_public_url
from bot.use_cases.go_live.scopes import MANIFEST_SCOPES
from bot.use_cases.go_live.slack_access import SlackAccess, SlackRefused, check_slack_token
from storage.db import check_reachable, require_existing_file, shown
from storage.errors import StorageError
from storage.migrate import check_current
from storage.queries.go_live import (
    advisory_lock_held,
    outbox_backlog,
    people_named_in_admins,
    people_reachable_in_slack,
)
from storage.uow import UnitOfWork

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"
#: A due message still waiting after this long means no replica is delivering.
OUTBOX_STUCK_AFTER = timedelta(minutes=10)
CHECKS = ("configuration", "bot token", "signing secret", "database", "migrations", "Slack", "scopes",
          "public URL", "CNO", "people", "scheduler", "outbox")


@dataclass(frozen=True)
class Check:
    name: str
    status: str
    code: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagnosis:
    checks: list[Check]

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAIL]

    @property
    def healthy(self) -> bool:
        return not self.failed


def configuration_refused(error: ConfigError) -> Diagnosis:
    """The diagnosis when the environment cannot even be read: that, and every other check skipped."""
    first = Check("configuration", FAIL, "config_invalid", {"error": str(error)})
    return Diagnosis([first, *(Check(name, SKIP, "needs_configuration") for name in CHECKS[1:])])


def diagnose(services: Services, now: datetime, url: str | None = None) -> Diagnosis:
    """Run every check against this installation; ``url`` is the public URL Slack should reach, if given."""
    settings = services.settings
    checks = [Check("configuration", OK, "config_ok", {
        "mode": "Socket Mode" if settings.slack_app_token else "HTTP", "port": settings.port,
        "timezone": settings.timezone})]
    checks.append(_installation(services.key) if settings.oauth else _bot_token(settings.slack_bot_token))
    checks.append(_signing_secret(settings.slack_signing_secret, settings.slack_app_token))
    database = _database(services)
    checks += database
    access = None
    if checks[1].status == OK:
        slack, access = _slack(services)
        checks.append(slack)
    else:
        checks.append(Check("Slack", SKIP, "needs_token"))
    checks.append(_scopes(access))
    checks.append(_public_url(url, settings.slack_signing_secret, settings.slack_app_token))
    if all(c.status in (OK, WARN) for c in database):
        with services.uow() as uow:
            checks += [
                _cno(uow, settings.cno_admins),
                _people(uow),
                _scheduler(uow, services.engine.dialect.name, lock_id_of(services.key)),
                _outbox(uow, now),
            ]
    else:
        cno = Check("CNO", FAIL, "cno_missing") if not settings.cno_admins else Check("CNO", SKIP, "needs_database")
        checks += [cno, *(Check(name, SKIP, "needs_database") for name in ("people", "scheduler", "outbox"))]
    return Diagnosis(checks)


def _installation(key: str) -> Check:
    """Installed by "Add to Slack": the tokens are the installations', checked for the one chosen."""
    if not key:
        return Check("bot token", FAIL, "oauth_no_installation")
    return Check("bot token", OK, "oauth_installation", {"key": key})


def _bot_token(token: str | None) -> Check:
    if not token:
        return Check("bot token", FAIL, "token_missing")
    if not token.startswith("xoxb-"):
        return Check("bot token", FAIL, "token_not_bot", {"prefix": token.split("-", 1)[0] + "-"})
    return Check("bot token", OK, "token_ok")


def _signing_secret(secret: str | None, app_token: str | None) -> Check:
    if app_token:
        if not app_token.startswith("xapp-"):
            return Check("signing secret", FAIL, "app_token_not_app")
        return Check("signing secret", OK, "socket_mode")
    if not secret:
        return Check("signing secret", FAIL, "secret_missing")
    return Check("signing secret", OK, "secret_ok")


def _database(services: Services) -> list[Check]:
    engine = services.engine
    url = shown(engine.url)
    try:
        require_existing_file(engine)
        check_reachable(engine)
    except StorageError as error:
        return [Check("database", FAIL, "database_failed", {"error": str(error)}),
                Check("migrations", SKIP, "needs_database")]
    reached = Check("database", OK, "database_ok", {"url": url})
    if engine.dialect.name == "sqlite":
        reached = Check("database", WARN, "database_sqlite", {"url": url})
    try:
        check_current(engine)
    except StorageError as error:
        return [reached, Check("migrations", FAIL, "migrations_behind", {"error": str(error)})]
    return [reached, Check("migrations", OK, "migrations_ok")]


def _slack(services: Services) -> tuple[Check, SlackAccess | None]:
    try:
        access = check_slack_token(services)
    except SlackRefused as error:
        return Check("Slack", FAIL, "slack_refused", {"error": str(error)}), None
    return Check("Slack", OK, "slack_ok", {"team": access.team, "team_id": access.team_id,
                                           "org_wide": access.org_wide, "enterprise_id": access.enterprise_id,
                                           "bot": access.bot_user_id}), access


def _scopes(access: SlackAccess | None) -> Check:
    if access is None:
        return Check("scopes", SKIP, "needs_slack")
    if access.scopes is None:
        return Check("scopes", WARN, "scopes_unknown")
    missing = sorted(MANIFEST_SCOPES - access.scopes)
    if missing:
        return Check("scopes", FAIL, "scopes_missing", {"missing": missing})
    return Check("scopes", OK, "scopes_ok", {"count": len(MANIFEST_SCOPES)})


def _public_url(url: str | None, secret: str | None, app_token: str | None) -> Check:
    if app_token and not url:
        return Check("public URL", SKIP, "url_socket_mode")
    if not url:
        return Check("public URL", SKIP, "url_not_given")
    if not secret:
        return Check("public URL", SKIP, "needs_secret")
    probe = probe_public_url(url, secret)
    facts = {"url": probe.url, "status": probe.status, "detail": probe.detail}
    if probe.problem is not None:
        return Check("public URL", FAIL, f"url_{probe.problem}", facts)
    return Check("public URL", OK, "url_ok", facts)


def _cno(uow: UnitOfWork, admins: frozenset[str]) -> Check:
    if not admins:
        return Check("CNO", FAIL, "cno_missing")
    people = people_named_in_admins(uow.session, admins)
    found = {p.email.lower() for p in people} | {(p.slack_id or "").lower() for p in people}
    in_slack = [p for p in people if p.slack_id]
    unknown = sorted(a for a in admins if a not in found)
    facts = {"names": [p.name or p.email for p in in_slack], "unknown": unknown,
             "unsynced": [p.email for p in people if not p.slack_id]}
    if not in_slack:
        return Check("CNO", FAIL, "cno_not_found", facts)
    if unknown or facts["unsynced"]:
        return Check("CNO", WARN, "cno_partly_found", facts)
    return Check("CNO", OK, "cno_ok", facts)


def _people(uow: UnitOfWork) -> Check:
    reach = people_reachable_in_slack(uow.session)
    facts = {"active": reach.active, "linked": reach.with_slack_id, "missing": reach.active - reach.with_slack_id}
    if reach.active == 0:
        return Check("people", FAIL, "people_none", facts)
    if reach.with_slack_id == 0:
        return Check("people", FAIL, "people_unsynced", facts)
    if reach.with_slack_id < reach.active:
        return Check("people", WARN, "people_partly_synced", facts)
    return Check("people", OK, "people_ok", facts)


def _scheduler(uow: UnitOfWork, dialect: str, lock_id: int) -> Check:
    if dialect != "postgresql":
        return Check("scheduler", WARN, "leader_single_process")
    if advisory_lock_held(uow.session, lock_id):
        return Check("scheduler", OK, "leader_ok")
    return Check("scheduler", FAIL, "leader_none")


def _outbox(uow: UnitOfWork, now: datetime) -> Check:
    backlog = outbox_backlog(uow.session, now)
    waited = now - backlog.oldest_due if backlog.oldest_due is not None else timedelta(0)
    facts = {"waiting": backlog.waiting, "minutes": int(waited.total_seconds() // 60), "failed": backlog.failed}
    if waited > OUTBOX_STUCK_AFTER:
        return Check("outbox", FAIL, "outbox_stuck", facts)
    if backlog.failed:
        return Check("outbox", WARN, "outbox_failed", facts)
    return Check("outbox", OK, "outbox_ok", facts)


