"""Quantities in a text, for the translation checks: a value with what it counts.

:func:`find_quantities` reads a text and its language the way a patient would:
"500 mg", "0,5 g", "500毫克" and "٥٠٠ ملغ" are mass; "every 6 hours" is an
interval, "6 times a day" and "twice a day" are frequencies, "8 p.m." and
"20:00" are clock times (:mod:`pipeline.quantity.clock`), "no more than 3,000
mg" is a mass with an upper limit (:mod:`pipeline.quantity.limits`). A number
with no unit it knows is a ``number`` quantity, so a lost unit can be told from
a changed one. :func:`pipeline.quantity.equivalence.equivalent` says whether
two quantities mean the same. The spoken read-back reads with
:mod:`pipeline.quantity.readback`, into the same :class:`Quantity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from pipeline.languages import Language
from pipeline.quantity.characters import strip_hidden
from pipeline.quantity.clock import ClockWords, clocks, hour24
from pipeline.quantity.equivalence import base_values, equivalent
from pipeline.quantity.limits import LimitWords, with_limit
from pipeline.quantity.marks import Folded, fold, fold_word, needs_folding
from pipeline.quantity.model import LOWER, UPPER, Quantity
from pipeline.quantity.number_words import small_number_words
from pipeline.quantity.numbers import (
    Conventions,
    Number,
    blank_links,
    find_numbers,
    source_conventions,
    translation_conventions,
)
from pipeline.quantity.patterns import alternation, key, lookup
from pipeline.quantity.units import UNITS
from pipeline.quantity.words import NO_EXTRA_WORDS, ExtraWords, LanguageWords, language_words

__all__ = ["LOWER", "UPPER", "Quantity", "base_values", "equivalent", "find_quantities"]

_SPACE = "[ \u00a0\u202f\u2009]"
_WORD_AFTER = re.compile(r"[ \u00a0\u202f\u2009]*[^\W\d_]")
#: Two numbers joined into a range: "4 to 6 hours", "4~6시간", "de 10 a 14 días".
_CONNECTOR = re.compile(
    r"\s*(?:-|–|—|~|～|〜|to|a|al|hasta|y|и|до|đến|tới|hanggang|sa|إلى|至|到|와|에서)\s*"
    r"|\s*[-–—~～〜]\s*",
    re.I,
)


def find_quantities(
    text: str, language: Language, *, source: Language | None = None,
    extra: ExtraWords = NO_EXTRA_WORDS,
) -> tuple[Quantity, ...]:  # fmt: skip
    """Every quantity of ``text`` in ``language``, in order.

    Pass ``source`` when ``text`` is a translation from that language: its
    numbers are then read leniently (the translation's separators or the
    source's) and the source's unit symbols are understood too. Hidden
    characters are removed first, so a bidi override cannot reorder "05".
    """
    conventions = (
        source_conventions(language)
        if source is None
        else translation_conventions(language, source)
    )
    langs = (language.language,) if source is None else (language.language, source.language)
    plain = strip_hidden(text)
    if not needs_folding(plain):
        return _find(plain, conventions, langs, extra)
    folded = fold(plain)
    found = _find(folded.text, conventions, langs, extra, folded=True)
    return tuple(_unfolded(quantity, folded, plain) for quantity in found)


@lru_cache(maxsize=4096)
def _find(
    text: str, conventions: Conventions, langs: tuple[str, ...], extra: ExtraWords,
    folded: bool = False,
) -> tuple[Quantity, ...]:  # fmt: skip
    reader = _reader(langs, extra, folded)
    plain = blank_links(text)
    numbers = find_numbers(text, conventions)
    found: list[Quantity] = []
    taken: set[int] = set()
    for clock in clocks(reader.clock, plain, numbers):
        found.append(clock)
        taken.update(i for i, n in enumerate(numbers) if clock.start <= n.start < clock.end)
    for index in range(len(numbers)):
        if index not in taken:
            found.append(reader.read(plain, numbers, index))
    found.extend(reader.count_words(plain, found))
    found.sort(key=lambda q: q.start)
    limited: list[Quantity] = []
    for quantity in found:
        after = limited[-1].end if limited else 0
        limited.append(with_limit(reader.limits, plain, quantity, after))
    return tuple(limited)


@dataclass(frozen=True)
class _Reader:
    """Compiled patterns for one language (and the source's, for a translation)."""

    words: tuple[LanguageWords, ...]
    unit: re.Pattern[str]
    unit_ids: dict[str, str]
    times: re.Pattern[str]
    every_before: re.Pattern[str]
    every_after: re.Pattern[str]
    day: re.Pattern[str]
    week: re.Pattern[str]
    counts: re.Pattern[str]
    number_before: re.Pattern[str]
    count_values: dict[str, int]
    clock: ClockWords
    limits: LimitWords

    def read(self, text: str, numbers: list[Number], index: int) -> Quantity:
        number = numbers[index]
        # A range shares its unit and its "every": "every 4 to 6 hours", "4~6시간마다".
        first, last = _range(text, numbers, index)
        unit = self.unit_at(text, last.end)
        if unit and (last is number or not self.unit_at(text, number.end)):
            unit_id, unit_end = unit
            end = unit_end if last is number else number.end
            return self._unit_quantity(text, number, unit_id, end, first.start, unit_end)
        unit = self.unit_at(text, number.end)
        if unit:
            unit_id, unit_end = unit
            return self._unit_quantity(text, number, unit_id, unit_end, number.start, unit_end)
        times = self.times.match(text, number.end)
        if times:
            return self._frequency(text, number.values, number.start, times.end(), number)
        bare = _quantity(text, number, None, "number", number.end)
        if _WORD_AFTER.match(text, number.end):
            return replace(bare, word_after=True)
        return bare

    def unit_at(self, text: str, index: int) -> tuple[str, int] | None:
        """(unit id, end) of the unit word at ``index`` ("الساعات" is hours), or None."""
        match = self.unit.match(text, index)
        unit_id = lookup(self.unit_ids, match.group("unit")) if match else None
        return None if match is None or unit_id is None else (unit_id, match.end())

    def _unit_quantity(
        self, text: str, number: Number, unit_id: str, end: int, range_start: int, unit_end: int
    ) -> Quantity:
        unit = UNITS[unit_id]
        if unit.dimension == "duration":
            before = self.every_before.search(text, max(0, range_start - 14), range_start)
            after = self.every_after.match(text, unit_end)
            if before or after:
                start = before.start() if before and range_start == number.start else number.start
                finish = after.end() if after and end == unit_end else end
                found = _quantity(text, number, unit_id, "interval", finish, start)
                return _as_range(found, text, range_start, unit_end)
        found = _quantity(text, number, unit_id, unit.dimension, end)
        return _as_range(found, text, range_start, unit_end)

    def _frequency(
        self, text: str, values: frozenset[Decimal], start: int, end: int, number: Number | None
    ) -> Quantity:
        period = None
        for name, pattern in (("day", self.day), ("week", self.week)):
            if pattern.search(text, end, min(len(text), end + 16)) or pattern.search(
                text, max(0, start - 10), start
            ):
                period = name
                break
        per_day = frozenset(v / 7 for v in values) if period == "week" else values
        written = text[start:end].strip()
        return Quantity(
            value=min(values),
            values=per_day,
            unit="frequency",
            dimension="frequency",
            written=written,
            start=start,
            end=end,
            period=period,
            words_only=number is None,
            spans=() if number is None else ((number.start, number.end),),
        )

    def count_words(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """ "twice", "dos veces", "两次", "ثلاث مرات": frequencies written without a digit."""
        spans: list[tuple[int, int, str]] = [
            (m.start(), m.end(), m.group(0)) for m in self.counts.finditer(text)
        ]
        for times in self.times.finditer(text):  # a number word right before a times word
            number = self.number_before.search(text, max(0, times.start() - 24), times.start())
            if number:
                spans.append((number.start(), times.end(), number.group(0).strip()))
        taken = [(q.start, q.end) for q in found]
        words: list[Quantity] = []
        for start, end, word in sorted(spans):
            count = lookup(self.count_values, word)
            if count is None or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            words.append(self._frequency(text, frozenset({Decimal(count)}), start, end, None))
        return words


def _range(text: str, numbers: list[Number], index: int) -> tuple[Number, Number]:
    """The first and last number of the range ``numbers[index]`` is in (itself if none)."""
    first = last = numbers[index]
    if index and _CONNECTOR.fullmatch(text, numbers[index - 1].end, first.start):
        first = numbers[index - 1]
    following = numbers[index + 1] if index + 1 < len(numbers) else None
    if following is not None and _CONNECTOR.fullmatch(text, last.end, following.start):
        last = following
    return first, last


def _quantity(
    text: str,
    number: Number,
    unit: str | None,
    dimension: str,
    end: int,
    start: int | None = None,
) -> Quantity:
    begin = number.start if start is None else start
    return Quantity(
        value=min(number.values),
        values=number.values,
        unit=unit,
        dimension=dimension,
        written=text[begin:end].strip(),
        start=begin,
        end=end,
        spans=((number.start, number.end),),
    )


def _unfolded(quantity: Quantity, folded: Folded, text: str) -> Quantity:
    """A quantity read in ``folded`` placed in ``text``, as written there ("3 سَاعَاتٍ").

    ``written`` may reach past the quantity (a range is written whole), so it is
    found around the quantity in the folded text and quoted from the original.
    """
    start, end = folded.span(quantity.start, quantity.end)
    at = folded.text.rfind(quantity.written, 0, quantity.start + len(quantity.written))
    if at < 0 or at + len(quantity.written) < quantity.end - 1:
        at = quantity.start
    first, last = folded.span(at, at + len(quantity.written))
    return replace(
        quantity,
        start=start,
        end=end,
        written=text[first:last].strip(),
        spans=tuple(folded.span(s, e) for s, e in quantity.spans),
        limit_words=_limit_as_written(quantity, folded, text),
    )


def _limit_as_written(quantity: Quantity, folded: Folded, text: str) -> str:
    """The limit phrase ("لَا تَتَجَاوَزْ") as written: the nearest one to the quantity."""
    if not quantity.limit_words:
        return ""
    phrase = re.compile(r"\s+".join(re.escape(w) for w in quantity.limit_words.split()))
    near = min(
        phrase.finditer(folded.text),
        key=lambda m: max(m.start() - quantity.end, quantity.start - m.end()),
        default=None,
    )
    if near is None:
        return quantity.limit_words
    start, end = folded.span(near.start(), near.end())
    return " ".join(text[start:end].split())


def _as_range(quantity: Quantity, text: str, start: int, end: int) -> Quantity:
    """Both numbers of a range are written as the whole range: "10 to 14 days"."""
    if quantity.start <= start and quantity.end >= end:
        return quantity
    written = text[min(start, quantity.start) : max(end, quantity.end)].strip()
    return replace(quantity, written=written)


@lru_cache(maxsize=64)
def _reader(langs: tuple[str, ...], extra: ExtraWords, folded: bool = False) -> _Reader:
    words = tuple(language_words(lang, extra.for_language(lang)) for lang in langs)
    if folded:  # a folded text is read against words folded the same way
        words = tuple(_folded_words(lw) for lw in words)
    unit_ids: dict[str, str] = {}
    for lw in reversed(words):  # the translation's own words win over the source's
        for word, unit in lw.units:
            if unit in UNITS:
                unit_ids[key(word)] = unit

    def listed(kind: str) -> str:
        # A translation may keep the source's words ("(es) no more than"): read them too.
        return alternation(w for lw in words for w in lw.words(kind))

    number_words, count_words = _count_words(words, folded)
    return _Reader(
        words=words,
        unit=re.compile(_SPACE + r"?(?:na\s+)?(?P<unit>" + alternation(unit_ids) + ")", re.I),
        unit_ids=unit_ids,
        times=re.compile(_SPACE + "?(?:" + listed("times") + ")", re.I),
        every_before=re.compile("(?:" + listed("every") + r")\s*$", re.I),
        every_after=re.compile(r"\s?(?:" + listed("every_after") + ")", re.I),
        day=re.compile(listed("day"), re.I),
        week=re.compile(listed("week"), re.I),
        counts=re.compile(alternation(count_words), re.I),
        number_before=re.compile(rf"(?:{alternation(number_words)})\s?$", re.I),
        count_values={**number_words, **count_words},
        clock=ClockWords(
            am=re.compile(r"\s?(?:" + listed("am") + ")", re.I),
            pm=re.compile(r"\s?(?:" + listed("pm") + ")", re.I),
            hour=re.compile(r"\s?(?:" + alternation(words[0].words("hour")) + ")(?!간)"),
            unit_ids=unit_ids,
            hour24=hour24(langs[0]),
        ),
        limits=LimitWords(
            upper=re.compile(listed("upper"), re.I),
            lower=re.compile(listed("lower"), re.I),
            negation=re.compile(listed("negation"), re.I),
        ),
    )


def _folded_words(words: LanguageWords) -> LanguageWords:
    """``words`` as a folded text holds them (:func:`~pipeline.quantity.marks.fold_word`)."""
    return LanguageWords(
        words.language,
        tuple((fold_word(word), unit) for word, unit in words.units),
        {kind: tuple(fold_word(w) for w in listed) for kind, listed in words.lists.items()},
        tuple((fold_word(word), count) for word, count in words.count_words),
    )


def _count_words(
    words: tuple[LanguageWords, ...], folded: bool
) -> tuple[dict[str, int], dict[str, int]]:
    """Small number words ("three" → 3) and whole count words ("twice", "dos veces", "مرتين")."""
    numbers: dict[str, int] = {}
    whole: dict[str, int] = {}
    for lw in words:
        for value, spelled in small_number_words(lw.language).items():
            numbers.update((key(fold_word(w) if folded else w), value) for w in spelled)
        whole.update((key(w), n) for w, n in lw.count_words)
    return numbers, whole


def unit_after(
    text: str, index: int, language: Language, source: Language | None = None
) -> str | None:
    """The unit id written at ``index`` of ``text`` (after an optional space), if any."""
    langs = (language.language,) if source is None else (language.language, source.language)
    if needs_folding(text):
        folded = fold(text)
        unit = _reader(langs, NO_EXTRA_WORDS, True).unit_at(folded.text, folded.index(index))
        return unit[0] if unit else None
    unit = _reader(langs, NO_EXTRA_WORDS).unit_at(text, index)
    return unit[0] if unit else None
