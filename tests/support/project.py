"""Where the bundled project is, and what a run of the real CLI gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED_SLUG = "prp-injections-lower-back-pain"


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
