"""Mentoring fixtures: a small organisation in the database and a driver that acts as its people in Slack.

    slack   name  function region level manager  notes
    USARA   Sara  Sales    EMEA   6     -        head of sales: Ana's chain, very well connected
    UMARK   Mark  Sales    EMEA   4     Sara     Ana's manager
    UANA    Ana   Sales    EMEA   2     Mark     asks for mentors and sponsors
    UBEN    Ben   Sales    AMER   2     Mark     another requester
    UHUGO   Hugo  HR       AMER   6     -        well connected, sponsor capacity 1
    UINES   Ines  IT       EMEA   5     -        knows data engineering
    UOMAR   Omar  Legal    APAC   4     -        Tokyo
    UTOM    Tom   IT       EMEA   3     Ines     knows data engineering; one level above Ana
    ULEA    Lea   Finance  EMEA   3     -        one level above Ana
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.bootstrap import Services, bootstrap
from bot.jobs import run_due
from bot.web import WebApp
from storage.db import make_engine
from storage.models import Interaction, MentoringOffer, Person
from storage.models.base import utcnow
from tests.conftest import SIGNING_SECRET, RunningApp
from tests.support.app_server import AppServer
from tests.support.slack_client import SignedSlack
from tests.support.slack_standin import SlackStandIn

PEOPLE = [
    # slack, name, function, region, level, manager, timezone, skills, preferences
    ("USARA", "Sara Stone", "Sales", "EMEA", 6, None, "Europe/London", [], {}),
    ("UMARK", "Mark Mills", "Sales", "EMEA", 4, "USARA", "Europe/London", [], {}),
    ("UANA", "Ana Alves", "Sales", "EMEA", 2, "UMARK", "Europe/Lisbon", [], {}),
    ("UBEN", "Ben Brook", "Sales", "AMER", 2, "UMARK", "America/New_York", [], {}),
    ("UHUGO", "Hugo Hart", "HR", "AMER", 6, None, "America/New_York", [], {"sponsor_capacity": 1}),
    ("UINES", "Ines Ito", "IT", "EMEA", 5, None, "Europe/Paris", ["Data Engineering", "SQL"], {}),
    ("UOMAR", "Omar Otsu", "Legal", "APAC", 4, None, "Asia/Tokyo", [], {}),
    ("UTOM", "Tom Tran", "IT", "EMEA", 3, "UINES", "Europe/Paris", ["data engineering"], {}),
    ("ULEA", "Lea Lund", "Finance", "EMEA", 3, None, "Europe/Paris", [], {}),
]
# Sara is the best connected of all (and in Ana's chain); then Hugo, Ines, Omar.
TIES = [
    ("USARA", "UHUGO"), ("USARA", "UINES"), ("USARA", "UOMAR"), ("USARA", "UTOM"), ("USARA", "ULEA"),
    ("UHUGO", "UINES"), ("UHUGO", "UOMAR"), ("UHUGO", "ULEA"), ("UHUGO", "UTOM"), ("UHUGO", "UBEN"),
    ("UINES", "UOMAR"), ("UINES", "ULEA"),
    ("UOMAR", "UMARK"),
    ("UANA", "UMARK"), ("UBEN", "UMARK"),
]


def seed_org(services: Services, slack: SlackStandIn) -> dict[str, int]:
    """The organisation above, in the database and in the Slack workspace; returns slack id → person id."""
    ids: dict[str, int] = {}
    with services.uow() as uow:
        for slack_id, name, function, region, level, manager, tz, skills, prefs in PEOPLE:
            person = Person(
                email=f"{name.split()[0].lower()}@acme.test", slack_id=slack_id, name=name, function=function,
                region=region, level=level, team=function.lower(), timezone=tz, skills=skills, interests=[],
                preferences=prefs, manager_id=ids.get(manager) if manager else None,
            )
            uow.session.add(person)
            uow.session.flush()
            ids[slack_id] = person.id
            slack.add_user(slack_id, person.email, name, tz=tz)
        for a, b in TIES:
            x, y = Interaction.ordered(ids[a], ids[b])
            uow.session.add(Interaction(a_id=x, b_id=y, kind="meeting", occurred_on=date(2026, 6, 1)))
        uow.commit()
    return ids


def form(topic: str, skills: str = "", prefs: tuple[str, ...] = ("virtual_ok",)) -> dict[str, Any]:
    """The request modal's state, as Slack submits it."""
    return {
        "topic": {"value": {"type": "plain_text_input", "value": topic}},
        "skills": {"value": {"type": "plain_text_input", "value": skills or None}},
        "preferences": {"value": {"type": "checkboxes", "selected_options": [{"value": p} for p in prefs]}},
    }


@dataclass
class Offer:
    id: int
    to: str  # slack id of the candidate
    channel: str
    ts: str
    text: str


@dataclass
class Org:
    """Acts as the organisation's people in Slack, against the running app."""

    app: RunningApp
    slack: SlackStandIn
    ids: dict[str, int]
    answers: dict[str, list[Any]] = field(default_factory=dict)  # per person: ephemeral answers and modals
    clicks: int = 0
    last_responses: list[dict[str, Any]] = field(default_factory=list)

    def _saw(self, user: str, *things: Any) -> None:
        self.answers.setdefault(user, []).extend(things)

    def ask(self, kind: str, topic: str, user: str = "UANA", skills: str = "",
            prefs: tuple[str, ...] = ("virtual_ok",)) -> None:
        """Run `/mentor topic` (or `/sponsor`), submit the form and deliver the messages."""
        reply = self.app.slack.command(f"/{kind}", topic, user_id=user)
        assert reply.status == 200 and not reply.text, reply.text  # the form opened, nothing said
        assert self.slack.views[-1]["view"]["callback_id"] == f"{kind}_request"
        self._saw(user, self.slack.views[-1])
        submitted = self.app.slack.submit_view(f"{kind}_request", form(topic, skills, prefs), user_id=user)
        assert submitted.status == 200 and not submitted.text, submitted.text
        self.app.deliver()

    def command(self, kind: str, text: str, user: str = "UANA") -> str:
        reply = self.app.slack.command(f"/{kind}", text, user_id=user)
        assert reply.status == 200
        assert reply.json["response_type"] == "ephemeral"
        self._saw(user, reply.json)
        return reply.json["text"]

    def dms(self, user: str) -> list[dict[str, Any]]:
        """Messages in the person's DM with the app, as they look now."""
        return list(self.slack.messages.get(f"D{user}", []))

    def group_dm(self, *users: str) -> list[dict[str, Any]]:
        return list(self.slack.messages.get("G" + "-".join(sorted(users)), []))

    def offers(self) -> list[Offer]:
        """Every offer DM sent so far (answered or not), in order."""
        found = []
        for channel, messages in self.slack.messages.items():
            for m in messages:
                key = m.get("metadata", {}).get("event_payload", {}).get("key", "")
                if key.startswith("mentoring:offer:") and key.endswith(":dm"):
                    found.append(Offer(int(key.split(":")[2]), channel[1:], channel, m["ts"], m["text"]))
        return sorted(found, key=lambda o: o.id)

    def current_offer(self) -> Offer:
        return self.offers()[-1]

    def click(self, action: str, offer: Offer, user: str | None = None) -> str | None:
        """Click Accept or Decline as ``user`` (the candidate by default); returns the ephemeral answer, if any."""
        user = user or offer.to
        before, views_before = len(self.slack.responses), len(self.slack.views)
        # Each click has its own action_ts (frozen clocks would make two clicks look like one Slack retry).
        self.clicks += 1
        reply = self.app.slack.action(action, value=str(offer.id), user_id=user, channel_id=offer.channel,
                                      message_ts=offer.ts, action={"action_ts": f"{self.clicks}.000001"})
        assert reply.status == 200
        self.app.deliver()
        answers = self.slack.responses[before:]
        self._saw(user, *answers, *self.slack.views[views_before:])
        # Either a private answer, or the clicked message replaced at once.
        assert all(a.get("response_type") == "ephemeral" or a.get("replace_original") is True for a in answers)
        self.last_responses = answers
        return answers[-1]["text"] if answers else None

    def sweep(self) -> None:
        run_due(self.app.services, utcnow())
        self.app.deliver()

    def set_preferences(self, slack_id: str, **preferences: Any) -> None:
        with self.app.services.uow() as uow:
            person = uow.session.get(Person, self.ids[slack_id])
            person.preferences = {**person.preferences, **preferences}
            uow.commit()

    def person(self, slack_id: str) -> int:
        return self.ids[slack_id]

    def offer_rows(self) -> list[SimpleNamespace]:
        """Every offer as stored (a plain copy)."""
        with self.app.services.uow() as uow:
            rows = uow.session.scalars(select(MentoringOffer).order_by(MentoringOffer.id))
            return [SimpleNamespace(**{c.key: getattr(o, c.key) for c in MentoringOffer.__table__.columns})
                    for o in rows]

    def everything_seen_by(self, user: str) -> str:
        """Every message, update, ephemeral answer and modal the person received, as one text."""
        seen = [json.dumps(c.params) for c in self.slack.calls if c.method in ("chat.postMessage", "chat.update")
                and user in str(c.params.get("channel", ""))[1:].split("-")]
        seen += [json.dumps(a) for a in self.answers.get(user, [])]
        return "\n".join(seen)


@pytest.fixture
def org(running_app: RunningApp, slack: SlackStandIn) -> Org:
    return Org(running_app, slack, seed_org(running_app.services, slack))


@pytest.fixture
def restart(running_app: RunningApp, settings: Any) -> Iterator[Callable[[Org], None]]:
    """Replace the org's app by a new process over the same database: new engine, services, app and server."""
    stack: list[Any] = []

    def _restart(org: Org) -> None:
        services = bootstrap(settings, engine=make_engine(settings.database_url))
        server = AppServer(WebApp(services, build_app(services, process_before_response=True))).__enter__()
        stack.append((server, services))
        client = SignedSlack(server.url, SIGNING_SECRET, org.slack.url)
        client._ids = org.app.slack._ids  # trigger and view ids stay unique, as Slack's are
        org.app = RunningApp(server.url, client, services, org.slack)

    yield _restart
    for server, services in stack:
        server.__exit__(None, None, None)
        services.engine.dispose()
