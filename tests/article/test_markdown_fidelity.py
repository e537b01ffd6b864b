"""Issue 18's defects, one by one, as a clinic would write them (not only as the spec does).

Each article goes through extract, an identity Spanish translation, check and the renderers
(``commonmark_tools.run_example``), and must come out as markdown-it-py renders it.
"""

from __future__ import annotations

import json

import pytest
from support.commonmark_tools import SPEC, Example, run_example
from support.text_fixtures import edition

from pipeline.article import Article, parse_article
from pipeline.article.model import ListBlock
from pipeline.check.base import Pair
from pipeline.check.markup import html_differences, markup_differences, url_differences
from pipeline.errors import HandoutError
from pipeline.languages import parse_language
from pipeline.text.html import render_article
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

ARTICLES = {
    "escaped backslash at a line end": "Save it in C:\\\\\nthen close the window.\n",
    "hard break after a backslash": "Save it in C:\\  \nthen close it.\n",
    "two spaces inside a code span": "Type `code  \nspan` here.\n",
    "two spaces inside a link title": '[a](https://x.example "one  \ntwo")\n',
    "heading with a newline reference": "# A&#10;# B\n",
    "table cell with a newline reference": "| a | b |\n|---|---|\n| x&#10;| y | z |\n",
    "paragraph with newline references": "foo&#10;&#10;bar\n",
    "leading tab and no-break space": "&#9;foo\n\n&nbsp;bar\n",
    "compact list with a nested list": (
        "Call us if:\n\n- you have a fever\n  - over 38 °C\n  - for 2 days\n- the wound bleeds\n"
    ),
    "numbered steps with sub-bullets": "1. Call us:\n   - day\n   - night\n2. Rest.\n",
    "nested quote in a compact list": "- a\n  > quoted\n- b\n",
    "adjacent lists": "1. one\n2. two\n1) three\n2) four\n- x\n* y\n",
    "list from zero": "0. zero\n1. one\n",
    "empty list items": "- a\n-\n- c\n\n1.\n",
    "fence with a backtick in its info": "~~~ a`b\ncode\n~~~\n",
    "fence with trailing blank lines": "```python\nx = 1\n\n\n```\n\n```\n```\n",
    "reference links": (
        "Read the [guide][g], the [Guide] and [map][].\n\n![photo][p]\n\nSee ![a map][p] too.\n\n"
        '[g]: https://clinic.example/guide "Our guide"\n[guide]: /guide\n[map]: /map\n'
        "[p]: https://clinic.example/p.png\n"
    ),
    "raw html block with character references": (
        '<div class="note">\nCaf&eacute; &amp; t&eacute;\n</div>\n'
    ),
    "targets holding an ampersand that looks like a reference": (
        "[a](/x?&amp;copy;y) and [b][r]\n\n[r]: /y?&amp;copy;z\n"
    ),
    "allowlisted inline html": (
        'Take <b>two</b> <i>small</i> tablets.<br>\nSee <abbr title="platelet-rich '
        'plasma">PRP</abbr>, H<sub>2</sub>O and m<sup>2</sup>.\n'
    ),
}


@pytest.mark.parametrize("markdown", ARTICLES.values(), ids=ARTICLES.keys())
def test_every_output_reads_as_the_source(markdown: str) -> None:
    assert run_example(Example(0, "issue 18", markdown)).problems == {}


def _article(body: str) -> Article:
    return parse_article(f"---\ntitle: T\n---\n\n{body}", slug="t", path="source/t.md")


def test_a_reference_link_becomes_an_inline_link_in_the_msgid() -> None:
    texts = [t.markdown for t in _article(ARTICLES["reference links"]).texts()]
    assert texts[1] == (
        'Read the [guide](https://clinic.example/guide "Our guide"), the [Guide](/guide) '
        "and [map](/map)."
    )
    assert "See ![a map](https://clinic.example/p.png) too." in texts


def test_a_reference_target_is_shown_as_written_not_percent_encoded() -> None:
    article = _article("See [la guía][g].\n\n[g]: https://clinic.example/guía\n")
    assert [t.markdown for t in article.texts()][1] == (
        "See [la guía](https://clinic.example/guía)."
    )


def test_a_reference_to_an_unsafe_target_keeps_its_words_only() -> None:
    article = _article("Click [here][x].\n\n[x]: javascript:alert(1)\n")
    page = render_article(edition(article, "en"))
    assert 'href="javascript' not in page and "Click [here][x]." in page


def test_line_folding_keeps_hard_breaks_and_escaped_backslashes() -> None:
    texts = [t.markdown for t in _article("C:\\\\\nthen\n\nA\\\nB\n\nC  \nD\n").texts()]
    assert texts[1:] == ["C:\\\\ then", "A\\\nB", "C\\\nD"]


def test_a_compact_list_with_a_nested_list_stays_compact() -> None:
    article = _article(ARTICLES["compact list with a nested list"])
    (outer,) = [b for b in article.sections[0].blocks if isinstance(b, ListBlock)]
    assert outer.tight
    markdown = render_markdown(
        edition(article, "es", {t.markdown: t.markdown for t in article.texts()})
    )
    assert "- you have a fever\n  - over 38 °C\n  - for 2 days\n- the wound bleeds" in markdown
    assert "<li>you have a fever<ul>" in render_article(edition(article, "en"))


def test_a_list_from_zero_starts_at_zero_everywhere() -> None:
    article = _article("0. zero\n1. one\n")
    english = edition(article, "en")
    assert '<ol start="0">' in render_article(english)
    assert "0. zero" in render_plain(english) and "0. zero" in render_markdown(english)


def test_inline_html_off_the_allowlist_is_one_located_error() -> None:
    with pytest.raises(HandoutError) as error:
        _article("Intro.\n\nTake <span style='color:red'>two</span> tablets.\n")
    assert str(error.value).startswith("source/t.md:7: error: raw HTML <span style='color:red'>")
    with pytest.raises(HandoutError, match="not opened and closed"):
        _article("Take <b>two tablets.\n")


def test_tags_a_translator_added_are_text_and_the_sources_are_rendered() -> None:
    article = _article("Take <b>two</b> tablets.\n\nRest well.\n")
    page = render_article(
        edition(
            article,
            "es",
            {
                "Take <b>two</b> tablets.": "Tome <b>dos</b> tabletas.",
                "Rest well.": "Descanse <b>bien</b>.",
            },
        )
    )
    assert "Tome <b>dos</b> tabletas." in page
    assert "Descanse &lt;b&gt;bien&lt;/b&gt;." in page


def test_check_reports_a_tag_of_the_source_missing_from_the_translation() -> None:
    english, spanish = parse_language("en"), parse_language("es")
    pair = Pair("Take <b>two</b> tablets.", "Tome <b>dos tabletas.", english, spanish)
    assert list(html_differences(pair)) == [
        'raw HTML "</b>" of the source is missing from the translation'
    ]
    whole = Pair("Take <b>two</b> tablets.", "Tome <b>dos</b> tabletas.", english, spanish)
    assert list(html_differences(whole)) == []


@pytest.mark.parametrize("number", [346, 477, 478, 479, 526])
def test_check_accepts_an_identical_translation(number: str) -> None:
    """Defect 2: the source parsed with HTML on and the translation with HTML off disagreed."""
    spec = {e["example"]: e["markdown"] for e in json.loads(SPEC.read_text("utf-8"))}
    text = spec[number].strip()
    english, spanish = parse_language("en"), parse_language("es")
    pair = Pair(text, text, english, spanish)
    found = [*markup_differences(pair), *url_differences(pair), *html_differences(pair)]
    assert found == []
