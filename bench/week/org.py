"""The bench's organisation: ``matching.synthetic`` people and ties, imported through the app's bulk CSV paths.

With ``--reuse-import`` the imported database is kept as a template (``template_name``) and
later runs of the same size copy it (``copy_of_template``) instead of importing again.

Slack ids are not in the files: the stand-in holds the workspace (one member per
person, with their time zone) and the week starts with ``cno sync-slack``'s use case.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from bench.postgres import admin_engine, create_if_missing
from matching.synthetic import synthetic_org
from storage.csv_import import import_interactions, import_people
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork
from tests.support.slack_standin import SlackStandIn

#: The synthetic organisation's UTC offsets, as the IANA zones people would have.
ZONES = {0.0: "Europe/London", 1.0: "Europe/Paris", 2.0: "Europe/Helsinki", -8.0: "America/Los_Angeles",
         -6.0: "America/Chicago", -5.0: "America/New_York", -3.0: "America/Sao_Paulo", 5.5: "Asia/Kolkata",
         8.0: "Asia/Singapore", 9.0: "Asia/Tokyo", 10.0: "Australia/Sydney"}
PEOPLE_HEADER = "email,name,function,region,level,manager_email,timezone,skills,interests,team,title\n"


def email(i: int) -> str:
    return f"p{i:06d}@week.example"


def slack_id(i: int) -> str:
    return f"U{i:07d}"


def fresh_database(url: str) -> Engine:
    """An empty, migrated database at ``url`` (created if the server has none; its public schema dropped first)."""
    create_if_missing(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def template_name(url: str, people: int, ties: int, seed: int) -> str:
    """The template database that keeps an imported organisation of this size for later runs."""
    return f"{make_url(url).database}_org_{people}_{ties}_{seed}"


def copy_of_template(url: str, template: str) -> bool:
    """The database at ``url`` made anew as a copy of ``template``; False (nothing done) if there is no template."""
    admin = admin_engine(url)
    database = make_url(url).database
    try:
        with admin.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :t"), {"t": template}) is None:
                return False
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                               {"d": database})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
            connection.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{template}"'))
            return True
    finally:
        admin.dispose()


def save_template(engine: Engine, template: str) -> None:
    """Keep the database ``engine`` is on (just imported) as ``template``, for ``--reuse-import`` next time."""
    database = engine.url.database
    engine.dispose()
    admin = admin_engine(engine.url.render_as_string(hide_password=False))
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                               {"d": database})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{template}"'))
            connection.execute(text(f'CREATE DATABASE "{template}" TEMPLATE "{database}"'))
    finally:
        admin.dispose()


def write_files(folder: Path, people: int, ties: int, seed: int) -> tuple[Path, Path, dict[int, str]]:
    """The organisation as the two CSV files ``cno import`` reads; returns them and each person's zone."""
    staff, graph = synthetic_org(people, seed=seed, ties_per_person=2 * ties / people)
    zones = {k: ZONES[p.utc_offset_hours] for k, p in staff.items()}
    people_csv, ties_csv = folder / "people.csv", folder / "interactions.csv"
    with people_csv.open("w", encoding="utf-8") as out:
        out.write(PEOPLE_HEADER)
        for k in sorted(staff, key=lambda k: (staff[k].manager_id is not None, k)):  # managers before reports
            p = staff[k]
            manager = "" if p.manager_id is None else email(p.manager_id)
            out.write(f"{email(k)},Person {k},{p.function},{p.region},{p.level},{manager},{zones[k]},"
                      f"{';'.join(sorted(p.skills))},{';'.join(sorted(p.interests))},{p.team},Title {p.level}\n")
    with ties_csv.open("w", encoding="utf-8") as out:
        out.write("a_email,b_email,kind,occurred_on,weight\n")
        for a, b, data in graph.edges(data=True):
            since: date = data["since"]
            # Whole numbers, as imports give them (1 when blank): the engine's synthetic strengths have decimals.
            out.write(f"{email(a)},{email(b)},meeting,{since.isoformat()},{max(1, round(data['weight']))}\n")
    return people_csv, ties_csv, zones


def import_org(engine: Engine, people_csv: Path, ties_csv: Path) -> tuple[int, int]:
    """``cno import people`` then ``cno import interactions``, through their bulk paths."""
    factory = make_session_factory(engine)
    with UnitOfWork(factory) as uow:
        people = import_people(uow.session, people_csv)
        uow.commit()
    with UnitOfWork(factory) as uow:
        ties = import_interactions(uow.session, ties_csv)
        uow.commit()
    return people.created, ties.created


def fill_workspace(standin: SlackStandIn, zones: dict[int, str]) -> None:
    """One Slack member per person (their email and time zone), plus a bot the sync must skip."""
    for k, zone in zones.items():
        standin.add_user(slack_id(k), email(k), f"Person {k}", tz=zone)
    standin.add_user("UBOTWEEK", "bot@week.example", "A bot", is_bot=True)
