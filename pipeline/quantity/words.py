"""Per-language words the meaning checks read: units, frequencies, limits, negation, warnings.

Unit names come from CLDR through Babel (long, short and narrow forms, every
plural form) wherever CLDR has them; ``pipeline/quantity/data/<language>.toml``
adds what CLDR lacks (IU, units, tablets, drops, puffs, the dosing forms of a
language) and the phrase lists no standard provides ("no more than", "do not").
A clinic extends any list for its own languages in ``handout.toml``::

    [checks.es]
    units = { count-pill = ["grageas"] }
    negation = ["en ningún caso"]

Everything is built once per language and set of extra words (cached).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pipeline.errors import HandoutError
from pipeline.quantity.units import cldr_unit_patterns

#: Word lists a language file (and handout.toml) may hold, besides ``units``.
LIST_KINDS = (
    "every", "every_after", "times", "day", "week", "upper", "lower", "negation", "warning",
    "am", "pm", "hour",
)  # fmt: skip
_SECTIONS = {
    "every": ("frequency", "every"),
    "every_after": ("frequency", "every_after"),
    "times": ("frequency", "times"),
    "day": ("frequency", "day"),
    "week": ("frequency", "week"),
    "upper": ("limits", "upper"),
    "lower": ("limits", "lower"),
    "negation": ("negation", "markers"),
    "warning": ("warning", "words"),
    "am": ("clock", "am"),
    "pm": ("clock", "pm"),
    "hour": ("clock", "hour"),
}
#: CLDR units the checks compare (babel.units keys); others (light-years, bytes) never
#: appear in a handout and their short forms ("in", "c", "pt") would be read in prose.
CLDR_UNITS = (
    "mass-kilogram", "mass-gram", "mass-milligram", "mass-microgram", "mass-pound", "mass-ounce",
    "volume-liter", "volume-deciliter", "volume-milliliter", "volume-cubic-centimeter",
    "volume-teaspoon", "volume-tablespoon", "volume-fluid-ounce", "volume-cup", "volume-drop",
    "length-kilometer", "length-meter", "length-centimeter", "length-millimeter",
    "length-inch", "length-foot",
    "temperature-celsius", "temperature-fahrenheit",
    "pressure-millimeter-ofhg", "pressure-kilopascal",
    "duration-second", "duration-minute", "duration-hour", "duration-day", "duration-week",
    "duration-month", "duration-year",
    "concentr-percent", "concentr-milligram-ofglucose-per-deciliter",
    "concentr-millimole-per-liter", "energy-kilocalorie", "energy-foodcalorie",
)  # fmt: skip
#: Short CLDR forms that are ordinary words somewhere ("in", Spanish "a" for años).
_TOO_SHORT = 2


@dataclass(frozen=True)
class ExtraWords:
    """A clinic's additions from handout.toml: (language, kind, word) and (language, unit, word)."""

    lists: tuple[tuple[str, str, str], ...] = ()
    units: tuple[tuple[str, str, str], ...] = ()

    def for_language(self, language: str) -> ExtraWords:
        return ExtraWords(
            tuple(x for x in self.lists if x[0] == language),
            tuple(x for x in self.units if x[0] == language),
        )


NO_EXTRA_WORDS = ExtraWords()


@dataclass(frozen=True)
class LanguageWords:
    """Everything the meaning checks know about one language."""

    language: str
    units: tuple[tuple[str, str], ...]  # (word as written, unit id), CLDR and data
    lists: dict[str, tuple[str, ...]]
    count_words: tuple[tuple[str, int], ...]  # "twice" → 2, "una vez" → 1

    def words(self, kind: str) -> tuple[str, ...]:
        return self.lists.get(kind, ())


@lru_cache(maxsize=64)
def language_words(language: str, extra: ExtraWords = NO_EXTRA_WORDS) -> LanguageWords:
    """The words of ``language`` (a language subtag: "es", "zh"), data and CLDR merged."""
    own = _data_file(language)
    common = _data_file("common")
    units: dict[str, str] = {}
    for word, unit in _cldr_units(language):
        units.setdefault(word, unit)
    for data in (own, common):
        for unit, words in data.get("units", {}).items():
            for word in words:
                units[word] = unit
    for _, unit, word in extra.units:
        units[word] = unit
    lists: dict[str, tuple[str, ...]] = {}
    for kind, (section, key) in _SECTIONS.items():
        found = [*own.get(section, {}).get(key, ()), *common.get(section, {}).get(key, ())]
        found += [word for _, k, word in extra.lists if k == kind]
        lists[kind] = tuple(dict.fromkeys(found))
    counts = own.get("frequency", {}).get("words", {})
    return LanguageWords(
        language,
        tuple(units.items()),
        lists,
        tuple((str(w), int(n)) for w, n in counts.items()),
    )


@lru_cache(maxsize=32)
def _data_file(name: str) -> dict[str, Any]:
    try:
        data = resources.files("pipeline.quantity").joinpath("data", f"{name}.toml")
        text = data.read_text("utf-8")
    except FileNotFoundError:
        return {}
    return tomllib.loads(text)


def _cldr_units(language: str) -> list[tuple[str, str]]:
    """(word, unit id) from CLDR's unit patterns, long names before short and narrow."""
    found: list[tuple[str, str]] = []
    for length in ("long", "short", "narrow"):
        for unit in CLDR_UNITS:
            for plural, pattern in cldr_unit_patterns(language, unit, length).items():
                if plural == "per" or "{0}" not in pattern:
                    continue
                word = " ".join(pattern.split("{0}", 1)[1].split())
                if (word and len(word) >= _TOO_SHORT) or word in ("g", "l", "m", "h", "L"):
                    found.append((word, unit))
    return found


def parse_extra_words(raw: Any, where: str) -> ExtraWords:
    """``[checks.<language>]`` tables of handout.toml; refuses anything it does not know."""
    if not isinstance(raw, dict):
        raise HandoutError("checks must be a table", where)
    lists: list[tuple[str, str, str]] = []
    units: list[tuple[str, str, str]] = []
    for language, table in raw.items():
        if language == "accepted":
            continue
        if not isinstance(table, dict):
            raise HandoutError(f"checks.{language} must be a table of word lists", where)
        for kind, words in table.items():
            if kind == "units":
                units.extend(_unit_words(language, words, where))
            elif kind in LIST_KINDS:
                lists.extend(
                    (language, kind, w) for w in _strings(words, f"{language}.{kind}", where)
                )
            else:
                raise HandoutError(f"unknown setting 'checks.{language}.{kind}'", where)
    return ExtraWords(tuple(lists), tuple(units))


def _unit_words(language: str, raw: Any, where: str) -> list[tuple[str, str, str]]:
    if not isinstance(raw, dict):
        raise HandoutError(f"checks.{language}.units must be a table of unit = [words]", where)
    known = set(CLDR_UNITS) | {u for d in ("common", "en") for u in _data_file(d).get("units", {})}
    found: list[tuple[str, str, str]] = []
    for unit, words in raw.items():
        if unit not in known:
            raise HandoutError(f"checks.{language}.units: unknown unit {unit!r}", where)
        found.extend(
            (language, unit, w) for w in _strings(words, f"{language}.units.{unit}", where)
        )
    return found


def _strings(raw: Any, name: str, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise HandoutError(f"checks.{name} must be a list of non-empty strings", where)
    return [w.strip() for w in raw]
