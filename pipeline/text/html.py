"""Accessible HTML pages from one Jinja2 template family, autoescape always on.

Every value reaches the page through Jinja's autoescaping; translated text is
walked token by token (:mod:`pipeline.article.inline`), so a msgstr can add
emphasis or a checked link but never an element, an attribute or a script. The
only unescaped markup is the source author's own raw HTML blocks.

The templates are split by job (``base.html`` layout, ``article.html`` with
named blocks for later parts such as an audio player or EPUB/PDF links,
``_blocks.html`` for the article model), and the CSS is inlined so a single
saved or e-mailed page still looks right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.article.inline import inline_tokens, plain_text
from pipeline.languages import Language
from pipeline.text.edition import Edition
from pipeline.text.provenance import available_in, words_for
from pipeline.text.provenance import chrome_lang as words_lang
from pipeline.text.ui import Ui, language_name, ui_for
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.groups import book_strings, print_strings


@dataclass(frozen=True)
class LanguageLink:
    """A link to the same content in another language, for menus and ``hreflang``."""

    tag: str
    name: str
    direction: str
    href: str
    current: bool


@dataclass(frozen=True)
class IndexEntry:
    """One published article in a language's index."""

    slug: str
    title: str
    description: str
    fallback: Language | None = None  # not online in this language: links the source's page


@dataclass(frozen=True)
class FormatLink:
    label: str
    href: str
    mime: str
    lang: str = ""  # the label's language when it is not the list's, else ""


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline.text", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline_tokens
    env.filters["plain"] = lambda text: plain_text(inline_tokens(text))
    env.filters["kind"] = lambda obj: type(obj).__name__
    return env


def language_link(language: Language, href: str, current: Language | None = None) -> LanguageLink:
    return LanguageLink(
        tag=language.bcp47,
        name=language_name(language),
        direction=language.direction,
        href=href,
        current=language == current,
    )


def render_article(edition: Edition) -> str:
    """``build/<tag>/<slug>.html``."""
    language = edition.language
    switcher = list(edition.published)
    if language not in switcher:
        switcher.append(language)
    links = tuple(
        language_link(other, f"../{other.bcp47}/{edition.slug}.html", language)
        for other in switcher
    )
    ui = edition.ui
    article = edition.localized.article
    reviewed = article.meta.reviewed
    source = edition.localized.source_language
    context = {
        **_page(language, ui, edition.clinic, source),
        "title": plain_text(inline_tokens(article.meta.title)),
        "description": (
            plain_text(inline_tokens(article.meta.description)) if article.meta.description else ""
        ),
        "headline": edition.headline,
        "headline_anchor": edition.headline_anchor,
        "sections": edition.body,
        "reviewed": edition.reviewed,
        "reviewed_iso": reviewed.isoformat() if reviewed else "",
        "draft": edition.draft,
        "draft_body": edition.draft_body,
        "languages": links,
        # A draft is no alternate version of the article: only published pages are announced.
        "alternates": tuple(link for link in links if not (link.current and edition.draft)),
        "fallback_dir": source.direction if source.direction != language.direction else "",
        "formats": (
            FormatLink(ui.plain_text, f"{edition.slug}.txt", "text/plain"),
            FormatLink(ui.markdown, f"{edition.slug}.md", "text/markdown"),
            *_book_links(edition),
        ),
        "index_href": "index.html",
        "audio": edition.audio,
        "no_voice": edition.no_voice,
        "notice": edition.notice_text,
        "notice_title": edition.notice_title,
        "provenance": edition.provenance_lines,
        "words_lang": (
            Markup(' lang="%s"') % edition.provenance_lang if edition.provenance_lang else ""
        ),
    }
    return environment().get_template("article.html").render(context)


def _book_links(edition: Edition) -> tuple[FormatLink, ...]:
    """The EPUB and the two PDFs, which the build makes for published pages only."""
    if edition.draft:
        return ()
    words = book_strings(edition.language, edition.words)
    printed = print_strings(edition.language, edition.words)
    around = edition.ui.lang  # the list's own language (its heading's)
    book_lang = _other_lang(words.lang, around)
    return (
        FormatLink(words.ebook, f"{edition.slug}.epub", "application/epub+zip", book_lang),
        FormatLink(
            printed.handout,
            f"{edition.slug}.pdf",
            "application/pdf",
            _other_lang(printed.lang, around),
        ),
        FormatLink(
            words.large_print, f"{edition.slug}.large-print.pdf", "application/pdf", book_lang
        ),
    )


def _other_lang(tag: str, around: str) -> str:
    """The words' language if it is not the surrounding element's, else ""."""
    return "" if tag == around else tag


def render_language_index(
    language: Language,
    entries: tuple[IndexEntry, ...],
    languages: tuple[Language, ...],
    clinic: str,
    source: Language,
    words: WordSource = BUNDLED_ONLY,
) -> str:
    """``build/<tag>/index.html``: the articles published in ``language``."""
    ui = ui_for(language, words)
    context = {
        **_page(language, ui, clinic, source),
        "entries": entries,
        "available_in": available_in(language, source, words),
        "available_lang": words_lang(words_for(language, words), language) or "",
        "languages": tuple(
            language_link(other, f"../{other.bcp47}/index.html", language) for other in languages
        ),
    }
    return environment().get_template("language_index.html").render(context)


def render_site_index(
    source: Language,
    languages: tuple[Language, ...],
    clinic: str,
    words: WordSource = BUNDLED_ONLY,
) -> str:
    """``build/index.html``: every published language, each named in itself."""
    context = {
        **_page(source, ui_for(source, words), clinic, source),
        "choices": tuple(
            language_link(other, f"{other.bcp47}/index.html", None) for other in languages
        ),
    }
    return environment().get_template("site_index.html").render(context)


def _page(language: Language, ui: Ui, clinic: str, source: Language) -> dict[str, Any]:
    return {
        "lang": language.bcp47,
        "dir": language.direction,
        "ui": ui,
        # Interface strings borrowed from another language are marked, so screen readers switch.
        "chrome_lang": (
            Markup("")
            if language.shares_language(ui.lang)
            else Markup(' lang="%s"') % ui.lang
        ),
        "clinic": clinic,
        # The clinic's name is written in the source language.
        "clinic_lang": _lang_attr(source.bcp47, language),
    }


def _lang_attr(tag: str, page: Language) -> Markup:
    """`` lang="…"`` for text in another language than the page's, else nothing."""
    return Markup("") if page.shares_language(tag) else Markup(' lang="%s"') % tag
