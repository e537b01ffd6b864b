"""``numbers``: every number of the source, by value, in the translation; none added.

A dose or a temperature that changed is the most dangerous mistake a handout
can carry, so this compares values, not text: ``3,000``, ``3000``, ``3.000``
and ``3 000`` are one value where the translation's locale writes it so, and
digits of any script count (Arabic-Indic ٣٠٠, Persian ۳۰۰, full-width ３００,
Devanagari ३००). The source is read with its own locale's separators only; a
translation is read leniently (its locale's way or the source's), because
Spanish-speaking clinics in the US write ``100.4`` as often as ``100,4``.
Numbers inside URLs are left to the ``urls`` check.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.check.number_words import word_for
from pipeline.languages import Language

# Separators that only ever group thousands, or only ever mark decimals.
_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin
_GROUP_ONLY = _SPACES + "'\u2019\u066c"  # … apostrophes (Swiss), Arabic thousands separator
_DECIMAL_ONLY = "\u066b\uff0e"  # Arabic decimal separator, full-width full stop
_SEPARATORS = ".," + _GROUP_ONLY + _DECIMAL_ONLY + " "
_NUMBER = re.compile(rf"\d+(?:[{re.escape(_SEPARATORS)}]\d+)*")
# CJK myriads: 3万 is 30 000 and 2億 is 200 000 000 (千 is left out: 千克 is a kilogram).
_MULTIPLIERS = {"万": 10**4, "萬": 10**4, "만": 10**4, "亿": 10**8, "億": 10**8, "억": 10**8}
# Languages whose norm also groups with a plain space where CLDR says otherwise (the RAE: 3 000).
_SPACE_GROUPED = frozenset({"es"})
# What numbers inside link targets, autolinks, HTML tags and bare URLs should not count as.
_NOT_TEXT = re.compile(
    r"\]\([^)]*\)"  # [text](target "title")
    r"|<[^<>\s]+>"  # <https://…>, <tag>
    r"|<[A-Za-z][^<>]*>"  # <tag attr="1">
    r"|\b(?:https?://|www\.|mailto:|tel:)\S+"
    r"|(?<!\S)[^\s@]+@\S+\.\w+"  # an e-mail address, tried only where a word starts
)
_UNIT = re.compile(r"[ \u00a0\u202f]?(%|٪|‰|°\s?[CFcf]?|[^\W\d_]+)")


@dataclass(frozen=True)
class Conventions:
    """Which characters may mark decimals and group thousands in one text."""

    decimal: frozenset[str]
    group: frozenset[str]


@dataclass(frozen=True)
class Number:
    """One number as written, and every value it can mean under the conventions."""

    written: str  # with its unit, for messages: "500 mg"
    values: frozenset[Decimal]
    start: int = 0  # where its digits are in the text
    end: int = 0


@lru_cache(maxsize=64)
def source_conventions(language: Language) -> Conventions:
    """The source is the reference: read it strictly, the way its own locale writes numbers."""
    decimal, group = _locale_symbols(language)
    return Conventions(
        decimal=frozenset({decimal}) | frozenset(_DECIMAL_ONLY),
        group=frozenset({group}) | frozenset(_GROUP_ONLY),
    )


@lru_cache(maxsize=256)
def translation_conventions(language: Language, source: Language) -> Conventions:
    """A translation may use its locale's separators or the source's (US Spanish writes 100.4)."""
    decimal, group = _locale_symbols(language)
    source_decimal, source_group = _locale_symbols(source)
    spaced = (
        frozenset({" "}) if group.isspace() or language.language in _SPACE_GROUPED else frozenset()
    )
    return Conventions(
        decimal=frozenset({decimal, source_decimal}) | frozenset(_DECIMAL_ONLY),
        group=frozenset({group, source_group}) | frozenset(_GROUP_ONLY) | spaced,
    )


@lru_cache(maxsize=64)
def _locale_symbols(language: Language) -> tuple[str, str]:
    locale = language.locale
    return get_decimal_symbol(locale), get_group_symbol(locale)


def find_numbers(text: str, conventions: Conventions) -> list[Number]:
    """The numbers of ``text`` in order, URLs and link targets left out."""
    return list(_find_numbers(text, conventions))


@lru_cache(maxsize=8192)
def _find_numbers(text: str, conventions: Conventions) -> tuple[Number, ...]:
    """Cached: a source text is read once for every language it is translated into."""
    plain = blank_links(text)
    numbers: list[Number] = []
    for match in _NUMBER.finditer(plain):
        for start, end, values in _split(match.group(0), conventions):
            begin, finish = match.start() + start, match.start() + end
            multiplier = _MULTIPLIERS.get(plain[finish : finish + 1])
            if multiplier:
                values = frozenset(v * multiplier for v in values)
            numbers.append(Number(_with_unit(plain, begin, finish), values, begin, finish))
    return tuple(numbers)


def blank_links(text: str) -> str:
    """``text`` with URLs, link targets and tags blanked out (same length, so offsets hold)."""
    return _NOT_TEXT.sub(lambda m: " " * len(m.group(0)), text)


def _split(token: str, conventions: Conventions) -> Iterator[tuple[int, int, frozenset[Decimal]]]:
    """Cut a run like ``2 3`` or ``1.2.3`` into the numbers it holds; yield each one's values.

    Tries the whole run first, then shorter runs from the left, so "3 000" stays
    one number where spaces group thousands and "take 2 3 times" is two.
    """
    parts = re.split(rf"([{re.escape(_SEPARATORS)}])", token)
    digits, seps = parts[0::2], parts[1::2]
    offsets = [0]
    for digit, sep in zip(digits, seps, strict=False):
        offsets.append(offsets[-1] + len(digit) + len(sep))
    start = 0
    while start < len(digits):
        for end in range(len(digits), start, -1):
            values = _values(digits[start:end], seps[start : end - 1], conventions)
            if values:
                yield offsets[start], offsets[end - 1] + len(digits[end - 1]), values
                start = end
                break
        else:  # pragma: no cover - a single digit group always has a value
            start += 1


def _values(digits: Sequence[str], seps: Sequence[str], conv: Conventions) -> frozenset[Decimal]:
    """Every value the digit groups can mean: grouping only, or the last separator a decimal."""
    ascii_digits = ["".join(str(unicodedata.digit(c)) for c in group) for group in digits]
    if not seps:
        return frozenset({Decimal(ascii_digits[0])})
    values: set[Decimal] = set()
    if _grouped(ascii_digits, seps, conv):
        values.add(Decimal("".join(ascii_digits)))
    last = seps[-1]
    if last in conv.decimal and _grouped(ascii_digits[:-1], seps[:-1], conv, decimal=last):
        values.add(Decimal("".join(ascii_digits[:-1]) + "." + ascii_digits[-1]))
    return frozenset(values)


def _grouped(
    digits: Sequence[str], seps: Sequence[str], conv: Conventions, decimal: str = ""
) -> bool:
    """True if ``seps`` are one thousands separator used correctly: 1,234,567 yes; 12,34 no."""
    if not seps:
        return True
    if len(set(seps)) != 1 or seps[0] not in conv.group or seps[0] == decimal:
        return False
    head = digits[0]
    return (
        1 <= len(head) <= 3
        and not head.startswith("0")
        and all(len(group) == 3 for group in digits[1:])
    )


def _with_unit(text: str, start: int, end: int) -> str:
    """The number as written and the unit or word right after it: "500 mg", "3 días"."""
    match = _UNIT.match(text, end)
    if not match:
        return text[start:end]
    unit = match.group(1)
    if unicodedata.name(unit[0], "").startswith(("CJK", "HIRAGANA", "KATAKANA")):
        unit = unit[:2]
    elif len(unit) > 12:
        return text[start:end]
    return text[start:end] + match.group(0)[: len(match.group(0)) - len(match.group(1))] + unit


def differences(pair: Pair) -> Iterator[str]:
    from pipeline.check.hidden import strip_hidden
    from pipeline.check.quantities import compare, converted_spans

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
