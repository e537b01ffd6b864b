"""Markdown out: the source's structure, translated, and nothing a msgstr can smuggle in."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from text_fixtures import all_texts, edition, rich_article

from pipeline.article import Article, parse_article
from pipeline.article.model import Text
from pipeline.text.inline import Inline, Link, Plain, Styled, parse_inline
from pipeline.text.markdown import inline_markdown, render_markdown


def _shape(article: Article) -> list[object]:
    """The block tree with line numbers blanked and each text reduced to its inline tokens."""

    def strip(text: Text) -> Text:
        return dataclasses.replace(text, line=0, comment="", kind="")

    blanked = article.map_texts(strip)
    shape: list[object] = []
    for section in blanked.sections:
        shape.append(type(section.heading).__name__)
        for block in section.blocks:
            fields = {
                k: v for k, v in vars(block).items() if k != "line" and not isinstance(v, tuple)
            }
            shape.append((type(block).__name__, sorted(fields)))
    shape.append([parse_inline(t.markdown) for t in blanked.texts()])
    return shape


def test_the_source_structure_survives_a_round_trip() -> None:
    article = rich_article()
    again = parse_article(render_markdown(edition(article, "en")), slug="after-prp", path="x.md")
    assert _shape(again) == _shape(article)


def test_a_translation_keeps_every_block_and_its_markup() -> None:
    article = rich_article()
    translations = {
        t: t.replace("the", "la").replace("Rest", "Descanse") for t in all_texts(article)
    }
    markdown = render_markdown(edition(article, "es", translations))
    again = parse_article(markdown, slug="after-prp", path="x.md")
    assert again.meta.language == "es"
    assert [t.markdown for t in again.texts()][3].startswith("Descanse for **24 hours**")
    assert len(list(again.texts())) == len(list(article.texts()))


def test_a_hostile_msgstr_stays_text_even_in_a_cms_that_renders_html() -> None:
    article = rich_article()
    hostile = {
        t: "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
        for t in all_texts(article)
    }
    hostile["What to do"] = "# Fake heading\n- fake item"
    markdown = render_markdown(edition(article, "es", hostile))
    _, front, body = markdown.split("---\n", 2)
    # The front matter is data (YAML strings), read by the CMS as such; the body is Markdown.
    assert yaml.safe_load(front)["title"].startswith("<script>alert(1)</script>")
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(body)
    assert "<script" not in html and '<img src="x"' not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>Fake heading" not in html and "<li>fake item" not in html


_PIECES = st.sampled_from(
    [
        *"ab ZéP注。“”12.-+#>*_`[]()!<>&;|~\\:/\n\"'",
        *("  ", "\\\n", "**", "~~", "[a](b)", "<http://x.y>", "![i](j.png)", "&amp;", "x@y.org"),
    ]
)


def _emphasis_at_emphasis_edge(tokens: tuple[Inline, ...]) -> bool:
    """``*`` runs of an emphasis nested right at its parent's edge merge ("**a*.*"): not kept."""
    for token in tokens:
        if isinstance(token, Styled | Link):
            kids = token.children
            edges = (kids[0], kids[-1]) if kids else ()
            if isinstance(token, Styled) and any(isinstance(k, Styled) for k in edges):
                return True
            if _emphasis_at_emphasis_edge(kids):
                return True
    return False


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_inline_markdown_reads_back_as_the_same_tokens(text: str) -> None:
    tokens = parse_inline(text.strip())
    assume(not _emphasis_at_emphasis_edge(tokens))
    assert parse_inline(inline_markdown(tokens)) == tokens


def test_space_before_a_line_break_round_trips() -> None:
    """Regression (found by hypothesis): a literal backslash and space before a soft break."""
    tokens = parse_inline("\\ \na")
    assert parse_inline(inline_markdown(tokens)) == tokens


@pytest.mark.parametrize(
    "source", ["*a*_a_", "_a_*b* c", "**a**__b__", "x *a*_b_.", "_.___._._", "**a*a*a*"]
)
def test_adjacent_emphasis_stays_two_emphases(source: str) -> None:
    """Regression (found by hypothesis in CI): ``*a*_a_`` was written back as ``*a**a*``.

    Also found by an exhaustive search of short strings: two ``_`` emphases side by
    side, and an emphasis inside the same emphasis (kept as one: it reads the same).
    """
    tokens = parse_inline(source)
    assert parse_inline(inline_markdown(tokens)) == tokens


def test_emphasis_inside_the_same_emphasis_is_one_emphasis() -> None:
    tokens = parse_inline("*rest _at home_ today*")
    assert len(tokens) == 1 and tokens[0].children == (Plain("rest at home today"),)
    strong_in_em = parse_inline("*rest **at home** today*")
    assert [type(t).__name__ for t in strong_in_em[0].children] == ["Plain", "Styled", "Plain"]
