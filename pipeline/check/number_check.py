"""``numbers``: every number of the source, by value, in the translation; none added.

A dose or a temperature that changed is the most dangerous mistake a handout
can carry, so this compares values, not text: ``3,000``, ``3000``, ``3.000``
and ``3 000`` are one value where the translation's locale writes it so, and
digits of any script count (Arabic-Indic ٣٠٠, Persian ۳۰۰, full-width ３００,
Devanagari ३००). The source is read with its own locale's separators only; a
translation is read leniently (its locale's way or the source's), because
Spanish-speaking clinics in the US write ``100.4`` as often as ``100,4``.
Numbers inside URLs are left to the ``urls`` check. Numbers are read by
:mod:`pipeline.quantity.numbers`; this module pairs them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from decimal import Decimal

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.check.hidden import strip_hidden
from pipeline.check.quantities import compare, converted_spans
from pipeline.quantity.number_words import word_for
from pipeline.quantity.numbers import (
    Number,
    find_numbers,
    source_conventions,
    translation_conventions,
)


def differences(pair: Pair) -> Iterator[str]:
    # Numbers are read as shown: a zero-width space or a bidi control does not split them.
    source = find_numbers(strip_hidden(pair.source), source_conventions(pair.source_language))
    target_conv = translation_conventions(pair.language, pair.source_language)
    translated = find_numbers(strip_hidden(pair.translation), target_conv)
    # 500 mg = 0.5 g, 8 p.m. = 20:00: converted, not changed (the quantities check compares them).
    source_spans, translated_spans = converted_spans(compare(pair))
    source = [n for n in source if (n.start, n.end) not in source_spans]
    translated = [n for n in translated if (n.start, n.end) not in translated_spans]
    missing, added = _unmatched(source, translated)
    # A source that spells "two" may be translated with the digit: more precise, not less.
    added = [
        n
        for n in added
        if not any(word_for(pair.source, v, pair.source_language.language) for v in n.values)
    ]
    for lost in missing:
        word = next(
            (
                w
                for v in sorted(lost.values)
                if (w := word_for(pair.translation, v, pair.language.language))
            ),
            None,
        )
        if word is not None:
            yield f'"{lost.written}" is written in words in the translation ("{word}"): use digits'
        elif added:
            yield f'"{lost.written}" became "{added.pop(0).written}"'
        else:
            yield f'"{lost.written}" is missing from the translation'
    for extra in added:
        yield f'"{extra.written}" is not in the source'


def _unmatched(source: list[Number], translated: list[Number]) -> tuple[list[Number], list[Number]]:
    """Pair numbers with a common value (a maximum matching); return what stayed unpaired.

    Numbers with one reading are paired through an index first (thousands of numbers in
    a hostile message cost no more than a few); augmenting paths, searched without
    recursion, then settle the ambiguous ones ("1.000" is 1 or 1000).
    """
    owner: dict[int, int] = {}  # translated index → source index
    by_value: dict[Decimal, list[int]] = {}
    for j, candidate in enumerate(translated):
        for value in candidate.values:
            by_value.setdefault(value, []).append(j)
    paired: set[int] = set()
    for i, number in enumerate(source):
        for value in sorted(number.values):
            free = next((j for j in by_value.get(value, ()) if j not in owner), None)
            if free is not None:
                owner[free] = i
                paired.add(i)
                break
    # With one reading per number, pairing equal values is already a maximum matching.
    ambiguous = any(len(n.values) > 1 for n in (*source, *translated))
    for i in range(len(source)):
        if ambiguous and i not in paired and _augment(i, source, translated, by_value, owner):
            paired.add(i)
    missing = [n for i, n in enumerate(source) if i not in paired]
    added = [n for j, n in enumerate(translated) if j not in owner]
    return missing, added


def _augment(
    start: int,
    source: list[Number],
    translated: list[Number],
    by_value: dict[Decimal, list[int]],
    owner: dict[int, int],
) -> bool:
    """Find an augmenting path from source ``start`` (breadth first, no recursion)."""
    came_from: dict[int, int] = {}  # translated index → the source index that reached it
    queue = deque([start])
    while queue:
        i = queue.popleft()
        for value in source[i].values:
            for j in by_value.get(value, ()):
                if j in came_from:
                    continue
                came_from[j] = i
                if j not in owner:
                    while True:  # flip the path back to ``start``
                        i = came_from[j]
                        previous = next((k for k, v in owner.items() if v == i), None)
                        owner[j] = i
                        if i == start or previous is None:
                            return True
                        j = previous
                queue.append(owner[j])
    return False


CHECK = Check(
    "numbers",
    ERROR,
    "a number of the source is missing, changed or written in words; or one was added",
    differences,
    meaning=True,
)
