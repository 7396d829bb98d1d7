"""A synthetic organisation saved to the database, so the app can be shown without a real company."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.bootstrap import Services
from bot.errors import BotError
from matching.synthetic import synthetic_org
from storage.queries.demo import add_people_rows, add_tie_rows, ids_by_email_at, remove_people_at, set_managers
from storage.queries.people import people_outside_domain
from storage.uow import Session

DEMO_DOMAIN = "demo.example"
FIRST = ("Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Mateo",
         "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Uma", "Viktor", "Wen", "Xavier", "Yara", "Zoe")
LAST = ("Okafor", "Schmidt", "Tanaka", "Silva", "Dubois", "Kowalski", "Haddad", "Nguyen", "Rossi", "Larsen",
        "Mensah", "Costa", "Ivanova", "Patel", "Murphy", "Fischer", "Moreau", "Sato", "Ortiz", "Novak")
TITLES = {1: "Associate", 2: "Specialist", 3: "Senior Specialist", 4: "Lead", 5: "Manager", 6: "Senior Manager",
          7: "Head"}
ZONES = {0.0: "Europe/London", 1.0: "Europe/Paris", 2.0: "Europe/Helsinki", -8.0: "America/Los_Angeles",
         -6.0: "America/Chicago", -5.0: "America/New_York", -3.0: "America/Sao_Paulo", 5.5: "Asia/Kolkata",
         8.0: "Asia/Singapore", 9.0: "Asia/Tokyo", 10.0: "Australia/Sydney"}


class RealPeopleHere(BotError):
    """The demo was pointed at a database that holds real people."""


def refuse_real_people(services: Services) -> None:
    """Raise :class:`RealPeopleHere` when the database holds anyone who is not a demo person."""
    url = services.engine.url.render_as_string(hide_password=True)
    with services.uow() as uow:
        real = people_outside_domain(uow.session, DEMO_DOMAIN)
    if real:
        raise RealPeopleHere(
            f"{url} holds {real:,} real people: the demo never writes there. "
            "Run `cno demo` without --database-url (it uses its own cno-demo.db), or give it an empty database")


@dataclass(frozen=True)
class DemoOrg:
    people: int
    ties: int


def seed_demo_org(session: Session, n: int, seed: int = 7) -> DemoOrg:
    """Replace the demo organisation (people at @demo.example) with a fresh one of ``n`` people.

    Running it twice gives the same organisation again; real people are never touched.
    """
    people, graph = synthetic_org(n, seed=seed)
    remove_people_at(session, DEMO_DOMAIN)
    rng = np.random.default_rng(seed)
    emails: dict[int, str] = {}
    rows: list[dict[str, object]] = []
    for k, p in people.items():
        first, last = FIRST[rng.integers(len(FIRST))], LAST[rng.integers(len(LAST))]
        emails[k] = f"{first.lower()}.{last.lower()}.{k}@{DEMO_DOMAIN}"
        rows.append({
            "email": emails[k], "name": f"{first} {last}",
            "title": f"{TITLES.get(p.level or 0, 'Specialist')}, {p.function}",
            "function": p.function, "region": p.region, "level": p.level, "team": p.team or "",
            "timezone": ZONES.get(p.utc_offset_hours, "UTC"), "skills": sorted(p.skills),
            "interests": sorted(p.interests), "slack_id": f"UDEMO{k:06d}", "preferences": {},
        })
    add_people_rows(session, rows)
    ids = ids_by_email_at(session, DEMO_DOMAIN)
    db_id = {k: ids[e] for k, e in emails.items()}
    managed = [
        {"id": db_id[k], "manager_id": db_id[p.manager_id]} for k, p in people.items() if p.manager_id is not None
    ]
    set_managers(session, managed)
    ties = [
        {"a_id": min(db_id[a], db_id[b]), "b_id": max(db_id[a], db_id[b]), "kind": "meeting",
         "occurred_on": attrs["since"], "weight": float(attrs.get("weight", 1.0)), "source": "demo"}
        for a, b, attrs in graph.edges(data=True)
    ]
    add_tie_rows(session, ties)
    return DemoOrg(people=len(rows), ties=len(ties))


def build_demo_org(services: Services, n: int, seed: int = 7) -> DemoOrg:
    """`cno demo`: :func:`seed_demo_org` in a transaction of its own."""
    with services.uow() as uow:
        org = seed_demo_org(uow.session, n, seed)
        uow.commit()
    return org
