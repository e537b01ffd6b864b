"""Localized article → the book's chapters: element trees in which every sentence has an id.

One chapter per article section, as in the audio (one overlay each, one entry
in the navigation). The first chapter opens with the article's heading, the
clinic and the review date, as the page does. Sentences are numbered in
reading order across the whole book, which is also the order the audio
speaks them, so the n-th narrated sentence element is the n-th cue.

The books carry no images (remote pictures cannot go inside an EPUB, and
nothing here fetches them): a picture is its alt text, which is also what
the voice reads. Only links a reader can follow from a book are kept: web,
e-mail and phone links, and links to a heading of this article.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import assert_never

from pipeline.article.inline import text_of
from pipeline.article.model import (
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Section,
    Table,
    Text,
)
from pipeline.book.model import BookContent, Chapter, Sentence, chapter_id
from pipeline.book.node import Content, Node, node
from pipeline.book.sentences import LinkPolicy, SentenceIds, segment
from pipeline.book.strings import strings_for
from pipeline.text.edition import Edition

#: Link schemes a reader can follow from inside a book.
BOOK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_ALIGN = {"left": "start", "right": "end", "center": "center"}


def book_content(edition: Edition) -> BookContent:
    """Chapters of ``edition``, built once and shared by the EPUB and the PDF so they agree."""
    article = edition.localized.article
    sections = article.sections or (Section(None, ()),)
    files = _anchor_files(edition, sections)
    builder = _Builder(edition, _link_policy(files))
    chapters = []
    for number, section in enumerate(sections, start=1):
        children: list[Node | str] = []
        heading = section.heading
        if number == 1:
            children.append(builder.header())
            if heading is not None and heading.level == 1:
                heading = None  # it is the headline
        if heading is not None:
            children.extend(builder.block(heading))
        for block in section.blocks:
            children.extend(builder.block(block))
        shown, anchor = edition.headline, edition.headline_anchor
        if number > 1 and section.heading is not None:  # every later section starts at one
            shown, anchor = section.heading.text, section.heading.anchor
        body = node(
            "section",
            {
                "id": chapter_id(number),
                "epub:type": "chapter",
                "role": "doc-chapter",
                "aria-labelledby": anchor,
            },
            *children,
        )
        chapters.append(
            Chapter(number, text_of(shown.markdown), shown.lang, anchor, body, builder.take())
        )
    meta = article.meta
    return BookContent(
        edition=edition,
        strings=strings_for(edition.language, edition.words),
        title=text_of(meta.title.markdown),
        description=text_of(meta.description.markdown) if meta.description else "",
        chapters=tuple(chapters),
        unspoken=builder.unspoken,
    )


def file_name(number: int) -> str:
    return f"section-{number:02d}.xhtml"


def _anchor_files(edition: Edition, sections: tuple[Section, ...]) -> dict[str, str]:
    """Which content document holds each heading id, for links between headings."""
    files = {edition.headline_anchor: file_name(1)}
    for number, section in enumerate(sections, start=1):
        headings = [b for b in _all_blocks(section.blocks) if isinstance(b, Heading)]
        if section.heading is not None:
            headings.append(section.heading)
        for heading in headings:
            files.setdefault(heading.anchor, file_name(number))
    return files


def _all_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    found: list[Block] = []
    for block in blocks:
        found.append(block)
        match block:
            case ListBlock():
                for item in block.items:
                    found.extend(_all_blocks(item.blocks))
            case Quote():
                found.extend(_all_blocks(block.blocks))
            case Heading() | Paragraph() | Image() | Table() | Code() | RawHtml() | Rule():
                pass  # no blocks inside
            case _:
                assert_never(block)
    return found


def _link_policy(files: dict[str, str]) -> LinkPolicy:
    def usable(href: str) -> str | None:
        if href.startswith("#"):
            target = files.get(href[1:])
            return None if target is None else f"{target}{href}"
        return href if href.lower().startswith(BOOK_SCHEMES) else None

    return usable


class _Builder:
    """Turns blocks into elements; collects each chapter's sentences as it goes."""

    def __init__(self, edition: Edition, link: LinkPolicy) -> None:
        self.edition = edition
        self.language = edition.language.bcp47
        source = edition.localized.source_language
        language = edition.language
        self.fallback_dir = source.direction if source.direction != language.direction else ""
        self.ui = edition.ui
        self.link = link
        self.ids = SentenceIds()
        self.sentences: list[Sentence] = []
        self.unspoken = False

    def take(self) -> tuple[Sentence, ...]:
        taken, self.sentences = tuple(self.sentences), []
        return taken

    def text(self, text: Text) -> Content:
        segmented = segment(text, self.language, self.ids, self.link)
        self.sentences.extend(segmented.sentences)
        return segmented.content

    def attrs(self, text: Text) -> dict[str, str]:
        """``lang`` (and ``dir``) for a text that fell back to the source language."""
        if not text.lang:
            return {}
        attrs = {"lang": text.lang, "xml:lang": text.lang}
        return {**attrs, "dir": self.fallback_dir} if self.fallback_dir else attrs

    def header(self) -> Node:
        edition = self.edition
        headline = edition.headline
        parts: list[Node] = []
        # The audio speaks the headline only: the clinic's name and the review date go unread.
        self.unspoken = self.unspoken or bool(edition.clinic or edition.reviewed)
        if edition.clinic:
            source = edition.localized.source_language.bcp47
            same = edition.language.shares_language(source)
            lang = {} if same else {"lang": source, "xml:lang": source}
            parts.append(node("p", {"class": "clinic", **lang}, edition.clinic))
        anchor = {"id": edition.headline_anchor}
        parts.append(node("h1", {**anchor, **self.attrs(headline)}, *self.text(headline)))
        if edition.reviewed:
            before, after = self.ui.reviewed_parts()
            iso = edition.localized.article.meta.reviewed
            when = node("time", {"datetime": iso.isoformat() if iso else ""}, edition.reviewed)
            chrome = self.ui.lang
            same = edition.language.shares_language(chrome)
            lang = {} if same else {"lang": chrome, "xml:lang": chrome}
            parts.append(node("p", {"class": "reviewed", **lang}, before, when, after))
        parts += self.provenance()
        return node("header", None, *parts)

    def provenance(self) -> list[Node]:
        """The held-back notice and who translated and reviewed it: read, not spoken."""
        edition = self.edition
        tag = edition.provenance_lang
        lang = {"lang": tag, "xml:lang": tag} if tag else {}
        parts = []
        if edition.notice_text:
            parts.append(node("p", {"class": "update-notice", **lang}, edition.notice_text))
        parts += [
            node("p", {"class": "provenance", **lang}, line) for line in edition.provenance_lines
        ]
        self.unspoken = self.unspoken or bool(parts)
        return parts

    def block(self, block: Block, tight: bool = False) -> list[Node | str]:
        match block:
            case Heading():
                level = min(block.level, 6)
                attrs = {"id": block.anchor, **self.attrs(block.text)}
                return [node(f"h{level}", attrs, *self.text(block.text))]
            case Paragraph():
                return self._paragraph(block, tight)
            case Image():
                before, _, after = self.ui.picture.partition("{alt}")
                alt = self.text(block.alt)
                attrs = {"class": "picture", **self.attrs(block.alt)}
                return [node("p", attrs, before, *alt, after)]
            case ListBlock():
                return [self._list(block)]
            case Quote():
                inner = [n for b in block.blocks for n in self.block(b)]
                return [node("blockquote", None, *inner)]
            case Table():
                return [self._table(block)]
            case Code():
                self.unspoken = True
                return [node("pre", None, node("code", None, block.code.rstrip("\n")))]
            case RawHtml():
                words = raw_text(block.html)
                if not words:
                    return []
                self.unspoken = True
                return [node("p", {"class": "raw"}, words)]
            case Rule():
                return [node("hr")]
            case _:
                assert_never(block)

    def _paragraph(self, block: Paragraph, tight: bool) -> list[Node | str]:
        if tight:
            attrs = self.attrs(block.text)
            content = self.text(block.text)
            return [node("span", attrs, *content)] if attrs else list(content)
        return [node("p", self.attrs(block.text), *self.text(block.text))]

    def _list(self, block: ListBlock) -> Node:
        items = [
            node("li", None, *[n for b in item.blocks for n in self.block(b, block.tight)])
            for item in block.items
        ]
        if not block.ordered:
            return node("ul", None, *items)
        start = {"start": str(block.start)} if block.start != 1 else {}
        return node("ol", start, *items)

    def _table(self, block: Table) -> Node:
        def cell(tag: str, index: int, text: Text) -> Node:
            align = _ALIGN.get(block.aligns[index] if index < len(block.aligns) else "")
            attrs = {"scope": "col"} if tag == "th" else {}
            if align:
                attrs["class"] = f"align-{align}"
            return node(tag, {**attrs, **self.attrs(text)}, *self.text(text))

        head = node("tr", None, *[cell("th", i, t) for i, t in enumerate(block.header)])
        rows = [node("tr", None, *[cell("td", i, t) for i, t in enumerate(r)]) for r in block.rows]
        return node("table", None, node("thead", None, head), node("tbody", None, *rows))


class _TextOnly(HTMLParser):
    """The words of the author's raw HTML; scripts and styles are not words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self.skipping += 1
        self.words.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1
        self.words.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.words.append(data)


def raw_text(html: str) -> str:
    """Raw HTML as one line of words: a book cannot run or style the author's markup."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.words)).strip()
