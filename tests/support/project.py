"""Where the bundled project is, and what a run of the real CLI gives back."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.cli import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED_SLUG = "prp-injections-lower-back-pain"
ONE_VOICE = 'clinic = "Test Clinic"\nlanguages = []\n'


def copy_bundled(root: Path, extra_settings: str = "") -> Path:
    """``root`` made a copy of the bundled project (sources, catalogs, settings), with
    ``extra_settings`` added at the end of its ``handout.toml``."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locales", root / "locales")
    settings = (REPO / "handout.toml").read_text(encoding="utf-8") + extra_settings
    (root / "handout.toml").write_text(settings, encoding="utf-8")
    return root


def voiced_site(root: Path, article: str, settings: str = ONE_VOICE) -> Path:
    """A one-article project (``ice-packs``) whose audio and pages are built, as a clinic's are."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "ice-packs.md").write_text(article, encoding="utf-8")
    (root / "handout.toml").write_text(settings, "utf-8")
    assert main(["--root", str(root), "audio", "--jobs", "2"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    return root


@dataclass(frozen=True)
class Built:
    """A project after one ``handout`` run in a subprocess, as a user runs it."""

    root: Path
    stdout: str
    stderr: str
    code: int


@dataclass(frozen=True)
class CliResult:
    """One in-process ``handout`` run: exit code and captured output."""

    code: int
    out: str
    err: str


def voices_error(project: Path, run_cli: Callable[..., CliResult], toml: str) -> str:
    """``handout voices`` after ``toml`` is added to handout.toml: bad input, exactly one
    error line, which is returned."""
    config = project / "handout.toml"
    config.write_text(config.read_text(encoding="utf-8") + toml, encoding="utf-8")
    result = run_cli(project, "voices")
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if "error" in line]
    assert len(errors) == 1, result.err
    return errors[0]
