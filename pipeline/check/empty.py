"""``empty``: a message marked translated whose translation shows nothing.

gettext counts a msgstr of one space as translated, so it would be published
as a blank heading or paragraph: an error, unlike a truly empty msgstr, which is
simply untranslated (counted, not flagged).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR


def blank_translation(pair: Pair) -> Iterator[str]:
    if pair.source.strip() and not pair.translation.strip():
        yield "the translation is blank but the message is marked translated"


CHECK = Check(
    "empty", ERROR, "a translation that is blank where the source is not", blank_translation
)
