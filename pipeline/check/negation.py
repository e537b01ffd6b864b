"""``negation``: a "do not", "never" or "avoid" of the source must not vanish in translation.

"Never take more than 4 tablets" without its "never" is an instruction to
overdose. Each language's negation markers (particles, prohibitive verbs,
"avoid" and "stop") are data in ``pipeline/quantity/data/<language>.toml``; a
clinic adds its own languages' in handout.toml (``[checks.<lang>] negation``).
Limit phrases ("no more than", "at least") are left to the ``quantities``
check, which compares their direction. Sentences are compared one to one when
both texts have as many; otherwise the message as a whole must keep a negation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pipeline.check.base import Check, Pair, quoted
from pipeline.check.findings import ERROR
from pipeline.check.hidden import strip_hidden
from pipeline.check.sentences import split_sentences
from pipeline.quantity.model import UPPER
from pipeline.quantity.patterns import alternation
from pipeline.quantity.words import ExtraWords, language_words

#: Typographic apostrophes, read as the ASCII one the word lists use ("*n't").
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


@lru_cache(maxsize=64)
def _patterns(language: str, extra: ExtraWords) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """(negation markers, limits) of a language; None if handout has no markers for it.

    The limits pattern also takes a negation just before a limit ("do not take
    more than", "never more than"): that is an upper limit, not a prohibition.
    """
    words = language_words(language, extra.for_language(language))
    markers = words.words("negation")
    if not markers:
        return None
    negation = alternation(markers)
    limits = alternation([*words.words("upper"), *words.words("lower")])
    limit = rf"(?:(?:{negation})(?:\W+\w+){{0,2}}?\W+)?(?:{limits})"
    return re.compile(negation, re.I), re.compile(limit, re.I)


@lru_cache(maxsize=8192)
def negation_in(text: str, language: str, extra: ExtraWords, *, limits: bool = False) -> str | None:
    """The first negation marker of ``text``, or None.

    With ``limits`` (for a source), limit phrases and the negation that makes
    one are set aside: the ``quantities`` check compares those.
    """
    patterns = _patterns(language, extra)
    if patterns is None:
        return None
    markers, limit = patterns
    plain = strip_hidden(text).translate(_APOSTROPHES)  # "Don’t" is "Don't"
    if limits:
        plain = limit.sub(" ", plain)
    match = markers.search(plain)
    return match.group(0) if match else None


def _negated(text: str, language: str, source: str, extra: ExtraWords) -> bool:
    """A negation of the translation's language, or a source-language one it kept as it is."""
    return bool(negation_in(text, language, extra) or negation_in(text, source, extra))


def knows(language: str, extra: ExtraWords) -> bool:
    return _patterns(language, extra) is not None


def lost_negations(pair: Pair) -> Iterator[str]:
    source_lang, lang = pair.source_language.language, pair.language.language
    extra = pair.extra_words
    if not knows(source_lang, extra) or not knows(lang, extra):
        return
    if negation_in(pair.source, source_lang, extra, limits=True) is None:
        yield from _lost_limit_negation(pair)
        return
    source = split_sentences(pair.source)
    translated = split_sentences(pair.translation)
    pairs = list(zip(source, translated, strict=True)) if len(source) == len(translated) else []
    if not pairs:
        pairs = [(pair.source, pair.translation)]
    for source_text, translated_text in pairs:
        marker = negation_in(source_text, source_lang, extra, limits=True)
        if marker and not _negated(translated_text, lang, source_lang, extra):
            yield (
                f'the source negates or forbids ("{marker}" in {quoted(source_text)}) but the '
                f'translation {quoted(translated_text)} has no negation: was the "{marker}" lost?'
            )


def _lost_limit_negation(pair: Pair) -> Iterator[str]:
    """ "Never take more than 4 tablets" → "Take more than 4 tablets": the "never" is gone.

    A negation that makes an upper limit is left to ``quantities`` while the translation
    keeps an upper limit its own way ("4 tablets 이하", "como máximo"); with neither that
    limit nor any negation left, the negation itself was lost.
    """
    from pipeline.check.quantities import compare  # quantities reads limits with negations

    source_lang, lang = pair.source_language.language, pair.language.language
    marker = negation_in(pair.source, source_lang, pair.extra_words)
    if marker is None or _negated(pair.translation, lang, source_lang, pair.extra_words):
        return
    for match in compare(pair).matched:
        if match.source.limit == UPPER and match.translation.limit != UPPER:
            yield (
                f'the source negates or forbids ("{marker}" in {quoted(pair.source)}) but the '
                f'translation {quoted(pair.translation)} has no negation: was the "{marker}" lost?'
            )
            return


CHECK = Check(
    "negation",
    ERROR,
    'a "do not", "never", "avoid" or "stop" of the source with no negation in the translation',
    lost_negations,
    meaning=True,
)
