"""Start with Slack alone: no HR file, `cno sync-slack` and a program channel are enough for cross-group intros."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import Interaction, Person
from tests.programs.conftest import LAUNCH_MONDAY, first_program_round

WORKSPACE = [
    ("U01", "Account Executive", "America/New_York"), ("U02", "Sales Manager", "America/Chicago"),
    ("U03", "Senior Account Manager", "Europe/London"), ("U04", "SDR", "Europe/Paris"),
    ("U05", "Software Engineer", "Europe/Berlin"), ("U06", "Staff Engineer", "America/New_York"),
    ("U07", "DevOps Engineer", "Europe/Madrid"), ("U08", "Backend Developer", "America/Chicago"),
]


def test_a_workspace_with_no_hr_file_gets_cross_function_intros_from_profiles_and_channels(
        running_app, cno, slack, slack_env, monkeypatch):
    for sid, title, tz in WORKSPACE:
        slack.add_user(sid, f"{sid.lower()}@acme.test", f"Person {sid}", title=title, tz=tz,
                       fields={"Xf1": {"value": "Payments" if sid in ("U01", "U05") else ""}})
    slack.add_user("U09", "u09@acme.test", "Happy", title="Chief Happiness Officer", tz="UTC")
    slack.add_channel("C0COFFEE", [sid for sid, _, _ in WORKSPACE])
    slack.add_channel("C0SALES", ["U01", "U02", "U03", "U04"], name="sales-team")
    slack.add_channel("C0ALL", [f"U{n:02d}" for n in range(1, 10)], name="general")
    monkeypatch.setenv("CNO_PROFILE_FIELDS", "team=Xf1")
    with freeze_time(LAUNCH_MONDAY):
        synced = cno("sync-slack")
    assert synced.code == 0, synced.err
    assert "9 added from Slack (no HR file)" in synced.out
    assert "Channels: 3 public channels read" in synced.out
    with running_app.services.uow() as uow:
        people = {p.slack_id: p for p in uow.session.scalars(select(Person))}
        ties = uow.session.scalars(select(Interaction)).all()
        uow.session.expunge_all()
    assert {people[s].function for s in ("U01", "U02", "U03", "U04")} == {"Sales"}
    assert {people[s].function for s in ("U05", "U06", "U07", "U08")} == {"Engineering"}
    assert (people["U01"].region, people["U05"].region, people["U01"].team) == ("AMER", "EMEA", "Payments")
    assert (people["U09"].function, people["U09"].region) == ("", "")  # unknown, not a value
    assert ties and {t.kind for t in ties} == {"channel_co_member"} and {t.source for t in ties} == {"slack_channels"}
    sales_pair = [t for t in ties if {t.a_id, t.b_id} == {people["U01"].id, people["U02"].id}]
    cross_pair = [t for t in ties if {t.a_id, t.b_id} == {people["U01"].id, people["U05"].id}]
    assert sales_pair[0].weight > cross_pair[0].weight  # a small channel says more than a big one

    groups = first_program_round(running_app, cno, slack, members=8)
    assert len(groups) == 4
    assert all(len({people[s].function for s in g}) == 2 for g in groups)  # every intro crosses Sales/Engineering
