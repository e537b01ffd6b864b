"""Article + catalog → localized article, block by block.

A translation replaces a block's :class:`~pipeline.article.model.Text` as a
whole (never search-and-replace over rendered text). Renderers later parse the
msgstr with the same inline Markdown parser as the source, with raw HTML off,
so a translation can carry emphasis and links but never markup of its own: the
few HTML tags an article may use (``<b>``, ``<sup>`` …) are rendered in a
translation only if its source has them too; otherwise they stay text.
Blocks without a usable translation keep the source text and are tagged with
the source language, so a draft page can mark them with ``lang``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import polib

from pipeline.article.html_policy import html_tags
from pipeline.article.model import Article, Text
from pipeline.languages import Language


@dataclass(frozen=True)
class Localized:
    """One article in one language, and how complete its translation is."""

    article: Article
    language: Language
    source_language: Language
    untranslated: int
    fuzzy: int

    @property
    def complete(self) -> bool:
        return self.untranslated == 0 and self.fuzzy == 0


def translations_of(catalog: polib.POFile) -> tuple[dict[str, str], set[str]]:
    """Usable translations (translated, not fuzzy, not obsolete) and the fuzzy msgids."""
    usable: dict[str, str] = {}
    fuzzy: set[str] = set()
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            fuzzy.add(entry.msgid)
        elif entry.msgstr:
            usable[entry.msgid] = entry.msgstr
    return usable, fuzzy


def localize(
    article: Article,
    language: Language,
    source_language: Language,
    translations: Mapping[str, str],
    fuzzy: set[str] | frozenset[str] = frozenset(),
) -> Localized:
    """Apply ``translations`` (msgid → msgstr) to every translatable text of ``article``."""
    if language == source_language:
        return Localized(article, language, source_language, 0, 0)
    missing: set[str] = set()

    def change(text: Text) -> Text:
        if not text.translatable:
            return text
        translated = translations.get(text.markdown)
        if translated:
            added = html_tags(translated) - html_tags(text.markdown)
            return dataclasses.replace(text, markdown=translated, html=not added)
        missing.add(text.markdown)
        return dataclasses.replace(text, lang=source_language.bcp47)

    localized = article.map_texts(change)
    fuzzy_missing = missing & set(fuzzy)
    return Localized(
        article=dataclasses.replace(
            localized, meta=dataclasses.replace(localized.meta, language=language.bcp47)
        ),
        language=language,
        source_language=source_language,
        untranslated=len(missing - fuzzy_missing),
        fuzzy=len(fuzzy_missing),
    )
