"""A unit or number word with vowel marks, a kashida or in decomposed form reads as its plain form.

Patient materials in Arabic are often fully or partly vowelled ("3 سَاعَات"),
stretched for layout ("3 ساعـات") or pasted in decomposed Unicode (NFD: "giờ",
"días", "أسابيع" as letter + combining mark). The reader matched the word
lists' literal plain NFC form, so such a unit was a bare number and
``handout check`` reported "lost its unit" on a correct translation, blocking
publication until a reviewer accepted it. These tests read the forms through
``find_quantities``, ``unit_after``, ``number_word_in`` and ``handout check``
on a copy of the bundled project, and hold every unit word of the bundled
languages' data to reading the same with the marks as without.
"""

from __future__ import annotations

import tomllib
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.project import REPO

from pipeline.languages import parse_language
from pipeline.quantity.marks import fold, fold_word
from pipeline.quantity.number_words import number_word_in
from pipeline.quantity.readback import reader_for
from pipeline.quantity.reader import find_quantities, unit_after
from pipeline.quantity.words import language_words
from pipeline.speech.rules import load_rules
from pipeline.speech.spoken import spoken_form

NFD = "NFD"


def _nfd(text: str) -> str:
    return unicodedata.normalize(NFD, text)


@pytest.mark.parametrize(
    ("tag", "text", "value", "unit", "written"),
    [
        ("ar", "استرح 3 سَاعَاتٍ.", 3, "duration-hour", "3 سَاعَاتٍ"),
        ("ar", "استرح 3 ساعـات.", 3, "duration-hour", "3 ساعـات"),
        ("ar", "استرح 3 سـاعـات.", 3, "duration-hour", "3 سـاعـات"),
        ("ar", "انتظر 5 دَقَائِقَ.", 5, "duration-minute", "5 دَقَائِقَ"),
        ("ar", "انتظر 5 دقـائـق.", 5, "duration-minute", "5 دقـائـق"),
        ("ar", "تناول 500 مِلْغ.", 500, "mass-milligram", "500 مِلْغ"),
        ("ar", "تناول 500 ملـغ.", 500, "mass-milligram", "500 ملـغ"),
        ("ar", "تناول ٥٠٠ مِلّيغرامٍ.", 500, "mass-milligram", "٥٠٠ مِلّيغرامٍ"),
        ("ar", "استرح 3 السَّاعَاتِ.", 3, "duration-hour", "3 السَّاعَاتِ"),  # with the article
        ("ar", _nfd("لمدة 3 أسابيع"), 3, "duration-week", _nfd("3 أسابيع")),
        ("ar", _nfd("لمدة 3 أَسَابِيعَ"), 3, "duration-week", _nfd("3 أَسَابِيعَ")),
        ("vi", _nfd("Nghỉ 3 giờ."), 3, "duration-hour", _nfd("3 giờ")),
        ("vi", _nfd("Đợi 5 phút."), 5, "duration-minute", _nfd("5 phút")),
        ("es", _nfd("Durante 3 días."), 3, "duration-day", _nfd("3 días")),
    ],
)
def test_a_marked_unit_reads_as_its_unit_quoted_as_written(tag, text, value, unit, written):
    for source in (None, parse_language("en")):
        found = find_quantities(text, parse_language(tag), source=source)
        assert [(q.value, q.unit) for q in found] == [(Decimal(value), unit)]
        assert found[0].written == written  # the message quotes the translator's text
        assert text[found[0].start : found[0].end] == written
        start, end = found[0].spans[0]
        assert text[start:end].isdigit()


def test_a_marked_range_is_quoted_whole_as_written():
    text = "لمدة 10 إلى 14 يَوْمًا"
    found = find_quantities(text, parse_language("ar"))
    assert [(q.value, q.unit) for q in found] == [
        (Decimal(10), "duration-day"),
        (Decimal(14), "duration-day"),
    ]
    assert {q.written for q in found} == {"10 إلى 14 يَوْمًا"}


def test_a_marked_limit_is_read_and_quoted_as_written():
    text = "لَا تَتَجَاوَزْ 3000 مِلْغ يوميًا وتناول 8 أَكْوَابٍ مِنَ المَاءِ عَلَى الأَقَلِّ"
    found = find_quantities(text, parse_language("ar"), source=parse_language("en"))
    assert [(q.value, q.unit, q.limit, q.limit_words) for q in found] == [
        (Decimal(3000), "mass-milligram", "upper", "لَا تَتَجَاوَزْ"),
        (Decimal(8), "volume-cup", "lower", "عَلَى الأَقَلِّ"),
    ]


def test_unit_after_and_number_words_read_marks():
    arabic = parse_language("ar")
    assert unit_after("3 سَاعَاتٍ", 1, arabic) == "duration-hour"
    assert unit_after("3 ساعـات", 1, arabic, parse_language("en")) == "duration-hour"
    assert number_word_in("خذ ثَلَاث حبات", "ar") == "ثَلَاث"
    assert number_word_in("خذ ثـلاث حبات", "ar") == "ثـلاث"
    frequency = find_quantities("مَرَّتَيْنِ يوميًا", arabic)
    assert [(q.value, q.unit) for q in frequency] == [(Decimal(2), "frequency")]


# --- adding marks never changes what is read -------------------------------------------------

_HARAKAT = st.sampled_from([chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"])


def _bundled_languages() -> list[str]:
    config = tomllib.loads((REPO / "handout.toml").read_text("utf-8"))
    return ["en", *config["languages"]]


def _unit_words(tag: str) -> list[str]:
    return sorted({w for w, _ in language_words(parse_language(tag).language).units})


@st.composite
def _marked(draw: st.DrawFn, word: str) -> str:
    """``word`` with harakat after any Arabic letter, tatweel between letters, maybe in NFD."""
    out = []
    for index, char in enumerate(word):
        out.append(char)
        arabic = "\u0621" <= char <= "\u064a"
        if arabic and draw(st.booleans()):
            out.extend(draw(st.lists(_HARAKAT, min_size=1, max_size=2)))
        if arabic and index + 1 < len(word) and draw(st.booleans()):
            out.append("\u0640" * draw(st.integers(1, 3)))
    marked = "".join(out)
    return _nfd(marked) if draw(st.booleans()) else marked


def _reading(text: str, tag: str) -> list[tuple[object, ...]]:
    found = find_quantities(text, parse_language(tag), source=parse_language("en"))
    return [(q.values, q.unit, q.dimension, q.limit, q.period, fold_word(q.written)) for q in found]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_marks_on_an_arabic_unit_word_never_change_what_is_read(data):
    word = data.draw(st.sampled_from(_unit_words("ar")))
    number = data.draw(st.sampled_from(["3", "٣", "500", "٥٠٠", "0.5", "10–14"]))
    before, after = data.draw(st.sampled_from([("خذ ", "."), ("", ""), ("لمدة ", " يوميًا")]))
    marked = data.draw(_marked(word))
    plain_text = f"{before}{number} {word}{after}"
    marked_text = f"{before}{number} {marked}{after}"
    assert _reading(marked_text, "ar") == _reading(plain_text, "ar")


@pytest.mark.parametrize("tag", _bundled_languages())
def test_every_unit_word_in_nfd_reads_as_in_nfc(tag):
    for word in _unit_words(tag):
        plain = f"3 {word}"
        assert _reading(_nfd(plain), tag) == _reading(plain, tag), word


_FOLDABLE = [
    *"ab 3",
    *("\u0301", "\u0323", "\u031b", "ơ", "ố", "س", "ا", "\u0654", "\u0640", "\u064b", "\u0651"),
    *("\u1100", "\u1161", "\u11a8", "가", "\u0b47", "\u0b3e"),  # compose although class 0
]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(_FOLDABLE)))
def test_fold_maps_every_folded_character_back_to_where_it_was_written(text):
    folded = fold(text)
    assert folded.text == fold_word(text)
    assert list(folded.starts) == sorted(folded.starts)
    pieces: dict[tuple[int, int], str] = {}
    for at, char in enumerate(folded.text):
        where = folded.span(at, at + 1)
        pieces[where] = pieces.get(where, "") + char
    for (start, end), piece in pieces.items():
        assert fold_word(text[start:end]) == piece


# --- the spoken read-back reads the same forms ----------------------------------------------


@pytest.mark.parametrize(
    ("tag", "text", "written"),
    [
        ("ar", "تَنَاوَلْ 500 مِلْغ مَعَ المَاءِ.", "500 مِلْغ"),
        ("ar", "تناول 500 ملـغ مع الماء.", "500 ملـغ"),
        ("vi", _nfd("Uống 500 mililít mỗi ngày."), _nfd("500 mililít")),
    ],
)
def test_the_read_back_reads_and_says_a_marked_dose(tag, text, written):
    rules = load_rules(parse_language(tag), None, None)
    reader = reader_for(rules)
    found = reader.read(text)
    assert [(q.value, q.written) for q in found] == [(Decimal(500), written)]
    assert text[found[0].start : found[0].end] == written
    assert reader.spans(text) == [(found[0].start, found[0].end)]
    assert reader.unit_at(text, text.index(written) + 3)
    form = spoken_form(text, rules)
    plain = spoken_form(fold_word(text), rules)
    assert fold_word(form.spoken) == fold_word(plain.spoken)  # the unit said in CLDR's words
    assert form.spoken.startswith(text[: found[0].start])  # the rest said as written
    assert [q.said for q in form.spoken_quantities] == [q.said for q in form.written_quantities]
