"""Limits: "no more than 3,000 mg", "at least 8 glasses", "3000毫克以下", "8정 이상".

A limit word belongs to the quantity next to it; a negation next to a lower
limit makes it an upper one ("do not take more than"). The words are each
language's (:mod:`pipeline.quantity.words`), compiled once per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.quantity.model import LOWER, UPPER, Quantity

_BACK = 28  # how far before a number a limit or "every" word may stand (characters)
_AHEAD = 24  # how far after: "3000毫克以下", "3,000mg 이하", "or less"
_LAST_STOP = re.compile(r".*[.;!?。；！？\n]", re.S)  # greedy: up to the last sentence stop


@dataclass(frozen=True)
class LimitWords:
    """One language's limit and negation words, compiled (and the source's, for a translation)."""

    upper: re.Pattern[str]
    lower: re.Pattern[str]
    negation: re.Pattern[str]


def with_limit(words: LimitWords, text: str, quantity: Quantity, after: int) -> Quantity:
    """The quantity with the limit a word next to it sets: "no more than", "以下".

    A limit word before it counts only after the previous quantity (``after``):
    in "no more than 8 tablets in 24 hours" the limit is the tablets'. A
    negation next to a lower limit makes it an upper one, before it ("do not
    take more than", "不要服用超过") or after it ("8정 이상 복용하지 마세요").
    """
    window_start = max(0, after, quantity.start - _BACK)
    cut = _LAST_STOP.match(text, window_start, quantity.start)
    if cut:
        window_start = cut.end()
    behind = _limit_after(words, text, quantity.end)
    before = _limit_before(words, text, window_start, quantity.start)
    if behind and (before is None or behind[2] - quantity.end <= 3 + len(behind[1])):
        direction, phrase, end = behind
        negation = words.negation.search(text, end, min(len(text), end + 16))
        if (
            direction == LOWER
            and negation
            and not re.search(r"[\d.;。]", text[end : negation.start()])
        ):
            direction, phrase = UPPER, text[end - len(phrase) : negation.end()]
        return _replace_limit(quantity, direction, phrase)
    if before is None:
        return quantity
    direction, phrase, phrase_start = before
    negation = words.negation.search(text, max(window_start, phrase_start - 24), phrase_start)
    if direction == LOWER and negation:
        direction, phrase = UPPER, text[negation.start() : phrase_start + len(phrase)]
    return _replace_limit(quantity, direction, phrase)


def _limit_before(
    words: LimitWords, text: str, start: int, end: int
) -> tuple[str, str, int] | None:
    """The nearest limit phrase in ``text[start:end]``: (direction, words, where it starts)."""
    best: tuple[int, int, str, str, int] | None = None
    for direction, pattern in ((UPPER, words.upper), (LOWER, words.lower)):
        for match in pattern.finditer(text, start, end):
            # Of two ending together, the longer wins: "не менее" over "менее".
            found = (match.end(), len(match.group(0)), direction, match.group(0), match.start())
            if best is None or found[:2] > best[:2]:
                best = found
    return None if best is None else (best[2], best[3], best[4])


def _limit_after(words: LimitWords, text: str, end: int) -> tuple[str, str, int] | None:
    """A limit phrase after a quantity: "3000毫克以下", "8 أكواب من الماء على الأقل"."""
    for direction, pattern in ((UPPER, words.upper), (LOWER, words.lower)):
        match = pattern.search(text, end, min(len(text), end + _AHEAD))
        if match and _belongs_before(text, end, match.start(), match.end()):
            return direction, match.group(0), match.end()
    return None


def _belongs_before(text: str, end: int, start: int, phrase_end: int) -> bool:
    """A limit word after a quantity is its own unless it leads to the next number."""
    gap = text[end:start]
    if re.search(r"[\d.,;:!?。，、；！？]", gap):
        return False
    if len(gap) <= 3:
        return True
    return not re.match(r"\s*\d", text[phrase_end:])


def _replace_limit(quantity: Quantity, direction: str, phrase: str) -> Quantity:
    return replace(quantity, limit=direction, limit_words=" ".join(phrase.split()))
