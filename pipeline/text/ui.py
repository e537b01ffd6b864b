"""The words around an article (skip link, draft banner, menus) in each page's language.

A page is only as readable as its least translated part: a Vietnamese patient
must not meet an English skip link or draft warning. The words belong to the
tool, not to a clinic's articles: they are the ``page:`` entries of handout's
own catalog (:mod:`pipeline.words`). A language without them gets English, and
the template marks that chrome with ``lang="en"`` so screen readers switch
voice. Names of languages and dates come from CLDR through Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from pipeline.languages import Language
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.groups import fill


@dataclass(frozen=True)
class Ui:
    """One language's interface strings; ``lang`` is the language they are actually in."""

    lang: str
    skip: str
    languages: str
    all_languages: str
    articles: str
    choose_language: str
    reviewed: str  # holds "{date}"
    draft_title: str
    draft_body: str  # holds "{source}": the source language's name
    draft_short: str
    other_formats: str
    plain_text: str
    markdown: str
    picture: str  # holds "{alt}"
    table: str

    def reviewed_parts(self) -> tuple[str, str]:
        """The text before and after the date, so the page can wrap the date in ``<time>``."""
        before, _, after = self.reviewed.partition("{date}")
        return before, after


#: CLDR's localeDisplayPattern where it is not "{0} ({1})" (Babel does not ship the pattern).
_DISPLAY_PATTERNS = {"zh": "{0}（{1}）", "yue": "{0}（{1}）", "ja": "{0} ({1})"}
_QUALIFIED = re.compile(r"^(.*) \((.*)\)$")


def ui_for(language: Language, source: WordSource = BUNDLED_ONLY) -> Ui:
    """The page's words for ``language`` (:mod:`pipeline.words`): its tag, the bare language
    (never across scripts), else English; ``source`` adds the project's own ``handout.po``."""
    return fill(Ui, "page", language, source)


def language_name(language: Language) -> str:
    """The language named in itself, as CLDR writes it: "Español", "中文（简体）", "العربية"."""
    name = language.native_name
    pattern = _DISPLAY_PATTERNS.get(language.language)
    match = _QUALIFIED.match(name)
    if pattern is not None and match is not None:
        return pattern.format(match.group(1), match.group(2))
    return name


def name_in(language: Language, reader: Language) -> str:
    """``language`` named in ``reader``'s language ("inglés" for a Spanish reader)."""
    name = reader.locale.languages.get(language.language) or language.bcp47
    return str(name)


def reviewed_date(value: date, language: Language) -> str:
    """The long date form of ``language``'s locale ("26 de noviembre de 2026")."""
    return str(format_date(value, format="long", locale=language.locale))
