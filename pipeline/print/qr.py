"""The block that leads from paper to the page: a QR code (vector) and the written address.

segno makes the code (ISO/IEC 18004, error correction level M, the standard
four-module quiet zone) as SVG, which WeasyPrint draws as vector paths: sharp
at any printer's resolution, and a few hundred bytes. It goes in as an
``<img>`` with alternative text in the handout's language, so the tagged PDF
describes it; the address beside it is text, for anyone without a camera.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from pipeline.book.node import Node, node
from pipeline.languages import Language
from pipeline.print.strings import print_strings
from pipeline.printing import written_address
from pipeline.words.catalog import BUNDLED_ONLY, WordSource


@dataclass(frozen=True)
class PageLink:
    """Where a printed handout leads, and the words around it."""

    url: str
    caption: str
    alt: str
    lang: str  # the language of caption and alt
    language: Language  # the handout's language


def page_link(
    url: str | None, language: Language, narrated: bool, words_from: WordSource = BUNDLED_ONLY
) -> PageLink | None:
    """The link block's content; None when the site's address is not configured."""
    if url is None:
        return None
    words = print_strings(language, words_from)
    caption = words.listen_online if narrated else words.read_online
    return PageLink(url, caption, words.qr_alt, words.lang, language)


def qr_svg(url: str) -> bytes:
    """The QR code of ``url`` as an SVG document (deterministic: same URL, same bytes)."""
    import segno  # imported here: only the PDF renderers need it

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=1, border=4, xmldecl=False, dark="#000", light="#fff")
    return buffer.getvalue()


def link_block(link: PageLink) -> Node:
    """``<aside class="page-link">`` with the QR image, the caption and the address."""
    data = base64.b64encode(qr_svg(link.url)).decode("ascii")
    words: dict[str, str] = {}  # the strings fell back to English: say so
    if not link.language.shares_language(link.lang):
        words["lang"] = link.lang
    address = _breakable(written_address(link.url))
    return node(
        "aside",
        {"class": "page-link", **words},
        node("img", {"class": "qr", "src": f"data:image/svg+xml;base64,{data}", "alt": link.alt}),
        node("p", {"class": "page-link-caption"}, link.caption),
        node("p", {"class": "page-link-address", "dir": "ltr"}, *address),
    )


def _breakable(address: str) -> list[Node | str]:
    """The address as parts that wrap only after a ``/``, never at a hyphen of the path.

    A line ending in ``lower-`` reads as a word broken in two, and whoever
    types it (or pdftotext) drops the hyphen; each part is kept whole
    (``nowrap``) with a ``<wbr>`` after each slash.
    """
    parts: list[Node | str] = []
    pieces = address.split("/")
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        parts.append(node("span", {"class": "nowrap"}, piece if last else piece + "/"))
        if not last:
            parts.append(node("wbr"))
    return parts
