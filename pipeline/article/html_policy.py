"""Raw HTML in running text: the few elements an article may use, and nothing else.

A clinic writes ``Take <b>two</b> tablets`` or ``<abbr title="platelet-rich
plasma">PRP</abbr>`` because its editor lets it; those are rendered. Any other
inline HTML (``<span style>``, ``<script>``, ``<img>``) is refused at
``extract`` with a located error, since handout cannot say what it would do on
a phone, in a screen reader, a book or the voice (an HTML comment is allowed,
and shows nothing). Raw HTML *blocks* are another
matter: they pass through as the author wrote them (see the README).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from typing import Literal

from markdown_it.token import Token

Style = Literal["em", "strong", "del", "b", "i", "sub", "sup", "abbr"]

#: Inline HTML an article may use in running text: rendered as these elements, nothing else.
HTML_TAGS: dict[str, Style] = {
    "b": "b", "i": "i", "em": "em", "strong": "strong", "sub": "sub", "sup": "sup",
    "abbr": "abbr",
}  # fmt: skip
_OPEN_TAG = re.compile(
    r"""<([A-Za-z][A-Za-z0-9]*)(?:\s+title\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?\s*>""",
    re.IGNORECASE,
)
_CLOSE_TAG = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def html_tag(token: Token) -> tuple[str, str, str] | None:
    """An ``html_inline`` token as (``open``/``close``/``br``/``comment``, name, title), or None
    if it is not allowed in running text."""
    content = token.content
    if content.startswith("<!--"):
        return "comment", "", ""
    if _BR.fullmatch(content):
        return "br", "br", ""
    opening = _OPEN_TAG.fullmatch(content)
    if opening and opening.group(1).lower() in HTML_TAGS:
        name = opening.group(1).lower()
        title = next((g for g in opening.groups()[1:] if g is not None), None)
        if title is None or name == "abbr":
            return "open", name, unescape(title or "")
    closing = _CLOSE_TAG.fullmatch(content)
    if closing and closing.group(1).lower() in HTML_TAGS:
        return "close", closing.group(1).lower(), ""
    return None


def walk_inline(tokens: list[Token]) -> Iterator[Token]:
    """Every inline token, nested ones (inside emphasis or a link) too."""
    for token in tokens:
        yield token
        yield from walk_inline(token.children or [])


def html_tags(markdown: str) -> Counter[str]:
    """The allowlisted tags (``b``, ``/b``, ``br`` …) a text holds, for comparing a
    translation with its source."""
    from pipeline.article.markdown import markdown_parser  # the one configuration

    found: Counter[str] = Counter()
    for block in markdown_parser(allow_html=True).parseInline(markdown, {}):
        for token in walk_inline(block.children or []):
            tag = html_tag(token) if token.type == "html_inline" else None
            if tag is not None and tag[0] != "comment":
                found[("/" if tag[0] == "close" else "") + tag[1]] += 1
    return found
