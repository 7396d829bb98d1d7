"""`/cno-report`: the organisation report, DM'd to the CNO as text and chart images."""

from __future__ import annotations

import base64
from datetime import datetime

from bot.bootstrap import Services
from bot.errors import NotAllowed
from bot.outbox import enqueue
from bot.roles import is_cno
from bot.settings import Settings
from bot.use_cases.reports.org_report import OrgReport, build_report
from message_templates import render_text
from storage.uow import Session


def check_cno(session: Session, settings: Settings, slack_id: str) -> None:
    """NotAllowed unless the Slack user is a CNO admin (by Slack id, or by their stored email)."""
    if not is_cno(session, settings, slack_id):
        raise NotAllowed(render_text("reach/refusal.txt", reason="not_the_cno"))


def check_report_reader(services: Services, slack_id: str) -> None:
    """The `/cno-report` gate: NotAllowed unless the Slack user is a CNO admin."""
    with services.uow() as uow:
        check_cno(uow.session, services.settings, slack_id)


def send_org_report(services: Services, slack_id: str, request_id: str, now: datetime) -> OrgReport:
    """Build the report (for today in the CNO's time zone) and queue it for the CNO; NotAllowed for anyone else."""
    with services.uow() as uow:
        check_cno(uow.session, services.settings, slack_id)
        report = build_report(uow.session, now.astimezone(services.settings.zone).date())
        _queue(uow.session, f"cno-report:{slack_id}:{request_id}", slack_id, report)
        uow.commit()
        return report


def _queue(session: Session, key: str, slack_id: str, report: OrgReport) -> None:
    """One DM with the text, then one image per chart (``key`` makes a retried request send it once)."""
    enqueue(session, key, text=report.text(), blocks=report.blocks(), users=[slack_id])
    for chart in report.charts:
        enqueue(
            session,
            f"{key}:{chart.name}",
            text="",
            users=[slack_id],
            operation="upload",
            extra={
                "content_b64": base64.b64encode(chart.png).decode(),
                "filename": f"{chart.name}.png",
                "title": chart.title,
            },
        )
