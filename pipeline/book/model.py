"""The book's values, frozen, passed from content to narration to the EPUB and PDF writers.

Data flow: :class:`~pipeline.text.edition.Edition` → :class:`BookContent`
(:mod:`pipeline.book.content`: chapters of element trees, every sentence an
element with an id) → :class:`Narration` (:mod:`pipeline.book.narration`: the
audio build's sentence timings, matched to those ids) → :class:`Book` →
``.epub`` (:mod:`pipeline.book.epub`) and ``.large-print.pdf``
(:mod:`pipeline.print.large_print`), each a :class:`BookFile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.book.node import Node
from pipeline.book.strings import BookStrings
from pipeline.printing import PrintSettings
from pipeline.text.edition import Edition


@dataclass(frozen=True)
class Sentence:
    """One sentence as the speech package splits it: the unit a reading app highlights."""

    id: str  # element id, unique in the book
    text: str  # exactly the audio's sentence (its WebVTT cue text)


@dataclass(frozen=True)
class Chapter:
    """One section of the article: one content document, one overlay, one entry in the nav."""

    number: int  # 1-based
    title: str
    title_lang: str | None  # set when the heading fell back to the source language
    anchor: str  # the id of its heading, for the nav
    body: Node  # the <section> element
    sentences: tuple[Sentence, ...]

    @property
    def name(self) -> str:
        """File stem inside the EPUB: ``section-01``."""
        return f"section-{self.number:02d}"

    @property
    def element_id(self) -> str:
        return chapter_id(self.number)


def chapter_id(number: int) -> str:
    """The id of chapter ``number``'s ``<section>`` (``_`` never occurs in a heading anchor)."""
    return f"chapter_{number}"


@dataclass(frozen=True)
class BookContent:
    """The localized article as the books show it."""

    edition: Edition
    strings: BookStrings
    title: str
    description: str
    chapters: tuple[Chapter, ...]
    unspoken: bool  # holds text the voice never reads (code, raw HTML, clinic, review date)

    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for chapter in self.chapters for s in chapter.sentences)


@dataclass(frozen=True)
class Clip:
    """A sentence's span in the narration."""

    sentence: str  # Sentence.id
    start_ms: int
    end_ms: int

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class Narration:
    """The audio build's MP3 and, for each narrated sentence, its clip in it."""

    audio: bytes = field(repr=False)
    clips: tuple[Clip, ...]


@dataclass(frozen=True)
class Book:
    content: BookContent
    narration: Narration | None
    printing: PrintSettings = field(default_factory=PrintSettings)  # paper, the page's address

    @property
    def narrated(self) -> bool:
        return self.narration is not None

    @property
    def fully_narrated(self) -> bool:
        """Every sentence has its clip and nothing goes unread: listening alone is enough."""
        if self.narration is None or self.content.unspoken:
            return False
        return len(self.narration.clips) == len(self.content.sentences())


@dataclass(frozen=True)
class BookFile:
    """A rendered book and anything its renderer wants the user to know."""

    data: bytes = field(repr=False)
    warnings: tuple[str, ...] = ()
