import doctest
import importlib

import pytest

MODULES = [
    "matching.reach",
    "matching.mentors",
    "matching.sponsors",
    "matching.candidates",
    "matching.silos",
    "matching.brokers",
    "matching.org_reach",
    "matching.tie_arrays",
    "matching.handover",
    "matching.onboarding",
    "matching.tables",
    "matching.groups",
    "matching.org_figures",
    "matching.send_plan",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_in_the_docstrings_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
