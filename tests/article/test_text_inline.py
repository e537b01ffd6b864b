"""Inline Markdown of a translation → tokens: markup a translator may use, and what is refused."""

from __future__ import annotations

import pytest

from pipeline.article.inline import (
    Break,
    CodeSpan,
    Link,
    Picture,
    Plain,
    Styled,
    parse_inline,
    plain_text,
    safe_href,
)


def test_emphasis_links_and_code_in_a_translation_become_tokens() -> None:
    tokens = parse_inline("Llame *hoy* al **112** o vea [la guía](https://example.org/guía) `PRP`")
    assert tokens == (
        Plain("Llame "),
        Styled("em", (Plain("hoy"),)),
        Plain(" al "),
        Styled("strong", (Plain("112"),)),
        Plain(" o vea "),
        Link("https://example.org/gu%C3%ADa", "", (Plain("la guía"),)),
        Plain(" "),
        CodeSpan("PRP"),
    )


def test_raw_html_in_a_msgstr_is_only_text() -> None:
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    assert parse_inline(hostile) == (Plain(hostile),)


@pytest.mark.parametrize(
    "markdown",
    [
        "[aquí](javascript:alert(1))",
        "[aquí](JavaScript:alert(1))",
        "[aquí](<javascript:alert(1)>)",
        "[aquí](vbscript:msgbox(1))",
        "[aquí](data:text/html;base64,PHNjcmlwdD4=)",
        "[aquí](file:///etc/passwd)",
        "<javascript:alert(1)>",
    ],
)
def test_a_dangerous_link_target_keeps_its_words_and_loses_its_target(markdown: str) -> None:
    tokens = parse_inline(markdown)
    assert not any(isinstance(t, Link) for t in tokens)
    assert "aquí" in plain_text(tokens) or "javascript" in plain_text(tokens)


def test_image_sources_are_limited_to_web_addresses() -> None:
    assert parse_inline("![x-ray](data:image/png;base64,AAAA)") == (Plain("x-ray"),)
    assert parse_inline("![x-ray](img/spine.png)") == (Picture("img/spine.png", "x-ray", ""),)


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://clinic.example/prp", "https://clinic.example/prp"),
        ("mailto:care@clinic.example", "mailto:care@clinic.example"),
        ("tel:+15551234567", "tel:+15551234567"),
        ("../es/index.html", "../es/index.html"),
        ("#recovery", "#recovery"),
        ("javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("ftp://old.example/file", None),
    ],
)
def test_safe_href(href: str, expected: str | None) -> None:
    assert safe_href(href) == expected


def test_breaks_are_kept_apart_from_text() -> None:
    assert parse_inline("uno\\\ndos\ntres") == (
        Plain("uno"),
        Break(hard=True),
        Plain("dos"),
        Break(hard=False),
        Plain("tres"),
    )
