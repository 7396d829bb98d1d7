"""Hostile text in imported people data never acts as markup, a mention or a formula in what we output."""

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.use_cases.reports.org_report import build_report
from bot.use_cases.rounds.delivery import intro_message
from storage.csv_import import import_interactions, import_people
from storage.models import Person

FORMULA = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
MENTION = "<!channel> Eve"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def hostile_org(engine, tmp_path):
    """Two groups of six that only the hostile people connect: they are the brokers the CNO report names."""
    people = ["email,name,function,region,level,manager_email"]
    for group, function in (("s", "Sales"), ("l", "Legal")):
        for i in range(6):
            people.append(f"{group}{i}@acme.com,{function} {i},{function},EMEA,3,")
    people[1] = f's0@acme.com,"{FORMULA}",Sales,EMEA,3,'
    people[7] = f"l0@acme.com,{SCRIPT},Legal,EMEA,3,"
    people.append(f"m@acme.com,{MENTION},Sales,EMEA,3,")
    ties = ["a_email,b_email,kind,occurred_on"]
    for group in ("s", "l"):
        ties += [f"{group}{i}@acme.com,{group}{j}@acme.com,meeting,2026-10-01"
                 for i in range(6) for j in range(i + 1, 6)]
    ties += [f"s0@acme.com,l{j}@acme.com,meeting,2026-10-01" for j in range(1, 6)]
    ties += [f"l0@acme.com,s{j}@acme.com,meeting,2026-10-01" for j in range(1, 6)]
    with Session(engine) as session:
        import_people(session, write(tmp_path, "people.csv", "\n".join(people) + "\n"))
        session.commit()
        import_interactions(session, write(tmp_path, "ties.csv", "\n".join(ties) + "\n"))
        session.commit()


def test_a_name_that_is_a_formula_or_markup_is_shown_as_inert_text_in_the_html_report(engine, tmp_path):
    hostile_org(engine, tmp_path)
    with Session(engine) as session:
        html = build_report(session, date(2026, 11, 23)).html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the broker is named, escaped
    assert SCRIPT not in html
    assert "=cmd|&#39; /C calc&#39;!A0 (Sales, EMEA)" in html  # named as text inside a sentence
    assert ">=cmd" not in html.replace(" ", "").replace("\n", "")  # never the start of an element's content


def test_a_name_with_a_slack_mention_does_not_ping_anyone_in_an_intro(engine, tmp_path):
    hostile_org(engine, tmp_path)
    with Session(engine) as session:
        members = list(session.scalars(select(Person).where(Person.email.in_(["m@acme.com", "l1@acme.com"]))))
        text, blocks = intro_message(("You work in different functions.",), members, follow_up_days=4)
    rendered = json.dumps(blocks)
    assert "<!channel>" not in rendered and "&lt;!channel&gt; Eve" in rendered
    assert "<!channel>" not in text and "&lt;!channel&gt; Eve" in text  # the notification text is mrkdwn too


def test_the_cno_report_names_a_mention_like_broker_as_text_in_slack_but_as_is_in_the_terminal(engine, tmp_path):
    hostile_org(engine, tmp_path)
    with Session(engine) as session:
        report = build_report(session, date(2026, 11, 23))
    slack_text = report.text()  # the DM's notification text, which Slack parses as mrkdwn
    assert "&lt;script&gt;" in slack_text and "<script>" not in slack_text
    assert "&amp;lt;" not in slack_text
    assert "<script>" in report.text(slack=False)  # `cno report org` prints the names as they are
