"""`cno doctor` and `cno serve` tell an org-wide install from a workspace's."""

from __future__ import annotations

from tests.conftest import SIGNING_SECRET


def test_doctor_says_the_token_serves_the_whole_organisation(cno, engine, slack, slack_env, monkeypatch):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    result = cno("doctor")
    slack_line = next(line for line in result.out.splitlines() if line[6:22].strip() == "Slack")
    assert slack_line[:4].strip() == "ok"
    assert slack_line.endswith("in Acme (E0ACME), installed org-wide: every workspace of Enterprise Grid "
                               "organisation E0ACME the app is added to")
