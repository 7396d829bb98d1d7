"""The command line fails with one line and a non-zero exit, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cno(*args, env=None, cwd=None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CNO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd or ROOT, env={**clean, **(env or {})},
                          capture_output=True, text=True, timeout=60)


def test_serve_without_slack_configuration_says_what_is_missing_in_one_line(tmp_path):
    result = cno("serve", env={"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "cno: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set (see README: Configuration); "
        "create the app from manifest.yml to get them"
    ]


def test_serve_refuses_a_database_that_is_behind_and_says_what_to_run(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/behind.db", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
           "PYTHONPATH": str(ROOT)}
    result = cno("serve", env=env, cwd=tmp_path)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("cno: the database at sqlite:///") and last.endswith("run `cno db upgrade`")
    assert "Traceback" not in result.stderr
    assert cno("db", "upgrade", env=env, cwd=tmp_path).returncode == 0


def test_a_bad_time_zone_is_a_one_line_error(tmp_path):
    result = cno("db", "upgrade", env={"CNO_TIMEZONE": "Mars/Olympus", "PYTHONPATH": str(ROOT),
                                       "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "cno: CNO_TIMEZONE 'Mars/Olympus' is not a known time zone (e.g. Europe/Paris)"
