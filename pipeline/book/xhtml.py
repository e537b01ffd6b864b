"""XHTML content documents: one per chapter, in the book's language and direction.

Each document is a complete page a reading app can show on its own: its own
``<title>``, ``lang``/``xml:lang`` and ``dir`` on the root, the book's
stylesheet. The navigation document (:mod:`pipeline.book.nav`) is written
with the same helper, so every document in the book declares the same way.
"""

from __future__ import annotations

from pipeline.book.model import BookContent, Chapter
from pipeline.book.node import Node, node, serialize
from pipeline.languages import Language

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
STYLESHEET = "book.css"
_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'


def lang_attrs(tag: str) -> dict[str, str]:
    return {"lang": tag, "xml:lang": tag}


def xhtml_document(
    language: Language, title: str, body: Node, title_lang: str | None = None
) -> bytes:
    """A whole XHTML document around ``body`` (a ``<body>`` element)."""
    title_attrs = lang_attrs(title_lang) if title_lang else None
    root = node(
        "html",
        {
            "xmlns": XHTML_NS,
            "xmlns:epub": OPS_NS,
            **lang_attrs(language.bcp47),
            "dir": language.direction,
        },
        node(
            "head",
            None,
            node("meta", {"charset": "UTF-8"}),
            node("title", title_attrs, title),
            node("link", {"rel": "stylesheet", "type": "text/css", "href": STYLESHEET}),
        ),
        body,
    )
    return (_PROLOG + serialize(root) + "\n").encode("utf-8")


def content_document(content: BookContent, chapter: Chapter) -> bytes:
    """``section-NN.xhtml``: one chapter of the book."""
    body = node("body", None, chapter.body)
    return xhtml_document(content.edition.language, chapter.title, body, chapter.title_lang)
