import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["matching.team_view", "matching.org_figures"])
def test_examples_in_the_docstrings_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
