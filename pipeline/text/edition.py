"""One localized article as it is about to be written: what every text renderer needs.

The HTML, plain-text and Markdown renderers take the same :class:`Edition`, so
a page, its text file and its Markdown can never disagree about the title, the
draft status or which languages exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.article.model import Section, Text
from pipeline.languages import Language, parse_language
from pipeline.localize import Localized
from pipeline.publish.provenance import Notice, Provenance
from pipeline.text.page_audio import NoVoiceNotice, PageAudio
from pipeline.text.provenance import chrome_lang as words_lang
from pipeline.text.provenance import notice_text, provenance_lines, words_for
from pipeline.text.ui import Ui, name_in, reviewed_date, ui_for
from pipeline.words.catalog import BUNDLED_ONLY, WordSource


@dataclass(frozen=True)
class Edition:
    """A localized article plus its publishing context.

    ``draft`` is true when the article is built although the publishing rule
    refused it (``--draft``); ``published`` lists the languages this article
    is published in, for the language switcher and ``hreflang`` alternates.
    """

    localized: Localized
    draft: bool
    clinic: str
    published: tuple[Language, ...]
    audio: PageAudio | None = None  # the spoken version, when one is built and current
    no_voice: NoVoiceNotice | None = None  # the language has no voice: say so, point to the EPUB
    provenance: Provenance | None = None  # an approved translation: who translated, reviewed
    notice: Notice | None = None  # a previous version kept online while it is updated
    words: WordSource = BUNDLED_ONLY  # where the project's own handout.po files are

    @property
    def language(self) -> Language:
        return self.localized.language

    @property
    def ui(self) -> Ui:
        return ui_for(self.language, self.words)

    @property
    def slug(self) -> str:
        return self.localized.article.slug

    @property
    def headline(self) -> Text:
        """The page's one top heading: the body's level-1 heading, else the title."""
        first = self.localized.article.sections[:1]
        if first and first[0].heading is not None and first[0].heading.level == 1:
            return first[0].heading.text
        return self.localized.article.meta.title

    @property
    def headline_anchor(self) -> str:
        first = self.localized.article.sections[:1]
        if first and first[0].heading is not None and first[0].heading.level == 1:
            return first[0].heading.anchor
        return "title"

    @property
    def body(self) -> tuple[Section, ...]:
        """The sections, without the level-1 heading that :attr:`headline` already shows."""
        sections = self.localized.article.sections
        if sections and sections[0].heading is not None and sections[0].heading.level == 1:
            rest = Section(None, sections[0].blocks)
            return (rest, *sections[1:]) if rest.blocks else sections[1:]
        return sections

    @property
    def reviewed(self) -> str | None:
        """The review date as the words around it write it; none on a draft, whose text nobody
        reviewed. Where "Reviewed on" falls back to English, so does the date: "Reviewed on
        26 novembre 2026" would be read with English rules inside its ``lang="en"``."""
        value = self.localized.article.meta.reviewed
        if value is None or self.draft:
            return None
        return reviewed_date(value, self._words_language)

    @property
    def _words_language(self) -> Language:
        """The language the page's own words are in: the page's, or the one they fell back to."""
        ui = self.ui
        return self.language if self.language.shares_language(ui.lang) else parse_language(ui.lang)

    @property
    def draft_body(self) -> str:
        """The banner's sentence, naming the source language in the sentence's own language
        (an English sentence on a Haitian page says "English", not Haitian's name for it)."""
        source = name_in(self.localized.source_language, self._words_language)
        return self.ui.draft_body.format(source=source)

    @property
    def provenance_lines(self) -> tuple[str, ...]:
        """Who translated and reviewed it, and the source's date, in the page's language."""
        if self.provenance is None or self.draft:
            return ()
        source = self.localized.source_language
        lines = provenance_lines(self.provenance, self.language, source, self.words)
        return tuple(lines)

    @property
    def notice_text(self) -> str | None:
        """The held-back version's notice in the page's language, if it is one."""
        if self.notice is None:
            return None
        return notice_text(self.notice, self.language, self.localized.source_language, self.words)

    @property
    def notice_title(self) -> str:
        return words_for(self.language, self.words).notice_title

    @property
    def provenance_lang(self) -> str | None:
        """``lang`` of the provenance and notice words when they are not the page's language."""
        return words_lang(words_for(self.language, self.words), self.language)
