"""The navigation document: a table of contents by section, and the book's landmarks.

Reading apps build their contents menu from the ``toc`` nav and use the
(hidden) ``landmarks`` nav for "go to start". (The nav document is not in
the reading order, so a landmark pointing at it would be a broken reference.)
"""

from __future__ import annotations

from pipeline.book.content import file_name
from pipeline.book.model import BookContent
from pipeline.book.node import node
from pipeline.book.xhtml import lang_attrs, xhtml_document

NAV_NAME = "nav.xhtml"


def nav_document(content: BookContent) -> bytes:
    language = content.edition.language
    strings = content.strings
    same = language.shares_language(strings.lang)
    chrome = {} if same else lang_attrs(strings.lang)
    entries = [
        node(
            "li",
            None,
            node(
                "a",
                {
                    "href": f"{file_name(chapter.number)}#{chapter.anchor}",
                    **(lang_attrs(chapter.title_lang) if chapter.title_lang else {}),
                },
                chapter.title,
            ),
        )
        for chapter in content.chapters
    ]
    toc = node(
        "nav",
        {"epub:type": "toc", "role": "doc-toc", "id": "toc", "aria-labelledby": "toc-title"},
        node("h1", {"id": "toc-title", **chrome}, strings.contents),
        node("ol", None, *entries),
    )
    landmarks = node(
        "nav",
        {"epub:type": "landmarks", "hidden": "hidden"},
        node(
            "ol",
            None,
            node(
                "li",
                None,
                node("a", {"epub:type": "bodymatter", "href": file_name(1)}, content.title),
            ),
        ),
    )
    body = node("body", None, toc, landmarks)
    return xhtml_document(language, strings.contents, body, None if same else strings.lang)
