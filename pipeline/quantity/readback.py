"""Quantities in a sentence, written or spoken, for the dose-safe read-back.

This reader finds "500 mg", "500 milligrams", "5毫升", "120/80 mmHg", "120 over
80 millimeters of mercury", "10–14 mg" and "de 10 a 14 miligramos" alike, from
the unit names CLDR gives the language (every plural form, long, short and
narrow) and English's symbols (a translation may keep "mg"), plus the spoken
rules' extra symbols and unit words. Reading the written sentence and its
spoken form with the same reader and comparing what they say
(:attr:`Quantity.said`) is what catches a rule that changed a value or a unit.

It gives the same :class:`~pipeline.quantity.model.Quantity` as the checks'
reader (:func:`pipeline.quantity.reader.find_quantities`) and reads the same
units (:data:`pipeline.quantity.units.SPOKEN_UNITS` is part of ``UNITS``), but
matches differently on purpose: it must read spoken words ("over", "sobre"),
a pair as one quantity and a locale's separators as the voice says them, and
a change to it changes what every voice says. The differences are listed in
``pipeline/quantity/__init__.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol

from babel.units import format_unit

from pipeline.quantity.marks import Folded, fold, fold_word, needs_folding
from pipeline.quantity.model import Quantity
from pipeline.quantity.numbers import separators
from pipeline.quantity.units import SPOKEN_UNITS, UNITS, cldr_unit_patterns

#: How a page writes two values sharing a unit, whatever its language.
WRITTEN_PAIRS = (
    ("pressure", "{0}/{1}"),
    ("range", "{0}–{1}"),
    ("range", "{0}—{1}"),
    ("range", "{0}-{1}"),
)
_SPACES = " \u00a0\u202f"
#: Scripts where a particle or the next word follows a unit with no space (Korean "mg을",
#: Chinese "毫克的"): a unit name may touch them, not a letter of any other script.
_JOINING = "\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
#: No letter (other than those) or digit may follow a unit name that ends in a letter.
NOT_A_LETTER = rf"(?!(?![{_JOINING}])[^\W\d_])"
#: A number glued to a word of a spaced script ("x5", "столба5") is no quantity of its own.
_NO_LETTER_BEFORE = rf"(?<!(?![{_JOINING}])[^\W\d_])"


class ReadBackRules(Protocol):
    """What the read-back needs of a language's spoken rules (:class:`SpokenRules`).

    The rules live with the speech that uses them; the reader only reads their
    locale, decimal word, pair patterns and extra unit names.
    """

    @property
    def locale(self) -> str: ...
    @property
    def decimal(self) -> str: ...
    @property
    def pressure(self) -> str: ...
    @property
    def range(self) -> str: ...
    @property
    def units(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def symbols(self) -> tuple[tuple[str, str], ...]: ...
    def __hash__(self) -> int: ...  # readers are built once per rules


class QuantityReader:
    """Finds quantities for one language's rules (built once per rules digest).

    A text with optional marks (vowelled or stretched Arabic, NFD) is read by a
    second reader over the folded text and unit names
    (:mod:`pipeline.quantity.marks`), its findings placed back in the text as
    written; a text without them is read as it always was.
    """

    def __init__(self, rules: ReadBackRules, folded: bool = False) -> None:
        self.rules, self.folded = rules, folded
        self.decimal, self.group = separators(rules.locale)
        decimals = {".", ",", self.decimal} | ({rules.decimal} if rules.decimal else set())
        groups = {",", "."} | ({self.group} if self.group.strip() == "" else set())
        if self.group.strip() == "":
            groups |= set(_SPACES)
        self.decimal_words = tuple(sorted(decimals, key=len, reverse=True))
        dec = "|".join(re.escape(d) for d in self.decimal_words)
        grp = "[" + "".join(re.escape(g) for g in sorted(groups)) + "]"
        self.number = rf"\d+(?:{grp}\d{{3}})*(?:(?:{dec})\d+)?"
        self.pairs = [(kind, p) for kind, p in WRITTEN_PAIRS] + [
            ("pressure", rules.pressure),
            ("range", rules.range),
        ]
        self.pair_patterns = [
            (kind, re.compile(_pair_regex(p, self.number)))
            for kind, p in self.pairs
            if "{0}" in p and "{1}" in p
        ]
        values = "|".join(f"(?:{p.pattern})" for _, p in self.pair_patterns) + f"|{self.number}"
        self.table: dict[tuple[str, str], str] = {}
        names = _unit_names(rules)
        if folded:  # the folded text is read against the names folded the same way
            names = [(unit, fold_word(b), fold_word(a)) for unit, b, a in names]
        for unit, before, after in names:
            if after.strip():  # a unit is named after its number (or around it, as "섭씨 {0}도")
                self.table.setdefault((_key(before), _key(after)), unit)
        befores = sorted({b for _, b, a in names if b.strip()}, key=_longest)
        afters = sorted({a for _, _, a in names if a.strip()}, key=_longest)
        before_alt = "|".join(_name_regex(name, True) for name in befores) or "(?!)"
        after_alt = "|".join(_name_regex(name, False) for name in afters)
        #: One scan, anchored on the digits: the unit names are looked up, not tried one by one.
        #: "1点5": the digits after a decimal word are no number of their own.
        word_guard = f"(?<!{re.escape(rules.decimal)})" if rules.decimal else ""
        self.pattern = re.compile(
            rf"(?<![\d/:])(?<!\d[.,]){_NO_LETTER_BEFORE}{word_guard}(?P<before>{before_alt})?(?P<values>{values})(?P<after>{after_alt})"
            rf"(?:(?<![^\W_])|{NOT_A_LETTER})"  # a name ending in a letter ends a word
        )
        self.unit_next = re.compile(rf"(?:{after_alt})(?:(?<![^\W_])|{NOT_A_LETTER})")

    def _found(self, match: re.Match[str]) -> tuple[str, Quantity] | None:
        """(text before the quantity that is not part of it, the quantity), or None."""
        before, after = match.group("before") or "", match.group("after")
        unit = self.table.get((_key(before), _key(after)))
        kept = ""
        if unit is None:
            unit, kept = self.table.get(("", _key(after))), before
        if unit is None:
            return None
        inner = match.group("values").strip()
        for kind, regex in self.pair_patterns:
            pair = regex.fullmatch(inner)
            if pair is not None and kind == "pressure" and not unit.startswith("pressure-"):
                return None  # "1/2 g" is half a gram, not two values
            if pair is not None:
                return kept, self._quantity(match, kept, unit, (pair.group(1), pair.group(2)), kind)
        return kept, self._quantity(match, kept, unit, (inner,), "")

    def _quantity(
        self, match: re.Match[str], kept: str, unit: str, figures: tuple[str, ...], joined: str
    ) -> Quantity:
        """The quantity ``match`` says: the last figure's value, and the first's for a pair."""
        value = self.value(figures[-1])
        known = UNITS.get(unit)
        return Quantity(
            value=value,
            values=frozenset({value}),
            unit=unit,
            dimension=known.dimension if known else unit.partition("-")[0],
            written=match.group(0)[len(kept) :].strip(),
            start=match.start() + len(kept),
            end=match.end(),
            spans=(match.span("values"),),
            first=self.value(figures[0]) if len(figures) == 2 else None,
            figures=figures,
            joined=joined,
        )

    def _marked(self, text: str) -> tuple[QuantityReader, Folded] | None:
        """The folded reader and ``text`` folded, if ``text`` has optional marks."""
        if self.folded or not needs_folding(text):
            return None
        return _reader(self.rules, True), fold(text)

    def unit_at(self, text: str, position: int) -> bool:
        """Does a unit's name start at ``position`` (after a space, perhaps)?"""
        if marked := self._marked(text):
            return marked[0].unit_at(marked[1].text, marked[1].index(position))
        return self.unit_next.match(text, position) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the quantities of ``text`` are (start, end)."""
        if not any(ch.isdigit() for ch in text):
            return []
        if marked := self._marked(text):
            return [marked[1].span(*span) for span in marked[0].spans(marked[1].text)]
        return [m.span() for m in self.pattern.finditer(text) if self._found(m) is not None]

    def read(self, text: str) -> tuple[Quantity, ...]:
        """Every quantity in ``text``, in order."""
        if not any(ch.isdigit() for ch in text):
            return ()
        if marked := self._marked(text):
            return tuple(_placed(q, marked[1], text) for q in marked[0].read(marked[1].text))
        found = (self._found(m) for m in self.pattern.finditer(text))
        return tuple(item[1] for item in found if item is not None)

    def replace(self, text: str, say: Callable[[Quantity], str]) -> str:
        """``text`` with each quantity replaced by ``say(quantity)``."""
        if not any(ch.isdigit() for ch in text):
            return text
        if marked := self._marked(text):
            return marked[0]._replace_folded(marked[1], text, say)

        def said(match: re.Match[str]) -> str:
            spoken = self._said(text, match, say)
            return match.group(0) if spoken is None else text[match.start() : spoken[0]] + spoken[1]

        return self.pattern.sub(said, text)

    def _replace_folded(self, folded: Folded, text: str, say: Callable[[Quantity], str]) -> str:
        """``text`` with each quantity of ``folded`` replaced; the rest stays as written."""
        pieces, last = [], 0
        for match in self.pattern.finditer(folded.text):
            spoken = self._said(folded.text, match, say)
            if spoken is not None:
                start, end = folded.span(spoken[0], match.end())
                pieces += [text[last:start], spoken[1]]
                last = end
        return "".join([*pieces, text[last:]])

    def _said(
        self, text: str, match: re.Match[str], say: Callable[[Quantity], str]
    ) -> tuple[int, str] | None:
        """Where the quantity of ``match`` starts and the words said for it, or None."""
        found = self._found(match)
        if found is None:
            return None
        words = say(found[1])
        if re.match(rf"(?![{_JOINING}])[^\W_]", text[match.end() : match.end() + 1]):
            words += " "  # "5°CX", "5 mg10": the words must not run into what follows
        rest = text[match.end() :].lstrip()
        if match.group(0).endswith(".") and (not rest or rest[0].isupper()):
            words += "."  # "мм рт. ст." ended the sentence: its full stop is still one
        return match.start() + len(found[0]), words

    def value(self, text: str) -> Decimal:
        """A written number's value, read with the locale's separators (and the source's)."""
        digits = text
        for word in self.decimal_words:
            if len(word) > 1 or (not word.isascii() and word not in ".,"):
                digits = digits.replace(word, ".")
        for space in _SPACES:
            digits = digits.replace(space, "")
        seps = [ch for ch in digits if not ch.isdigit()]
        if len(seps) > 1 and len(set(seps)) > 1:  # 1,234.5 or 1.234,5: the last is the decimal
            last = seps[-1]
            digits = digits.replace("," if last == "." else ".", "").replace(last, ".")
        elif len(seps) > 1:  # 1,000,000: grouping
            digits = digits.replace(seps[0], "")
        elif len(seps) == 1:
            whole, _, part = digits.partition(seps[0])
            grouping = len(part) == 3 and seps[0] != self.decimal and seps[0] in ",."
            digits = whole + part if grouping else f"{whole}.{part}"
        try:
            return Decimal(digits)
        except InvalidOperation:
            return Decimal(0)


def _placed(quantity: Quantity, folded: Folded, text: str) -> Quantity:
    """A quantity read in ``folded`` placed in ``text``, quoted as written there."""
    start, end = folded.span(quantity.start, quantity.end)
    spans = tuple(folded.span(*span) for span in quantity.spans)
    return replace(quantity, start=start, end=end, written=text[start:end].strip(), spans=spans)


def _key(name: str) -> str:
    """A unit name as looked up: its spacing is the writer's, not part of the name."""
    return "".join(name.split())


def _longest(name: str) -> tuple[int, str]:
    return (-len(name.strip()), name)


def _pair_regex(pattern: str, number: str) -> str:
    escaped = re.escape(pattern).replace(r"\{0\}", f"({number})").replace(r"\{1\}", f"({number})")
    return escaped.replace(r"\ ", r"\s?")


def _name_regex(name: str, before: bool) -> str:
    name = name.strip()
    if not name:
        return ""
    body = re.escape(name).replace(r"\ ", r"\s?")
    if before:
        return body + r"\s?"
    return r"\s?" + body


@lru_cache(maxsize=64)
def _cldr_patterns(locale: str, unit: str) -> tuple[str, ...]:
    """Every CLDR pattern of ``unit`` in ``locale``: long (each plural form), short, narrow."""
    found: list[str] = []
    for length in ("long", "short", "narrow"):
        forms = cldr_unit_patterns(locale, unit, length)
        for count in ("zero", "one", "two", "few", "many", "other"):
            pattern = forms.get(count)
            if isinstance(pattern, str):  # Arabic's dual "غرامان" has no number: said after one
                found.append(pattern if "{0}" in pattern else "{0} " + pattern)
    if not found:  # no data at all: whatever Babel formats, with the number as the slot
        said = str(format_unit(2, unit, length="short", locale=locale))
        if unit not in said:
            found.append(said.replace("2", "{0}", 1))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=64)
def _unit_names(rules: ReadBackRules) -> list[tuple[str, str, str]]:
    """(unit, text before the number, text after), longest names first."""
    names: set[tuple[str, str, str]] = set()
    for unit in SPOKEN_UNITS:
        for locale in (rules.locale, "en"):
            for pattern in _cldr_patterns(locale, unit):
                before, _, after = pattern.partition("{0}")
                names.add((unit, before, after))
    for unit, pattern in rules.units:
        before, _, after = pattern.partition("{0}")
        names.add((unit, before, after))
    for symbol, unit in rules.symbols:
        names.add((unit, "", " " + symbol))
    return sorted(
        (n for n in names if _distinct(n[1]) or _distinct(n[2])),
        key=lambda n: (-len(n[1].strip()) - len(n[2].strip()), n),
    )


def _distinct(name: str) -> bool:
    """A name that says which unit it is: not empty, and not one sign ("5°" is no unit yet)."""
    name = name.strip()
    return len(name) > 1 or name.isalpha()


@lru_cache(maxsize=64)
def _reader(rules: ReadBackRules, folded: bool = False) -> QuantityReader:
    return QuantityReader(rules, folded)


def reader_for(rules: ReadBackRules) -> QuantityReader:
    """The reader for ``rules`` (built once: its pattern covers every unit name)."""
    return _reader(rules)
