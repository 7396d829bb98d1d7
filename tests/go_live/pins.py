"""The pinned runtime dependencies of pyproject.toml, as installed here: ``python -m tests.go_live.pins``.

Prints requirements.txt (pins of the runtime dependencies and theirs, then ``.`` for the app itself).
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
HEADER = """\
# Pinned runtime dependencies of pyproject.toml (and theirs), for Heroku and the container image.
# tests/go_live/test_deployment.py keeps this file in step with pyproject.toml; regenerate the pins with
#   python -m pip install -e . && python -m tests.go_live.pins > requirements.txt"""
FOOTER = """\
# the app itself: gives the `cno` command
."""


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def requirements_of(dist: metadata.Distribution, extras: set[str]) -> list[Requirement]:
    """What ``dist`` needs on this platform, with the given extras."""
    needed = []
    for text in dist.requires or []:
        requirement = Requirement(text)
        environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
        if requirement.marker is None or any(requirement.marker.evaluate(env) for env in environments):
            needed.append(requirement)
    return needed


def installed_closure() -> dict[str, metadata.Distribution]:
    """Every installed distribution the runtime dependencies need, by canonical name."""
    found: dict[str, tuple[metadata.Distribution, set[str]]] = {}
    todo = [Requirement(text) for text in project()["dependencies"]]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        extras = set(requirement.extras)
        if name in found and extras <= found[name][1]:
            continue
        dist = metadata.distribution(requirement.name)
        extras |= found.get(name, (dist, set()))[1]
        found[name] = (dist, extras)
        todo += requirements_of(dist, extras)
    return {name: dist for name, (dist, _) in found.items()}


def main() -> None:
    closure = installed_closure()
    pins = [f"{closure[name].metadata['Name']}=={closure[name].version}" for name in sorted(closure)]
    print("\n".join([HEADER, *pins, FOOTER]))


if __name__ == "__main__":
    main()
