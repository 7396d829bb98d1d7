"""Fixtures for the engine's tests: a small synthetic organisation, built once."""

from __future__ import annotations

import networkx as nx
import pytest

from matching.people import Person
from matching.synthetic import synthetic_org


@pytest.fixture(scope="session")
def org_300() -> tuple[dict[int, Person], nx.Graph]:
    return synthetic_org(300, seed=7)
