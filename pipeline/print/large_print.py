"""``build/<tag>/<slug>.large-print.pdf``: the book's content on paper, in large print.

The same chapters as the EPUB (one element per sentence is harmless here)
become one HTML document with its own print stylesheet
(``large_print.css``) and Noto fonts for the language's script
(:mod:`pipeline.print.fonts`). WeasyPrint writes it as PDF/UA-1: tagged, so
screen readers follow headings, paragraphs and tables; the document
language set; the title shown instead of the file name. Links show their
address after the words, since paper cannot be clicked. WeasyPrint's own
warnings are kept and handed back, never printed: the build reports them.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from pipeline.book.model import Book, BookContent, BookFile
from pipeline.book.node import Node, node, serialize
from pipeline.languages import parse_language
from pipeline.print.fonts import MONOSPACE, body_size, css_families, font_stack

PDF_VARIANT = "pdf/ua-1"
_IN_BOOK_LINK = re.compile(r"^section-\d+\.xhtml(#.+)$")
_TAG = re.compile(r"[A-Za-z0-9-]+")


def render_large_print(book: Book) -> BookFile:
    from weasyprint import HTML  # imported here: a third of a second every other command saves

    html = large_print_html(book.content)
    with _weasyprint_warnings() as warnings:
        pdf = HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, font_config=_font_config())
    return BookFile(pdf, tuple(warnings))


@functools.cache
def _font_config() -> Any:
    """One WeasyPrint font configuration per process.

    WeasyPrint makes a new one (a fontconfig configuration and a Pango font
    map, in native memory) for every document unless given one, and they are
    never all freed: a worker grew by 0.23 MB per PDF, 367 MB after 1,400.
    The fonts are the same for every document, and so are the PDFs (tested).
    """
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def large_print_html(content: BookContent) -> str:
    """The whole article as one HTML document, styled for print."""
    edition = content.edition
    language = edition.language
    chapters = [_for_paper(chapter.body) for chapter in content.chapters]
    head = [
        node("meta", {"charset": "utf-8"}),
        node("title", None, content.title),
    ]
    if content.description:
        head.append(node("meta", {"name": "description", "content": content.description}))
    if edition.clinic:
        head.append(node("meta", {"name": "author", "content": edition.clinic}))
    head.append(node("style", None, stylesheet(content, chapters)))
    root = node(
        "html",
        {"lang": language.bcp47, "dir": language.direction},
        node("head", None, *head),
        node("body", None, node("main", None, *chapters)),
    )
    return "<!DOCTYPE html>\n" + serialize(root, html=True) + "\n"


def stylesheet(content: BookContent, chapters: list[Node]) -> str:
    """The print stylesheet, with font families for the book's language and any other in it."""
    language = content.edition.language
    size = body_size(language)
    rules = [
        f"html {{ font-family: {css_families(font_stack(language))}; font-size: {size:g}pt; }}",
        f"pre, code {{ font-family: {css_families(MONOSPACE)}; }}",
    ]
    others = sorted(
        {lang for chapter in chapters for n in chapter.walk() if (lang := n.attr("lang"))}
        - {language.bcp47}
    )
    for tag in others:
        if not _TAG.fullmatch(tag):  # tags come from parsed languages; never let one be CSS
            continue
        families = css_families(font_stack(parse_language(tag)))
        rules.append(f":lang({tag}) {{ font-family: {families}; }}")
    css = files("pipeline.print").joinpath("large_print.css").read_text("utf-8")
    return css + "\n".join(rules) + "\n"


def _for_paper(item: Node) -> Node:
    """Links within the book point into the one document; other links print their address."""
    children: list[Node | str] = []
    for child in item.children:
        if not isinstance(child, Node):
            children.append(child)
            continue
        changed = _for_paper(child)
        href = changed.attr("href") if changed.tag == "a" else None
        if href is not None and (inside := _IN_BOOK_LINK.match(href)):
            attrs = tuple((k, inside.group(1) if k == "href" else v) for k, v in changed.attrs)
            changed = Node("a", attrs, changed.children)
            href = None
        children.append(changed)
        if href is not None:
            address = href.split(":", 1)[1] if href.startswith(("mailto:", "tel:")) else href
            if address not in changed.text():
                children.append(node("span", {"class": "url"}, f" ({address})"))
    return Node(item.tag, item.attrs, tuple(children))


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors for the report instead of a log."""
    found: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(f"WeasyPrint: {record.getMessage()}")

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield found
    finally:
        logger.removeHandler(handler)
