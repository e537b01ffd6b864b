"""Every check, in the order findings for one entry are listed (errors first).

The README's table of checks is tested against this list, so the two cannot drift.
"""

from __future__ import annotations

from pipeline.check import empty, glossary, markup, numbers, prose, punctuation
from pipeline.check.base import Check

CHECKS: tuple[Check, ...] = (
    empty.CHECK,
    numbers.CHECK,
    markup.URLS,
    markup.MARKUP,
    markup.HTML,
    glossary.CHECK,
    punctuation.WHITESPACE,
    punctuation.PUNCTUATION,
    prose.UNCHANGED,
    prose.LENGTH,
    prose.SENTENCES,
)

BY_NAME = {check.name: check for check in CHECKS}
