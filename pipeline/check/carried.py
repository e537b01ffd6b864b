"""What a message carries that a patient acts on: a quantity, a negation or a warning.

The meaning checks' own detectors, asked one question: does this text carry
anything whose change matters clinically? Publishing continuity asks it of
every changed message (an outdated dose, a lost "do not" or a missing "call
911" must not stay online), and ``omission`` uses the same warning words. So
there is one definition per language: :func:`pipeline.quantity.reader.find_quantities`
for quantities, the ``negation`` check's markers, the ``warning`` word lists of
``pipeline/quantity/data/<lang>.toml``, and a clinic's ``[checks.<lang>]`` words
from handout.toml (``extra``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.check.hidden import strip_hidden
from pipeline.check.negation import negation_in
from pipeline.languages import Language
from pipeline.quantity.number_words import number_word_in
from pipeline.quantity.patterns import alternation
from pipeline.quantity.reader import find_quantities
from pipeline.quantity.words import NO_EXTRA_WORDS, ExtraWords, language_words

QUANTITY, NEGATION, WARNING = "quantity", "negation", "warning"
EVERYTHING = frozenset({QUANTITY, NEGATION, WARNING})


@dataclass(frozen=True)
class Carried:
    """The first thing of weight a text carries, and the words that carry it."""

    category: str  # QUANTITY, NEGATION or WARNING
    word: str


@lru_cache(maxsize=64)
def warning_pattern(language: str, extra: ExtraWords) -> re.Pattern[str] | None:
    """The warning words of ``language`` (a subtag) as one pattern; None if it has none."""
    words = language_words(language, extra.for_language(language)).words("warning")
    return re.compile(alternation(words), re.I) if words else None


def warning_in(text: str, language: str, extra: ExtraWords = NO_EXTRA_WORDS) -> str | None:
    """The first warning word ("call", "emergency", "911") of ``text``, or None."""
    pattern = warning_pattern(language, extra)
    match = pattern.search(strip_hidden(text)) if pattern else None
    return match.group(0) if match else None


def carried(
    text: str,
    language: Language,
    *,
    source: Language | None = None,
    extra: ExtraWords = NO_EXTRA_WORDS,
    categories: frozenset[str] = EVERYTHING,
) -> Carried | None:
    """A quantity, negation or warning in ``text`` (of ``categories``); None if none of them.

    Pass ``source`` when ``text`` is a translation from that language: numbers
    are read as the checks read a translation, and the source language's
    negations and warnings it kept count too. Number words ("two tablets") count
    in a source only: in translations they double as articles ("isang" is
    Tagalog's "a"), and the numbers check keeps a translation's numbers equal
    to its source's anyway.
    """
    if QUANTITY in categories:
        quantities = find_quantities(text, language, source=source, extra=extra)
        if quantities:
            return Carried(QUANTITY, quantities[0].written)
        if source is None and (word := number_word_in(text, language.language)):
            return Carried(QUANTITY, word)
    languages = [language.language] + ([source.language] if source else [])
    for lang in languages if NEGATION in categories else ():
        if marker := negation_in(text, lang, extra):
            return Carried(NEGATION, marker)
    for lang in languages if WARNING in categories else ():
        if word := warning_in(text, lang, extra):
            return Carried(WARNING, word)
    return None
