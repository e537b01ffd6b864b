"""``numbers``: a changed dose is an error; a number written the translation's way is not."""

from __future__ import annotations

import pytest
from support.check_support import messages, run_checks


@pytest.mark.parametrize(
    ("source", "translation", "language", "expected"),
    [
        (
            "Take 500 mg of acetaminophen every 6 hours.",
            "Tome 50 mg de acetaminofén cada 6 horas.",
            "es",
            '"500 mg" became "50 mg"',
        ),
        (
            "Call us if your temperature is above 100.4 °F.",
            "Llámenos si su temperatura supera los 1004 °F.",
            "es",
            '"100.4 °F" became "1004 °F"',
        ),
        (
            "Do not take more than 3,000 mg in one day.",
            "一天内服用不要超过300毫克。",
            "zh-Hans",
            '"3,000 mg" became "300毫克"',
        ),
        (
            "Keep the bandage dry for 48 hours.",
            "حافظ على الضمادة جافة لمدة ٢٤ ساعة.",
            "ar",
            '"48 hours" became "٢٤ ساعة"',
        ),
        (
            "Rest for 2 days after the injection.",
            "Отдыхайте 3 дня после инъекции.",
            "ru",
            '"2 days" became "3 дня"',
        ),
        (
            "Most patients need 3 injections.",
            "Большинству пациентов нужно несколько инъекций.",
            "ru",
            '"3 injections" is missing from the translation',
        ),
        (
            "Apply ice for 20 minutes.",
            "Aplique hielo durante 20 minutos, 3 veces.",
            "es",
            '"3 veces" is not in the source',
        ),
    ],
)
def test_a_changed_missing_or_added_number_is_an_error(source, translation, language, expected):
    assert messages(source, translation, language, "numbers") == [expected]
    assert all(f.severity == "error" for f in run_checks(source, translation, language))


@pytest.mark.parametrize(
    ("source", "translation", "language", "word"),
    [
        ("Rest for 3 days.", "Descanse tres días.", "es", "tres"),
        ("Rest for 3 days.", "休息三天。", "zh-Hans", "三"),
        ("Rest for 3 days.", "استرح لمدة ثلاثة أيام.", "ar", "ثلاثة"),
        ("Rest for 2 days.", "Отдыхайте два дня.", "ru", "два"),
    ],
)
def test_a_digit_spelled_out_in_words_is_an_error_that_names_the_word(
    source, translation, language, word
):
    assert messages(source, translation, language, "numbers") == [
        f'"{source.split()[2]} days" is written in words in the translation ("{word}"): use digits'
    ]


@pytest.mark.parametrize(
    ("source", "translation", "language"),
    [
        # Spanish: a thousands dot, a decimal comma, US-style, and the RAE's plain space.
        ("Do not take more than 3,000 mg a day.", "No tome más de 3.000 mg al día.", "es"),
        ("Do not take more than 3,000 mg a day.", "No tome más de 3000 mg al día.", "es"),
        ("Do not take more than 3,000 mg a day.", "No tome más de 3,000 mg al día.", "es"),
        ("Do not take more than 3,000 mg a day.", "No tome más de 3 000 mg al día.", "es"),
        (
            "Call us if you have a fever over 100.4 °F.",
            "Llámenos si tiene fiebre de más de 100,4 °F.",
            "es",
        ),
        (
            "Call us if you have a fever over 100.4 °F.",
            "Llámenos si tiene fiebre de más de 100.4 °F.",
            "es",
        ),
        # Russian: narrow no-break space (CLDR), no-break space and plain space group thousands.
        (
            "Do not take more than 3,000 mg a day.",
            "Не принимайте более 3\u202f000 мг в сутки.",
            "ru",
        ),
        (
            "Do not take more than 3,000 mg a day.",
            "Не принимайте более 3\u00a0000 мг в сутки.",
            "ru",
        ),
        ("Do not take more than 3,000 mg a day.", "Не принимайте более 3 000 мг в сутки.", "ru"),
        ("A fever over 38.5 °C needs a doctor.", "При температуре выше 38,5 °C нужен врач.", "ru"),
        # Arabic-Indic digits with the Arabic decimal separator; Persian digits.
        ("Take 2.5 ml twice a day.", "تناول ٢٫٥ مل مرتين في اليوم.", "ar"),
        ("Take 300 mg at night.", "تناول ٣٠٠ ملغ في الليل.", "ar"),
        ("Take 300 mg at night.", "تناول ۳۰۰ ملغ في الليل.", "ar"),
        ("Take 1,200 mg at night.", "تناول ١٬٢٠٠ ملغ في الليل.", "ar"),
        # Chinese: full-width digits, and the myriad 万.
        ("Take 300 mg after meals.", "饭后服用３００毫克。", "zh-Hans"),
        ("About 30,000 people have this each year.", "每年约有3万人出现这种情况。", "zh-Hans"),
        # A source that spells "two" may be translated with the digit.
        ("Take two tablets with water.", "Tome 2 tabletas con agua.", "es"),
        # Numbers inside link targets are the urls check's business, not this one's.
        (
            "See [the guide](https://clinic.example/guide-2024).",
            "Consulte [la guía](https://clinic.example/guide-2024).",
            "es",
        ),
        # Order may change with grammar.
        ("Take 1 tablet every 8 hours.", "每8小时服用1片。", "zh-Hans"),
    ],
)
def test_locale_number_formats_are_not_flagged(source, translation, language):
    assert run_checks(source, translation, language) == []


def test_decimal_comma_that_changes_the_value_is_caught():
    # "1,5" is one and a half in Spanish: not the 1,500 of the source.
    assert messages("Drink 1,500 ml of water.", "Beba 1,5 ml de agua.", "es", "numbers") == [
        '"1,500 ml" became "1,5 ml"'
    ]


def test_a_flag_on_the_entry_silences_only_that_check():
    source, translation = "Take 500 mg.", "Tome 50 mg"
    flagged = run_checks(source, translation, "es", flags=("handout-ignore-punctuation",))
    assert {f.check for f in flagged} == {"numbers"}
    assert {f.check for f in run_checks(source, translation, "es")} == {"numbers", "punctuation"}


def test_a_translators_flag_on_numbers_only_asks_for_a_reviewer():
    """numbers protects meaning: the flag turns the error into a warning that still blocks."""
    flagged = run_checks("Take 500 mg.", "Tome 50 mg.", "es", flags=("handout-ignore-numbers",))
    assert [(f.severity, f.check, f.message, f.blocks) for f in flagged] == [
        (
            "warning",
            "numbers",
            'ignored by the translator, needs a reviewer: "500 mg" became "50 mg"',
            True,
        )
    ]


def test_thousands_of_numbers_are_paired_without_recursion():
    """3,000 numbers once hit Python's recursion limit in the matching (a hostile message)."""
    import time

    from pipeline.check.number_check import _unmatched
    from pipeline.languages import parse_language
    from pipeline.quantity.numbers import find_numbers, source_conventions

    conventions = source_conventions(parse_language("en"))
    source = find_numbers("6, " * 3000 + "and 7", conventions)
    translated = find_numbers("6, " * 2999 + "y 7", conventions)[::-1]
    start = time.perf_counter()
    missing, added = _unmatched(source, translated)
    assert [n.written for n in missing] == ["6"] and added == []
    assert time.perf_counter() - start < 20
