"""``build/<tag>/<slug>.large-print.pdf``: the book's content on paper, in large print.

The same chapters as the EPUB (one element per sentence is harmless here)
become one HTML document with its own print stylesheet
(``large_print.css``) and Noto fonts for the language's script
(:mod:`pipeline.print.fonts`). WeasyPrint writes it as PDF/UA-1: tagged, so
screen readers follow headings, paragraphs and tables; the document
language set; the title shown instead of the file name. Links show their
address after the words, since paper cannot be clicked. WeasyPrint's own
warnings are kept and handed back, never printed: the build reports them.

The standard-size handout (:mod:`pipeline.print.standard`) is the same
document with another :class:`PrintStyle`: a smaller body size and a few
rules laid over this sheet. Both print on the project's paper and, when the
site's address is known, open with the QR code and address of the page
(:mod:`pipeline.print.qr`).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from pipeline.book.model import Book, BookContent, BookFile
from pipeline.book.node import Node, node, serialize
from pipeline.languages import parse_language
from pipeline.print.fonts import BODY_PT, MONOSPACE, body_size, css_families, font_stack
from pipeline.print.qr import PageLink, link_block, page_link

PDF_VARIANT = "pdf/ua-1"
_IN_BOOK_LINK = re.compile(r"^section-\d+\.xhtml(#.+)$")
_TAG = re.compile(r"[A-Za-z0-9-]+")
#: CSS page sizes by the ``paper`` setting (pipeline.printing).
_PAGE_SIZES = {"a4": "A4", "letter": "letter"}
#: What a table too wide for the page may do, in turn (classes in large_print.css).
_SQUEEZES = ("hyphenate", "break-anywhere")


@dataclass(frozen=True)
class PrintStyle:
    """What sets one printed edition apart: body size, and a sheet laid over ``large_print.css``."""

    body_pt: float
    overrides: str | None = None  # a stylesheet in pipeline/print, applied after the base one


LARGE_PRINT = PrintStyle(BODY_PT)


def render_large_print(book: Book) -> BookFile:
    return render_print(book, LARGE_PRINT)


def render_print(book: Book, style: PrintStyle) -> BookFile:
    """``book`` as a tagged PDF in ``style``, on the project's paper, leading to its page."""
    from weasyprint import HTML  # imported here: a third of a second every other command saves

    edition = book.content.edition
    url = book.printing.page_url(edition.language, edition.slug)
    link = page_link(url, edition.language, book.narrated, edition.words)
    paper = book.printing.paper
    options = {"pdf_variant": PDF_VARIANT}
    with _weasyprint_warnings() as warnings:
        squeezed: dict[str, str] = {}
        html = large_print_html(book.content, style, paper, link)
        document = HTML(string=html).render(font_config=_font_config(), **options)
        for fallback in _SQUEEZES:  # tables too wide for the page: hyphenate, then break anywhere
            wide = _overflowing_tables(document)
            if not wide:
                break
            squeezed.update(dict.fromkeys(wide, fallback))
            html = large_print_html(book.content, style, paper, link, squeezed)
            document = HTML(string=html).render(font_config=_font_config(), **options)
        pdf = document.write_pdf(**options)
    return BookFile(pdf, tuple(warnings))


def _overflowing_tables(document: Any) -> frozenset[str]:
    """The ``data-table`` numbers of tables laid out wider than the page's text.

    Cells break between words only, so a table's narrowest layout is its
    longest words side by side; with many columns in large print that can
    be wider than the paper, and the last column would be cut off. Such a
    table (and only it) is laid out again with hyphenation (a visible
    hyphen, where the language has a dictionary), and if still too wide,
    letting words break anywhere: a split word is better than a lost one.
    """
    from weasyprint.formatting_structure import boxes

    found: set[str] = set()
    for page in document.pages:
        root = page._page_box
        right = root.content_box_x() + root.width + 0.5
        left = root.content_box_x() - 0.5
        stack = [root]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TableBox) and box.element is not None:
                number = box.element.get("data-table")
                if number and (
                    box.position_x < left or box.position_x + box.margin_width() > right
                ):
                    found.add(number)
            stack.extend(getattr(box, "children", []))
    return frozenset(found)


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


def large_print_html(
    content: BookContent,
    style: PrintStyle = LARGE_PRINT,
    paper: str = "a4",
    link: PageLink | None = None,
    squeezed: Mapping[str, str] | None = None,
) -> str:
    """The whole article as one HTML document, styled for print.

    Tables are numbered (``data-table``) so that a layout can name the ones
    too wide for the page; ``squeezed`` gives those a class that lets them break inside words.
    """
    edition = content.edition
    language = edition.language
    chapters = [_for_paper(chapter.body) for chapter in content.chapters]
    chapters = _number_tables(chapters, squeezed or {})
    if link is not None and chapters:
        chapters[0] = _after_header(chapters[0], link_block(link))
    head = [
        node("meta", {"charset": "utf-8"}),
        node("title", None, content.title),
    ]
    if content.description:
        head.append(node("meta", {"name": "description", "content": content.description}))
    if edition.clinic:
        head.append(node("meta", {"name": "author", "content": edition.clinic}))
    head.append(node("style", None, stylesheet(content, chapters, style, paper)))
    root = node(
        "html",
        {"lang": language.bcp47, "dir": language.direction},
        node("head", None, *head),
        node("body", None, node("main", None, *chapters)),
    )
    return "<!DOCTYPE html>\n" + serialize(root, html=True) + "\n"


def _number_tables(chapters: list[Node], squeezed: Mapping[str, str]) -> list[Node]:
    count = 0

    def number(item: Node) -> Node:
        nonlocal count
        children = tuple(number(c) if isinstance(c, Node) else c for c in item.children)
        if item.tag != "table":
            return Node(item.tag, item.attrs, children)
        count += 1
        extra = [("data-table", str(count))]
        if str(count) in squeezed:
            extra.append(("class", squeezed[str(count)]))
        return Node(item.tag, (*item.attrs, *extra), children)

    return [number(chapter) for chapter in chapters]


def _after_header(chapter: Node, block: Node) -> Node:
    """``chapter`` with ``block`` after its header (the title, clinic and review date)."""
    children = list(chapter.children)
    headers = [i for i, c in enumerate(children) if isinstance(c, Node) and c.tag == "header"]
    at = headers[0] + 1 if headers else 0
    children.insert(at, block)
    return Node(chapter.tag, chapter.attrs, tuple(children))


def stylesheet(
    content: BookContent,
    chapters: list[Node],
    style: PrintStyle = LARGE_PRINT,
    paper: str = "a4",
) -> str:
    """The print stylesheet, with font families for the book's language and any other in it."""
    language = content.edition.language
    size = body_size(language, style.body_pt)
    rules = [
        f"@page {{ size: {_PAGE_SIZES[paper]}; }}",
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
    sheets = ["large_print.css", *([style.overrides] if style.overrides else [])]
    css = "".join(files("pipeline.print").joinpath(s).read_text("utf-8") for s in sheets)
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
