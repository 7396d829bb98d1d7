"""Team reach: what `/team-reach` posts in a channel and `cno report team` prints.

Privacy: the channel sees counts and shares only, never a name; a team of fewer
than ``MIN_BREAKDOWN`` people gets totals only (no functions, regions or suggestion).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.charts.team import ReachPoint, team_chart
from bot.errors import NotAllowed, UsageError
from bot.network import current_network
from bot.outbox import enqueue
from matching.team_view import MIN_BREAKDOWN, TREND_WEEKS, TeamView, team_view
from message_templates import mrkdwn, render_blocks, render_text
from message_templates.documents import render_document
from storage.models import Person
from storage.queries.people import active_people_by_email
from storage.queries.reports import has_active_reports, manager_by_slack_id
from storage.reach import iso_week, save_team_snapshot, team_snapshots
from storage.uow import Session

MAX_LISTED = 6


@dataclass(frozen=True)
class TeamReport:
    """A team's reach, ready to show: the view, its text and blocks, and the chart."""

    view: TeamView
    points: list[ReachPoint]
    text: str
    blocks: list[dict[str, Any]]
    png: bytes
    terminal_text: str

    @property
    def scope(self) -> str:
        return "all" if self.view.whole_subtree else "direct"


def parse_scope(text: str) -> bool | None:
    """``""`` → direct reports (False), ``"all"`` → whole subtree (True), ``"help"`` → None.

    Anything else raises UsageError: a manager may only ask about their own team.
    """
    words = text.split()
    if not words:
        return False
    if words == ["all"]:
        return True
    if words == ["help"]:
        return None
    raise UsageError(render_text("reach/refusal.txt", reason="not_your_team"))


def find_manager(session: Session, slack_id: str) -> Person:
    """The active person with ``slack_id`` who has at least one active direct report; NotAllowed otherwise."""
    manager = manager_by_slack_id(session, slack_id)
    if manager is None:
        raise NotAllowed(render_text("reach/refusal.txt", reason="not_a_manager"))
    return manager


def check_manager(services: Services, slack_id: str) -> None:
    """The `/team-reach` gate: NotAllowed unless the Slack user manages someone active."""
    with services.uow() as uow:
        find_manager(uow.session, slack_id)


def manager_by_email(session: Session, email: str) -> Person:
    """The active manager with ``email``; UsageError (naming the email) otherwise."""
    person = next(iter(active_people_by_email(session, [email.strip().lower()])), None)
    if person is None:
        raise UsageError(render_text("reach/refusal.txt", reason="no_such_manager", email=repr(email)))
    if not has_active_reports(session, person.id):
        raise UsageError(render_text("reach/refusal.txt", reason="no_reports", email=repr(email)))
    return person


def _most_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def present(view: TeamView) -> dict[str, Any]:
    """The template context: numbers formatted, breakdown only for teams large enough (words: reach/team_words)."""
    now = view.now
    words = render_document(
        "reach/team_words", view=view, changes=[(weeks, *view.change(weeks)) for weeks in sorted(view.past)],
        functions=_most_first(now.functions_reached), regions=_most_first(now.regions_reached),
        min_breakdown=MIN_BREAKDOWN, max_listed=MAX_LISTED,
    )
    context: dict[str, Any] = {
        "heading": words["heading"],
        "first_degree": f"{now.first_degree:,}",
        "first_share": f"{now.first_degree_share:.1%}",
        "second_degree": f"{now.second_degree:,}",
        "second_share": f"{now.second_degree_share:.1%}",
        "org_size": f"{now.org_size:,}",
        "changes": words["changes"],
        "functions": None,
        "regions": None,
        "functions_count": 0,
        "regions_count": 0,
        "suggestion": None,
        "note": words["note"],
    }
    if view.breakdown_allowed:
        context.update(
            functions=words["functions"],
            regions=words["regions"],
            functions_count=len(now.functions_reached),
            regions_count=len(now.regions_reached),
            suggestion=view.suggestion,
        )
    else:
        context["suggestion"] = words["small_team_suggestion"]
    return context


def _points(session: Session, manager_id: int, scope: str, view: TeamView) -> list[ReachPoint]:
    """Reach over time: stored weekly snapshots, with today and the trend windows computed."""
    oldest = view.today - timedelta(weeks=max(view.past, default=12))
    by_day = {
        s.week_start: ReachPoint(s.week_start, s.first_degree, s.second_degree, s.org_size)
        for s in team_snapshots(session, manager_id, scope, oldest)
        if s.week_start >= oldest and s.week_start < view.today - timedelta(days=view.today.weekday())
    }
    for weeks, then in view.past.items():
        day = view.today - timedelta(weeks=weeks)
        by_day.pop(day - timedelta(days=day.weekday()), None)
        by_day[day] = ReachPoint(day, then.first_degree, then.second_degree, then.org_size)
    now = view.now
    by_day[view.today] = ReachPoint(view.today, now.first_degree, now.second_degree, now.org_size)
    return [by_day[d] for d in sorted(by_day)]


def record(session: Session, manager_id: int, view: TeamView) -> None:
    """Store this week's figures for the team (anonymous counts only)."""
    now = view.now
    save_team_snapshot(
        session,
        iso_week(view.today),
        manager_id,
        "all" if view.whole_subtree else "direct",
        team_size=now.team_size,
        first_degree=now.first_degree,
        second_degree=now.second_degree,
        org_size=now.org_size,
        functions_reached=len(now.functions_reached),
        regions_reached=len(now.regions_reached),
    )


def team_report(session: Session, manager: Person, today: date, whole_subtree: bool) -> TeamReport:
    """Compute, store this week's snapshot, and render a team's reach."""
    network = current_network(session, today)
    view = team_view(network.graph, network.people, manager.id, today, whole_subtree, TREND_WEEKS, network.shape)
    record(session, manager.id, view)
    points = _points(session, manager.id, "all" if whole_subtree else "direct", view)
    context = present(view)
    breakdown = view.breakdown_allowed
    png = team_chart(
        points,
        view.now.functions_reached if breakdown else None,
        view.now.regions_reached if breakdown else None,
        title=context["heading"],
    )
    return TeamReport(
        view=view,
        points=points,
        text=render_text("reach/team_text", **context, md=mrkdwn),
        blocks=render_blocks("reach/team", **context),
        png=png,
        terminal_text=render_text("reach/team_text", **context, md=str),
    )


def team_report_of(services: Services, email: str, now: datetime, whole_subtree: bool) -> TeamReport:
    """`cno report team`: the team reach of the manager with ``email``, today in the CNO's time zone."""
    with services.uow() as uow:
        manager = manager_by_email(uow.session, email)
        report = team_report(uow.session, manager, now.astimezone(services.settings.zone).date(), whole_subtree)
        uow.commit()
        return report


def post_team_reach(
    services: Services, slack_id: str, whole_subtree: bool, channel: str, request_id: str, now: datetime
) -> TeamReport:
    """The `/team-reach` use case: the caller's team reach, posted in ``channel`` with its chart.

    Only a manager may (NotAllowed otherwise); "today" is in the CNO's time zone.
    """
    with services.uow() as uow:
        report = _post(uow.session, slack_id, whole_subtree, channel, request_id,
                       now.astimezone(services.settings.zone).date())
        uow.commit()
        return report


def _post(session: Session, slack_id: str, whole_subtree: bool, channel: str, request_id: str, today: date
          ) -> TeamReport:
    manager = find_manager(session, slack_id)
    report = team_report(session, manager, today, whole_subtree)
    key = f"team-reach:{manager.id}:{report.scope}:{channel}:{request_id}"
    enqueue(session, key, text=report.text, blocks=report.blocks, channel=channel)
    enqueue(
        session,
        f"{key}:chart",
        text="",
        channel=channel,
        operation="upload",
        extra={
            "content_b64": base64.b64encode(report.png).decode(),
            "filename": f"team-reach-{iso_week(today)}.png",
            "title": render_text("reach/team_chart_title.txt", week=iso_week(today)),
        },
    )
    return report
