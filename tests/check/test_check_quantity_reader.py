"""``find_quantities``: the reusable reader of quantities (text + language → frozen Quantity)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from pipeline.languages import parse_language
from pipeline.quantity.equivalence import equivalent
from pipeline.quantity.model import LOWER, UPPER, Quantity
from pipeline.quantity.reader import find_quantities


def _read(text: str, language: str) -> list[tuple[str, str | None, str, Decimal]]:
    found = find_quantities(text, parse_language(language), source=parse_language("en"))
    return [(q.written, q.unit, q.dimension, q.value) for q in found]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Tome 500 miligramos.", "es", ("500 miligramos", "mass-milligram", "mass", 500)),
        ("服用500毫克。", "zh-Hans", ("500毫克", "mass-milligram", "mass", 500)),
        ("تناول ٥٠٠ ملغ.", "ar", ("٥٠٠ ملغ", "mass-milligram", "mass", 500)),
        ("Примите 500 мг.", "ru", ("500 мг", "mass-milligram", "mass", 500)),
        ("500밀리그램을 복용하세요.", "ko", ("500밀리그램", "mass-milligram", "mass", 500)),
        ("Nghỉ 20 phút.", "vi", ("20 phút", "duration-minute", "duration", 20)),
        (
            "Fiebre de 100,4 °F.",
            "es",
            ("100,4 °F", "temperature-fahrenheit", "temperature", Decimal("100.4")),
        ),
        ("每6小时服药。", "zh-Hans", ("每6小时", "duration-hour", "interval", 6)),
        ("3 раза в день.", "ru", ("3 раза", "frequency", "frequency", 3)),
        ("A las 20:00.", "es", ("20:00", "clock", "clock", 1200)),
    ],
)
def test_a_quantity_is_read_with_its_unit_in_the_texts_language(text, language, expected):
    assert _read(text, language) == [expected]


def test_quantities_are_frozen_and_carry_their_limit():
    [quantity] = find_quantities("No tome más de 3.000 mg.", parse_language("es"))
    assert isinstance(quantity, Quantity) and quantity.limit == UPPER
    assert quantity.limit_words == "No tome más de"
    with pytest.raises(dataclasses.FrozenInstanceError):
        quantity.value = Decimal(1)  # type: ignore[misc]
    [lower] = find_quantities("至少休息2周。", parse_language("zh-Hans"))
    assert lower.limit == LOWER


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Take 500 mg.", "en"), ("Tome 0,5 g.", "es"), True),
        (("Above 100.4 °F.", "en"), ("Выше 38 °C.", "ru"), True),
        (("At 8 p.m.", "en"), ("A las 20:00.", "es"), True),
        (("At 8 p.m.", "en"), ("A las 8:00.", "es"), False),
        (("Every 12 hours.", "en"), ("Dos veces al día.", "es"), True),
        (("Every 6 hours.", "en"), ("4 veces al día.", "es"), False),
        (("Every 6 hours.", "en"), ("6 veces al día.", "es"), False),
        (("38 °C", "en"), ("38 °F", "es"), False),
    ],
)
def test_equivalent_quantities(a, b, same):
    [first] = find_quantities(a[0], parse_language(a[1]))
    [second] = find_quantities(b[0], parse_language(b[1]), source=parse_language("en"))
    assert equivalent(first, second) is same
