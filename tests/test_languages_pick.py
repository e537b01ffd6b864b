"""handout's own words are looked up one way for every table: page, player, books, print."""

from __future__ import annotations

import pytest

from pipeline.book.strings import strings_for
from pipeline.languages import parse_language
from pipeline.print.strings import print_strings
from pipeline.speech.novoice import _WORDS as NO_VOICE_WORDS
from pipeline.speech.site import control_labels, labels_for
from pipeline.text.ui import ui_for

TABLE = {"en", "es", "zh-Hans", "pt-BR"}


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("es", "es"),
        ("es-419", "es"),  # a regional variant gets its language's words
        ("zh-Hans", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),  # the script's words, with or without a region
        ("zh-Hant", "en"),  # never across scripts: Traditional readers are not given Simplified
        ("pt", "en"),  # a bare language does not borrow a region's words
        ("ht", "en"),
    ],
)
def test_pick_takes_the_tag_then_the_bare_language_never_across_scripts(
    tag: str, expected: str
) -> None:
    assert parse_language(tag).pick(TABLE) == expected


@pytest.mark.parametrize("tag", ["zh-Hans-CN", "zh-Hant", "es-419", "ar-EG"])
def test_every_table_of_handouts_words_agrees_on_the_language(tag: str) -> None:
    language = parse_language(tag)
    expected = language.pick({"en", "es", "zh-Hans", "vi", "ar", "ko", "ru", "tl"})
    assert ui_for(language).lang == expected
    assert strings_for(language).lang == expected
    assert print_strings(language).lang == expected
    assert labels_for(language).lang == expected
    assert control_labels(language).lang == expected
    assert language.pick(NO_VOICE_WORDS) == expected
