"""One quantity as handout reads it: a value (or two) with its unit, where it was written.

Both readers of :mod:`pipeline.quantity` give this value: the translation
checks' (:func:`pipeline.quantity.reader.find_quantities`: "every 6 hours",
"8 p.m.", "no more than 3,000 mg") and the spoken read-back's
(:func:`pipeline.quantity.readback.reader_for`: "120/80 mmHg" and "120 over 80
millimeters of mercury"). Equality is the whole value (a check pairs one
quantity of a message with another of the same message by identity of place);
what the read-back compares is :attr:`Quantity.said`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

UPPER = "upper"  # no more than, under, up to, at most
LOWER = "lower"  # at least, more than, over


@dataclass(frozen=True)
class Quantity:
    """One quantity as written in a text.

    ``value`` is the number as written (the first reading when separators make
    it ambiguous; ``values`` holds every reading; the last of a pair read as one
    quantity, with ``first`` the first: 120/80 mmHg, 10–14 mg). ``unit`` is a CLDR
    unit id ("mass-milligram"), handout's own ("count-tablet", "frequency",
    "interval", "clock") or ``None`` for a bare number; ``dimension`` is what it
    measures. ``limit`` is UPPER, LOWER or None. ``spans`` are the digit runs it
    covers, ``figures`` the digits as written (said as written: "0.5", not "0.50").
    """

    value: Decimal
    values: frozenset[Decimal]
    unit: str | None
    dimension: str
    written: str
    start: int
    end: int
    limit: str | None = None
    limit_words: str = ""
    period: str | None = None  # frequencies: "day" or "week"
    words_only: bool = False  # "twice a day": no digit at all
    spans: tuple[tuple[int, int], ...] = ()
    meridiem: str | None = None  # clock times: "am", "pm" or None (24-hour or unsaid)
    word_after: bool = False  # a bare number followed by a word handout does not know as a unit
    first: Decimal | None = None  # a pair read as one quantity: its first value
    figures: tuple[str, ...] = ()  # the digits as written: ("120", "80")
    joined: str = ""  # how a pair is joined: "pressure", "range" or ""

    @property
    def said(self) -> tuple[Decimal | None, Decimal, str | None]:
        """What a listener hears: the values and the unit, not how or where they were written.

        "120/80 mmHg" and "120 over 80 millimeters of mercury" say the same.
        """
        return (self.first, self.value, self.unit)

    def describe(self) -> str:
        """``10–14 mass-milligram``: a quantity in an error message, values and unit id."""
        first = "" if self.first is None else f"{self.first}–"
        return f"{first}{self.value} {self.unit}"
