"""How big an input file or message may be, and where files may be read from.

A translator's .po file, an author's article or any file planted in the project
folder is input from outside. Without a ceiling, one 10 MB msgstr keeps a
2-core build machine busy for minutes and gigabytes (the Markdown and check
passes are far from linear on such text); with one, it is a located error line.

The defaults sit far above any real handout (an article of a few pages is
10-50 kB, its catalog about as big, a paragraph a few hundred characters) and
well below what hurts a small machine; the closing note of issue 13 and the
README ("Running unattended") give the measurements. ``[limits]`` in
``handout.toml`` changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.errors import HandoutError


@dataclass(frozen=True)
class Limits:
    """The ceilings, in bytes (files) and characters (one message)."""

    article_bytes: int = 1_000_000  # one source/<slug>.md
    catalog_bytes: int = 20_000_000  # one .po/.pot (a 100,000-message catalog is ~10 MB)
    message_chars: int = 20_000  # one msgid/msgstr: a real paragraph is under 2,000
    file_bytes: int = 10_000_000  # every other file read: glossary, lexicon, settings, records

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class FileRules:
    """Where a file may be read from (``root``: the project; None: anywhere) and the limits."""

    root: Path | None = None
    limits: Limits = field(default_factory=Limits)


UNCONFINED = FileRules()


def parse_limits(raw: Any, path: Path | str) -> Limits:
    """``[limits]`` of handout.toml: positive whole numbers (unknown keys refused by the caller)."""
    if not isinstance(raw, dict):
        raise HandoutError("limits must be a table", path)
    values: dict[str, int] = {}
    for key in Limits.names():
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise HandoutError(f"limits.{key} must be a positive whole number", path)
        values[key] = value
    return Limits(**values)
