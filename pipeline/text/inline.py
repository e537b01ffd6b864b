"""A text's inline Markdown → a small tree of inline tokens, shared by every text renderer.

Source and translation alike are parsed here with THE parser, raw HTML off: a
msgstr comes from outside, so ``<script>`` in it is text, never an element. The
HTML, plain-text and Markdown renderers all walk the same tokens, so emphasis
and links in a translation come out the same way in every format, and no
renderer ever re-reads the raw msgstr.

Link and image targets are filtered twice: markdown-it already refuses
``javascript:``, ``vbscript:``, ``file:`` and ``data:`` links, and
:func:`safe_href` accepts only the schemes a patient handout needs. A refused
link keeps its words and loses its target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from markdown_it.token import Token

from pipeline.article.markdown import markdown_parser

Style = Literal["em", "strong", "del"]

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
    """Emphasis; ``mark`` is the delimiter the text was written with (``*``, ``__`` …).

    The mark is not part of the token's identity (``*a*`` and ``_a_`` are the same
    emphasis), but writing the text back with it is what the author proved parses.
    """

    style: Style
    children: tuple[Inline, ...]
    mark: str = field(default="", compare=False, repr=False)


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
def parse_inline(markdown: str) -> tuple[Inline, ...]:
    """Parse one text's inline Markdown (never raw HTML) into tokens."""
    if not markdown:
        return ()
    root = markdown_parser(allow_html=False).parseInline(markdown)
    children = root[0].children or [] if root else []
    tokens, _ = _fold(children, 0, None)
    return tokens


def _fold(tokens: list[Token], i: int, closing: str | None) -> tuple[tuple[Inline, ...], int]:
    """Fold the flat open/close stream from ``i`` up to ``closing`` into nested tokens."""
    out: list[Inline] = []
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == closing:
            return _merge(out), i + 1
        if kind in ("text", "text_special", "html_inline", "html_block"):
            out.append(Plain(token.content))
        elif kind == "softbreak":
            out.append(Break(hard=False))
        elif kind == "hardbreak":
            out.append(Break(hard=True))
        elif kind == "code_inline":
            out.append(CodeSpan(token.content))
        elif kind in _STYLE_OPEN:
            children, i = _fold(tokens, i + 1, kind.replace("_open", "_close"))
            style = _STYLE_OPEN[kind]
            out.append(Styled(style, _unnested(style, children), mark=token.markup))
            continue
        elif kind == "link_open":
            children, i = _fold(tokens, i + 1, "link_close")
            href = safe_href(str(token.attrGet("href") or ""))
            if href is None:
                out.extend(children)
            else:
                title = str(token.attrGet("title") or "")
                out.append(Link(href, title, children, autolink=token.markup == "autolink"))
            continue
        elif kind == "image":
            alt = plain_text(_fold(token.children or [], 0, None)[0])
            src = safe_href(str(token.attrGet("src") or ""), IMAGE_SCHEMES)
            if src is None:
                out.append(Plain(alt))
            else:
                out.append(Picture(src, alt, str(token.attrGet("title") or "")))
        else:  # a token type this parser configuration never makes: keep its text
            out.append(Plain(token.content))
        i += 1
    return _merge(out), i


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
    """
    merged: list[Inline] = []
    for token in tokens:
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


def plain_text(tokens: tuple[Inline, ...]) -> str:
    """The words alone: for ``<title>``, alt text, ``<meta>`` and index entries."""
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, Plain | CodeSpan):
            parts.append(token.text)
        elif isinstance(token, Break):
            parts.append(" ")
        elif isinstance(token, Styled | Link):
            parts.append(plain_text(token.children))
        else:
            parts.append(token.alt)
    return " ".join("".join(parts).split(" ")).strip()


def text_of(markdown: str) -> str:
    """Shortcut: a text's inline Markdown as plain words."""
    return plain_text(parse_inline(markdown))
