""""Add to Slack" configuration: refused in one line when it cannot work, and `cno serve` offering the install."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.foundation.test_cli_errors import ROOT, cno
from tests.installs.conftest import STATE_COOKIE, TOKEN_KEY

ONE_LINE = {
    "client id alone": ({"SLACK_CLIENT_ID": "111.222"},
                        'cno: SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET is not: "Add to Slack" needs both '
                        "(Basic Information → App Credentials of your Slack app)"),
    "secret alone": ({"SLACK_CLIENT_SECRET": "s"},
                     'cno: SLACK_CLIENT_SECRET is set but SLACK_CLIENT_ID is not: "Add to Slack" needs both '
                     "(Basic Information → App Credentials of your Slack app)"),
    "no key": ({"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "s"},
               "cno: CNO_TOKEN_KEY must be set to install by OAuth; make one with: "
               'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'),
    "bad key": ({"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "s", "CNO_TOKEN_KEY": "hunter2"},
                "cno: CNO_TOKEN_KEY is not a Fernet key (32 url-safe base64-encoded bytes); make one with: "
                'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'),
}


def _env(tmp_path, **more: str) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SLACK_SIGNING_SECRET": "s", "PYTHONPATH": str(ROOT),
            **more}


@pytest.mark.parametrize("case", sorted(ONE_LINE))
def test_serve_refuses_oauth_settings_that_cannot_work_in_one_line(tmp_path, case):
    variables, line = ONE_LINE[case]
    result = cno("serve", env=_env(tmp_path, **variables), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [line]


def test_doctor_names_the_oauth_setting_that_cannot_work(tmp_path):
    variables, line = ONE_LINE["no key"]
    result = cno("doctor", env=_env(tmp_path, **variables), cwd=tmp_path)
    assert result.returncode == 1
    assert line.removeprefix("cno: ") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_a_client_id_and_no_bot_token_offers_add_to_slack(tmp_path):
    env = _env(tmp_path, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s", CNO_TOKEN_KEY=TOKEN_KEY)
    assert cno("db", "upgrade", env=env, cwd=tmp_path).returncode == 0
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=tmp_path,
                              env={**{k: v for k, v in os.environ.items()
                                      if not k.startswith(("SLACK_", "CNO_", "DATABASE_URL"))}, **env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = None
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/slack/install", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        assert page is not None and page.status == 200
        assert STATE_COOKIE in (page.headers.get("Set-Cookie") or "")
        assert "client_id=111.222" in page.read().decode()
    finally:
        server.terminate()
        server.communicate(timeout=30)
