"""``omission``: a missing sentence that carried a dose, a "do not", a warning or a link.

The ``sentences`` warning says only that the counts differ (translators join
and split sentences for good reasons). When the translation has fewer
sentences and one of the source's that carried a quantity, a negation, a
warning word ("call", "emergency", "911") or a link has nothing left of it in
the translation, that is an error naming the sentence that seems to be missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipeline.check.base import Check, Pair, quoted
from pipeline.check.carried import warning_pattern
from pipeline.check.findings import ERROR
from pipeline.check.hidden import strip_hidden
from pipeline.check.markup import link_targets
from pipeline.check.negation import negation_in
from pipeline.check.quantities import compare
from pipeline.check.sentences import split_sentences
from pipeline.quantity.numbers import (
    Number,
    find_numbers,
    source_conventions,
    translation_conventions,
)
from pipeline.quantity.words import ExtraWords, language_words


@dataclass(frozen=True)
class Missing:
    """A source sentence that seems to be missing, and what it carried."""

    sentence: str
    carried: str  # "a number", "a negation", "a warning", "a link"


def missing_sentences(pair: Pair) -> list[Missing]:
    return list(_missing(pair))


@lru_cache(maxsize=1024)
def _missing(pair: Pair) -> tuple[Missing, ...]:
    """Cached: ``omission`` and the ``sentences`` warning both ask."""
    plain = strip_hidden(pair.source)
    source = split_sentences(plain)
    translated = split_sentences(strip_hidden(pair.translation))
    if len(translated) >= len(source):
        return ()
    present = _Present.of(pair)
    found = tuple(m for s in source if (m := _anchored(s, plain, pair, present)))
    if found:
        return found
    return tuple(
        m for kind in ("a negation", "a warning") if (m := _counted(kind, source, translated, pair))
    )


@dataclass(frozen=True)
class _Present:
    """What the translation has, read once: its number values, paired spans and links."""

    values: frozenset[Decimal]
    paired: frozenset[tuple[int, int]]
    links: frozenset[str]
    numbers: tuple[Number, ...]  # the source's

    @staticmethod
    def of(pair: Pair) -> _Present:
        conv = translation_conventions(pair.language, pair.source_language)
        translated = find_numbers(strip_hidden(pair.translation), conv)
        plain = strip_hidden(pair.source)
        return _Present(
            values=frozenset(v for n in translated for v in n.values),
            paired=frozenset(span for m in compare(pair).matched for span in m.source.spans),
            links=frozenset(link_targets(pair.translation, allow_html=False)),
            numbers=tuple(find_numbers(plain, source_conventions(pair.source_language))),
        )


def _anchored(sentence: str, plain: str, pair: Pair, present: _Present) -> Missing | None:
    """A sentence whose numbers or links are all absent from the translation.

    A number counts as present when the translation has it, or has its quantity
    converted (100.4 °F as 38 °C): what the ``quantities`` check pairs.
    """
    start = plain.find(sentence)
    end = start + len(sentence)
    numbers = [n for n in present.numbers if start <= n.start < end]
    if numbers and not any(
        (n.start, n.end) in present.paired or n.values & present.values for n in numbers
    ):
        return Missing(sentence, "a number")
    maybe_link = any(mark in sentence for mark in ("](", "://", "www.", "<"))
    links = link_targets(sentence, allow_html=True) if maybe_link else []
    if links and not any(link in present.links for link in links):
        return Missing(sentence, "a link")
    return None


def _counted(kind: str, source: list[str], translated: list[str], pair: Pair) -> Missing | None:
    """Source sentences with a negation (a warning word), and none left in the translation.

    Only none: translators join "Do not drink. Do not drive." into one negated
    sentence (Korean puts one negation at the end), so fewer is not yet missing.
    """
    extra = pair.extra_words
    src, lang = pair.source_language.language, pair.language.language
    if kind == "a negation":
        has = [s for s in source if negation_in(s, src, extra, limits=True)]
        kept = [t for t in translated if negation_in(t, lang, extra) or negation_in(t, src, extra)]
    else:
        pattern, target = warning_pattern(src, extra), warning_pattern(lang, extra)
        if pattern is None or target is None:
            return None
        has = [s for s in source if pattern.search(s)]
        kept = [t for t in translated if target.search(t)]
    if not has or kept or not _knows(lang, kind, extra):
        return None
    later = [s for s in has if source.index(s) >= len(translated)]
    return Missing((later or has)[-1], kind)


def _knows(language: str, kind: str, extra: ExtraWords) -> bool:
    words = language_words(language, extra.for_language(language))
    return bool(words.words("negation" if kind == "a negation" else "warning"))


def omissions(pair: Pair) -> Iterator[str]:
    for missing in missing_sentences(pair):
        yield (
            f"a sentence of the source seems to be missing from the translation: "
            f"{quoted(missing.sentence)} (it carries {missing.carried})"
        )


CHECK = Check(
    "omission",
    ERROR,
    "fewer sentences, and a missing one carried a number, a negation, a warning or a link",
    omissions,
    meaning=True,
)
