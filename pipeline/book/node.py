"""A frozen element tree, and the one serializer that writes it as XHTML (EPUB) and HTML (PDF).

The book's content is built once as :class:`Node` values and written twice:
as XHTML content documents for the EPUB and as one HTML document for
WeasyPrint. One serializer serves both: it closes every element explicitly
and writes void elements as ``<br/>``, which XML and the HTML parser both
read the same way. Text and attribute values are always escaped, and
characters XML forbids (a msgstr may carry control characters) are dropped,
so translated text can never become markup or an unreadable file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Elements with no content in HTML; everything else gets an explicit end tag.
VOID = frozenset({"br", "hr", "img", "link", "meta", "col", "wbr"})
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Node:
    """An element: tag, attributes in output order, children (nodes and text)."""

    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Node | str, ...] = ()

    def walk(self) -> Iterator[Node]:
        """This node and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def text(self) -> str:
        """The text content, as a reading system would see it."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


Content = tuple[Node | str, ...]


def node(tag: str, attrs: dict[str, str] | None = None, *children: Node | str) -> Node:
    """Shorthand: ``node("p", {"lang": "es"}, "Hola")``; empty text children are dropped."""
    kept = tuple(c for c in children if not (isinstance(c, str) and not c))
    return Node(tag, tuple((attrs or {}).items()), kept)


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def escape_text(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def serialize(root: Node | str, *, html: bool = False, data: bool = False) -> str:
    """Markup for ``root``.

    ``html`` drops the ``xmlns``, ``xml:`` and ``epub:`` attributes; ``data``
    (package and SMIL documents, never read as HTML) writes any empty element as ``<x/>``.
    """
    parts: list[str] = []
    _write(root, parts, html, data)
    return "".join(parts)


def _write(item: Node | str, parts: list[str], html: bool, data: bool) -> None:
    if isinstance(item, str):
        parts.append(escape_text(item))
        return
    attrs = "".join(
        f' {key}="{escape_attr(value)}"'
        for key, value in item.attrs
        if not (html and key.startswith(("xmlns", "xml:", "epub:")))
    )
    if not item.children and (data or item.tag in VOID):  # an OPF <meta> has content
        parts.append(f"<{item.tag}{attrs}/>")
        return
    parts.append(f"<{item.tag}{attrs}>")
    if html and item.tag == "style":  # raw text in HTML: entities would not be decoded
        css = "".join(c for c in item.children if isinstance(c, str))
        if "<" in css:
            raise ValueError("a stylesheet must not contain '<'")
        parts.append(clean(css))
    else:
        for child in item.children:
            _write(child, parts, html, data)
    parts.append(f"</{item.tag}>")
