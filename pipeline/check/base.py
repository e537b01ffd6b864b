"""The shape every check shares: a :class:`Pair` in, problem messages out.

A check sees one source text and its translation with both languages, never
the catalog: that keeps each family of checks a small pure function that a
test can call on one real-looking sentence, and lets the runner own locations,
severities and the translator's ``handout-ignore-<check>`` flags.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pipeline.languages import Language
from pipeline.quantity.words import NO_EXTRA_WORDS, ExtraWords


@dataclass(frozen=True)
class Pair:
    """One msgid and one msgstr (a plural form's, for plural entries)."""

    source: str
    translation: str
    source_language: Language
    language: Language
    glossary: tuple[str, ...] = ()
    extra_words: ExtraWords = NO_EXTRA_WORDS  # a clinic's units and phrases (handout.toml)


@dataclass(frozen=True)
class Check:
    """A named check: ``name`` is what users see and what the ignore flag names."""

    name: str
    severity: str
    summary: str  # one line for the README table and ``--help``
    run: Callable[[Pair], Iterator[str]]
    #: Protects meaning: a translator's ignore flag does not silence it (a reviewer must).
    meaning: bool = False

    @property
    def ignore_flag(self) -> str:
        return f"handout-ignore-{self.name}"


def quoted(text: str) -> str:
    """A snippet for a message, in double quotes, on one line whatever it holds."""
    flat = " ".join(show_hidden(text).split()) if text.strip() else repr(text)[1:-1]
    if len(flat) > 60:
        flat = flat[:57] + "…"
    return f'"{flat}"'


def show_hidden(text: str) -> str:
    """``text`` with invisible and bidi control characters named (⟨U+202E⟩), never acted on."""
    if text.isascii():
        return text
    return "".join(
        f"⟨U+{ord(c):04X}⟩"
        if unicodedata.category(c) == "Cf" or c in "\u3164\u2800\u115f\u1160\uffa0"
        else c
        for c in text
    )
