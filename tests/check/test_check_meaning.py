"""Meaning checks on one entry through a real catalog: every seeded error caught, every
correct locale form passed (Spanish, Simplified Chinese, Arabic, Russian at least)."""

from __future__ import annotations

import pytest
from support.check_support import run_checks
from support.meaning_cases import (
    CASES,
    CLOCK_WORDS,
    CORRECT,
    EVERYDAY,
    MORE_SEEDED,
    NO_WORD_LISTS_CORRECT,
    NO_WORD_LISTS_WRONG,
)


def _id(case: tuple[str, ...]) -> str:
    return f"{case[0]}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_a_seeded_meaning_error_is_caught(case):
    _, language, source, wrong, check, _ = case
    found = run_checks(source, wrong, language)
    assert any(f.check == check and f.severity == "error" for f in found), found


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_correct_translation_has_no_error(case):
    _, language, source, _, _, right = case
    assert [f for f in run_checks(source, right, language) if f.severity == "error"] == []


@pytest.mark.parametrize(("source", "translation", "language"), CORRECT)
def test_locale_forms_of_quantities_pass(source, translation, language):
    assert [f for f in run_checks(source, translation, language) if f.severity == "error"] == []


@pytest.mark.parametrize(
    ("source", "language", "translation"),
    [(source, lang, text) for source, by_lang in EVERYDAY for lang, text in by_lang.items()],
)
def test_everyday_dosing_sentences_pass_in_every_bundled_language(source, language, translation):
    found = [f for f in run_checks(source, translation, language) if f.severity == "error"]
    assert found == []


@pytest.mark.parametrize(("language", "source", "translation", "check"), MORE_SEEDED + CLOCK_WORDS)
def test_more_seeded_errors_in_more_languages(language, source, translation, check):
    errors = [f for f in run_checks(source, translation, language) if f.severity == "error"]
    if check == "none":
        assert errors == []
    else:
        assert check in {f.check for f in errors}, errors


@pytest.mark.parametrize(("source", "translation", "language"), NO_WORD_LISTS_CORRECT)
def test_a_language_without_word_lists_is_not_guessed_at(source, translation, language):
    assert [f for f in run_checks(source, translation, language) if f.severity == "error"] == []


@pytest.mark.parametrize(("source", "translation", "language"), NO_WORD_LISTS_WRONG)
def test_a_language_without_word_lists_still_has_cldr_units(source, translation, language):
    errors = run_checks(source, translation, language)
    assert "quantities" in {f.check for f in errors if f.severity == "error"}


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc", "'"])
def test_a_typographic_apostrophe_still_makes_a_negation(apostrophe):
    """Regression: "Don’t" (U+2019, as typeset articles write it) was read as no negation."""
    source = f"Don{apostrophe}t drive for 24 hours."
    found = run_checks(source, "Conduzca durante 24 horas.", "es")
    assert any(f.check == "negation" and f.severity == "error" for f in found), found
    assert run_checks(source, "No conduzca durante 24 horas.", "es") == []
