"""handout's own words are looked up one way for every group: page, player, books, print."""

from __future__ import annotations

import pytest

from pipeline.book.strings import strings_for
from pipeline.languages import parse_language
from pipeline.print.strings import print_strings
from pipeline.text.page_audio import control_labels, labels_for
from pipeline.text.provenance import words_for
from pipeline.text.ui import ui_for
from pipeline.words.lookup import group

BUNDLED = ("en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es", ("es",)),
        ("es-419", ("es-419", "es")),  # a regional variant gets its language's words
        ("zh-Hans", ("zh-Hans",)),
        ("zh-Hans-CN", ("zh-Hans-CN", "zh-Hans")),  # the script's words, with or without region
        ("zh-Hant", ("zh-Hant",)),  # never across scripts: Traditional readers get no Simplified
        ("pt", ("pt",)),  # a bare language does not borrow a region's words
    ],
)
def test_candidates_take_the_tag_then_the_bare_language_never_across_scripts(
    tag: str, expected: tuple[str, ...]
) -> None:
    assert parse_language(tag).candidates() == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-Hans-CN", "zh-Hans"), ("zh-Hant", "en"), ("es-419", "es"), ("ar-EG", "ar"), ("ht", "en")],
)
def test_every_group_of_handouts_words_agrees_on_the_language(tag: str, expected: str) -> None:
    language = parse_language(tag)
    assert ui_for(language).lang == expected
    assert strings_for(language).lang == expected
    assert print_strings(language).lang == expected
    assert labels_for(language).lang == expected
    assert control_labels(language).lang == expected
    assert words_for(language).lang == expected
    assert group(language, "no-voice", ("title", "body", "epub_label")).lang == expected


@pytest.mark.parametrize("tag", BUNDLED)
def test_every_bundled_language_has_all_its_words(tag: str) -> None:
    assert ui_for(parse_language(tag)).lang == tag
