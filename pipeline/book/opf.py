"""The package document: what the book is, what is in it, in which order, and how to read it.

Everything in it is derived from the inputs (no clock, no random ids), so a
rebuild from the same article, catalog and audio gives the same bytes: the
identifier is a name-based UUID of clinic, article and language, and
``dcterms:modified`` is the article's review date.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pipeline.book.a11y import accessibility
from pipeline.book.content import file_name
from pipeline.book.model import Book, Chapter
from pipeline.book.nav import NAV_NAME
from pipeline.book.node import Node, node, serialize
from pipeline.book.smil import AUDIO_NAME, Overlay, clock
from pipeline.book.xhtml import STYLESHEET
from pipeline.text.edition import Edition

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
ACTIVE_CLASS = "-epub-media-overlay-active"
PLAYBACK_ACTIVE_CLASS = "-epub-media-overlay-playing"
#: ``dcterms:modified`` of an article with no review date: fixed, so rebuilds stay identical.
UNDATED = "2000-01-01T00:00:00Z"
_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'


def identifier(clinic: str, slug: str, language: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'handout:{clinic}/{language}/{slug}')}"


def package_document(book: Book, overlays: Sequence[Overlay | None]) -> bytes:
    """``package.opf``; ``overlays`` holds each chapter's overlay (or None), in order."""
    content = book.content
    language = content.edition.language
    root = node(
        "package",
        {
            "xmlns": OPF_NS,
            "version": "3.0",
            "unique-identifier": "uid",
            "xml:lang": language.bcp47,
            "dir": language.direction,
        },
        _metadata(book, overlays),
        _manifest(book, overlays),
        node(
            "spine",
            {"page-progression-direction": language.direction},
            *[node("itemref", {"idref": chapter.name}) for chapter in content.chapters],
        ),
    )
    return (_PROLOG + serialize(root, data=True) + "\n").encode("utf-8")


def _metadata(book: Book, overlays: Sequence[Overlay | None]) -> Node:
    content = book.content
    edition = content.edition
    article = edition.localized.article
    source = edition.localized.source_language.bcp47
    source_lang = {} if source == edition.language.bcp47 else {"xml:lang": source}
    title_lang = article.meta.title.lang
    reviewed = article.meta.reviewed
    items: list[Node] = [
        node(
            "dc:identifier",
            {"id": "uid"},
            identifier(edition.clinic, edition.slug, str(edition.language)),
        ),
        node("dc:title", {"xml:lang": title_lang} if title_lang else None, content.title),
        node("dc:language", None, edition.language.bcp47),
        *[node("dc:creator", source_lang, author) for author in article.meta.authors],
    ]
    if edition.clinic:
        items.append(node("dc:publisher", source_lang, edition.clinic))
    if content.description:
        items.append(node("dc:description", None, content.description))
    items += _provenance(edition)
    if reviewed is not None:
        items.append(node("dc:date", None, reviewed.isoformat()))
    modified = f"{reviewed.isoformat()}T00:00:00Z" if reviewed else UNDATED
    items.append(node("meta", {"property": "dcterms:modified"}, modified))
    items += _accessibility(book, source_lang)
    items += _durations(content.chapters, overlays)
    return node("metadata", {"xmlns:dc": DC_NS}, *items)


def _accessibility(book: Book, source_lang: dict[str, str]) -> list[Node]:
    """The EPUB Accessibility 1.1 metadata; the certifier is named in the source language."""
    a11y = accessibility(book)
    page_language = book.content.edition.language.bcp47
    summary_lang = {} if a11y.summary_lang == page_language else {"xml:lang": a11y.summary_lang}
    return [
        node("meta", {"property": "dcterms:conformsTo", "id": "conformance"}, a11y.conforms_to),
        node(
            "meta",
            {"property": "a11y:certifiedBy", "refines": "#conformance", **source_lang},
            a11y.certified_by,
        ),
        *[node("meta", {"property": prop}, value) for prop, value in a11y.properties()],
        node("meta", {"property": "schema:accessibilitySummary", **summary_lang}, a11y.summary),
    ]


def _durations(chapters: Sequence[Chapter], overlays: Sequence[Overlay | None]) -> list[Node]:
    """Media overlay durations, per narrated chapter and in total (none without narration)."""
    narrated = [(chapter, o) for chapter, o in zip(chapters, overlays, strict=True) if o]
    if not narrated:
        return []
    total = sum(o.duration_ms for _, o in narrated)
    return [
        *[
            node(
                "meta",
                {"property": "media:duration", "refines": f"#mo-{chapter.name}"},
                clock(o.duration_ms),
            )
            for chapter, o in narrated
        ],
        node("meta", {"property": "media:duration"}, clock(total)),
        node("meta", {"property": "media:active-class"}, ACTIVE_CLASS),
        node("meta", {"property": "media:playback-active-class"}, PLAYBACK_ACTIVE_CLASS),
    ]


def _manifest(book: Book, overlays: Sequence[Overlay | None]) -> Node:
    xhtml = "application/xhtml+xml"
    items = [
        node("item", {"id": "nav", "href": NAV_NAME, "media-type": xhtml, "properties": "nav"}),
        node("item", {"id": "css", "href": STYLESHEET, "media-type": "text/css"}),
    ]
    for chapter, overlay in zip(book.content.chapters, overlays, strict=True):
        attrs = {"id": chapter.name, "href": file_name(chapter.number), "media-type": xhtml}
        if overlay is not None:
            attrs["media-overlay"] = f"mo-{chapter.name}"
        items.append(node("item", attrs))
        if overlay is not None:
            items.append(
                node(
                    "item",
                    {
                        "id": f"mo-{chapter.name}",
                        "href": overlay.name,
                        "media-type": "application/smil+xml",
                    },
                )
            )
    if any(overlays):
        items.append(
            node("item", {"id": "narration", "href": AUDIO_NAME, "media-type": "audio/mpeg"})
        )
    return node("manifest", None, *items)


def _provenance(edition: Edition) -> list[Node]:
    """Translator and reviewer as contributors (MARC relators ``trl``, ``rev``), and the
    provenance sentences in the book's language, for an approved translation."""
    provenance = edition.provenance
    if provenance is None or edition.draft:
        return []
    people = [("trl", provenance.translator), ("rev", provenance.reviewer)]
    items: list[Node] = []
    for role, name in people:
        if not name:
            continue
        items += [
            node("dc:contributor", {"id": role}, name),
            node(
                "meta", {"refines": f"#{role}", "property": "role", "scheme": "marc:relators"}, role
            ),
        ]
    tag = edition.provenance_lang
    lang = {"xml:lang": tag} if tag else {}
    text = " ".join(edition.provenance_lines)
    items.append(node("meta", {"property": "dcterms:provenance", **lang}, text))
    return items
