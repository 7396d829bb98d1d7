import json
import re

from sqlalchemy import func, select

from bot.charts import PNG_SIGNATURE
from storage.models import OutboxMessage, Person
from tests.conftest import CNO_SLACK_ID

SECTIONS = ("New ties", "Intros", "Silos", "Openness: the E-I index", "Second-degree reach", "Events", "Brokers")


def dm_report(running_app, slack):
    reply = running_app.slack.command("/cno-report", "", user_id=CNO_SLACK_ID, channel_id="C1")
    assert reply.json["response_type"] == "ephemeral" and "DM" in reply.json["text"]
    running_app.deliver()
    [opened] = {c.params["users"] for c in slack.calls_to("conversations.open")}
    assert opened == CNO_SLACK_ID
    [message] = slack.posted()
    return message


def test_the_cno_gets_the_report_in_a_dm_with_every_section(running_app, slack, org):
    message = dm_report(running_app, slack)
    text = message["text"]
    assert [title for title in SECTIONS if title in text] == list(SECTIONS)
    blocks = json.dumps(message["blocks"], ensure_ascii=False)
    assert all(title in blocks for title in SECTIONS)
    assert message["channel"].startswith("D")


def test_the_report_figures_match_the_hand_checked_organisation(running_app, slack, org):
    text = dm_report(running_app, slack)["text"]
    # Two new ties in the last 12 weeks (Rosa–Lea, Rick–Hal): both across functions, neither across regions.
    assert "Last 12 weeks: 2 new ties (0.2 a week), 100% across functions, 0% across regions." in text
    assert "This week so far: 0 new ties" in text
    # Sales (8) against the pooled smaller functions: 5 ties across, 9 within (3 Sales, 6 pooled);
    # 12 weeks ago 3 across: Sales 0.00, smaller groups (3 - 6) / 9 = -0.33.
    assert "E-I index across functions: -0.29 now (-0.38 4 weeks ago, -0.50 12 weeks ago): opening up." in text
    assert "Most inward-looking functions: Smaller groups -0.09 (+0.24), Sales +0.25 (+0.25)." in text


def test_charts_arrive_in_the_dm_as_real_pngs(running_app, slack, org):
    message = dm_report(running_app, slack)
    names = sorted(u["filename"] for u in slack.uploads)
    assert names == ["density-function.png", "density-region.png", "ei-function.png", "ei-region.png",
                     "new-ties.png", "reach-distribution.png"]
    for upload in slack.uploads:
        assert upload["completed"] and upload["channel"] == message["channel"]
        assert upload["content"][:8] == PNG_SIGNATURE


def test_groups_of_fewer_than_five_are_not_broken_down(running_app, slack, org):
    text = dm_report(running_app, slack)["text"]
    for small in ("IT", "Legal", "HR", "AMER", "APAC"):
        assert not re.search(rf"\b{small}\b", text), small
    assert "Smaller groups" in text


def test_brokers_are_named_for_the_cno(running_app, slack, org_with_finance):
    text = dm_report(running_app, slack)["text"]
    assert "By function: Rick (Sales, EMEA): the only tie between Sales and Finance." in text
    assert "By function: Fay (Finance, EMEA): the only tie between Finance and Sales." in text


def test_only_the_cno_may_ask_for_the_report(running_app, slack, org):
    for user in ("UMGR", "UNOT", "USOMEONE"):
        reply = running_app.slack.command("/cno-report", "", user_id=user)
        assert reply.json["response_type"] == "ephemeral"
        assert "Chief Networking Officer only" in reply.json["text"]
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_cno_report_org_writes_a_self_contained_html_file_and_pngs(cno, org, tmp_path):
    run = cno("report", "org", "--png", str(tmp_path / "charts"), "--html", str(tmp_path / "report.html"))
    assert run.code == 0, run.err
    assert all(title in run.out for title in SECTIONS)
    pngs = sorted((tmp_path / "charts").glob("*.png"))
    assert len(pngs) == 6 and all(p.read_bytes()[:8] == PNG_SIGNATURE for p in pngs)
    html = (tmp_path / "report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and html.count('src="data:image/png;base64,iVBORw0KGgo') == 6
    assert "http://" not in html and "https://" not in html
    assert all(title in html for title in ("New ties", "Silos", "Second-degree reach"))


def test_cno_report_team_prints_the_team_view_and_writes_its_chart(cno, org, tmp_path):
    run = cno("report", "team", "mara@acme.test", "--png", str(tmp_path / "team.png"))
    assert run.code == 0, run.err
    assert "Team reach · 5 people (direct reports)" in run.out
    assert "Reached directly: 5 people (33.3% of the organisation of 15)" in run.out
    assert (tmp_path / "team.png").read_bytes()[:8] == PNG_SIGNATURE
    whole = cno("report", "team", "mara@acme.test", "--all")
    assert "Team reach · 7 people (everyone under you)" in whole.out


def test_cno_report_team_for_someone_without_a_team_is_one_line_on_stderr(cno, org):
    for email, problem in (("rosa@acme.test", "has no direct reports"), ("nobody@acme.test", "no active person")):
        run = cno("report", "team", email)
        assert run.code == 1 and run.out == ""
        assert run.err.startswith("cno: ") and problem in run.err and run.err.count("\n") == 1


def test_cno_report_snapshot_backfills_weeks(cno, org):
    run = cno("report", "snapshot", "--weeks-back", "3")
    assert run.code == 0, run.err
    assert len(run.out.splitlines()) == 3 and "15 people" in run.out


def test_the_report_counts_events_and_the_ties_made_there(running_app, slack, org, services):
    from datetime import timedelta

    from storage.models import Event, Interaction, Invitation
    from storage.models.base import utcnow
    from storage.models.events import DECLINED, DONE, GOING

    with services.uow() as uow:
        event = Event(title="Cross-team lunch", starts_at=utcnow() - timedelta(days=10), status=DONE)
        uow.session.add(event)
        uow.session.flush()
        for n, name in enumerate(("Ravi", "Rosa", "Rick", "Rita", "Remy")):
            uow.session.add(Invitation(event_id=event.id, person_id=org[name], status=GOING if n < 3 else DECLINED,
                                       attended=True if n < 2 else None))
        low, high = Interaction.ordered(org["Remy"], org["Leo"])
        uow.session.add(Interaction(a_id=low, b_id=high, kind="event", source="event", note=f"event:{event.id}",
                                    occurred_on=(utcnow() - timedelta(days=10)).date()))
        uow.commit()
    text = dm_report(running_app, slack)["text"]
    assert "Last 12 weeks: 1 event, 5 people invited, 3 going, 2 said whom they met." in text
    assert "Ties made at events: 1 (1 new), 100% across functions, 0% across regions." in text


def test_the_report_gives_intro_answer_and_met_rates_and_quiet_pauses(running_app, slack, org, services):
    from datetime import timedelta

    from storage.models import Intro, IntroMember, QuietPause, Round
    from storage.models.base import utcnow
    from storage.models.rounds import MET, NOT_MET, SENT, SKIPPED

    now = utcnow()
    with services.uow() as uow:
        held = Round(period="R-held", status=SENT, day=(now - timedelta(days=14)).date(), send_at=now)
        skipped = Round(period="R-skipped", status=SKIPPED, day=(now - timedelta(days=7)).date(), send_at=now)
        uow.session.add_all([held, skipped])
        uow.session.flush()
        # (members, answers, follow-up asked): met; not met + silence; silence; not asked yet.
        for pair, answers, asked in ((("Ravi", "Ian"), (MET, None), True), (("Rosa", "Lea"), (NOT_MET, None), True),
                                     (("Rick", "Hal"), (None, None), True), (("Rita", "Kim"), (None, None), False)):
            intro = Intro(round_id=held.id, followed_up_at=now if asked else None)
            uow.session.add(intro)
            uow.session.flush()
            uow.session.add_all(IntroMember(intro_id=intro.id, person_id=org[name], answer=answer)
                                for name, answer in zip(pair, answers, strict=True))
        uow.session.add_all([QuietPause(person_id=org["Rick"], paused_at=now),
                             QuietPause(person_id=org["Hal"], paused_at=now, resumed_at=now)])
        uow.commit()
    text = dm_report(running_app, slack)["text"]
    assert "Last 12 weeks: 1 round, 4 intros for 8 people." in text
    assert 'Of the 3 intros asked "did you meet?", 67% were answered and 33% met.' in text
    assert "Paused for not answering several intros in a row: 1 person." in text


def test_a_cno_named_by_email_in_cno_admins_gets_the_report(running_app, slack, org):
    import dataclasses

    services = running_app.services
    services.settings = dataclasses.replace(services.settings, cno_admins=frozenset({"lea@acme.test"}))
    with services.uow() as uow:
        uow.session.get(Person, org["Lea"]).slack_id = "ULEA"
        uow.commit()
    reply = running_app.slack.command("/cno-report", "", user_id="ULEA")
    assert "DM" in reply.json["text"]
    running_app.deliver()
    assert [c.params["users"] for c in slack.calls_to("conversations.open")][0] == "ULEA"
    assert "Networking report" in slack.posted()[0]["text"]


def test_with_weekly_snapshots_the_report_charts_the_e_i_trend(cno, org, tmp_path):
    assert cno("report", "snapshot", "--weeks-back", "2").code == 0
    run = cno("report", "org", "--png", str(tmp_path))
    assert run.code == 0, run.err
    trend = tmp_path / "ei-trend.png"
    assert trend.read_bytes()[:8] == PNG_SIGNATURE


def test_the_help_of_cno_report_is_refused_to_someone_who_is_not_the_cno(running_app, org):
    reply = running_app.slack.command("/cno-report", "help", user_id="UNOT")
    assert reply.json["response_type"] == "ephemeral"
    assert "Chief Networking Officer only" in reply.json["text"]
    assert "sends you the organisation's networking report" not in reply.json["text"]
