"""Every benchmark still loads: ``make bench`` is not part of ``make test``, so a moved
module or a helper taken out of a test file would otherwise break it unseen (the house
moves of issue 17 broke three of them).

Each script is loaded as a module, not run: its imports resolve and its top level runs,
nothing is timed.
"""

from __future__ import annotations

import ast
import runpy
import sys
from pathlib import Path

import pytest
from support.project import REPO

BENCH = sorted((REPO / "bench").glob("*.py"))


@pytest.mark.parametrize("script", BENCH, ids=lambda p: p.name)
def test_a_benchmark_loads(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", [str(REPO / "bench"), *sys.path])
    loaded = runpy.run_path(str(script), run_name="bench_loaded")
    assert loaded


@pytest.mark.parametrize("script", BENCH, ids=lambda p: p.name)
def test_a_benchmark_imports_no_test_file(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [m for m in modules if m.split(".")[-1].startswith("test_")]
