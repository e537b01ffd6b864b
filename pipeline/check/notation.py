"""``notation``: dose notations the Institute for Safe Medication Practices lists as error-prone.

"1.0 mg" is read as 10 mg when the point is missed, ".5 mg" as 5 mg, "U" as 0
or 4, "µg" as mg, "cc" as "u", "QD" as "QID", "03/04/2026" as March or April.
These are warnings with the reason and the safer form, found in the source
article (``handout check`` lists them under the source file) and in a
translation that brings in one the source does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.check.base import Check, Pair
from pipeline.check.findings import WARNING
from pipeline.check.hidden import strip_hidden
from pipeline.languages import Language
from pipeline.quantity.numbers import blank_links
from pipeline.quantity.reader import find_quantities

_DOSE = frozenset({"mass", "volume", "count-unit", "count-pill", "count-drop", "count-puff"})
_LATIN = re.compile(
    r"(?<![\w.])(?:QD|QOD|BID|TID|QID|QHS|qd|qod|qhs|SQ|D/C|(?i:sub ?q|q\.?\d{1,2}h)"
    r"|(?i:q\.d\.|q\.o\.d\.|b\.i\.d\.|t\.i\.d\.|q\.i\.d\.|q\.h\.s\.|h\.s\.))(?!\w)"
)
_DOSE_NUMBER = r"\d+(?:[.,]\d+)?\s?"
_MICRO = re.compile(_DOSE_NUMBER + r"[µμ]g(?!\w)")
_CC = re.compile(_DOSE_NUMBER + r"cc(?!\w)", re.I)
_UNIT_ABBREVIATION = re.compile(_DOSE_NUMBER + r"(?:U|u|IU|I\.U\.|UI)(?!\w|\.\w)")
_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|[.,]\d)")
_LATIN_WHY = (
    'Latin abbreviations are misread (QD as QID); write the frequency in words, e.g. "once a day"'
)
_DATE_WHY = (
    "day and month can be read either way; write the month in words or 2026-04-03 (ISO 8601)"
)


@dataclass(frozen=True)
class Notation:
    """One error-prone notation: what was written, why it is dangerous, what to write."""

    written: str
    why: str

    def __str__(self) -> str:
        return f'"{self.written}": {self.why}'


@lru_cache(maxsize=8192)
def error_prone(
    text: str, language: Language, source: Language | None = None
) -> tuple[Notation, ...]:
    """ISMP error-prone notations in ``text`` (one message), in order of kind.

    ``source`` is the source's language when ``text`` is a translation: its
    numbers are then read either way ("3,000" in US Spanish is three thousand).
    """
    plain = blank_links(strip_hidden(text))
    found: list[Notation] = []
    for quantity in find_quantities(text, language, source=source):  # spans are plain's
        if quantity.dimension not in _DOSE or not quantity.spans:
            continue
        start, end = quantity.spans[0]
        digits = plain[start:end]
        head = re.fullmatch(r"(\d+)[.,٫](0+)", digits)
        if head and quantity.values == {int(head.group(1))}:
            why = f"a trailing zero is read as ten times the dose; write {head.group(1)}"
            found.append(Notation(quantity.written, why))
        if start and plain[start - 1] in ".," and (start < 2 or not plain[start - 2].isdigit()):
            why = f"a naked decimal point is missed; write 0{plain[start - 1]}{digits}"
            found.append(Notation(plain[start - 1 : quantity.end].strip(), why))
    kinds = (
        (_UNIT_ABBREVIATION, '"U"/"IU" is misread as 0, 4 or 10; write "units"'),
        (_MICRO, "µg is misread as mg; write mcg"),
        (_CC, "cc is misread as u; write mL"),
        (_LATIN, _LATIN_WHY),
    )
    for pattern, why in kinds:
        found.extend(Notation(m.group(0), why) for m in pattern.finditer(plain))
    for m in _DATE.finditer(plain):
        first, second = int(m.group(1)), int(m.group(3))
        if 1 <= first <= 12 and 1 <= second <= 12 and first != second:
            found.append(Notation(m.group(0), _DATE_WHY))
    return tuple(found)


def translation_notations(pair: Pair) -> Iterator[str]:
    """Notations the translation brings in (the source's own are reported at the source)."""
    source = {n.why.split(";")[0] for n in error_prone(pair.source, pair.source_language)}
    for notation in error_prone(pair.translation, pair.language, pair.source_language):
        if notation.why.split(";")[0] not in source:
            yield f"error-prone notation {notation}"


CHECK = Check(
    "notation",
    WARNING,
    "an error-prone dose notation (ISMP): 1.0 mg, .5 mg, U/IU, µg, cc, QD/BID, 03/04/2026",
    translation_notations,
)
