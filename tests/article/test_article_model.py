"""The article model: the bundled article word for word, and every construct an author uses."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from support.articles import RICH
from support.project import BUNDLED_SLUG, REPO

from pipeline.article import (
    Code,
    Heading,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    RawHtml,
    Table,
    load_article,
    parse_article,
)
from pipeline.article.parse import inline_source

SEED = REPO.parent / "shared" / "seeds" / "000_5f34d36eb675c2f9.txt"


def bundled():
    path = REPO / "source" / f"{BUNDLED_SLUG}.md"
    return load_article(path, f"source/{BUNDLED_SLUG}.md")


def test_bundled_article_keeps_the_seed_word_for_word():
    article = bundled()
    body = [t.markdown for t in article.texts()][2:]  # after front-matter title and description
    if SEED.exists():
        seed = [p.strip() for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        assert body == seed
    assert article.meta.title.markdown == body[0]
    assert article.meta.description is not None
    assert article.meta.language == "en"
    assert article.meta.reviewed == date(2026, 11, 26)


def test_bundled_article_sections_and_source_lines():
    article = bundled()
    headings = [s.heading.text.markdown for s in article.sections if s.heading]
    assert headings[1:] == [
        "The Injections Use Your Own Platelets For Healing",
        "The Injections Target Damaged Tissues",
        "Recovery From PRP Injections Is Fast",
        "You Might Need Multiple Treatments",
    ]
    assert article.sections[0].heading is not None and article.sections[0].heading.level == 1
    lines = (REPO / "source" / f"{BUNDLED_SLUG}.md").read_text(encoding="utf-8").split("\n")
    for text in article.texts():
        source_line = lines[text.line - 1]
        assert text.markdown[:40] in source_line, (text.line, text.kind)




def test_rich_article_blocks_kinds_and_inline_markdown():
    article = parse_article(RICH, slug="wound-care", path="source/wound-care.md")
    texts = {t.markdown: t for t in article.texts()}
    para = texts[
        "Keep the *dressing* dry and **clean**. "
        'Read our [guide](https://example.org/guide "Guide") '
        "for `500 mg` doses. Second line\\\nafter a hard break."
    ]
    assert para.kind == "paragraph" and para.line == 8
    assert texts["Wash your hands with soap."].kind == "list item"
    assert texts["Wash your hands with soap."].comment == (
        '"gauze" is the woven cotton pad, not a bandage'
    )
    assert texts["Change the gauze every 12 hours."].comment == ""
    assert texts["nested step"].kind == "list item"
    assert texts["Call us if the wound bleeds."].kind == "block quote"
    assert texts["Sign"].kind == "table header cell"
    assert texts["Fever over 38 °C"].kind == "table cell"
    assert texts["A clean dressing on an arm"].kind == "image alt text"
    assert "code stays as it is\n" not in texts
    assert not any("raw html" in m for m in texts)

    blocks = article.sections[0].blocks
    kinds = [type(b) for b in blocks]
    assert kinds == [
        Paragraph,
        ListBlock,
        ListBlock,
        Quote,
        Table,
        Code,
        RawHtml,
        Image,
        type(blocks[-1]),
    ]
    bullets, ordered = blocks[1], blocks[2]
    assert isinstance(bullets, ListBlock) and not bullets.ordered and len(bullets.items) == 2
    assert isinstance(bullets.items[1].blocks[1], ListBlock)
    assert isinstance(ordered, ListBlock) and ordered.ordered and ordered.start == 3
    table = blocks[4]
    assert isinstance(table, Table) and table.aligns == ("left", "right")
    assert [t.markdown for t in table.rows[1]] == ["Redness", ""]
    image = blocks[7]
    assert isinstance(image, Image) and image.src == "dressing.png" and image.title == "Dressing"
    assert isinstance(article.sections[0].heading, Heading)
    assert article.meta.language == "es"


def test_model_is_immutable_and_map_texts_keeps_structure():
    article = parse_article(RICH, slug="wound-care", path="source/wound-care.md")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.slug = "other"  # type: ignore[misc]
    upper = article.map_texts(lambda t: dataclasses.replace(t, markdown=t.markdown.upper()))
    assert [t.markdown.upper() for t in article.texts()] == [t.markdown for t in upper.texts()]
    assert [type(b) for b in upper.sections[0].blocks] == [
        type(b) for b in article.sections[0].blocks
    ]


def test_both_hard_break_forms_are_kept_and_soft_breaks_folded():
    assert inline_source("one  \ntwo\\\nthree\n   four") == "one\\\ntwo\\\nthree four"


def test_heading_anchors_are_unique_and_ascii():
    article = parse_article("# Á b\n\n## Á b\n\n## Ünïcode\n", slug="a", path="a.md")
    anchors = [s.heading.anchor for s in article.sections if s.heading]
    assert anchors == ["a-b", "a-b-2", "unicode"]


def test_load_article_from_path(tmp_path: Path):
    path = tmp_path / "x.md"
    path.write_text("# Title\n\nBody.\n", encoding="utf-8")
    article = load_article(path)
    assert article.slug == "x" and article.meta.title.markdown == "Title"
    assert article.meta.description is None and article.meta.language == "en"
