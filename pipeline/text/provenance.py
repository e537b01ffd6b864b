"""Who translated a page, who reviewed it and when, and the notice on a held-back version.

Every output of an approved translation says, in the page's language, who
translated it (the catalog's ``Last-Translator``), who reviewed it and when
(``locales/approvals.toml``), and which date of the source it translates. A
translation kept online while it is updated (:mod:`pipeline.publish.continuity`) says
so. These are the tool's words, not a clinic's: the ``provenance:`` entries of
handout's own catalog (:mod:`pipeline.words`); a language without them gets
English, marked with ``lang="en"``. Dates are CLDR's long form through Babel.
The values themselves (:class:`Provenance`, :class:`Notice`) belong to the
publishing rule (:mod:`pipeline.publish.provenance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.languages import Language, parse_language
from pipeline.publish.provenance import Notice, Provenance
from pipeline.text.ui import name_in, reviewed_date
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.groups import fill

__all__ = ["Words", "available_in", "notice_text", "provenance_lines"]


@dataclass(frozen=True)
class Words:
    """The provenance and held-back notice words; ``lang`` is the language they are in."""

    lang: str
    translated_by: str
    reviewed_by: str
    translates: str
    translates_undated: str
    notice_title: str
    notice_source: str
    notice_source_undated: str
    notice_translation: str
    available_in: str


def words_for(language: Language, source: WordSource = BUNDLED_ONLY) -> Words:
    """The ``provenance:`` words: the exact tag, then the bare language (never across
    scripts), else English (:mod:`pipeline.words`)."""
    return fill(Words, "provenance", language, source)


def chrome_lang(words: Words, language: Language) -> str | None:
    """The ``lang`` to mark these words with when they are not in the page's language."""
    return None if language.shares_language(words.lang) else words.lang


def _in_words(words: Words, value: date) -> str:
    """The date as the words' own language writes it (English words, English date)."""
    return reviewed_date(value, parse_language(words.lang))


def provenance_lines(
    provenance: Provenance,
    language: Language,
    source: Language,
    words_from: WordSource = BUNDLED_ONLY,
) -> list[str]:
    """The sentences, in order: translator (if named), reviewer and date, source date."""
    words = words_for(language, words_from)
    reader = parse_language(words.lang)
    lines = []
    if provenance.translator:
        lines.append(words.translated_by.format(name=provenance.translator))
    lines.append(
        words.reviewed_by.format(
            name=provenance.reviewer,
            credential=provenance.credential,
            date=_in_words(words, provenance.reviewed_on),
        )
    )
    source_name = name_in(source, reader)
    if provenance.source_date is not None:
        when = _in_words(words, provenance.source_date)
        lines.append(words.translates.format(source=source_name, date=when))
    else:
        lines.append(words.translates_undated.format(source=source_name))
    return lines


def notice_text(
    notice: Notice, language: Language, source: Language, words_from: WordSource = BUNDLED_ONLY
) -> str:
    """The held-back version's notice in the page's language."""
    words = words_for(language, words_from)
    reader = parse_language(words.lang)
    source_name = name_in(source, reader)
    if not notice.source_changed:
        return words.notice_translation
    if notice.date is None:
        return words.notice_source_undated.format(source=source_name)
    return words.notice_source.format(source=source_name, date=_in_words(words, notice.date))


def available_in(
    language: Language, source: Language, words_from: WordSource = BUNDLED_ONLY
) -> str:
    """ "Available in English", in ``language``: an index entry not translated yet."""
    words = words_for(language, words_from)
    reader = parse_language(words.lang)
    return words.available_in.format(language=name_in(source, reader))
