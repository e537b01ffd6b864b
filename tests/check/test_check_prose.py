"""``unchanged``, ``length``, ``sentences`` (warnings) and ``empty`` (an error)."""

from __future__ import annotations

import pytest
from support.check_support import messages, run_checks

TWO = "Your blood is drawn first. Then the platelets are concentrated in a centrifuge."


def test_a_translation_identical_to_the_source_is_a_warning():
    source = "Recovery from the injection is fast."
    for language in ("es", "zh-Hans", "ar", "ru"):
        assert messages(source, source, language, "unchanged") == [
            "the translation is the same as the source"
        ]


@pytest.mark.parametrize(
    "source", ["PRP", "PRP (500 mg)", "[PRP](https://clinic.example/prp)", "2026"]
)
def test_glossary_terms_and_numbers_may_stay_identical(source):
    for language in ("es", "zh-Hans", "ar", "ru"):
        assert messages(source, source, language, "unchanged") == []


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Primero se extrae su sangre.", "es"),  # half the message is gone
        (f"首先抽取您的血液。然后在离心机中浓缩血小板。{TWO}", "zh-Hans"),  # English left in
        ("يُسحب دمك أولًا.", "ar"),
        ("Сначала.", "ru"),
    ],
)
def test_a_length_far_off_the_language_pair_is_a_warning(translation, language):
    found = messages(TWO, translation, language, "length")
    assert len(found) == 1 and found[0].startswith("the translation is ")


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        ("Primero se le extrae sangre. Luego las plaquetas se concentran en una centrífuga.", "es"),
        ("首先抽取您的血液。然后在离心机中浓缩血小板。", "zh-Hans"),  # a third as many characters
        ("يُسحب دمك أولًا. ثم تُركّز الصفائح الدموية في جهاز طرد مركزي.", "ar"),
        ("Сначала у вас берут кровь. Затем тромбоциты концентрируют в центрифуге.", "ru"),
    ],
)
def test_ordinary_translations_pass_every_check(translation, language):
    assert run_checks(TWO, translation, language) == []


@pytest.mark.parametrize(
    ("translation", "language"),
    [
        (
            "Primero se le extrae sangre y luego las plaquetas se concentran en una centrífuga.",
            "es",
        ),
        ("首先抽取您的血液，然后在离心机中浓缩血小板。", "zh-Hans"),
        ("يُسحب دمك أولًا، ثم تُركّز الصفائح الدموية في جهاز طرد مركزي.", "ar"),
        ("Сначала у вас берут кровь, затем тромбоциты концентрируют в центрифуге.", "ru"),
    ],
)
def test_a_different_sentence_count_is_a_warning(translation, language):
    assert messages(TWO, translation, language, "sentences") == [
        "2 sentence(s) in the source, 1 in the translation"
    ]


def test_abbreviations_and_decimals_do_not_end_sentences():
    source = "Dr. Lee will inject 2.5 ml, e.g. in the lower back."
    assert (
        messages(
            source, "El Dr. Lee inyectará 2,5 ml, p. ej. en la zona lumbar.", "es", "sentences"
        )
        == []
    )


def test_a_blank_translation_marked_translated_is_an_error():
    found = run_checks("Rest after the injection.", " ", "es")
    assert [(f.check, f.severity, f.message) for f in found if f.check == "empty"] == [
        ("empty", "error", "the translation is blank but the message is marked translated")
    ]
    # Truly empty is untranslated: counted, not flagged.
    assert run_checks("Rest after the injection.", "", "es") == []
