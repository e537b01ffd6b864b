"""What each unit measures and how it converts: the facts behind "500 mg = 0.5 g".

Ids are CLDR's unit keys as Babel names them (``mass-milligram``), so the words
for them come from CLDR (see :mod:`pipeline.quantity.words`); ``count-*`` are
handout's own for what CLDR does not list (tablets, drops, puffs, units).
Each converts to its dimension's base unit: g, mL, mm, °C, mmHg, s, %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal as D
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError


@dataclass(frozen=True)
class Unit:
    dimension: str
    factor: D  # base = value × factor + offset
    offset: D = D(0)


_F = D(5) / D(9)

UNITS: dict[str, Unit] = {
    "mass-kilogram": Unit("mass", D(1000)),
    "mass-gram": Unit("mass", D(1)),
    "mass-milligram": Unit("mass", D("0.001")),
    "mass-microgram": Unit("mass", D("0.000001")),
    "mass-pound": Unit("mass", D("453.59237")),
    "mass-ounce": Unit("mass", D("28.349523125")),
    "volume-liter": Unit("volume", D(1000)),
    "volume-deciliter": Unit("volume", D(100)),
    "volume-milliliter": Unit("volume", D(1)),
    "volume-cubic-centimeter": Unit("volume", D(1)),
    "volume-teaspoon": Unit("volume", D("4.92892")),
    "volume-tablespoon": Unit("volume", D("14.7868")),
    "volume-fluid-ounce": Unit("volume", D("29.5735")),
    "volume-cup": Unit("volume", D("236.588")),
    "volume-drop": Unit("count-drop", D(1)),  # a dose of drops is counted, not measured
    "length-kilometer": Unit("length", D(1000000)),
    "length-meter": Unit("length", D(1000)),
    "length-centimeter": Unit("length", D(10)),
    "length-millimeter": Unit("length", D(1)),
    "length-inch": Unit("length", D("25.4")),
    "length-foot": Unit("length", D("304.8")),
    "temperature-celsius": Unit("temperature", D(1)),
    "temperature-fahrenheit": Unit("temperature", _F, D(-32) * _F),
    "pressure-millimeter-ofhg": Unit("pressure", D(1)),
    "pressure-kilopascal": Unit("pressure", D("7.50062")),
    "duration-second": Unit("duration", D(1)),
    "duration-minute": Unit("duration", D(60)),
    "duration-hour": Unit("duration", D(3600)),
    "duration-day": Unit("duration", D(86400)),
    "duration-week": Unit("duration", D(604800)),
    "duration-month": Unit("duration", D(2629800)),
    "duration-year": Unit("duration", D(31557600)),
    "concentr-percent": Unit("percent", D(1)),
    "concentr-milligram-ofglucose-per-deciliter": Unit("glucose", D(1)),
    "concentr-millimole-per-liter": Unit("glucose", D("18.016")),
    "energy-kilocalorie": Unit("energy", D(1)),
    "energy-foodcalorie": Unit("energy", D(1)),
    "count-unit": Unit("count-unit", D(1)),
    "count-international-unit": Unit("count-unit", D(1)),
    "count-pill": Unit("count-pill", D(1)),
    "count-drop": Unit("count-drop", D(1)),
    "count-puff": Unit("count-puff", D(1)),
    "count-injection": Unit("count-injection", D(1)),
}

#: Dimensions whose unit must never be lost: a dose or a reading without its unit.
DOSING = frozenset(
    {"mass", "volume", "temperature", "pressure", "percent", "glucose", "count-unit"}
)

#: The units the spoken read-back names and reads back by their CLDR names (a subset of
#: :data:`UNITS`, a test says so): doses, temperatures, pressures and glucose readings.
#: Durations and counts are left to espeak-ng and the rules ("10–14 days", "2 tablets").
SPOKEN_UNITS = (
    "mass-milligram",
    "mass-microgram",
    "mass-gram",
    "mass-kilogram",
    "mass-pound",
    "mass-ounce",
    "volume-milliliter",
    "volume-liter",
    "volume-deciliter",
    "temperature-celsius",
    "temperature-fahrenheit",
    "pressure-millimeter-ofhg",
    "length-millimeter",
    "length-centimeter",
    "concentr-milligram-ofglucose-per-deciliter",
    "concentr-millimole-per-liter",
)


def cldr_unit_patterns(locale: str, unit: str, length: str) -> Mapping[str, str]:
    """CLDR's patterns for ``unit`` in ``locale``, by plural form: {"one": "{0} milligram", …}.

    ``length`` is "long", "short" or "narrow". Both readers take a unit's names
    from here: the checks its words after the number, the read-back its whole
    patterns (Korean "섭씨 {0}도" names the unit around the number). Nothing for a
    locale CLDR does not know.
    """
    forms: Mapping[str, str] = _unit_patterns(locale).get(unit, {}).get(length, {})
    return forms


@lru_cache(maxsize=64)
def _unit_patterns(locale: str) -> Mapping[str, Any]:
    try:
        patterns: Mapping[str, Any] = Locale.parse(locale)._data["unit_patterns"]
    except (UnknownLocaleError, ValueError, KeyError):
        return {}
    return patterns
