"""The engine stays pure: nothing in matching/ reaches for Slack, the database or the scheduler."""

from __future__ import annotations

import ast
from pathlib import Path

import matching

FORBIDDEN = ("bot", "storage", "slack_bolt", "slack_sdk", "sqlalchemy", "apscheduler")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_matching_imports_nothing_from_bot_storage_slack_sqlalchemy_or_apscheduler() -> None:
    package = Path(matching.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert files
    for path in files:
        for name in _imports(path):
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
