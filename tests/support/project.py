"""Where the bundled project is, and what a run of the real CLI gives back."""

from __future__ import annotations

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
