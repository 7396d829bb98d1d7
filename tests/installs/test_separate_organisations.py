"""Two organisations installed on one deployment: neither ever sees the other's people, intros, searches or reports."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from bot.outbox import OutboxSender
from bot.runtime import EveryInstallation, Runtime
from bot.scheduler import ROUND_JOB_ID, job_store, start_scheduler
from storage.models import Intro, Person
from storage.queries.people import database_name
from tests.conftest import CNO_SLACK_ID
from tests.installs.conftest import OAuthApp

HEADER = "email,name,function,region,level,manager_email,slack_id,skills\n"
#: Two companies, same shape, no one in common; each has a Kubernetes expert and the CNO's Slack id.
ORGS = {
    "T1": [("ann", "Ann Archer", "Sales", "UA1", ""), ("abe", "Abe Ashby", "IT", "UA2", "Kubernetes"),
           ("amy", "Amy Amber", "HR", "UA3", ""), ("art", "Art Allen", "Finance", "UA4", ""),
           ("ava", "Ava Avery", "Legal", "UA5", ""), ("cno", "Cleo Acme", "Sales", CNO_SLACK_ID, "")],
    "T2": [("gus", "Gus Gable", "Sales", "UG1", ""), ("gil", "Gil Grant", "IT", "UG2", "Kubernetes"),
           ("gia", "Gia Green", "HR", "UG3", ""), ("guy", "Guy Gould", "Finance", "UG4", ""),
           ("gwen", "Gwen Gray", "Legal", "UG5", ""), ("cno", "Cleo Globex", "Sales", CNO_SLACK_ID, "")],
}
DOMAIN = {"T1": "acme.test", "T2": "globex.test"}
ROUND_MADE = "2026-11-02 08:00:00"  # a Monday morning


def _names(team: str) -> set[str]:
    return {name for _, name, *_ in ORGS[team]}


def _other(team: str) -> str:
    return "T2" if team == "T1" else "T1"


@pytest.fixture
def two_orgs(oauth_cli: OAuthApp, cno, tmp_path: Path) -> OAuthApp:
    """Acme (T1) and Globex (T2) installed by "Add to Slack", each with its people imported and a round made."""
    oauth_app = oauth_cli
    for team, name in (("T1", "Acme"), ("T2", "Globex")):
        assert oauth_app.install(team, name).status == 200
        rows = [f"{user}@{DOMAIN[team]},{full},{function},EMEA,3,,{slack_id},{skills}"
                for user, full, function, slack_id, skills in ORGS[team]]
        csv = tmp_path / f"{team}.csv"
        csv.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
        for user, full, _, slack_id, _ in ORGS[team]:
            oauth_app.standin.add_user(slack_id, f"{user}@{DOMAIN[team]}", full)
        imported = cno("--installation", team, "import", "people", str(csv))
        assert imported.code == 0, imported.err
        with freeze_time(ROUND_MADE):  # so that its intros are due whenever the test runs
            made = cno("--installation", team, "round", "run", "--seed", "7")
        assert made.code == 0 and " 0 intros" not in made.out, made.out + made.err
    return oauth_app


def _deliver(app: OAuthApp, team: str) -> None:
    services = app.installations.services_for(team)
    OutboxSender(services.uow, services.slack, sleep=lambda _: None).deliver_due()


def _seen_by(app: OAuthApp, team: str) -> str:
    """Everything the app sent to Slack with ``team``'s tokens."""
    tokens = {token for token, issued in app.standin.tokens.items() if issued.grant.key == team}
    return json.dumps([c.params for c in app.standin.calls if c.token in tokens], ensure_ascii=False)


def test_each_installation_holds_only_its_own_people_and_intros(two_orgs):
    for team in ("T1", "T2"):
        with two_orgs.installations.services_for(team).uow() as uow:
            assert set(uow.session.scalars(select(Person.name))) == _names(team)
            assert uow.session.scalar(select(func.count()).select_from(Intro)) > 0
    with two_orgs.services.uow() as uow:  # the deployment's own schema holds the installations, no one's data
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 0


@pytest.mark.parametrize("team", ["T1", "T2"])
def test_intros_home_search_and_report_of_one_organisation_never_show_the_other(two_orgs, team):
    _deliver(two_orgs, team)
    first_of_them = ORGS[team][0][3]
    two_orgs.slack(team).event({"type": "app_home_opened", "user": first_of_them, "tab": "home"})
    found = two_orgs.slack(team).command("/networking", "find kubernetes", user_id=first_of_them)
    reported = two_orgs.slack(team).command("/cno-report", "", user_id=CNO_SLACK_ID)
    assert reported.status == 200
    _deliver(two_orgs, team)

    intro_posts = [c for c in two_orgs.standin.calls_to("chat.postMessage") if "intro" in json.dumps(c.params)]
    assert intro_posts, "the round's intros were delivered"
    seen = _seen_by(two_orgs, team) + found.text + json.dumps(two_orgs.standin.responses, ensure_ascii=False)
    expert = next(name for _, name, _, _, skills in ORGS[team] if skills)
    assert expert in seen and f"Cleo {'Acme' if team == 'T1' else 'Globex'}" not in found.text
    assert {name for name in _names(team) if name in seen} - {expert}, "the intros name their own people"
    assert [name for name in _names(_other(team)) if name in seen] == []
    assert "views.publish" in {c.method for c in two_orgs.standin.calls if c.params.get("user_id") == first_of_them}


def test_a_command_line_run_must_say_which_installation(two_orgs, cno):
    run = cno("round", "preview")
    assert run.code == 1
    assert run.err.strip() == ("cno: there are 2 installations (T1, T2): name one with --installation KEY "
                               "(or CNO_INSTALLATION)")
    assert cno("--installation", "T9", "round", "preview").err.startswith("cno: no installation 'T9'")


def test_every_installation_gets_its_own_outbox_sender_and_scheduler_until_it_is_removed(two_orgs):
    runtimes = EveryInstallation(
        two_orgs.installations,
        lambda services: Runtime(services, make_scheduler=start_scheduler, sender_interval=0.05, leader_poll=0.1),
        poll_seconds=60)
    runtimes.start()
    try:
        deadline = time.monotonic() + 20
        while {_key_of(two_orgs, c.token) for c in two_orgs.standin.calls_to("chat.postMessage")} != {"T1", "T2"}:
            assert time.monotonic() < deadline, "each installation's intros are sent with its own token"
            time.sleep(0.05)
        assert runtimes.status() == {"installations": 2, "leader": ["T1", "T2"]}
        for team in ("T1", "T2"):
            round_job = job_store(two_orgs.installations.services_for(team).engine).lookup_job(ROUND_JOB_ID)
            assert round_job.kwargs == {"installation": team}

        assert two_orgs.slack("T1").event({"type": "app_uninstalled"}).status == 200
        runtimes.follow_once()
        assert runtimes.status() == {"installations": 1, "leader": ["T2"]}
    finally:
        runtimes.stop()


def _key_of(app: OAuthApp, token: str | None) -> str | None:
    issued = app.standin.tokens.get(token or "")
    return issued.grant.key if issued is not None else None


def test_each_installation_has_its_own_cached_network(two_orgs):
    """Per-database caches (the network each replica keeps) are keyed by installation, even on one PostgreSQL
    database where the installations' schemas share a URL."""
    keys = set()
    for team in ("T1", "T2"):
        with two_orgs.installations.services_for(team).uow() as uow:
            keys.add(database_name(uow.session))
    with two_orgs.services.uow() as uow:
        keys.add(database_name(uow.session))
    assert len(keys) == 3
