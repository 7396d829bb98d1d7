"""Fixtures of the importer tests: a session, CSV files written on the fly, and a database snapshot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
