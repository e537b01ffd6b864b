"""The shape every check shares: a :class:`Pair` in, problem messages out.

A check sees one source text and its translation with both languages, never
the catalog: that keeps each family of checks a small pure function that a
test can call on one real-looking sentence, and lets the runner own locations,
severities and the translator's ``handout-ignore-<check>`` flags.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.languages import Language


@dataclass(frozen=True)
class Pair:
    """One msgid and one msgstr (a plural form's, for plural entries)."""

    source: str
    translation: str
    source_language: Language
    language: Language
    glossary: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A named check: ``name`` is what users see and what the ignore flag names."""

    name: str
    severity: str
    summary: str  # one line for the README table and ``--help``
    run: Callable[[Pair], Iterator[str]]

    @property
    def ignore_flag(self) -> str:
        return f"handout-ignore-{self.name}"


def quoted(text: str) -> str:
    """A snippet for a message, in double quotes, on one line whatever it holds."""
    flat = " ".join(text.split()) if text.strip() else repr(text)[1:-1]
    if len(flat) > 60:
        flat = flat[:57] + "…"
    return f'"{flat}"'
