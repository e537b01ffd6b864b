"""The article model: article → sections → blocks → translatable texts.

Everything is a frozen dataclass so a parsed article can be shared between
renderers, worker processes and caches without defensive copies. The unit of
translation is :class:`Text`: one block's own inline Markdown, exactly as the
author wrote it (the Sphinx rule: the msgid is the block's own markup). A
localized article is the same tree with each ``Text`` replaced, which is what
lets every renderer work on source and translation alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import assert_never

from markdown_it.common.utils import unescapeAll


@dataclass(frozen=True)
class Text:
    """A run of inline Markdown that becomes one catalog message.

    ``kind`` is the label translators see as the extracted comment
    (``heading, level 2``, ``table cell`` …); ``comment`` is the author's
    ``<!-- translators: … -->`` note; ``lang`` is set on a localized text that
    fell back to the source language (drafts), so pages can mark it. ``html`` is
    false for a translation holding HTML tags its source does not have: its tags
    are shown as text, never rendered.
    """

    markdown: str
    line: int
    kind: str
    comment: str = ""
    lang: str | None = None
    html: bool = True

    @property
    def translatable(self) -> bool:
        return bool(self.markdown.strip())


@dataclass(frozen=True)
class Heading:
    level: int
    text: Text
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    text: Text


@dataclass(frozen=True)
class Image:
    """An image standing alone in its paragraph: only its alt text is translated."""

    alt: Text
    src: str
    title: str


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class ListBlock:
    """``marker`` is the bullet (``-``, ``*``, ``+``) or the number's delimiter (``.``,
    ``)``) the author wrote: two lists in a row differ by it, or they would be one."""

    ordered: bool
    start: int
    tight: bool
    items: tuple[ListItem, ...]
    line: int
    marker: str = ""


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Table:
    """A GitHub-style table; ``aligns`` holds ``left``/``center``/``right`` or ``""``."""

    aligns: tuple[str, ...]
    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    line: int


@dataclass(frozen=True)
class Code:
    """A code block: passes through untranslated."""

    info: str
    code: str
    line: int

    @property
    def language(self) -> str:
        """The info string's first word, unescaped, as CommonMark gives it to the page."""
        words = unescapeAll(self.info).split()
        return words[0] if words else ""


@dataclass(frozen=True)
class RawHtml:
    """Raw HTML from the source author (trusted, unlike translations): passes through."""

    html: str
    line: int


@dataclass(frozen=True)
class Rule:
    line: int


#: Every kind of block. Each dispatch over blocks is a ``match`` ending in
#: ``assert_never``, so ``mypy --strict`` names every place a new kind must be handled.
Block = Heading | Paragraph | Image | ListBlock | Quote | Table | Code | RawHtml | Rule


@dataclass(frozen=True)
class Section:
    """A part of the article that starts at a heading of level 1 or 2 (or at the top).

    Sections are what a listener jumps between: audio chapters, navigation.
    """

    heading: Heading | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Meta:
    title: Text
    description: Text | None
    language: str
    reviewed: date | None
    authors: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One source article (or one localization of it)."""

    slug: str
    path: str
    meta: Meta
    sections: tuple[Section, ...]

    def texts(self) -> Iterator[Text]:
        """Every translatable text in reading order, front matter first."""
        yield self.meta.title
        if self.meta.description is not None:
            yield self.meta.description
        for section in self.sections:
            if section.heading is not None:
                yield section.heading.text
            yield from _block_texts(section.blocks)

    def map_texts(self, change: Callable[[Text], Text]) -> Article:
        """The same article with every translatable text passed through ``change``."""
        meta = dataclasses.replace(
            self.meta,
            title=change(self.meta.title),
            description=None if self.meta.description is None else change(self.meta.description),
        )
        sections = tuple(
            Section(
                heading=None
                if s.heading is None
                else dataclasses.replace(s.heading, text=change(s.heading.text)),
                blocks=tuple(_map_block(b, change) for b in s.blocks),
            )
            for s in self.sections
        )
        return dataclasses.replace(self, meta=meta, sections=sections)


def _block_texts(blocks: tuple[Block, ...]) -> Iterator[Text]:
    for block in blocks:
        match block:
            case Heading() | Paragraph():
                yield block.text
            case Image():
                yield block.alt
            case ListBlock():
                for item in block.items:
                    yield from _block_texts(item.blocks)
            case Quote():
                yield from _block_texts(block.blocks)
            case Table():
                yield from block.header
                for row in block.rows:
                    yield from row
            case Code() | RawHtml() | Rule():
                pass  # nothing in them is translated
            case _:
                assert_never(block)


def _map_block(block: Block, change: Callable[[Text], Text]) -> Block:
    match block:
        case Heading() | Paragraph():
            return dataclasses.replace(block, text=change(block.text))
        case Image():
            return dataclasses.replace(block, alt=change(block.alt))
        case ListBlock():
            items = tuple(
                ListItem(tuple(_map_block(b, change) for b in item.blocks), item.line)
                for item in block.items
            )
            return dataclasses.replace(block, items=items)
        case Quote():
            return dataclasses.replace(
                block, blocks=tuple(_map_block(b, change) for b in block.blocks)
            )
        case Table():
            return dataclasses.replace(
                block,
                header=tuple(change(t) for t in block.header),
                rows=tuple(tuple(change(t) for t in row) for row in block.rows),
            )
        case Code() | RawHtml() | Rule():
            return block
        case _:
            assert_never(block)
