"""Shared fixtures: throwaway copies of the bundled project, a runner for the real CLI, and a
Chromium (with a preview server of the module's own ``site``) for the pages' browser tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from support.browser import Browser, chromium, require_tools
from support.dosing import ARTICLE, CORRECT, SLUG, _translate
from support.project import CliResult, copy_bundled

from pipeline.cli import main
from pipeline.site.serve import Preview, start

# Property tests draw the same examples on every machine, so a clean clone's `make test` is
# the suite that passed here (a random seed once failed CI only). To look for new failures:
# HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/property tests/text/test_text_markdown.py
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled project (sources, catalogs, settings) to change freely."""
    return copy_bundled(tmp_path / "project")


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``handout`` in-process with ``--root``; returns exit code and captured output."""

    def run(root: Path, *args: str) -> CliResult:
        code = main(["--root", str(root), *args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def run_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled project after one full ``handout build`` (shared: do not change it)."""
    root = copy_bundled(tmp_path_factory.mktemp("built") / "project")
    code = main(["--root", str(root), "build"])
    assert code == 0, "the bundled project must build cleanly"
    return root


@pytest.fixture
def dosing(project: Path, run_cli: Callable[..., CliResult]) -> Path:
    """A copy of the bundled project with the dosing article, translated right in four locales."""
    (project / "source" / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    assert run_cli(project, "extract").code == 0
    for gettext in CORRECT:
        _translate(project, gettext, {})
    return project


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (it starts in seconds, so not one per test)."""
    require_tools()
    with chromium() as session:
        yield session


@pytest.fixture(scope="module")
def preview(site: Path) -> Iterator[Preview]:
    """``handout serve``'s server on the ``build/`` of the requesting module's ``site`` fixture."""
    running = start(site / "build")
    try:
        yield running
    finally:
        running.stop()
