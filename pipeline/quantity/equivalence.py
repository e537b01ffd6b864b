"""Whether two quantities mean the same: 500 mg = 0.5 g, 100.4 °F = 38 °C, twice a day = every 12 h.

The facts are :data:`pipeline.quantity.units.UNITS` (each unit's dimension and
factor to its base unit); what a patient may take as the same instruction (once
or twice a day = every 24 or 12 hours, never 4 times a day = every 6 hours) is
decided here.
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.quantity.model import Quantity
from pipeline.quantity.units import UNITS, Unit


def equivalent(a: Quantity, b: Quantity) -> bool:
    """True if ``a`` and ``b`` say the same amount, converting units where they differ."""
    if a.dimension == "clock" or b.dimension == "clock":
        return _same_clock(a, b)
    if {a.dimension, b.dimension} == {"frequency", "interval"}:
        count, interval = (a, b) if a.dimension == "frequency" else (b, a)
        return count.period in ("day", None) and any(
            n * s == 86400 and n <= 2 for n in count.values for s in base_values(interval)
        )
    if a.dimension != b.dimension:
        return False
    if a.dimension == "frequency":
        if a.period and b.period and a.period != b.period:
            return False
        return bool(set(_counts(a)) & set(_counts(b)))
    if a.unit is None or b.unit is None:
        return a.unit == b.unit and bool(a.values & b.values)
    return any(_close(x, y, a.dimension) for x in base_values(a) for y in base_values(b))


def _counts(q: Quantity) -> frozenset[Decimal]:
    return frozenset(v * 7 for v in q.values) if q.period == "week" else q.values


def _same_clock(a: Quantity, b: Quantity) -> bool:
    if a.dimension == b.dimension:
        return bool(a.values & b.values)
    other = b if a.dimension == "clock" else a
    clock = a if a.dimension == "clock" else b
    # "20 giờ" (Vietnamese) is both a clock time and a duration: accept the hour.
    return other.unit == "duration-hour" and any(v * 60 in clock.values for v in other.values)


def base_values(q: Quantity) -> frozenset[Decimal]:
    """The values in the dimension's base unit (g, mL, mm, °C, mmHg, s, %)."""
    unit: Unit | None = UNITS.get(q.unit or "")
    if unit is None:
        return q.values
    return frozenset(v * unit.factor + unit.offset for v in q.values)


def _close(x: Decimal, y: Decimal, dimension: str) -> bool:
    if dimension == "temperature":
        return abs(x - y) <= Decimal("0.15")  # 101 °F is 38.3 °C
    if x == y:
        return True
    return abs(x - y) <= Decimal("0.02") * max(abs(x), abs(y))
