"""The examples in the engine's docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

# The intro-round modules; test_doctests.py covers reach, mentors and silos.
MODULES = ["matching.explain", "matching.maxweight", "matching.pairing", "matching.repair", "matching.roster",
           "matching.rounds", "matching.rules", "matching.scoring", "matching.synthetic"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_give_what_they_show(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
