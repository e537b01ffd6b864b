"""The groups of words the renderers take whole, as frozen values with their ``lang``.

A group's fields are named like its msgctxts in ``handout.pot`` (``book:ebook``
fills :attr:`BookStrings.ebook`), so adding a word is adding a field and an
entry to the template and the bundled catalogs. The book's and the printed
handout's words live here, below ``text``, because the article page links
to both (its "Other formats" list) and must not import the books' code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar, cast

from pipeline.languages import Language
from pipeline.words.catalog import BUNDLED_ONLY, WordSource
from pipeline.words.lookup import group

T = TypeVar("T")


@dataclass(frozen=True)
class BookStrings:
    """The words a book adds; ``lang`` is the language they are actually in."""

    lang: str
    contents: str
    summary: str  # what the book offers every reader
    summary_narrated: str  # added when a voice reads the book
    ebook: str  # link label on the article page
    large_print: str  # link label on the article page


@dataclass(frozen=True)
class PrintStrings:
    """The words a printed handout adds: what its QR code is for, and the page's link to it."""

    lang: str  # the language these words are in
    listen_online: str  # above the address, when the page has its recording
    read_online: str  # above the address, when it has none (no voice for the language)
    qr_alt: str  # the QR code's alternative text
    handout: str  # link label on the article page: the standard-size PDF


def fill(cls: type[T], name: str, language: Language, source: WordSource = BUNDLED_ONLY) -> T:
    """A ``cls`` (a frozen dataclass with ``lang`` and one str field per word) for ``language``."""
    keys = tuple(f.name for f in fields(cast(Any, cls)) if f.name != "lang")
    found = group(language, name, keys, source)
    make: Any = cls  # a dataclass whose fields were just listed
    return cast(T, make(lang=found.lang, **found.texts))


def book_strings(language: Language, source: WordSource = BUNDLED_ONLY) -> BookStrings:
    return fill(BookStrings, "book", language, source)


def print_strings(language: Language, source: WordSource = BUNDLED_ONLY) -> PrintStrings:
    return fill(PrintStrings, "print", language, source)
