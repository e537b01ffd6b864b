"""``confusable``: a letter that looks like a digit inside a dose ("1O mg", "l0 mL", "5OO mg").

Latin or Cyrillic O for zero and l or I for one print like digits, so a
reader sees "10 mg", while every tool (and a screen reader, and the speech
build) reads something else. A run of digits and such letters followed by a
unit, or mixing both, is an error unless the source has the same run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.check.hidden import strip_hidden
from pipeline.quantity.numbers import blank_links
from pipeline.quantity.reader import unit_after

_LOOKALIKES = "OoIlОоΟο|"
_LETTERS = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"  # scripts whose words touch digits
_RUN = re.compile(
    rf"(?<![{_LETTERS}])[\d{_LOOKALIKES}](?:[\d{_LOOKALIKES}]|[.,](?=[\d{_LOOKALIKES}]))*"
)


def lookalike_digits(pair: Pair) -> Iterator[str]:
    text = blank_links(strip_hidden(pair.translation))
    source = strip_hidden(pair.source)
    for match in _RUN.finditer(text):
        run = match.group(0)
        letters = [c for c in run if c in _LOOKALIKES]
        if not letters or run in source or (not any(c.isdigit() for c in run) and len(run) < 2):
            continue
        if not any(c.isdigit() for c in run) and not unit_after(text, match.end(), pair.language):
            continue
        if unit_after(text, match.end(), pair.language, pair.source_language) or any(
            c.isdigit() for c in run
        ):
            if re.match(f"[{_LETTERS}]", text[match.end() : match.end() + 1]):
                continue  # "O2", "1st": part of a word
            shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in dict.fromkeys(letters))
            yield f'"{run}" mixes digits with letters that look like digits ({shown}): write digits'


CHECK = Check(
    "confusable",
    ERROR,
    'a letter that looks like a digit in a number ("1O mg" with the letter O, "l0" with l)',
    lookalike_digits,
    meaning=True,
)
