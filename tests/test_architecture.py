"""The app's shape: no import cycles, no import hidden inside a function, the layer contract kept."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "storage", "matching", "message_templates")


def test_no_module_imports_another_in_a_cycle() -> None:
    graph = grimp.build_graph(*PACKAGES)
    imports = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            imports.add_edge(module, imported)
    # A package's __init__ importing its own submodules is how packages re-export, not a cycle.
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert cycles == []


def test_no_module_of_ours_is_imported_inside_a_function() -> None:
    hidden = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    names = []
                    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                        names = [node.module]
                    elif isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    hidden += [f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                               for name in names if name.split(".")[0] in PACKAGES]
    assert hidden == []


def test_the_layer_contract_holds() -> None:
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
