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

from pipeline.errors import HandoutError

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
_ALLOWED = "<b>, <i>, <em>, <strong>, <sub>, <sup>, <br> and <abbr title=…>"
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


def check_inline_html(markdown: str, path: str, line: int) -> None:
    """Refuse inline HTML that would not be rendered: a tag off the allowlist, or one
    not opened and closed within the same text (and the same emphasis or link), or a
    closing tag with no opening one."""
    from pipeline.article.markdown import markdown_parser  # the one configuration
    from pipeline.text.inline import parse_inline, rendered_tags

    if "<" not in markdown:
        return
    opened = closed = 0
    for block in markdown_parser(allow_html=True).parseInline(markdown, {}):
        for token in _walk(block.children or []):
            if token.type != "html_inline":
                continue
            tag = html_tag(token)
            if tag is None:
                raise HandoutError(
                    f"raw HTML {_snippet(token.content)} is not allowed in running text "
                    f"(only {_ALLOWED}); use Markdown, or write \\< for a literal <",
                    path,
                    line,
                )
            opened += tag[0] == "open"
            closed += tag[0] == "close"
    if (opened or closed) and not opened == closed == rendered_tags(parse_inline(markdown)):
        raise HandoutError(
            "an HTML tag here is not opened and closed in the same paragraph (or crosses a "
            "link or emphasis), so it would show as text: close it, or write \\< for a "
            "literal <",
            path,
            line,
        )


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def _snippet(tag: str) -> str:
    flat = " ".join(tag.split())
    return flat if len(flat) <= 40 else flat[:37] + "…"


def html_tags(markdown: str) -> Counter[str]:
    """The allowlisted tags (``b``, ``/b``, ``br`` …) a text holds, for comparing a
    translation with its source."""
    from pipeline.article.markdown import markdown_parser  # the one configuration

    found: Counter[str] = Counter()
    for block in markdown_parser(allow_html=True).parseInline(markdown, {}):
        for token in _walk(block.children or []):
            tag = html_tag(token) if token.type == "html_inline" else None
            if tag is not None and tag[0] != "comment":
                found[("/" if tag[0] == "close" else "") + tag[1]] += 1
    return found
