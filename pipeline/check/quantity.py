"""Quantities in text: a value with its unit, read the way a patient would read it.

:func:`find_quantities` is the reusable reader (the ``quantities`` and
``numbers`` checks use it; so can anything that must read a dose back, such
as spoken text): give it a text and its language, get every number with what
it counts. "500 mg", "0,5 g", "500毫克" and "٥٠٠ ملغ" are mass; "every 6 hours"
is an interval, "6 times a day" and "twice a day" are frequencies, "8 p.m." and
"20:00" are clock times, "no more than 3,000 mg" is a mass with an upper
limit. A number with no unit it knows is a ``number`` quantity, so a lost unit
can be told from a changed one. :func:`equivalent` says whether two quantities
mean the same (500 mg = 0.5 g, 100.4 °F = 38 °C, twice a day = every 12 hours).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from pipeline.check.hidden import strip_hidden
from pipeline.check.number_words import small_number_words
from pipeline.check.numbers import (
    Conventions,
    Number,
    blank_links,
    find_numbers,
    source_conventions,
    translation_conventions,
)
from pipeline.check.units import UNITS, Unit
from pipeline.check.words import NO_EXTRA_WORDS, ExtraWords, LanguageWords, language_words
from pipeline.languages import Language

UPPER = "upper"  # no more than, under, up to, at most
LOWER = "lower"  # at least, more than, over
_SPACE = "[ \u00a0\u202f\u2009]"
_BACK = 28  # how far before a number a limit or "every" word may stand (characters)
_ARABIC = "\u0600-\u06ff"
_CLOCK_JOINT = re.compile(r"[:：]|[ \u00a0\u202f]?h[ \u00a0\u202f]?")
_LAST_STOP = re.compile(r".*[.;!?。；！？\n]", re.S)  # greedy: up to the last sentence stop
_WORD_AFTER = re.compile(r"[ \u00a0\u202f\u2009]*[^\W\d_]")
_AHEAD = 24  # how far after: "3000毫克以下", "3,000mg 이하", "or less"


@dataclass(frozen=True)
class Quantity:
    """One quantity as written in a text.

    ``value`` is the number as written (the first reading when separators make
    it ambiguous; ``values`` holds every reading). ``unit`` is a CLDR unit id
    ("mass-milligram"), handout's own ("count-tablet", "frequency", "interval",
    "clock") or ``None`` for a bare number; ``dimension`` is what it measures.
    ``limit`` is UPPER, LOWER or None. ``spans`` are the digit runs it covers.
    """

    value: Decimal
    values: frozenset[Decimal]
    unit: str | None
    dimension: str
    written: str
    start: int
    end: int
    limit: str | None = None
    limit_words: str = ""
    period: str | None = None  # frequencies: "day" or "week"
    words_only: bool = False  # "twice a day": no digit at all
    spans: tuple[tuple[int, int], ...] = ()
    meridiem: str | None = None  # clock times: "am", "pm" or None (24-hour or unsaid)
    word_after: bool = False  # a bare number followed by a word handout does not know as a unit


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
    return _find(strip_hidden(text), conventions, langs, extra)


@lru_cache(maxsize=4096)
def _find(
    text: str, conventions: Conventions, langs: tuple[str, ...], extra: ExtraWords
) -> tuple[Quantity, ...]:
    reader = _reader(langs, extra)
    plain = blank_links(text)
    numbers = find_numbers(text, conventions)
    found: list[Quantity] = []
    taken: set[int] = set()
    for clock in reader.clocks(plain, numbers):
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
        limited.append(reader.with_limit(plain, quantity, after))
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
    upper: re.Pattern[str]
    lower: re.Pattern[str]
    negation: re.Pattern[str]
    am: re.Pattern[str]
    pm: re.Pattern[str]
    hour: re.Pattern[str]
    counts: re.Pattern[str]
    number_before: re.Pattern[str]
    count_values: dict[str, int]
    connector: re.Pattern[str]
    hour24: bool  # the text's locale writes 20:00, not 8:00 PM

    def read(self, text: str, numbers: list[Number], index: int) -> Quantity:
        number = numbers[index]
        # A range shares its unit and its "every": "every 4 to 6 hours", "4~6시간마다".
        first, last = self._range(text, numbers, index)
        match = self.unit.match(text, last.end)
        if match and (last is number or not self.unit.match(text, number.end)):
            unit_id = self.unit_ids[_key(match.group("unit"))]
            end = match.end() if last is number else number.end
            return self._unit_quantity(text, number, unit_id, end, first.start, match.end())
        match = self.unit.match(text, number.end)
        if match:
            unit_id = self.unit_ids[_key(match.group("unit"))]
            return self._unit_quantity(
                text, number, unit_id, match.end(), number.start, match.end()
            )
        times = self.times.match(text, number.end)
        if times:
            return self._frequency(text, number.values, number.start, times.end(), number)
        bare = _quantity(text, number, None, "number", number.end)
        if _WORD_AFTER.match(text, number.end):
            return replace(bare, word_after=True)
        return bare

    def _range(self, text: str, numbers: list[Number], index: int) -> tuple[Number, Number]:
        """The first and last number of the range ``numbers[index]`` is in (itself if none)."""
        first = last = numbers[index]
        if index and self.connector.fullmatch(text, numbers[index - 1].end, first.start):
            first = numbers[index - 1]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        if following is not None and self.connector.fullmatch(text, last.end, following.start):
            last = following
        return first, last

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
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            value = Decimal(self.count_values[_key(word)])
            words.append(self._frequency(text, frozenset({value}), start, end, None))
        return words

    def clocks(self, text: str, numbers: list[Number]) -> list[Quantity]:
        """ "20:00", "8 p.m.", "8:30 PM", "晚上8点", "오후 8시", "8 giờ tối"."""
        clocks: list[Quantity] = []
        index = 0
        while index < len(numbers):
            clock, used = self._clock_at(text, numbers, index)
            if clock is None:
                index += 1
                continue
            clocks.append(clock)
            index += used
        return clocks

    def _clock_at(
        self, text: str, numbers: list[Number], index: int
    ) -> tuple[Quantity | None, int]:
        hour = numbers[index]
        if len(hour.values) != 1 or not _is_int(min(hour.values), 0, 24):
            return None, 1
        h = int(min(hour.values))
        minute, end, used = 0, hour.end, 1
        nxt = numbers[index + 1] if index + 1 < len(numbers) else None
        joint = _CLOCK_JOINT.match(text, hour.end)  # 20:30, 20：30, 20 h 30, 20h30
        if joint and nxt is not None and nxt.start == joint.end():
            if not _is_int(min(nxt.values), 0, 59) or nxt.end - nxt.start != 2:
                return None, 1
            minute, end, used = int(min(nxt.values)), nxt.end, 2
            colon = True
        else:
            colon = False
        marker_after = self._meridiem(text, end, forward=True)
        marker_before = self._meridiem(text, hour.start, forward=False)
        hour_word = self.hour.match(text, end)
        if hour_word:
            end = hour_word.end()
            minute_match = re.match(r"\s*(\d{1,2})\s*[分분]", text[end:])
            if minute_match:
                minute = int(minute_match.group(1))
                end += minute_match.end()
                used += 1
            marker_after = marker_after or self._meridiem(text, end, forward=True)
        meridiem = marker_after[0] if marker_after else marker_before[0] if marker_before else None
        if not (colon or meridiem or hour_word) or (meridiem and not 1 <= h <= 12):
            return None, 1
        if hour_word and not (colon or meridiem) and _key(hour_word.group(0)) in self.unit_ids:
            return None, 1  # Vietnamese "8 giờ" is also 8 hours: a clock time only with tối/sáng
        start = marker_before[1] if marker_before and not marker_after else hour.start
        if marker_after:
            end = max(end, marker_after[1])
        minutes = _clock_minutes(h, minute, meridiem, colon and self.hour24)
        spans = tuple((n.start, n.end) for n in numbers[index : index + used])
        return (
            Quantity(
                value=Decimal(h * 60 + minute),
                values=minutes,
                unit="clock",
                dimension="clock",
                written=text[start:end].strip(),
                start=start,
                end=end,
                spans=spans,
                meridiem=meridiem,
            ),
            used,
        )

    def _meridiem(self, text: str, at: int, *, forward: bool) -> tuple[str, int] | None:
        for name, pattern in (("pm", self.pm), ("am", self.am)):
            if forward:
                match = pattern.match(text, at)
                if match:
                    return name, match.end()
            else:
                match = pattern.search(text, max(0, at - 12), at)
                if match and not text[match.end() : at].strip(" \u00a0\u202f"):
                    return name, match.start()
        return None

    def with_limit(self, text: str, quantity: Quantity, after: int) -> Quantity:
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
        behind = self._limit_after(text, quantity.end)
        before = self._limit_before(text, window_start, quantity.start)
        if behind and (before is None or behind[2] - quantity.end <= 3 + len(behind[1])):
            direction, words, end = behind
            negation = self.negation.search(text, end, min(len(text), end + 16))
            if (
                direction == LOWER
                and negation
                and not re.search(r"[\d.;。]", text[end : negation.start()])
            ):
                direction, words = UPPER, text[end - len(words) : negation.end()]
            return _replace_limit(quantity, direction, words)
        if before is None:
            return quantity
        direction, words, phrase_start = before
        negation = self.negation.search(text, max(window_start, phrase_start - 24), phrase_start)
        if direction == LOWER and negation:
            direction, words = UPPER, text[negation.start() : phrase_start + len(words)]
        return _replace_limit(quantity, direction, words)

    def _limit_before(self, text: str, start: int, end: int) -> tuple[str, str, int] | None:
        """The nearest limit phrase in ``text[start:end]``: (direction, words, where it starts)."""
        best: tuple[int, int, str, str, int] | None = None
        for direction, pattern in ((UPPER, self.upper), (LOWER, self.lower)):
            for match in pattern.finditer(text, start, end):
                # Of two ending together, the longer wins: "не менее" over "менее".
                key = (match.end(), len(match.group(0)), direction, match.group(0), match.start())
                if best is None or key[:2] > best[:2]:
                    best = key
        return None if best is None else (best[2], best[3], best[4])

    def _limit_after(self, text: str, end: int) -> tuple[str, str, int] | None:
        """A limit phrase after a quantity: "3000毫克以下", "8 أكواب من الماء على الأقل"."""
        for direction, pattern in ((UPPER, self.upper), (LOWER, self.lower)):
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


def _replace_limit(quantity: Quantity, direction: str, words: str) -> Quantity:
    return replace(quantity, limit=direction, limit_words=" ".join(words.split()))


def _quantity(
    text: str,
    number: Number,
    unit: str | None,
    dimension: str,
    end: int,
    start: int | None = None,
    values: frozenset[Decimal] | None = None,
) -> Quantity:
    begin = number.start if start is None else start
    return Quantity(
        value=min(number.values),
        values=number.values if values is None else values,
        unit=unit,
        dimension=dimension,
        written=text[begin:end].strip(),
        start=begin,
        end=end,
        spans=((number.start, number.end),),
    )


def _as_range(quantity: Quantity, text: str, start: int, end: int) -> Quantity:
    """Both numbers of a range are written as the whole range: "10 to 14 days"."""
    if quantity.start <= start and quantity.end >= end:
        return quantity
    written = text[min(start, quantity.start) : max(end, quantity.end)].strip()
    return replace(quantity, written=written)


def _is_int(value: Decimal, low: int, high: int) -> bool:
    return value == value.to_integral_value() and low <= value <= high


def _clock_minutes(
    hour: int, minute: int, meridiem: str | None, hour24: bool
) -> frozenset[Decimal]:
    """Minutes after midnight; a 12-hour time without a.m./p.m. may be either.

    Where the locale writes times on a 24-hour clock (CLDR's short time format
    says ``H``), "8:00" is 8 in the morning, not 8 p.m.
    """
    if meridiem == "am":
        hours = {hour % 12}
    elif meridiem == "pm":
        hours = {hour % 12 + 12}
    elif hour <= 12 and not hour24:
        hours = {hour % 24, (hour + 12) % 24}
    else:
        hours = {hour % 24}
    return frozenset(Decimal(h * 60 + minute) for h in hours)


def _key(word: str) -> str:
    return " ".join(word.casefold().split())


@lru_cache(maxsize=64)
def _reader(langs: tuple[str, ...], extra: ExtraWords) -> _Reader:
    words = tuple(language_words(lang, extra.for_language(lang)) for lang in langs)
    unit_ids: dict[str, str] = {}
    for lw in reversed(words):  # the translation's own words win over the source's
        for word, unit in lw.units:
            if unit in UNITS:
                unit_ids[_key(word)] = unit

    def listed(kind: str) -> list[str]:
        return [w for lw in words for w in lw.words(kind)]

    own = words[0]
    number_words, count_words = _count_words(words)
    count_values = {**number_words, **count_words}
    return _Reader(
        words=words,
        unit=re.compile(_SPACE + r"?(?:na\s+)?(?P<unit>" + _alternation(unit_ids) + ")", re.I),
        unit_ids=unit_ids,
        times=re.compile(_SPACE + "?(?:" + _alternation(listed("times")) + ")", re.I),
        every_before=re.compile("(?:" + _alternation(listed("every")) + r")\s*$", re.I),
        every_after=re.compile(r"\s?(?:" + _alternation(listed("every_after")) + ")", re.I),
        day=re.compile(_alternation(listed("day")), re.I),
        week=re.compile(_alternation(listed("week")), re.I),
        # A translation may keep the source's words ("(es) no more than"): read them too.
        upper=re.compile(_alternation(listed("upper")), re.I),
        lower=re.compile(_alternation(listed("lower")), re.I),
        negation=re.compile(_alternation(listed("negation")), re.I),
        am=re.compile(r"\s?(?:" + _alternation(listed("am")) + ")", re.I),
        pm=re.compile(r"\s?(?:" + _alternation(listed("pm")) + ")", re.I),
        hour=re.compile(r"\s?(?:" + _alternation(own.words("hour")) + ")(?!간)"),
        counts=re.compile(_alternation(count_words), re.I),
        number_before=re.compile(rf"(?:{_alternation(number_words)})\s?$", re.I),
        count_values=count_values,
        hour24=_hour24(langs[0]),
        connector=re.compile(
            r"\s*(?:-|–|—|~|～|〜|to|a|al|hasta|y|и|до|đến|tới|hanggang|sa|إلى|至|到|와|에서)\s*"
            r"|\s*[-–—~～〜]\s*",
            re.I,
        ),
    )


def _count_words(words: tuple[LanguageWords, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """Small number words ("three" → 3) and whole count words ("twice", "dos veces", "مرتين")."""
    numbers: dict[str, int] = {}
    whole: dict[str, int] = {}
    for lw in words:
        for value, spelled in small_number_words(lw.language).items():
            numbers.update((_key(word), value) for word in spelled)
        whole.update((_key(w), n) for w, n in lw.count_words)
    return numbers, whole


def _hour24(language: str) -> bool:
    try:
        pattern = Locale.parse(language).time_formats["short"].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return False
    return "H" in pattern or "k" in pattern


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` as a whole word (longest first); never empty.

    Words are grouped by the script at their edges, so each group carries one
    word-boundary guard (compiling a character class per word is what is slow).
    """
    unique = sorted({_key(w) for w in words if isinstance(w, str) and w.strip()}, key=len)
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for word in reversed(unique):
        stem = word.endswith("*")
        core = word.rstrip("*")
        before = _guard(core.lstrip("*")[:1])
        after = "" if stem else _guard(core[-1:])
        groups.setdefault((before, after, stem and bool(before)), []).append(_escaped(core))
    if not groups:
        return "(?!)"
    parts = []
    for (before, after, stem), escaped in groups.items():
        prefix = "(?:[وفبلك])?(?:ال)?" if before == _ARABIC else ""  # proclitics: ولم, فلا
        tail = r"[^\W\d_]*" if stem else ""
        body = "|".join(escaped)
        parts.append(f"{_lookbehind(before)}{prefix}(?:{body}){tail}{_lookahead(after)}")
    return "|".join(parts)


def _escaped(core: str) -> str:
    if core.startswith("*"):
        return r"\w*" + re.escape(core[1:])
    return re.escape(core).replace(r"\ ", r"\s+").replace(" ", r"\s+")


def _guard(char: str) -> str:
    """A class of letters that would make a word touching ``char`` a longer word."""
    if not char or not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "THAI")):
        return ""  # no spaces between words in these scripts
    if name.startswith("CYRILLIC"):
        return "\u0400-\u04ff"
    if name.startswith("ARABIC"):
        return _ARABIC
    return "A-Za-z\u00c0-\u024f\u1e00-\u1eff"


def _lookbehind(letters: str) -> str:
    return f"(?<![{letters}])" if letters else ""


def _lookahead(letters: str) -> str:
    return f"(?![{letters}])" if letters else ""


def equivalent(a: Quantity, b: Quantity) -> bool:
    """True if ``a`` and ``b`` say the same amount, converting units where they differ."""
    if a.dimension == "clock" or b.dimension == "clock":
        return _same_clock(a, b)
    if {a.dimension, b.dimension} == {"frequency", "interval"}:
        count, interval = (a, b) if a.dimension == "frequency" else (b, a)
        return count.period in ("day", None) and any(
            n * s == 86400 and n <= 2 for n in count.values for s in base_values(interval)
        )
    if a.dimension != b.dimension:
        return False
    if a.dimension == "frequency":
        if a.period and b.period and a.period != b.period:
            return False
        return bool(set(_counts(a)) & set(_counts(b)))
    if a.unit is None or b.unit is None:
        return a.unit == b.unit and bool(a.values & b.values)
    return any(_close(x, y, a.dimension) for x in base_values(a) for y in base_values(b))


def _counts(q: Quantity) -> frozenset[Decimal]:
    return frozenset(v * 7 for v in q.values) if q.period == "week" else q.values


def _same_clock(a: Quantity, b: Quantity) -> bool:
    if a.dimension == b.dimension:
        return bool(a.values & b.values)
    other = b if a.dimension == "clock" else a
    clock = a if a.dimension == "clock" else b
    # "20 giờ" (Vietnamese) is both a clock time and a duration: accept the hour.
    return other.unit == "duration-hour" and any(v * 60 in clock.values for v in other.values)


def base_values(q: Quantity) -> frozenset[Decimal]:
    """The values in the dimension's base unit (g, mL, mm, °C, mmHg, s, %)."""
    unit: Unit | None = UNITS.get(q.unit or "")
    if unit is None:
        return q.values
    return frozenset(v * unit.factor + unit.offset for v in q.values)


def _close(x: Decimal, y: Decimal, dimension: str) -> bool:
    if dimension == "temperature":
        return abs(x - y) <= Decimal("0.15")  # 101 °F is 38.3 °C
    if x == y:
        return True
    return abs(x - y) <= Decimal("0.02") * max(abs(x), abs(y))


def unit_after(
    text: str, index: int, language: Language, source: Language | None = None
) -> str | None:
    """The unit id written at ``index`` of ``text`` (after an optional space), if any."""
    langs = (language.language,) if source is None else (language.language, source.language)
    reader = _reader(langs, NO_EXTRA_WORDS)
    match = reader.unit.match(text, index)
    return reader.unit_ids[_key(match.group("unit"))] if match else None
