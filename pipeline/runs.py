"""The skeleton every build shares: the languages asked for, what it wrote, items that fail alone.

The text build (:mod:`pipeline.site.build`) and the audio build
(:mod:`pipeline.speech.build`) take the same steps around their own work:
check the ``--lang`` narrowing against the project's languages, run each
unit's work so that one that fails is reported and the others go on, and
count what was written, left unchanged or removed, which the command
prints the same way for both. Kept here, at the bottom of the layers (it
needs only the settings and the report), so both builds say the same thing
in the same words, and a third build would too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pipeline.config import Config
from pipeline.errors import HandoutError, one_line
from pipeline.failures import isolated
from pipeline.languages import Language
from pipeline.report import Report

T = TypeVar("T")


def project_languages(config: Config, requested: Iterable[Language]) -> tuple[Language, ...]:
    """The project's languages, source first; a requested language it lacks is an error.

    A misspelt ``--lang`` must stop the build before anything is written,
    not quietly build nothing.
    """
    languages = (config.source_language, *config.languages)
    for language in requested:
        if language not in languages:
            raise HandoutError(
                f"{language} is not a language of this project (see 'languages' in handout.toml)"
            )
    return languages


@dataclass
class Tally:
    """What a build wrote, left as it was, and removed: the paths as shown to the user."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def absorb(self, other: Tally) -> None:
        """Add what a second pass over some of the same units wrote and removed (a path
        written twice is listed once; its unchanged files were counted by the first pass)."""
        self.written += [p for p in other.written if p not in self.written]
        self.removed += other.removed


def each_alone(
    items: Iterable[T],
    name: Callable[[T], str],
    handle: Callable[[T], None],
    report: Report,
    shown: Callable[[Path], str],
) -> list[T]:
    """Handle every item; one that raises is reported as a failure of its own, and the others
    go on. Returns the items that failed (a full disk is raised instead: all would fail)."""
    failed: list[T] = []
    for item in items:

        def call(item: T = item) -> None:
            handle(item)

        if not isolated(name(item), call, report.fail, shown):
            failed.append(item)
    return failed


def change_lines(written: Iterable[str], removed: Iterable[str]) -> Iterator[str]:
    """The lines a build prints for its files: ``wrote PATH``, then ``removed PATH``."""
    for path in written:
        yield f"wrote {one_line(path)}"
    for path in removed:
        yield f"removed {one_line(path)}"
