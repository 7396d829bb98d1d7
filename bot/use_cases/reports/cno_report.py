"""`/cno-report`: the organisation report, DM'd to the CNO as text and chart images."""

from __future__ import annotations

import base64
from datetime import date

from sqlalchemy.orm import Session

from bot.errors import NotAllowed
from bot.outbox import enqueue
from bot.roles import is_cno
from bot.settings import Settings
from bot.use_cases.find.external import external_figures
from bot.use_cases.reports.org_report import OrgReport, build_report
from message_templates import render_blocks, render_text

NOT_THE_CNO = "`/cno-report` is for the Chief Networking Officer only (the CNO_ADMINS setting)."
USAGE = (
    "*/cno-report* sends you the organisation's networking report in a DM: new ties, intros, silos "
    "(tie density and E-I index), second-degree reach, mentoring, events and brokers, with charts."
)


def check_cno(session: Session, settings: Settings, slack_id: str) -> None:
    """NotAllowed unless the Slack user is a CNO admin (by Slack id, or by their stored email)."""
    if not is_cno(session, settings, slack_id):
        raise NotAllowed(NOT_THE_CNO)


def send_org_report(session: Session, slack_id: str, request_id: str, today: date) -> OrgReport:
    """Build the report and queue it for the CNO: one DM with the text, then one image per chart."""
    report = build_report(session, today)
    key = f"cno-report:{slack_id}:{request_id}"
    external = external_figures(session)
    text = report.text() + "\n\n" + render_text("find/external", r=external, slack=True)
    blocks = report.blocks() + render_blocks("find/external_blocks", r=external)
    enqueue(session, key, text=text, blocks=blocks, users=[slack_id])
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
    return report
