"""Clock times: "20:00", "8 p.m.", "8:30 PM", "晚上8点", "오후 8시", "8 giờ tối".

A clock time is read before anything else, so its digits are not read again as
a number or a duration. A time is "8:00" only with a colon, a.m./p.m. or the
language's hour word ("点", "시", "giờ"); without a.m./p.m. a 12-hour time may
be either, unless the locale writes a 24-hour clock (CLDR's short time format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError

from pipeline.quantity.model import Quantity
from pipeline.quantity.numbers import Number
from pipeline.quantity.patterns import lookup

_CLOCK_JOINT = re.compile(r"[:：]|[ \u00a0\u202f]?h[ \u00a0\u202f]?")


@dataclass(frozen=True)
class ClockWords:
    """One language's clock words, compiled (and the source's, for a translation)."""

    am: re.Pattern[str]
    pm: re.Pattern[str]
    hour: re.Pattern[str]
    unit_ids: dict[str, str]  # the unit words: "giờ" is an hour word and a duration
    hour24: bool  # the text's locale writes 20:00, not 8:00 PM


@dataclass(frozen=True)
class _Face:
    """What was read at a number: its hour and minute, where they end, how they were written."""

    hour: int
    minute: int
    end: int
    used: int  # numbers read: 1, or 2 with the minutes
    colon: bool
    hour_word: re.Match[str] | None
    marker_before: tuple[str, int] | None
    marker_after: tuple[str, int] | None


def clocks(words: ClockWords, text: str, numbers: list[Number]) -> list[Quantity]:
    """Every clock time of ``text``, by the numbers :func:`find_numbers` found in it."""
    found: list[Quantity] = []
    index = 0
    while index < len(numbers):
        clock, used = _clock_at(words, text, numbers, index)
        if clock is None:
            index += 1
            continue
        found.append(clock)
        index += used
    return found


def _clock_at(
    words: ClockWords, text: str, numbers: list[Number], index: int
) -> tuple[Quantity | None, int]:
    face = _face(words, text, numbers, index)
    if face is None:
        return None, 1
    marker_before, marker_after = face.marker_before, face.marker_after
    meridiem = marker_after[0] if marker_after else marker_before[0] if marker_before else None
    if not (face.colon or meridiem or face.hour_word) or (meridiem and not 1 <= face.hour <= 12):
        return None, 1
    word = face.hour_word
    if word and not (face.colon or meridiem) and lookup(words.unit_ids, word.group(0)) is not None:
        return None, 1  # Vietnamese "8 giờ" is also 8 hours: a clock time only with tối/sáng
    start = marker_before[1] if marker_before and not marker_after else numbers[index].start
    end = max(face.end, marker_after[1]) if marker_after else face.end
    minutes = _clock_minutes(face.hour, face.minute, meridiem, face.colon and words.hour24)
    spans = tuple((n.start, n.end) for n in numbers[index : index + face.used])
    clock = Quantity(
        value=Decimal(face.hour * 60 + face.minute),
        values=minutes,
        unit="clock",
        dimension="clock",
        written=text[start:end].strip(),
        start=start,
        end=end,
        spans=spans,
        meridiem=meridiem,
    )
    return clock, face.used


def _face(words: ClockWords, text: str, numbers: list[Number], index: int) -> _Face | None:
    """The hour at ``numbers[index]`` with its minutes and markers, or None if no hour."""
    hour = numbers[index]
    if len(hour.values) != 1 or not _is_int(min(hour.values), 0, 24):
        return None
    minute, end, used, colon = 0, hour.end, 1, False
    nxt = numbers[index + 1] if index + 1 < len(numbers) else None
    joint = _CLOCK_JOINT.match(text, hour.end)  # 20:30, 20：30, 20 h 30, 20h30
    if joint and nxt is not None and nxt.start == joint.end():
        if not _is_int(min(nxt.values), 0, 59) or nxt.end - nxt.start != 2:
            return None
        minute, end, used, colon = int(min(nxt.values)), nxt.end, 2, True
    marker_after = _meridiem(words, text, end, forward=True)
    marker_before = _meridiem(words, text, hour.start, forward=False)
    hour_word = words.hour.match(text, end)
    if hour_word:
        end = hour_word.end()
        minute_match = re.match(r"\s*(\d{1,2})\s*[分분]", text[end:])
        if minute_match:
            minute = int(minute_match.group(1))
            end += minute_match.end()
            used += 1
        marker_after = marker_after or _meridiem(words, text, end, forward=True)
    h = int(min(hour.values))
    return _Face(h, minute, end, used, colon, hour_word, marker_before, marker_after)


def _meridiem(words: ClockWords, text: str, at: int, *, forward: bool) -> tuple[str, int] | None:
    for name, pattern in (("pm", words.pm), ("am", words.am)):
        if forward:
            match = pattern.match(text, at)
            if match:
                return name, match.end()
        else:
            match = pattern.search(text, max(0, at - 12), at)
            if match and not text[match.end() : at].strip(" \u00a0\u202f"):
                return name, match.start()
    return None


def _is_int(value: Decimal, low: int, high: int) -> bool:
    return value == value.to_integral_value() and low <= value <= high


def _clock_minutes(
    hour: int, minute: int, meridiem: str | None, hour24: bool
) -> frozenset[Decimal]:
    """Minutes after midnight; a 12-hour time without a.m./p.m. may be either.

    Where the locale writes times on a 24-hour clock (CLDR's short time format
    says ``H``), "8:00" is 8 in the morning, not 8 p.m.
    """
    if meridiem == "am":
        hours = {hour % 12}
    elif meridiem == "pm":
        hours = {hour % 12 + 12}
    elif hour <= 12 and not hour24:
        hours = {hour % 24, (hour + 12) % 24}
    else:
        hours = {hour % 24}
    return frozenset(Decimal(h * 60 + minute) for h in hours)


def hour24(language: str) -> bool:
    """Does ``language``'s locale write times on a 24-hour clock (CLDR's short time format)?"""
    try:
        pattern = Locale.parse(language).time_formats["short"].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return False
    return "H" in pattern or "k" in pattern
