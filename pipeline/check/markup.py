"""``markup``, ``urls`` and ``html``: the translation must render like the source.

Both texts go through THE Markdown parser, in the one configuration the
renderers use for source and translation alike (raw HTML recognised, so that
``[foo <bar attr="](baz)">`` reads the same on both sides), so what is
compared is what a patient would see: a ``**`` that CommonMark does not treat
as strong emphasis (a common slip next to Chinese punctuation) counts as
missing, because it would print as two asterisks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from markdown_it.common.entities import entities
from markdown_it.token import Token

from pipeline.article.html_policy import html_tags
from pipeline.article.markdown import markdown_parser
from pipeline.check.base import Check, Pair, quoted
from pipeline.check.findings import ERROR

_KINDS = {
    "em_open": "emphasis (*…*)",
    "strong_open": "strong emphasis (**…**)",
    "code_inline": "code (`…`)",
    "link_open": "links",
    "image": "images",
    "s_open": "strikethrough (~~…~~)",
}
_MARKERS = re.compile(r"\*\*|(?<![\w*])\*|\*(?![\w*])|`|\]\(|~~")
_STRAY_HINT = (
    "; some markers would print as they are (check the spaces and punctuation next to them)"
)
# Protocol-relative "//host/path" is an external link too (it loads from that host).
_BARE_URL = re.compile(
    r"(?:\b(?:https?://|www\.)|(?<![\w:/])//(?=[\w-]+(?:\.[\w-]+)+))[^\s<>\"'“”«»（）【】「」]+",
    re.IGNORECASE,
)
_URL_TAIL = ".,;:!?)]}'\"。，、；：！？）】」،؛؟।"
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<!--")


def _tokens(text: str, *, allow_html: bool) -> list[Token]:
    """The inline tokens of ``text``, image alt text included."""
    flat: list[Token] = []
    for block in markdown_parser(allow_html=allow_html).parseInline(text, {}):
        for token in block.children or []:
            flat.append(token)
            flat.extend(token.children or [])
    return flat


def _kinds(tokens: list[Token]) -> Counter[str]:
    return Counter(_KINDS[t.type] for t in tokens if t.type in _KINDS)


def markup_differences(pair: Pair) -> Iterator[str]:
    source = _kinds(_tokens(pair.source, allow_html=True))
    translated_tokens = _tokens(pair.translation, allow_html=True)
    translated = _kinds(translated_tokens)
    stray = _stray_markers(translated_tokens)
    for kind in _KINDS.values():
        if source[kind] != translated[kind]:
            hint = _STRAY_HINT if translated[kind] < source[kind] and stray else ""
            yield (
                f"{kind}: {source[kind]} in the source, {translated[kind]} in the translation"
                + hint
            )


def _stray_markers(tokens: list[Token]) -> bool:
    return any(t.type == "text" and _MARKERS.search(t.content) for t in tokens)


def link_targets(text: str, *, allow_html: bool) -> list[str]:
    """Link and image targets, autolinks and bare URLs, in order."""
    targets: list[str] = []
    for token in _tokens(text, allow_html=allow_html):
        if token.type == "link_open":
            targets.append(str(token.attrs.get("href", "")))
        elif token.type == "image":
            targets.append(str(token.attrs.get("src", "")))
        elif token.type == "text":
            targets.extend(m.group(0).rstrip(_URL_TAIL) for m in _BARE_URL.finditer(token.content))
    return targets


def url_differences(pair: Pair) -> Iterator[str]:
    source = Counter(link_targets(pair.source, allow_html=True))
    translated = Counter(link_targets(pair.translation, allow_html=True))
    missing = list((source - translated).elements())
    added = list((translated - source).elements())
    for url in missing:
        if added:
            yield f'link target "{url}" became "{added.pop(0)}"'
        else:
            yield f'link target "{url}" is missing from the translation'
    for url in added:
        yield f'link target "{url}" is not in the source'


def html_differences(pair: Pair) -> Iterator[str]:
    """Tags and entities a translator added: escaped on the page at best, markup at worst."""
    source_tags = Counter(_tags(pair.source))
    for tag in (Counter(_tags(pair.translation)) - source_tags).elements():
        yield f"raw HTML {quoted(tag)} is not in the source (translations may not add HTML)"
    for name in (html_tags(pair.source) - html_tags(pair.translation)).elements():
        # An element the source renders (<b>…</b>) loses a tag: the other would show as text.
        yield f'raw HTML "<{name}>" of the source is missing from the translation'
    source_entities = Counter(_entities(pair.source))
    for entity in (Counter(_entities(pair.translation)) - source_entities).elements():
        yield f"HTML entity {quoted(entity)} is not in the source: type the character itself"


def _tags(text: str) -> list[str]:
    tags: list[str] = []
    for token in _tokens(text, allow_html=True):
        if token.type == "html_inline":
            match = _TAG_NAME.match(token.content)
            if match and match.group(2):
                tags.append(f"<{match.group(1)}{match.group(2).lower()}>")
            else:
                tags.append(token.content.strip()[:4] + "…")
    return tags


def _entities(text: str) -> list[str]:
    plain = _CODE_SPAN.sub("", text)
    return [
        m.group(0)
        for m in _ENTITY.finditer(plain)
        if m.group(0)[1] == "#" or m.group(0)[1:-1] in entities
    ]


MARKUP = Check(
    "markup",
    ERROR,
    "inline Markdown differs: emphasis, strong, code, links, images (kinds and counts)",
    markup_differences,
)
URLS = Check("urls", ERROR, "a URL or link target differs from the source", url_differences)
HTML = Check(
    "html", ERROR, "raw HTML or an HTML entity that the source does not have", html_differences
)
