"""Numbers as values: every number a text holds, read with its locale's separators.

The ``numbers`` check (:mod:`pipeline.check.number_check`) and the quantity
reader (:mod:`pipeline.quantity.reader`) both read numbers here: ``3,000``,
``3000``, ``3.000`` and ``3 000`` are one value where the text's locale writes
it so, and digits of any script count (Arabic-Indic ٣٠٠, Persian ۳۰۰,
full-width ３００, Devanagari ३००). The source is read with its own locale's
separators only; a translation is read leniently (its locale's way or the
source's), because Spanish-speaking clinics in the US write ``100.4`` as often
as ``100,4``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

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


def _locale_symbols(language: Language) -> tuple[str, str]:
    return separators(language.locale)


@lru_cache(maxsize=64)
def separators(locale: str) -> tuple[str, str]:
    """The Babel ``locale``'s decimal and group symbols: both readers start from these."""
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
