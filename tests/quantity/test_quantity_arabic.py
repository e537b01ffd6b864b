"""A unit word carrying a proclitic or the article is read, never a crash.

Arabic joins "and", "with", "for", "like" and the article to the next word:
"3 الساعات" is 3 hours, "500 والملغ" is 500 mg. The reader's pattern allowed
these prefixes but looked the unit up by the whole matched text, so a
translator's catalog holding such a form made ``handout check`` end in a
``KeyError`` traceback instead of a finding. These tests read the forms through
``find_quantities`` and through ``handout check`` on a copy of the bundled
project, and hold every bundled language's words, with the prefixes its script
allows, to never making the reader raise.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.project import REPO

from pipeline.languages import parse_language
from pipeline.quantity.patterns import PREFIXES
from pipeline.quantity.reader import find_quantities, unit_after
from pipeline.quantity.words import language_words


@pytest.mark.parametrize(
    ("text", "value", "unit", "written"),
    [
        ("خذ 3 الساعات", 3, "duration-hour", "3 الساعات"),
        ("بعد 8 الساعة", 8, "duration-hour", "8 الساعة"),
        ("500 والملغ", 500, "mass-milligram", "500 والملغ"),
        ("تناول ٥٠٠ بالملغ", 500, "mass-milligram", "٥٠٠ بالملغ"),
        ("ضع 2 والقطرات", 2, "count-drop", "2 والقطرات"),
    ],
)
def test_a_unit_word_with_a_proclitic_or_the_article_is_that_unit(text, value, unit, written):
    for source in (None, parse_language("en")):
        found = find_quantities(text, parse_language("ar"), source=source)
        assert [(q.value, q.unit, q.written) for q in found] == [(Decimal(value), unit, written)]


def test_the_whole_word_is_read_before_a_prefix_is_taken_off():
    # كغ is kilogram, not the proclitic ك before غ (gram).
    found = find_quantities("500 كغ", parse_language("ar"))
    assert [q.unit for q in found] == ["mass-kilogram"]


def test_a_count_word_with_a_proclitic_is_a_frequency():
    found = find_quantities("مرة ومرتين", parse_language("ar"))
    assert [(q.value, q.unit, q.written) for q in found] == [
        (Decimal(1), "frequency", "مرة"),
        (Decimal(2), "frequency", "ومرتين"),
    ]


def test_a_letter_the_pattern_folds_but_casefold_does_not_is_read():
    # re.IGNORECASE matches dotless "ı" with "i"; str.casefold keeps it: a lookup by the
    # casefolded text raised KeyError on "mın" and "twıce".
    english = parse_language("en")
    assert [q.unit for q in find_quantities("Wait 5 mın.", english)] == ["duration-minute"]
    twice = find_quantities("Take it twıce a day.", english)
    assert [(q.value, q.unit) for q in twice] == [(Decimal(2), "frequency")]


def test_unit_after_reads_a_prefixed_unit_word():
    assert unit_after("3 الساعات", 1, parse_language("ar")) == "duration-hour"


# --- handout check on a real project --------------------------------------------------------

SLUG = "rest"
ARTICLE = """\
---
title: Resting after the injection
description: What to do on the day of the injection.
language: en
reviewed: 2026-11-26
authors: [Patient Education Team]
---

# Resting after the injection

Rest for 3 hours.

Take 500 mg with water.

Do not drive for 8 hours.
"""
REST, DOSE, DRIVE = "Rest for 3 hours.", "Take 500 mg with water.", "Do not drive for 8 hours."
ARABIC = {
    "Resting after the injection": "الراحة بعد الحقنة",
    "What to do on the day of the injection.": "ماذا تفعل في يوم الحقنة.",
    REST: "استرح 3 الساعات.",
    DOSE: "تناول 500 والملغ مع الماء.",
    DRIVE: "لا تقد السيارة بعد 8 الساعة.",
}


def _arabic_catalog(project: Path, changes: dict[str, str]) -> polib.POFile:
    template = polib.pofile(str(project / "locales" / f"{SLUG}.pot"))
    template.metadata["Language"] = "ar"
    for entry in template:
        entry.msgstr = changes.get(entry.msgid, ARABIC[entry.msgid])
    path = project / "locales" / "ar" / "LC_MESSAGES" / f"{SLUG}.po"
    template.save(str(path))
    return polib.pofile(str(path))


@pytest.fixture
def rest(project, run_cli):
    (project / "source" / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    assert run_cli(project, "extract").code == 0
    return project


def test_handout_check_reads_prefixed_units_in_an_arabic_catalog(rest, run_cli):
    _arabic_catalog(rest, {})
    result = run_cli(rest, "check", "--lang", "ar", "--article", SLUG)
    assert "Traceback" not in result.out + result.err
    assert result.code == 0, result.out + result.err
    assert "1 catalog, 5 messages checked: 0 errors" in result.out


def test_handout_check_reports_hours_become_minutes_with_the_article(rest, run_cli):
    catalog = _arabic_catalog(rest, {REST: "استرح 3 الدقائق."})
    line = next(e for e in catalog if e.msgid == REST).linenum
    result = run_cli(rest, "check", "--lang", "ar", "--article", SLUG)
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert (
        f'locales/ar/LC_MESSAGES/{SLUG}.po:{line}: error: quantities: "3 hours" became "3 الدقائق"'
    ) in result.out


# --- Arabic punctuation ends a unit word ----------------------------------------------------


@pytest.mark.parametrize("mark", ["،", "؛", "؟", "۔", "٫"])
def test_arabic_punctuation_after_a_unit_does_not_hide_it(mark):
    """The Arabic block's punctuation once counted as letters: "500 ملغ،" read as a bare 500."""
    (found,) = find_quantities(f"تناول 500 ملغ{mark} ثم استرح", parse_language("ar"))
    assert (found.value, found.unit) == (Decimal(500), "mass-milligram")


def test_handout_check_passes_a_dose_followed_by_an_arabic_comma(rest, run_cli):
    _arabic_catalog(rest, {DOSE: "تناول 500 ملغ، مع الماء.", REST: "استرح 3 ساعات؛ ثم امش."})
    result = run_cli(rest, "check", "--lang", "ar", "--article", SLUG)
    assert result.code == 0, result.out + result.err
    assert "1 catalog, 5 messages checked: 0 errors" in result.out


# --- vowelled and stretched Arabic in handout check -----------------------------------------

VOWELLED = {
    REST: "اِسْتَرِحْ 3 سَاعَاتٍ.",
    DOSE: "تَنَاوَلْ 500 مِلْغ مَعَ المَاءِ.",
    DRIVE: "لا تقد السيارة لمدة 8 ساعـات.",
}


def test_handout_check_passes_a_correct_vowelled_arabic_catalog(rest, run_cli):
    _arabic_catalog(rest, VOWELLED)
    result = run_cli(rest, "check", "--lang", "ar", "--article", "rest")
    assert result.code == 0, result.out + result.err
    assert "1 catalog, 5 messages checked: 0 errors" in result.out


@pytest.mark.parametrize("minutes", ["استرح 3 دقائق.", "اِسْتَرِحْ 3 دَقَائِقَ.", "استرح 3 دقـائـق."])
def test_handout_check_reports_vowelled_hours_become_minutes(rest, run_cli, minutes):
    catalog = _arabic_catalog(rest, {**VOWELLED, REST: minutes})
    line = next(e for e in catalog if e.msgid == REST).linenum
    result = run_cli(rest, "check", "--lang", "ar", "--article", "rest")
    assert result.code == 1, result.out + result.err
    written = minutes[minutes.index("3") : -1]
    assert (
        f'locales/ar/LC_MESSAGES/rest.po:{line}: error: quantities: "3 hours" became '
        f'"{written}": 1/60× of the amount (another unit)'
    ) in result.out
    assert "1 catalog, 5 messages checked: 1 error" in result.out


# --- no bundled language's words make the reader raise --------------------------------------


def _bundled_languages() -> list[str]:
    config = tomllib.loads((REPO / "handout.toml").read_text("utf-8"))
    return ["en", *config["languages"]]


def _words(tag: str) -> list[str]:
    """The words the reader looks up in ``tag``: units, count words, the frequency lists."""
    words = language_words(parse_language(tag).language)
    found = [w for w, _ in words.units] + [w for w, _ in words.count_words]
    for kind in ("times", "every", "every_after", "day", "week", "upper", "lower", "am", "pm"):
        found += list(words.words(kind))
    return sorted(set(found))


def _prefixed(word: str) -> st.SearchStrategy[str]:
    """``word`` with any prefix its script allows (drawn from the pattern itself)."""
    for letters, prefix in PREFIXES.items():
        if re.match(f"[{letters}]", word):
            return st.from_regex(prefix, fullmatch=True).map(lambda p: p + word)
    return st.just(word)


def _variant(word: str) -> st.SearchStrategy[str]:
    """How a translator may write ``word``: cased, decomposed, stretched, with vowel marks."""
    return st.sampled_from(
        [
            word,
            word.upper(),
            word.title(),
            word.replace("i", "ı").replace("I", "İ"),
            unicodedata.normalize("NFD", word),
            unicodedata.normalize("NFKC", word),
            "\u0640".join(word),  # tatweel
            word + "\u064b",  # tanwin
        ]
    )


_NUMBERS = st.sampled_from(
    ["3", "٣", "۳", "500", "٥٠٠", "3,000", "٣٬٠٠٠", "0.5", "٠٫٥", "1 000", "8:00", "10–14", "2/3"]
)
_GLUE = st.sampled_from(["", " ", "\u00a0", ", ", ". ", "-", " و ", "؟", "\u200f", "\u202e"])
_LETTERS = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "Nd", "P", "Zs")), max_size=4
)


@st.composite
def _texts(draw: st.DrawFn, tag: str) -> str:
    words = _words(tag)
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            pieces.append(draw(_NUMBERS))
        elif kind == 1:
            word = draw(st.sampled_from(words))
            pieces.append(draw(_prefixed(draw(_variant(word)))))
        elif kind == 2:
            pieces.append(draw(_LETTERS))
        pieces.append(draw(_GLUE))
    return "".join(pieces)


@pytest.mark.parametrize("tag", _bundled_languages())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_text_of_a_languages_own_words_makes_the_reader_raise(tag, data):
    text = data.draw(_texts(tag))
    language = parse_language(tag)
    for source in (None, parse_language("en")):
        found = find_quantities(text, language, source=source)
        assert all(0 <= q.start < q.end <= len(text) for q in found)
    for index in range(len(text)):
        unit_after(text, index, language, parse_language("en"))
