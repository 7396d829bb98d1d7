"""Fixtures of the find tests: a session, CSV files written on the fly, and a small organisation in Slack."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage.models import ExternalRelationship, Interaction, Person


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "contacts.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- an organisation in the database and in Slack, and a driver acting as its people -------------------------
#
#   slack  name        function  skills / outside            choices                       ties
#   UZOE   Zoe Park    Sales     -                           -                             Ana (close), Oli
#   UANA   Ana Alves   Sales     -                           -                             Zoe, Ben, Carl
#   UBEN   Ben Brook   IT        Kubernetes                  -                             Ana
#   UCARL  Carl Chu    HR        -                           -                             Ana, Dan
#   UDAN   Dan Dorn    Finance   client of Globex (5)        found for outside: yes        Carl
#   UEVE   Eve Eng     Legal     kubernetes                  -                             nobody
#   UOLI   Oli Olsen   IT        Kubernetes, Globex          can be found: NO (either way) Zoe, Pia
#   UPIA   Pia Pohl    IT        Kubernetes Operators        -                             Oli
#   UGIL   Gil Gray    Sales     partner of Globex (5)       found for outside: no (default)  Zoe

PEOPLE = [
    ("UZOE", "Zoe Park", "Sales", [], {}),
    ("UANA", "Ana Alves", "Sales", [], {}),
    ("UBEN", "Ben Brook", "IT", ["Kubernetes"], {}),
    ("UCARL", "Carl Chu", "HR", [], {}),
    ("UDAN", "Dan Dorn", "Finance", [], {"find_external": True}),
    ("UEVE", "Eve Eng", "Legal", ["kubernetes"], {}),
    ("UOLI", "Oli Olsen", "IT", ["Kubernetes"], {"find_skills": False}),
    ("UPIA", "Pia Pohl", "IT", ["Kubernetes Operators"], {}),
    ("UGIL", "Gil Gray", "Sales", [], {}),
]
TIES = [("UZOE", "UANA", 3.0), ("UANA", "UBEN", 2.0), ("UANA", "UCARL", 1.0), ("UCARL", "UDAN", 2.0),
        ("UZOE", "UOLI", 5.0), ("UOLI", "UPIA", 5.0), ("UZOE", "UGIL", 1.0)]
OUTSIDE = [("UDAN", "Globex", "client", 5), ("UGIL", "Globex", "partner", 5), ("UOLI", "Globex", "client", 5)]
TODAY = date(2026, 11, 30)


def seed_org(services, slack) -> dict[str, int]:
    ids: dict[str, int] = {}
    with services.uow() as uow:
        for slack_id, name, function, skills, prefs in PEOPLE:
            person = Person(email=f"{name.split()[0].lower()}@acme.test", slack_id=slack_id, name=name,
                            function=function, region="EMEA", level=3, skills=skills, interests=[],
                            preferences=prefs)
            uow.session.add(person)
            uow.session.flush()
            ids[slack_id] = person.id
            slack.add_user(slack_id, person.email, name)
        for a, b, weight in TIES:
            x, y = Interaction.ordered(ids[a], ids[b])
            uow.session.add(Interaction(a_id=x, b_id=y, kind="meeting", occurred_on=date(2026, 11, 2), weight=weight))
        for who, org, kind, strength in OUTSIDE:
            uow.session.add(ExternalRelationship(person_id=ids[who], organisation=org, organisation_key=org.lower(),
                                                 kind=kind, strength=strength, last_contact=date(2026, 10, 20)))
        uow.commit()
    return ids


@dataclass
class Org:
    """Acts as the organisation's people in Slack, against the running app, and remembers what each one saw."""

    app: Any
    slack: Any
    ids: dict[str, int]
    seen: dict[str, list[Any]] = field(default_factory=dict)
    clicks: int = 0

    def _saw(self, user: str, *things: Any) -> None:
        self.seen.setdefault(user, []).extend(things)

    def find(self, words: str, user: str = "UZOE") -> dict[str, Any]:
        reply = self.app.slack.command("/networking", f"find {words}", user_id=user)
        assert reply.status == 200
        assert reply.json["response_type"] == "ephemeral"
        self._saw(user, reply.json)
        return reply.json

    def buttons(self, answer: dict[str, Any]) -> list[dict[str, Any]]:
        return [b["accessory"] for b in answer.get("blocks", []) if b.get("accessory", {}).get("type") == "button"]

    def button(self, answer: dict[str, Any], label: str) -> dict[str, Any]:
        found = [b for b in self.buttons(answer) if b["text"]["text"] == label]
        assert found, [b["text"]["text"] for b in self.buttons(answer)]
        return found[0]

    def click(self, user: str, action_id: str, value: str, channel: str = "C1") -> list[dict[str, Any]]:
        """Click a button as ``user``; returns what came back privately (response_url posts)."""
        before, views = len(self.slack.responses), len(self.slack.views)
        self.clicks += 1
        reply = self.app.slack.action(action_id, value=value, user_id=user, channel_id=channel,
                                      action={"action_ts": f"{self.clicks}.000001"})
        assert reply.status == 200
        self.app.deliver()
        answers = self.slack.responses[before:]
        self._saw(user, *answers, *self.slack.views[views:])
        return answers

    def requests_to(self, user: str) -> list[dict[str, Any]]:
        """The intro requests in the person's DM, as they read now."""
        return [m for m in self.slack.messages.get(f"D{user}", []) if m.get("blocks")]

    def request_buttons(self, user: str) -> dict[str, str]:
        message = self.requests_to(user)[-1]
        actions = [b for b in message["blocks"] if b["type"] == "actions"][0]
        return {e["action_id"]: e["value"] for e in actions["elements"]}

    def group_dm(self, *users: str) -> list[dict[str, Any]]:
        return list(self.slack.messages.get("G" + "-".join(sorted(users)), []))

    def everything_seen_by(self, user: str) -> str:
        """Every message, update, private answer and view the person received, as one text."""
        seen = [json.dumps(c.params) for c in self.slack.calls if c.method in ("chat.postMessage", "chat.update")
                and user in str(c.params.get("channel", ""))[1:].split("-")]
        seen += [json.dumps(c.params) for c in self.slack.calls if c.method in ("views.publish", "chat.postEphemeral")
                 and c.params.get("user_id", c.params.get("user")) == user]
        seen += [json.dumps(a) for a in self.seen.get(user, [])]
        return "\n".join(seen)


@pytest.fixture
def org(running_app, slack) -> Org:
    return Org(running_app, slack, seed_org(running_app.services, slack))
