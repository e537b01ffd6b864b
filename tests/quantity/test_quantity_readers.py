"""The two readers of ``pipeline.quantity``: one model and one unit table, two questions.

The checks' reader (``find_quantities``) and the spoken read-back's
(``reader_for``) must agree on a written dose in every bundled language: a
translation the checks pass is then read back by the speech side as the same
values and units. Where they differ on purpose (listed in
``pipeline/quantity/__init__.py``) the difference is pinned here, so a change
to either reader that closes or widens one is seen and decided.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipeline.languages import parse_language
from pipeline.quantity.model import Quantity
from pipeline.quantity.readback import reader_for
from pipeline.quantity.reader import find_quantities
from pipeline.quantity.units import SPOKEN_UNITS, UNITS
from pipeline.quantity.words import CLDR_UNITS
from pipeline.speech.rules import load_rules

Said = tuple[Decimal | None, Decimal, str | None]


def _both(text: str, tag: str) -> tuple[list[Said], list[Said]]:
    language = parse_language(tag)
    checks = find_quantities(text, language)
    spoken = reader_for(load_rules(language, "US", None)).read(text)
    assert all(isinstance(q, Quantity) for q in (*checks, *spoken))
    return [q.said for q in checks], [q.said for q in spoken]


@pytest.mark.parametrize(
    ("text", "tag", "said"),
    [
        ("Take 500 mg twice a day.", "en", (None, Decimal(500), "mass-milligram")),
        ("Take 5 milligrams.", "en", (None, Decimal(5), "mass-milligram")),
        ("Take 250 mcg.", "en", (None, Decimal(250), "mass-microgram")),
        ("A fever of 38.5 °C.", "en", (None, Decimal("38.5"), "temperature-celsius")),
        ("Take 1,000 mg.", "en", (None, Decimal(1000), "mass-milligram")),
        ("Glucose 5.5 mmol/L.", "en", (None, Decimal("5.5"), "concentr-millimole-per-liter")),
        ("Tome 0,5 g.", "es", (None, Decimal("0.5"), "mass-gram")),
        ("每次500毫克。", "zh", (None, Decimal(500), "mass-milligram")),
        ("1.5毫升", "zh", (None, Decimal("1.5"), "volume-milliliter")),
        ("500mg을 복용하세요.", "ko", (None, Decimal(500), "mass-milligram")),
        ("Примите 2 миллиграмма.", "ru", (None, Decimal(2), "mass-milligram")),
        ("تناول ٥٠٠ ملغ.", "ar", (None, Decimal(500), "mass-milligram")),
    ],
)
def test_both_readers_read_a_written_dose_as_the_same_value_and_unit(text, tag, said):
    checks, spoken = _both(text, tag)
    assert said in checks
    assert [s for s in checks if s[2] in SPOKEN_UNITS] == spoken == [said]


def test_the_read_back_reads_only_units_the_checks_know_and_convert():
    assert set(SPOKEN_UNITS) <= set(UNITS)
    assert set(SPOKEN_UNITS) <= set(CLDR_UNITS)  # their names come from CLDR for both


@pytest.mark.parametrize(
    ("text", "tag", "checks", "spoken"),
    [
        # A pair is one quantity said as one; the checks pair each number on its own.
        (
            "Take 10–14 mg.",
            "en",
            [(None, Decimal(10), "mass-milligram"), (None, Decimal(14), "mass-milligram")],
            [(Decimal(10), Decimal(14), "mass-milligram")],
        ),
        (
            "120/80 mmHg",
            "en",
            [(None, Decimal(120), None), (None, Decimal(80), "pressure-millimeter-ofhg")],
            [(Decimal(120), Decimal(80), "pressure-millimeter-ofhg")],
        ),
        # The rules' decimal word: "1点5" is said as 1.5; the checks read a clock time.
        (
            "1点5毫升",
            "zh",
            [(None, Decimal(60), "clock"), (None, Decimal(5), "volume-milliliter")],
            [(None, Decimal("1.5"), "volume-milliliter")],
        ),
        # Units the speech side leaves to espeak-ng and its own patterns.
        (
            "Take 2 tablets every 6 hours.",
            "en",
            [(None, Decimal(2), "count-pill"), (None, Decimal(6), "duration-hour")],
            [],
        ),
        # Hidden characters: the checks read what a patient sees, the read-back what the voice gets.
        (
            "5\u202e00 mg",
            "en",
            [(None, Decimal(500), "mass-milligram")],
            [(None, Decimal(0), "mass-milligram")],
        ),
    ],
)
def test_where_the_readers_differ_each_keeps_its_reading(text, tag, checks, spoken):
    assert _both(text, tag) == (checks, spoken)
