"""Helpers for the words tests: a page's text with the language it is labelled in."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.words.catalog import template

_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "track", "col", "area", "wbr"}
_SHOWN_ATTRIBUTES = ("alt", "aria-label", "title", "label", "data-template")


class _Walker(HTMLParser):
    """Each text node and each read-out attribute, with the nearest ``lang`` above it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang", self.stack[-1][1] if self.stack else None)
        self.found += [(lang, str(values[k])) for k in _SHOWN_ATTRIBUTES if values.get(k)]
        if tag not in _VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack and self.stack[-1][0] not in ("script", "style"):
            self.found.append((self.stack[-1][1], data.strip()))


def labelled_text(page: Path) -> list[tuple[str | None, str]]:
    """(lang, text) for every text node and read-out attribute of ``page``."""
    walker = _Walker()
    walker.feed(page.read_text(encoding="utf-8"))
    return walker.found


def english_fragments() -> list[str]:
    """The program's English words, cut at their placeholders ("Picture: {alt}" → "Picture:")."""
    pieces = (p.strip() for word in template().values() for p in re.split(r"\{\w+\}", word))
    return sorted({p for p in pieces if len(p) >= 3}, key=len, reverse=True)


def program_words_in(text: str, fragments: list[str]) -> list[str]:
    """The fragments ``text`` holds: all of it for a short word, inside it for a sentence."""
    return [f for f in fragments if text == f or (len(f) >= 12 and f in text)]
