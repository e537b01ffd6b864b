"""``quantities``: every quantity of the source, with its unit and its limit, in the translation.

The ``numbers`` check compares values; this one compares what they count. A
translation that keeps the digit but changes the unit ("500 mg" → "500 g"),
the scale ("38 °C" → "38 °F"), the kind of schedule ("every 6 hours" → "6
times a day"), loses the unit of a dose, or loses or inverts a limit ("no
more than" → "more than") is an error. Equivalent quantities pass: 500 mg =
0.5 g, 100.4 °F = 38 °C, 8 p.m. = 20:00, twice a day = every 12 hours; the
``numbers`` check then does not count their different digits against them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.quantity.equivalence import base_values, equivalent
from pipeline.quantity.model import Quantity
from pipeline.quantity.reader import find_quantities
from pipeline.quantity.units import DOSING, UNITS
from pipeline.quantity.words import language_words


@dataclass(frozen=True)
class Matched:
    """A source quantity and the translation's, and whether they mean the same."""

    source: Quantity
    translation: Quantity
    same: bool


@dataclass(frozen=True)
class Comparison:
    """How the quantities of a translation line up with the source's."""

    matched: tuple[Matched, ...]
    unmatched_source: tuple[Quantity, ...]
    unmatched_translation: tuple[Quantity, ...]
    too_many: int = 0  # quantities in a message too large to compare (then nothing is paired)


#: More quantities than any handout message has: compare no further, say so (an error).
MAX_QUANTITIES = 400


@lru_cache(maxsize=2048)
def compare(pair: Pair) -> Comparison:
    """Pair each source quantity with an equivalent one, else with one sharing its number."""
    source = find_quantities(pair.source, pair.source_language, extra=pair.extra_words)
    translated = find_quantities(
        pair.translation, pair.language, source=pair.source_language, extra=pair.extra_words
    )
    if max(len(source), len(translated)) > MAX_QUANTITIES:
        return Comparison((), source, translated, max(len(source), len(translated)))
    free = list(translated)
    matched: list[Matched] = []
    rest: list[Quantity] = []
    for quantity in source:
        partner = next(
            (t for t in free if t.unit == quantity.unit and equivalent(quantity, t)),
            next((t for t in free if equivalent(quantity, t)), None),
        )
        if partner is None:
            rest.append(quantity)
            continue
        free.remove(partner)
        matched.append(Matched(quantity, partner, True))
    lost: list[Quantity] = []
    lang = pair.language.language
    knows_every = bool(language_words(lang, pair.extra_words.for_language(lang)).words("every"))
    for quantity in rest:
        partner = next((t for t in free if _comparable(quantity, t, knows_every)), None)
        if partner is None:
            lost.append(quantity)
            continue
        free.remove(partner)
        matched.append(Matched(quantity, partner, False))
    return Comparison(tuple(matched), tuple(lost), tuple(free))


def _comparable(source: Quantity, translation: Quantity, knows_every: bool) -> bool:
    """The same number with another unit, or two counts of times ("twice" → "三次").

    Without the translation language's words for "every", an interval read as a
    plain duration is not judged: handout cannot tell "toutes les 6 heures".
    """
    if {source.dimension, translation.dimension} == {"interval", "duration"} and not knows_every:
        return False
    if "frequency" in (source.dimension, translation.dimension) and any(
        q.dimension.startswith("count-") for q in (source, translation)
    ):
        return False  # "2 puffs" → "2회 흡입" (twice, inhaled): a count either way
    if source.words_only or translation.words_only:
        return {source.dimension, translation.dimension} <= {"frequency", "interval"}
    if source.dimension == translation.dimension == "clock":
        return True  # "8 p.m." → "8:00" (in the morning, where clocks run to 24)
    if source.dimension == "number":
        return False  # a bare number that changed is the numbers check's to report
    if translation.dimension == "number" and source.dimension not in DOSING:
        # "48 horas" in words handout does not know is not a lost unit; "48." with nothing is.
        return not translation.word_after and bool(source.values & translation.values)
    return bool(source.values & translation.values)


def converted_spans(comparison: Comparison) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Digit runs of paired quantities, source and translation: the numbers check skips them.

    Equivalent ones (500 mg = 0.5 g) are fine; the others this check reports itself.
    """
    source: set[tuple[int, int]] = set()
    translated: set[tuple[int, int]] = set()
    for match in comparison.matched:
        source.update(match.source.spans)
        translated.update(match.translation.spans)
    return source, translated


def quantity_differences(pair: Pair) -> Iterator[str]:
    comparison = compare(pair)
    if comparison.too_many:
        yield (
            f"{comparison.too_many} quantities in one message, more than the {MAX_QUANTITIES}"
            " handout compares: split the message"
        )
        return
    lang = pair.language.language
    words = language_words(lang, pair.extra_words.for_language(lang))
    knows_limits = bool(words.words("upper") and words.words("lower"))
    for match in comparison.matched:
        source, translated = match.source, match.translation
        if not match.same:
            yield _changed(source, translated)
        elif knows_limits and source.limit and translated.limit != source.limit:
            # Without the language's limit words handout cannot tell "pas plus de": not judged.
            yield _limit(source, translated)


def _changed(source: Quantity, translated: Quantity) -> str:
    became = f'"{source.written}" became "{translated.written}"'
    if translated.dimension == "number":
        return f'"{source.written}" lost its unit in the translation ("{translated.written}")'
    if {source.dimension, translated.dimension} == {"interval", "frequency"}:
        if source.dimension == "interval":
            hours = min(base_values(source)) / 3600
            per_day = (Decimal(24) / hours).normalize() if hours else None
            if per_day is not None and per_day == per_day.to_integral_value() and per_day <= 2:
                return f"{became}: every {hours.normalize():f} hours is {per_day:f} times a day"
            return f"{became}: an interval (every …) became a number of times"
        return f"{became}: a number of times became an interval (every …)"
    if source.dimension != translated.dimension:
        return f"{became}: {_a(_name(source))} became {_a(_name(translated))}"
    if source.dimension == "temperature":
        return f"{became}: another temperature scale, without converting"
    if source.dimension == "frequency":
        return f"{became}: a different number of times"
    if source.dimension == "clock":
        return f"{became}: a different time of day"
    return f"{became}: {_ratio(source, translated)}"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _name(quantity: Quantity) -> str:
    return quantity.dimension.replace("count-", "count of ").replace("-", " ")


def _ratio(source: Quantity, translated: Quantity) -> str:
    before, after = min(base_values(source)), min(base_values(translated))
    if not before or not after:
        return "a different unit"
    ratio = after / before
    if ratio >= 1:
        return f"{_times(ratio)} the amount (another unit)"
    return f"1/{_times(1 / ratio)} of the amount (another unit)"


def _times(ratio: Decimal) -> str:
    rounded = ratio.quantize(Decimal(1)) if ratio >= 10 else ratio.quantize(Decimal("0.01"))
    return f"{rounded.normalize():f}×"


def _limit(source: Quantity, translated: Quantity) -> str:
    if translated.limit is None:
        return (
            f'"{source.limit_words} {source.written}": the limit ("{source.limit_words}") '
            f'is missing from the translation ("{translated.written}")'
        )
    return (
        f'"{source.limit_words} {source.written}" became "{translated.limit_words} '
        f'{translated.written}": the limit is the other way round'
    )


assert all(unit.dimension for unit in UNITS.values())

CHECK = Check(
    "quantities",
    ERROR,
    "a unit changed or lost (mg → g, °C → °F, hours → minutes, every 6 h → 6 times a day),"
    " or a limit (no more than, at least) lost or reversed",
    quantity_differences,
    meaning=True,
)
