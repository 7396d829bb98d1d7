"""Fixtures of the importer tests: a session, CSV files written on the fly, and a database snapshot."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.models import Interaction, Person


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str | bytes, name: str = "people.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, str):
            text = text.encode()
        path.write_bytes(text)
        return path

    return write


@pytest.fixture
def snapshot(engine: Engine) -> Callable[[], tuple[list[tuple], list[tuple]]]:
    """Every stored person and interaction, to compare before and after a failed import."""

    def take() -> tuple[list[tuple], list[tuple]]:
        with Session(engine) as session:
            people = [tuple(r) for r in session.execute(select(*Person.__table__.c).order_by(Person.id))]
            ties = [tuple(r) for r in session.execute(select(*Interaction.__table__.c).order_by(Interaction.id))]
        return people, ties

    return take


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def cno(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run the `cno` command line in this process against the test database."""
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))

    def run(*args: str) -> CliRun:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["cno", *args])
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
