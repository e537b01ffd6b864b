"""Reference links (``[text][label]``, ``[label]``, ``![alt][label]``) written as inline links.

A link reference definition (``[label]: /url "title"``) is part of the article, but a
message is one block's text: a translator never sees the definition, and a translated
``[label]`` no longer matches it. So each text that uses a definition gets, as its
msgid, the same text with those links written inline (``[text](/url "title")``): the
words stay translatable, and the target is there for the ``urls`` check to hold
fixed, like every other link. Only the reference links themselves are rewritten; the
rest of the text is the author's, character for character. If the rewritten text
would not parse to the same tokens (an edge the rewriting cannot keep), the article
is refused with a located error rather than published with a changed link.

The link and image rules used to find where each reference link starts and ends are
markdown-it's own, wrapped to record their source span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.token import Token

from pipeline.article.markdown import markdown_parser
from pipeline.errors import HandoutError


def link_destination(href: str) -> str:
    """A link target as Markdown: in ``<…>`` when it holds spaces, brackets or backslashes;
    an ``&`` that would read as a character reference is ``&amp;``."""
    href = _ENTITY_LIKE.sub("&amp;", href)
    if re.search(r"[\s()<>\\]", href) or not href:
        return "<" + href.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>") + ">"
    return href


_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def link_title(title: str) -> str:
    """A link title as Markdown (with its leading space), or nothing.

    A title is one line of text: a newline in it is written as ``&#10;`` and ``<``
    as ``&lt;``, or the line after it could start a raw HTML block (``<script>``)
    in the ``.md``; ``&`` that could start a character reference is ``&amp;``.
    """
    if not title:
        return ""
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _ENTITY_LIKE.sub("&amp;", escaped)
    escaped = escaped.replace("<", "&lt;").replace("\n", "&#10;").replace("\r", "&#13;")
    return f' "{escaped}"'


@dataclass(frozen=True)
class _Span:
    """A reference link or image at ``start:end`` of the text; its words at ``label``."""

    start: int
    end: int
    label_start: int
    label_end: int
    image: bool
    href: str
    title: str


def _recording(rule: Any, image: bool) -> Any:
    def record(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found: bool = rule(state, silent)
        if found and not silent:
            kind = "image" if image else "link_open"
            token = next(t for t in state.tokens[count:] if t.type == kind)
            label_start = start + (2 if image else 1)
            label_end = state.md.helpers.parseLinkLabel(state, label_start - 1, not image)
            spans = state.env.setdefault("handout_spans", [])
            href = str(token.attrGet("src" if image else "href") or "")
            title = str(token.attrGet("title") or "")
            spans.append(_Span(start, state.pos, label_start, label_end, image, href, title))
        return found

    return record


def _recorder() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.inline.ruler.at("link", _recording(link_rule, image=False))
    md.inline.ruler.at("image", _recording(image_rule, image=True))
    return md


_RECORDER = _recorder()


def _shape(tokens: list[Token]) -> Iterator[tuple[str, str, str]]:
    for token in tokens:
        yield token.type, token.content, repr(sorted((token.attrs or {}).items()))
        yield from _shape(token.children or [])


def _tokens(text: str) -> list[tuple[str, str, str]]:
    roots = markdown_parser(allow_html=True).parseInline(text, {})
    return list(_shape([child for root in roots for child in root.children or []]))


def inline_references(text: str, references: Mapping[str, Any], path: str, line: int) -> str:
    """``text`` with every reference link and image written inline (see the module)."""
    if not references or "[" not in text:
        return text
    env: dict[str, Any] = {"references": dict(references)}
    roots = _RECORDER.parseInline(text, env)  # the same rules, so the same tokens
    spans = [s for s in env.get("handout_spans", []) if _is_reference(text, s)]
    if not spans:
        return text
    spans.sort(key=lambda s: s.start)
    original = list(_shape([child for root in roots for child in root.children or []]))
    for readable in (True, False):  # "guía" as the author wrote it, else "gu%C3%ADa"
        rewritten = _rewrite(text, 0, len(text), spans, readable)
        if _tokens(rewritten) == original:
            return rewritten
    raise HandoutError(
        "a reference link here cannot be kept as one message: write it as [words](target) instead",
        path,
        line,
    )


def _is_reference(text: str, span: _Span) -> bool:
    """A span is a reference unless its label is followed by its own ``(target)``.

    (A shortcut reference followed by a ``(`` that starts no target ends at its ``]``.)
    """
    return not (span.end > span.label_end + 1 and text[span.label_end + 1] == "(")


def _rewrite(text: str, start: int, end: int, spans: list[_Span], readable: bool) -> str:
    """``text[start:end]`` with the outermost spans in it rewritten (and theirs inside);
    ``readable``: targets with their percent-escapes decoded, as a translator reads them."""
    out: list[str] = []
    position = start
    i = 0
    while i < len(spans):
        span = spans[i]
        j = i + 1
        while j < len(spans) and spans[j].start < span.end:  # nested: right after, in order
            j += 1
        inner = spans[i + 1 : j]
        out.append(text[position : span.start])
        words = _rewrite(text, span.label_start, span.label_end, inner, readable)
        href = _RECORDER.normalizeLinkText(span.href) if readable else span.href
        target = link_destination(href) + link_title(span.title)
        out.append(("![" if span.image else "[") + words + "](" + target + ")")
        position = span.end
        i += 1 + len(inner)
    out.append(text[position:end])
    return "".join(out)
