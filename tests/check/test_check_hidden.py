"""``hidden``, ``confusable``, ``empty``: what nobody sees must not change what they read."""

from __future__ import annotations

import unicodedata

import pytest
from support.check_support import messages, run_checks


def _errors(source: str, translation: str, language: str) -> list[str]:
    return [f.check for f in run_checks(source, translation, language) if f.severity == "error"]


def test_a_bidi_override_is_named_and_never_printed_as_it_is():
    found = run_checks("Take 5 mg.", "Tome \u202e05\u202c mg.", "es")
    hidden = [f for f in found if f.check == "hidden"]
    assert [f.message.split(" in ")[0] for f in hidden] == [
        "hidden character U+202E RIGHT-TO-LEFT OVERRIDE",
        "hidden character U+202C POP DIRECTIONAL FORMATTING",
    ]
    for finding in found:
        assert not any(unicodedata.category(c) == "Cf" for c in str(finding)), str(finding)
    assert "⟨U+202E⟩05⟨U+202C⟩" in hidden[0].message


def test_numbers_are_read_without_hidden_characters():
    """A zero-width space does not make "50" two numbers: numbers itself sees 50 = 50."""
    assert "numbers" not in _errors("Take 50 mg.", "Tome 5\u200b0 mg.", "es")
    assert "hidden" in _errors("Take 50 mg.", "Tome 5\u200b0 mg.", "es")


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("\u200fتناول ٥ ملغ يوميًا.", "ar"),  # right-to-left mark, as handout writes for Arabic
        ("تناول \u061c٥ ملغ.", "ar"),  # Arabic letter mark
        ("روزانه ۵ میلی\u200cگرم مصرف کنید.", "fa"),  # Persian zero-width non-joiner
        ("दिन में ५ मि\u200dग्रा लें।", "hi"),  # Devanagari joiner
        ("Pregunte a su médico 👩\u200d⚕️ por 5 mg.", "es"),  # emoji sequence
    ],
)
def test_characters_the_script_needs_are_allowed(translation, language):
    assert messages("Take 5 mg.", translation, language, "hidden") == []


def test_a_direction_mark_in_a_left_to_right_language_is_an_error():
    assert messages("Take 5 mg.", "Tome \u200f5 mg.", "es", "hidden") != []


def test_hidden_characters_the_source_has_are_allowed():
    assert messages("Take\u00ad 5 mg.", "Tome\u00ad 5 mg.", "es", "hidden") == []


@pytest.mark.parametrize("blank", ["\u200b", "\u3164", "\u2800", "\ufeff\u200d", " \u00ad "])
def test_a_translation_of_only_invisible_characters_is_untranslated(blank):
    found = run_checks("Rest today.", blank, "es")
    assert [f.check for f in found] == ["empty"]


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Tome 1O mg.", "es"),
        ("Tome l0 mg.", "es"),
        ("Примите 5О мг.", "ru"),
        ("服用1O毫克。", "zh-Hans"),
    ],
)
def test_letters_that_look_like_digits_in_a_dose_are_errors(translation, language):
    assert "confusable" in _errors("Take 10 mg.", translation, language)


@pytest.mark.parametrize(
    ("source", "translation", "language"),
    [
        ("Oxygen O2 above 90%.", "Oxígeno O2 por encima del 90 %.", "es"),
        ("Vitamin B12 1000 mcg.", "Vitamina B12 1000 mcg.", "es"),
        ("COVID-19 vaccine.", "Vacuna COVID-19.", "es"),
    ],
)
def test_letters_next_to_digits_in_words_are_not_confusables(source, translation, language):
    assert "confusable" not in _errors(source, translation, language)


def test_the_hidden_class_is_every_format_character_of_this_python():
    import sys

    from pipeline.check.hidden import FORMAT_CLASS, is_hidden, strip_hidden

    assert FORMAT_CLASS
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if is_hidden(chr(code)) and strip_hidden("a" + chr(code)) != "a"
    ]
    assert missing == []
