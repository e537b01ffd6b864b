"""Every kind of block reaches every output: a kind forgotten by one renderer loses words.

``mypy --strict`` already fails when a ``match`` over :data:`~pipeline.article.model.Block`
misses a kind; this test is the run-time half. It walks the union itself
(``typing.get_args``), so a new kind added to ``Block`` fails here until this
article shows one, and every renderer is then asked to show (or say) its words.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator

import pytest
from support.text_fixtures import edition

from pipeline.article import parse_article
from pipeline.article.model import (
    Block,
    Code,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Rule,
    Table,
)
from pipeline.book.content import book_content
from pipeline.book.xhtml import content_document
from pipeline.speech.script import make_script
from pipeline.text.edition import Edition
from pipeline.text.html import render_article
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

EVERY_KIND = """\
---
title: Every kind
---

# Every kind

### Kestrel heading

Lantern paragraph.

![Marigold picture](images/m.png)

- Nutmeg item

> Orchard quote.

| Pelican | Column |
|---------|--------|
| Quartz  | cell   |

```
Saffron code
```

<div>Tangerine raw</div>

***

Closing words.
"""

#: The words each kind carries in EVERY_KIND; a rule has none, its outputs mark it.
WORDS: dict[type, tuple[str, ...]] = {
    Heading: ("Kestrel",),
    Paragraph: ("Lantern",),
    Image: ("Marigold",),
    ListBlock: ("Nutmeg",),
    Quote: ("Orchard",),
    Table: ("Pelican", "Quartz"),
    Code: ("Saffron",),
    RawHtml: ("Tangerine",),
    Rule: (),
}

#: What each written output shows for a rule.
RULE_MARK = {"plain": "* * *", "markdown": "___", "html": "<hr", "epub": "<hr"}

#: Kinds the audio does not read aloud (the page marks what it leaves unsaid).
UNSPOKEN = {Code, RawHtml, Rule}


def _kinds(blocks: tuple[Block, ...]) -> Iterator[type]:
    for block in blocks:
        yield type(block)
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _kinds(item.blocks)
        elif isinstance(block, Quote):
            yield from _kinds(block.blocks)


def _epub(page: Edition) -> str:
    content = book_content(page)
    return "".join(content_document(content, c).decode("utf-8") for c in content.chapters)


def _speech(page: Edition) -> str:
    return "\n".join(u.spoken for u in make_script(page.localized, {}).utterances())


RENDERERS: dict[str, Callable[[Edition], str]] = {
    "plain": render_plain,
    "markdown": render_markdown,
    "html": render_article,
    "epub": _epub,
    "speech": _speech,
}


def _page() -> Edition:
    article = parse_article(EVERY_KIND, slug="every-kind", path="source/every-kind.md")
    return edition(article, "en")


def test_the_sample_article_has_every_kind_of_block() -> None:
    kinds = set(typing.get_args(Block))
    assert set(WORDS) == kinds, "a new block kind needs a sample in EVERY_KIND and WORDS"
    article = _page().localized.article
    found = {kind for section in article.sections for kind in _kinds(section.blocks)}
    assert found == kinds


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
@pytest.mark.parametrize("name", sorted(k.__name__ for k in WORDS))
def test_every_renderer_shows_every_kind(renderer: str, name: str) -> None:
    kind = next(k for k in WORDS if k.__name__ == name)
    out = RENDERERS[renderer](_page())
    if renderer == "speech":
        for word in WORDS[kind]:
            assert (word in out) == (kind not in UNSPOKEN), (kind.__name__, word)
        return
    for word in WORDS[kind]:
        assert word in out, (renderer, kind.__name__, word)
    if kind is Rule:
        assert RULE_MARK[renderer] in out
