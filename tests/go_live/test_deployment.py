"""The container image, the compose file and Heroku's files, checked without a Docker daemon.

What needs a daemon (building the image, `docker compose up`) is not tested here: the image's own
install and start commands are run instead, from a clean virtualenv, as the image runs them.
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sysconfig
import time
from fnmatch import fnmatch
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.go_live import dockerfile, pins

ROOT = Path(__file__).resolve().parents[2]


def procfile():
    return dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())


def stages():
    return dockerfile.parse(ROOT / "Dockerfile")


def ignored(path):
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
                if p.strip() and not p.startswith("#")]
    return any(fnmatch(path, p) or fnmatch(path, p.removeprefix("**/")) or path.startswith(p + "/") for p in patterns)


# --- Dockerfile --------------------------------------------------------------------------------------------


def test_the_dockerfile_parses_into_a_build_stage_and_a_slim_final_stage():
    build, final = stages()
    assert build.name == "build" and build.base == final.base
    assert final.base.endswith("-slim")
    assert final.all("COPY")[0].words[0] == "--from=build"


def test_the_image_runs_as_a_non_root_user_from_before_its_command():
    final = stages()[-1]
    users = [i for i in final.instructions if i.keyword == "USER"]
    assert users and users[-1].arguments not in ("root", "0")
    keywords = [i.keyword for i in final.instructions]
    assert keywords.index("USER") < keywords.index("CMD")
    assert any("useradd" in run.arguments and users[-1].arguments in run.words for run in final.all("RUN"))


def test_the_image_checks_its_health_on_healthz_and_serves_as_the_procfile_does():
    final = stages()[-1]
    health = final.last("HEALTHCHECK")
    assert health is not None and "/healthz" in health.arguments and health.exec_form
    assert final.last("CMD").exec_form == shlex.split(procfile()["web"]) == ["cno", "serve"]
    assert final.last("EXPOSE").arguments == "3000"
    assert "PORT=3000" in final.last("ENV").arguments


def test_everything_the_image_copies_exists_and_reaches_the_build():
    for copy in stages()[0].all("COPY"):
        *sources, _ = copy.words
        for source in sources:
            assert (ROOT / source).exists(), source
            assert not ignored(source), source


def test_secrets_databases_and_virtualenvs_never_reach_the_build():
    for path in (".env", ".venv", "cno.db", "bot/__pycache__", ".git"):
        assert ignored(path), path
    assert ".env" in (ROOT / ".gitignore").read_text().split()


def test_the_image_installs_the_pinned_requirements():
    runs = [run.arguments for run in stages()[0].all("RUN")]
    assert "python -m venv /venv" in runs
    assert "/venv/bin/python -m pip install --no-cache-dir -r requirements.txt" in runs


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deps_view(target):
    """This environment's packages, less this project, for a clean venv to find instead of downloading them."""
    target.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        if entry.name.endswith(".pth") or "cno_slack" in entry.name or entry.name.startswith("__editable__"):
            continue
        (target / entry.name).symlink_to(entry)
    return target


@pytest.mark.slow
def test_the_images_commands_install_migrate_serve_and_pass_the_health_check_from_a_clean_venv(tmp_path, slack):
    build, final = stages()
    context = tmp_path / "src"
    context.mkdir()
    for copy in build.all("COPY"):
        *sources, _ = copy.words
        for source in sources:
            (shutil.copytree if (ROOT / source).is_dir() else shutil.copy)(ROOT / source, context / source)
    venv = tmp_path / "venv"
    # The dependencies come from this environment (see deps_view); only the build backend may be fetched.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CNO_", "DATABASE_URL"))}
    for run in build.all("RUN"):
        command = run.arguments.replace("/venv", str(venv))
        done = subprocess.run(shlex.split(command), cwd=context, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        if command.endswith(f"venv {venv}"):
            purelib = subprocess.check_output([venv / "bin/python", "-c", "import sysconfig; "
                                               "print(sysconfig.get_paths()['purelib'])"], text=True).strip()
            (Path(purelib) / "deps.pth").write_text(str(deps_view(tmp_path / "deps")) + "\n")

    home = tmp_path / "home"  # the image's WORKDIR: no source tree, no .env
    home.mkdir()
    app_env = {**env, "PATH": f"{venv / 'bin'}:{env['PATH']}", "DATABASE_URL": f"sqlite:///{home / 'cno.db'}",
               "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack.url + "/api/",
               "PORT": str(free_port())}
    release = shlex.split(procfile()["release"])
    migrated = subprocess.run(release, cwd=home, env=app_env, capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    assert str(ROOT) not in subprocess.check_output(
        [venv / "bin/python", "-c", "import bot; print(bot.__file__)"], cwd=home, env=app_env, text=True)

    server = subprocess.Popen(final.last("CMD").exec_form, cwd=home, env=app_env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        health = final.last("HEALTHCHECK").exec_form
        deadline = time.monotonic() + 60
        while True:
            checked = subprocess.run(health, cwd=home, env=app_env, capture_output=True, text=True, timeout=30)
            if checked.returncode == 0 or time.monotonic() > deadline or server.poll() is not None:
                break
            time.sleep(0.5)
        assert checked.returncode == 0, (checked.stderr, server.poll())
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- compose -------------------------------------------------------------------------------------------------


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_postgresql_on_a_volume_then_migrates_then_serves():
    doc = compose()
    services = doc["services"]
    assert set(services) == {"db", "migrate", "app"}
    assert services["db"]["image"].startswith("postgres:")
    volume = services["db"]["volumes"][0].split(":")[0]
    assert volume in doc["volumes"]
    assert services["db"]["healthcheck"]["test"][-1].startswith("pg_isready")
    assert services["migrate"]["command"] == shlex.split(procfile()["release"])
    assert services["app"]["command"] == shlex.split(procfile()["web"])
    assert services["app"]["depends_on"] == {"db": {"condition": "service_healthy"},
                                             "migrate": {"condition": "service_completed_successfully"}}
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("migrate", "app"):
        assert services[name]["build"] == "."
        url = services[name]["environment"]["DATABASE_URL"]
        assert re.fullmatch(r"postgresql://cno:\$\{POSTGRES_PASSWORD:-cno\}@db:5432/cno", url)
        assert services[name]["env_file"] == [{"path": ".env", "required": False}]
    assert services["app"]["ports"] == ["${CNO_PORT:-3000}:3000"]


def test_the_example_env_file_names_what_the_setup_needs():
    names = re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "CNO_ADMINS", "SLACK_APP_TOKEN", "DATABASE_URL",
            "POSTGRES_PASSWORD"} <= set(names)


# --- Heroku --------------------------------------------------------------------------------------------------


def test_the_procfile_migrates_in_the_release_phase_and_serves_on_the_web_dyno():
    assert procfile() == {"release": "cno db upgrade", "web": "cno serve"}


def test_app_json_deploys_with_postgres_and_asks_for_what_serve_needs():
    app = json.loads((ROOT / "app.json").read_text())
    assert any(a["plan"].startswith("heroku-postgresql:") for a in app["addons"])
    required = {name for name, spec in app["env"].items() if spec.get("required")}
    assert required == {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "CNO_ADMINS"}
    assert all(spec["description"] for spec in app["env"].values())
    assert app["buildpacks"] == [{"url": "heroku/python"}]
    assert (ROOT / ".python-version").read_text().strip() == stages()[-1].base.split(":")[1].split("-")[0]


def requirement_lines():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def pinned():
    found = {}
    for line in requirement_lines()[:-1]:
        name, _, version = line.partition("==")
        assert version and re.fullmatch(r"[A-Za-z0-9_.\-]+", name), f"not a pin: {line!r}"
        found[canonicalize_name(name)] = version
    return found


def test_requirements_pin_every_runtime_dependency_within_pyproject_and_end_with_the_app():
    assert requirement_lines()[-1] == "."
    pins_ = pinned()
    for text in pins.project()["dependencies"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins_, f"{requirement.name} is in pyproject.toml but not pinned in requirements.txt"
        assert requirement.specifier.contains(pins_[name], prereleases=True), (text, pins_[name])
        for extra in requirement.extras:
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins_, text


def test_requirements_hold_no_test_or_dev_tool():
    dev_only = {canonicalize_name(Requirement(t).name) for group in pins.project()["optional-dependencies"].values()
                for t in group if not t.startswith("cno-slack")}
    assert not dev_only & set(pinned()) - {canonicalize_name(Requirement(t).name)
                                           for t in pins.project()["dependencies"]}


def test_requirements_pin_what_each_pinned_package_needs_as_installed_here():
    pins_ = pinned()
    checked = 0
    for name, version in pins_.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if dist.version != version:
            continue  # another version is installed here: its needs may differ
        checked += 1
        for requirement in pins.requirements_of(dist, extras=set()):
            assert canonicalize_name(requirement.name) in pins_, f"{name} needs {requirement.name}: pin it"
    assert checked, "no pinned version is installed here: regenerate with python -m tests.go_live.pins"
