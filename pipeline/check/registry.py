"""Every check, in the order findings for one entry are listed (errors first).

The README's table of checks is tested against this list, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.check import (
    confusable,
    empty,
    glossary,
    hidden,
    markup,
    negation,
    notation,
    number_check,
    omission,
    prose,
    punctuation,
    quantities,
)
from pipeline.check.base import Check

#: Checks that protect meaning: a translator's ignore flag asks for a reviewer instead.
MEANING = frozenset(
    {
        "empty",
        "hidden",
        "confusable",
        "numbers",
        "quantities",
        "negation",
        "omission",
        "urls",
        "markup",
        "html",
    }
)

CHECKS: tuple[Check, ...] = tuple(
    replace(check, meaning=check.name in MEANING)
    for check in (
        empty.CHECK,
        hidden.CHECK,
        confusable.CHECK,
        number_check.CHECK,
        quantities.CHECK,
        negation.CHECK,
        omission.CHECK,
        markup.URLS,
        markup.MARKUP,
        markup.HTML,
        glossary.CHECK,
        notation.CHECK,
        punctuation.WHITESPACE,
        punctuation.PUNCTUATION,
        prose.UNCHANGED,
        prose.LENGTH,
        prose.SENTENCES,
    )
)
