"""A text's inline Markdown → a small tree of inline tokens, shared by every text renderer.

Source and translation alike are parsed here with THE parser (the one
configuration :mod:`pipeline.article.markdown` gives, raw HTML recognised), but
no raw HTML ever reaches a page: a tag on the small allowlist (:data:`HTML_TAGS`:
``<b>``, ``<i>``, ``<em>``, ``<strong>``, ``<sub>``, ``<sup>``, ``<abbr
title>``, ``<br>``), opened and closed within the text, becomes a token of its
own that every renderer writes itself; anything else (``<script>``, a stray
``</b>``) is text. A translation whose tags the source did not have is parsed
with ``html=False`` (see :mod:`pipeline.localize`), so even allowlisted tags in
it stay text. The HTML, plain-text and Markdown renderers all walk the same
tokens, so emphasis and links in a translation come out the same way in every
format, and no renderer ever re-reads the raw msgstr.

Link and image targets are filtered twice: markdown-it already refuses
``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links, and
:func:`safe_href` accepts only the schemes a patient handout needs. A refused
link keeps its words and loses its target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import assert_never

from markdown_it.token import Token

from pipeline.article.html_policy import HTML_TAGS, Style, html_tag
from pipeline.article.markdown import markdown_parser
from pipeline.article.model import Text

#: Schemes a link in a handout may use; anything else (javascript:, data:, …) is dropped.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Plain:
    text: str


@dataclass(frozen=True)
class CodeSpan:
    text: str


@dataclass(frozen=True)
class Break:
    """A line break; ``hard`` is the author's explicit break, a soft one is just a space."""

    hard: bool


@dataclass(frozen=True)
class Styled:
    """Emphasis, or an allowlisted HTML element (``b``, ``sup``, ``abbr`` …).

    ``mark`` is the delimiter the text was written with (``*``, ``__`` …, or
    ``<`` for an HTML tag). The mark is not part of the token's identity (``*a*``
    and ``_a_`` are the same emphasis), but writing the text back with it is what
    the author proved parses. ``title`` is an ``<abbr>``'s expansion.
    """

    style: Style
    children: tuple[Inline, ...]
    mark: str = field(default="", compare=False, repr=False)
    title: str = ""


@dataclass(frozen=True)
class Link:
    href: str
    title: str
    children: tuple[Inline, ...]
    autolink: bool = False


@dataclass(frozen=True)
class Picture:
    """An image inside running text (a stand-alone image is a block of its own)."""

    src: str
    alt: str
    title: str


Inline = Plain | CodeSpan | Break | Styled | Link | Picture

_STYLE_OPEN: dict[str, Style] = {"em_open": "em", "strong_open": "strong", "s_open": "del"}


def safe_href(href: str, schemes: frozenset[str] = LINK_SCHEMES) -> str | None:
    """The target if its scheme is allowed (relative links and #fragments are), else None."""
    cleaned = href.strip()
    match = _SCHEME.match(cleaned)
    if match is None:
        # No scheme: relative path, fragment or query. Refuse anything a browser might still
        # read as a scheme after stripping control characters ("java\tscript:").
        squeezed = re.sub(r"[\x00-\x20]", "", cleaned)
        return None if _SCHEME.match(squeezed) else cleaned
    return cleaned if match.group(1).lower() in schemes else None


@lru_cache(maxsize=4096)
def parse_inline(markdown: str, html: bool = True) -> tuple[Inline, ...]:
    """Parse one text's inline Markdown into tokens; ``html``: render allowlisted tags."""
    if not markdown:
        return ()
    root = markdown_parser(allow_html=True).parseInline(markdown)
    children = root[0].children or [] if root else []
    tokens, _, _ = _Folder(html).fold(children, 0, None)
    return _trim_breaks(tokens)


def inline_tokens(text: Text) -> tuple[Inline, ...]:
    """A text's tokens, its HTML rendered only if it may be (see :mod:`pipeline.localize`)."""
    return parse_inline(text.markdown, text.html)


@dataclass(frozen=True)
class _Folder:
    """Folds markdown-it's flat open/close stream into nested tokens."""

    html: bool

    def fold(
        self, tokens: list[Token], i: int, closing: str | None, outer: frozenset[str] = frozenset()
    ) -> tuple[tuple[Inline, ...], int, bool]:
        """Tokens from ``i`` up to ``closing`` (a token type, or ``</name>`` for an HTML
        element); the flag says whether ``closing`` was found. ``outer``: the closing
        tags of the HTML elements around, which end this run too."""
        out: list[Inline] = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            html_close = self._html_close(token)
            if closing is not None and closing in (kind, html_close):
                return _merge(out), i + 1, True
            if kind.endswith("_close") or (html_close is not None and html_close in outer):
                if closing is not None:
                    return _merge(out), i, False  # someone else's end: not ours to take
                i += 1  # an end whose start was cut short: nothing to show
                continue
            i = self._one(tokens, i, out, outer)
        return _merge(out), i, closing is None

    def _html_close(self, token: Token) -> str | None:
        """``</name>`` if ``token`` closes an allowlisted element (when HTML is rendered)."""
        tag = html_tag(token) if self.html and token.type == "html_inline" else None
        return f"</{tag[1]}>" if tag is not None and tag[0] == "close" else None

    def _one(self, tokens: list[Token], i: int, out: list[Inline], outer: frozenset[str]) -> int:
        """Fold the token at ``i`` into ``out``; the index of the next one."""
        token = tokens[i]
        kind = token.type
        if kind == "html_inline" and self.html:
            return self._html(tokens, i, out, outer)
        if kind in ("text", "text_special", "html_inline", "html_block"):
            out.append(Plain(token.content))
        elif kind == "softbreak":
            out.append(Break(hard=False))
        elif kind == "hardbreak":
            out.append(Break(hard=True))
        elif kind == "code_inline":
            out.append(CodeSpan(token.content))
        elif kind in _STYLE_OPEN:
            children, i, _ = self.fold(tokens, i + 1, kind.replace("_open", "_close"), outer)
            style = _STYLE_OPEN[kind]
            out.append(Styled(style, _unnested(style, children), mark=token.markup))
            return i
        elif kind == "link_open":
            children, i, _ = self.fold(tokens, i + 1, "link_close", outer)
            href = safe_href(str(token.attrGet("href") or ""))
            if href is None:
                out.extend(children)
            else:
                title = str(token.attrGet("title") or "")
                out.append(Link(href, title, children, autolink=token.markup == "autolink"))
            return i
        elif kind == "image":
            alt = plain_text(self.fold(token.children or [], 0, None)[0])
            src = safe_href(str(token.attrGet("src") or ""), IMAGE_SCHEMES)
            if src is None:
                out.append(Plain(alt))
            else:
                out.append(Picture(src, alt, str(token.attrGet("title") or "")))
        else:  # a token type this parser configuration never makes: keep its text
            out.append(Plain(token.content))
        return i + 1

    def _html(self, tokens: list[Token], i: int, out: list[Inline], outer: frozenset[str]) -> int:
        """An allowlisted element with its closing tag in the same run becomes a token;
        any other HTML (or a tag left open) is text."""
        token = tokens[i]
        tag = html_tag(token)
        if tag is None or tag[0] == "close":
            out.append(Plain(token.content))
            return i + 1
        kind, name, title = tag
        if kind == "br":
            out.append(Break(hard=True))
        elif kind == "open":
            closing = f"</{name}>"
            children, end, closed = self.fold(tokens, i + 1, closing, outer | {closing})
            if closed:
                style = HTML_TAGS[name]
                children = _unnested(style, children) if not title else children
                out.append(Styled(style, children, mark="<", title=title))
            else:
                out.extend((Plain(token.content), *children))
            return end
        return i + 1  # a comment: nothing to show


def _trim_breaks(tokens: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """No line break at the very start or end of a text: it would show nothing, and in
    the ``.md`` it would end the block (see :func:`_merge` for breaks in a row)."""
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], Break):
        start += 1
    while end > start and isinstance(tokens[end - 1], Break):
        end -= 1
    return tokens[start:end]


def _unnested(style: Style, children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """An emphasis directly inside the same emphasis adds nothing (``<em>a<em>b</em></em>``
    reads as ``<em>ab</em>``), and no Markdown writer can always spell it back
    (``**a*a*a*``): the inner one is dropped, its words kept."""
    if not any(isinstance(child, Styled) and child.style == style for child in children):
        return children
    flat: list[Inline] = []
    for child in children:
        if isinstance(child, Styled) and child.style == style:
            flat.extend(child.children)
        else:
            flat.append(child)
    return _merge(flat)


def _merge(tokens: list[Inline]) -> tuple[Inline, ...]:
    """Join neighbouring plain runs, so renderers see words, not parser fragments.

    Spaces before a line break are dropped: they are never visible, and
    CommonMark itself drops them in most (not all) spellings, so keeping them
    would make the same text parse to different tokens after a round trip.
    Breaks in a row are one break (the hardest): a msgstr's empty line is no
    paragraph end, since a translation is the inline text of one block.
    """
    merged: list[Inline] = []
    for token in tokens:
        if isinstance(token, Break) and merged and isinstance(merged[-1], Break):
            merged[-1] = Break(hard=merged[-1].hard or token.hard)
            continue
        if isinstance(token, Break) and merged and isinstance(merged[-1], Plain):
            text = merged[-1].text.rstrip(" ")
            if text:
                merged[-1] = Plain(text)
            else:
                merged.pop()
        if isinstance(token, Plain) and merged and isinstance(merged[-1], Plain):
            merged[-1] = Plain(merged[-1].text + token.text)
        elif not (isinstance(token, Plain) and not token.text):
            merged.append(token)
    return tuple(merged)


def rendered_tags(tokens: tuple[Inline, ...]) -> int:
    """How many allowlisted HTML elements (not ``<br>``) the tokens render."""
    count = 0
    for token in tokens:
        if isinstance(token, Styled | Link):
            count += rendered_tags(token.children) + (
                isinstance(token, Styled) and token.mark == "<"
            )
    return count


def plain_text(tokens: tuple[Inline, ...]) -> str:
    """The words alone: for ``<title>``, alt text, ``<meta>`` and index entries."""
    parts: list[str] = []
    for token in tokens:
        match token:
            case Plain() | CodeSpan():
                parts.append(token.text)
            case Break():
                parts.append(" ")
            case Styled() | Link():
                parts.append(plain_text(token.children))
            case Picture():
                parts.append(token.alt)
            case _:
                assert_never(token)
    return " ".join("".join(parts).split(" ")).strip()


def text_of(markdown: str) -> str:
    """Shortcut: a text's inline Markdown as plain words."""
    return plain_text(parse_inline(markdown))
