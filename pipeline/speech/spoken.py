"""A sentence as written → as it should be said: the spoken form, per language.

Between the localized text and the PLS lexicon, each sentence is rewritten
so that the engine says the words a person would, never letters: "500 mg"
→ "500 milligrams" ("500 miligramos", "500毫克") with the unit's CLDR long
name in the plural form its number takes; "120/80 mmHg" → "120 over 80
millimeters of mercury"; "11/27/2026" and "8:30 p.m." → the locale's date and
time; phone numbers and the region's emergency numbers digit by digit in
groups ("9 1 1"); "1/2" → "one half"; "10–14" → "10 to 14"; "Dr." →
"Doctor". Numbers themselves stay digits: espeak-ng reads them right in every
bundled language (a decimal word is added where it drops the separator).

Each stage replaces what it recognises with a placeholder, so no later stage
reads an earlier one's output (a date's "27, 2026" is not a phone number).
The page, captions and EPUB keep the written text; only the engine hears this.

:func:`check_quantities` is the dose-safe read-back: the quantities a spoken
form says must be those of the written sentence, value and unit, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

import phonenumbers
from babel.dates import format_date, format_time, get_date_format
from babel.numbers import format_decimal, get_decimal_symbol
from babel.units import format_unit
from phonenumbers import shortnumberinfo

from pipeline.quantity.model import Quantity
from pipeline.quantity.readback import NOT_A_LETTER, QuantityReader, reader_for
from pipeline.speech.rules import SpokenRules

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use: no text means anything by them
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_DATE_SLASH = re.compile(r"(?<![\d/.])(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?![\d/])")
_DATE_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_TIME = re.compile(
    r"(?<![\d:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])"
    r"(?:\s?(?P<ampm>[aApP])\.?\s?[mM]\b\.?|\s?(?P<arabic>[مص])(?!\w))?"
)
_EMERGENCY = re.compile(rf"(?<![\d.,/:+A-Za-z-])(\d{{2,3}})(?![\d.,/:-]|\s?[%°]){NOT_A_LETTER}")
_RANGE = re.compile(r"(?<![\d.,/:])(\d+(?:[.,]\d+)?)\s?[–—-]\s?(\d+(?:[.,]\d+)?)(?![\d/:])")
_FRACTION = re.compile(r"(?<![\d/.,A-Za-z])([1-9])/([2-9])(?![\d/])")
_DECIMAL_CHARS = ".,\u066b"


@dataclass(frozen=True)
class SpokenForm:
    """A sentence as written and as it will be said, with the quantities both say."""

    written: str
    spoken: str
    written_quantities: tuple[Quantity, ...]
    spoken_quantities: tuple[Quantity, ...]

    @property
    def safe(self) -> bool:
        """Does the spoken form say the page's values and units, in order?"""
        return [q.said for q in self.written_quantities] == [q.said for q in self.spoken_quantities]


class _Marks:
    """Spoken replacements parked behind private-use placeholders until the end."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def park(self, spoken: str) -> str:
        self.said.append(spoken)
        return f"\ue000{len(self.said) - 1}\ue001"

    def restore(self, text: str) -> str:
        """Put the parked words back (a parked text may hold another park: a few passes)."""
        for _ in range(4):
            if not _MARK.search(text):
                break
            text = _MARK.sub(self._said, text)
        return text

    def _said(self, match: re.Match[str]) -> str:
        index = int(match.group(1))
        return self.said[index] if index < len(self.said) else ""


def spoken_form(sentence: str, rules: SpokenRules) -> SpokenForm:
    """``sentence`` as it should be said in ``rules.language``, with its read-back."""
    reader = reader_for(rules)
    marks = _Marks()
    text = sentence.replace(_OPEN, " ").replace(_CLOSE, " ")  # a placeholder is never input
    text = reader.replace(text, lambda q: marks.park(_say_quantity(q, rules)))
    text = _dates(text, rules, marks)
    text = _phones(text, rules, marks, reader)
    text = _times(text, rules, marks)
    text = _ranges(text, rules, marks)
    text = _emergency(text, rules, marks)
    text = _fractions(text, rules, marks)
    text = _abbreviations(text, rules, marks)
    spoken = _decimals(marks.restore(text), rules)
    return SpokenForm(sentence, spoken, reader.read(sentence), reader.read(spoken))


def _say_quantity(found: Quantity, rules: SpokenRules) -> str:
    """One quantity (or range, or blood pressure) with its unit in CLDR's words."""
    said = _unit_words(found.value, str(found.unit), rules)
    number = format_decimal(found.value, locale=rules.locale)
    if found.first is not None:
        joiner = rules.pressure if found.joined == "pressure" else rules.range
        values = joiner.replace("{0}", found.figures[0]).replace("{1}", found.figures[-1])
    else:
        values = found.figures[-1]
    return said.replace(number, values, 1) if number in said else f"{values} {said}"


def _unit_words(value: Decimal, unit: str, rules: SpokenRules) -> str:
    return _unit_words_cached(value, unit, rules.units, rules.locale)


@lru_cache(maxsize=4096)
def _unit_words_cached(
    value: Decimal, unit: str, units: tuple[tuple[str, str], ...], locale: str
) -> str:
    """CLDR's words for ``value`` ``unit`` (Babel's formatting is slow: kept per value)."""
    override = dict(units).get(unit)
    if override is not None:
        return override.replace("{0}", format_decimal(value, locale=locale))
    for length in ("long", "short"):
        said = str(format_unit(value, unit, length=length, locale=locale))
        if unit not in said:  # Babel names the unit id when CLDR has no pattern
            return said
    return said


def _dates(text: str, rules: SpokenRules, marks: _Marks) -> str:
    def slash(match: re.Match[str]) -> str:
        first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        month_first = _month_first(rules.locale)
        for month, day in (
            ((first, second), (second, first))
            if month_first
            else (
                (second, first),
                (first, second),
            )
        ):
            found = _date(year, month, day)
            if found is not None:
                return marks.park(_expand(format_date(found, "long", locale=rules.locale), rules))
        return match.group(0)

    def iso(match: re.Match[str]) -> str:
        found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if found is None:
            return match.group(0)
        return marks.park(_expand(format_date(found, "long", locale=rules.locale), rules))

    return _DATE_ISO.sub(iso, _DATE_SLASH.sub(slash, text))


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _month_first(locale: str) -> bool:
    """Does this locale write the month before the day (en_US's M/d/yy)?"""
    pattern = get_date_format("short", locale=locale).pattern
    return pattern.find("M") < pattern.find("d")


def _times(text: str, rules: SpokenRules, marks: _Marks) -> str:
    def say(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        ampm = (match.group("ampm") or "").lower() or {"م": "p", "ص": "a"}.get(
            match.group("arabic") or "", ""
        )
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        pattern = rules.time_on_hour if minute == 0 and rules.time_on_hour else rules.time
        clock = str(format_time(time(hour, minute), "short", locale=rules.locale))
        said = (
            pattern.replace("{clock}", clock)
            .replace("{hours}", _unit_words(Decimal(hour), "duration-hour", rules))
            .replace("{minutes}", _unit_words(Decimal(minute), "duration-minute", rules))
            .replace("{h}", str(hour))
            .replace("{m}", str(minute))
        )
        return marks.park(_expand(said, rules))

    return _TIME.sub(say, text)


def _ranges(text: str, rules: SpokenRules, marks: _Marks) -> str:
    """ "10–14 days": two numbers joined by a dash, said with the language's range words."""
    if not rules.range:
        return text

    def say(match: re.Match[str]) -> str:
        return marks.park(rules.range.replace("{0}", match.group(1)).replace("{1}", match.group(2)))

    return _RANGE.sub(say, text)


def _expand(text: str, rules: SpokenRules) -> str:
    """CLDR's own output with the rules' abbreviations said in full ("2026 г." → "2026 года")."""
    marks = _Marks()
    return marks.restore(_abbreviations(str(text), rules, marks))


def _phones(text: str, rules: SpokenRules, marks: _Marks, reader: QuantityReader) -> str:
    """Phone numbers as their digits, in the groups they are written in.

    Digits that are a quantity ("1000-2000 mg"), or are followed by a unit,
    or hold a slash (a fraction, a blood pressure) are not a phone number.
    """
    quantities = reader.spans(text)
    region = rules.region or "ZZ"
    found = list(
        phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
    )
    for match in reversed(found):
        raw = match.raw_string
        if sum(ch.isdigit() for ch in raw) < 7 or not re.search(r"[-\s().+]", raw):
            continue
        if any(start < match.end and match.start < end for start, end in quantities):
            continue
        if "/" in raw or reader.unit_at(text, match.end):
            continue
        groups = [" ".join(group) for group in re.findall(r"\d+", raw)]
        said = ", ".join(groups)
        lead = re.match(r"[^\d]*", raw)
        before = lead.group(0) if lead else ""
        if "+" in before and rules.plus:
            said = f"{rules.plus} {said}"
        if raw.count("(") > raw.count(")"):  # "(+1-555-…)": the bracket closes after the number
            said = "(" + said
        text = text[: match.start] + marks.park(said) + text[match.end :]
    return text


def _emergency(text: str, rules: SpokenRules, marks: _Marks) -> str:
    """The region's emergency numbers ("911") digit by digit, as they are dialled."""
    region = rules.region
    if not region:
        return text

    def say(match: re.Match[str]) -> str:
        number = match.group(1)
        if shortnumberinfo.is_emergency_number(number, region):
            return marks.park(" ".join(number))
        return number

    return _EMERGENCY.sub(say, text)


def _fractions(text: str, rules: SpokenRules, marks: _Marks) -> str:
    table = dict(rules.fractions)
    if not table:
        return text

    def say(match: re.Match[str]) -> str:
        words = table.get(match.group(0))
        return match.group(0) if words is None else marks.park(words)

    return _FRACTION.sub(say, text.replace("½", "1/2").replace("¼", "1/4").replace("¾", "3/4"))


def _abbreviations(text: str, rules: SpokenRules, marks: _Marks) -> str:
    pattern = _abbreviation_pattern(rules.abbreviations)
    if pattern is None:
        return text
    table = dict(rules.abbreviations)
    return pattern.sub(lambda m: marks.park(table[m.group(0)]), text)


@lru_cache(maxsize=64)
def _abbreviation_pattern(pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """All of a language's abbreviations in one pattern, longest first, as whole words."""
    alternatives = []
    for written, _ in sorted(pairs, key=lambda pair: (-len(pair[0]), pair[0])):
        before = r"(?<!\w)" if written[0].isalnum() else ""
        after = r"(?!\w)" if written[-1].isalnum() else ""
        alternatives.append(before + re.escape(written) + after)
    return re.compile("|".join(alternatives)) if alternatives else None


def _decimals(text: str, rules: SpokenRules) -> str:
    """Say the decimal word where the engine would drop the separator (zh, ko)."""
    if not rules.decimal:
        return text
    symbol = re.escape(get_decimal_symbol(rules.locale))
    number = re.compile(rf"(?<![\d.,])(\d+){symbol}(\d+)(?![.,]?\d)")  # 1.5, not 1.5.1
    return number.sub(lambda m: f"{m.group(1)}{rules.decimal}{m.group(2)}", text)


__all__ = ["QuantityReader", "SpokenForm", "spoken_form"]
