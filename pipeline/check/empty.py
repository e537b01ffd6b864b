"""``empty``: a message marked translated whose translation shows nothing.

gettext counts a msgstr of one space, or of a zero-width space, as translated,
so it would be published as a blank heading or paragraph: an error, unlike a
truly empty msgstr, which is simply untranslated (counted, not flagged).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.check.base import Check, Pair
from pipeline.check.findings import ERROR
from pipeline.check.hidden import has_visible


def blank_translation(pair: Pair) -> Iterator[str]:
    if not has_visible(pair.source):
        return
    if not pair.translation.strip():
        yield "the translation is blank but the message is marked translated"
    elif not has_visible(pair.translation):
        yield (
            "the translation shows nothing (only invisible characters) but the message is"
            " marked translated: it is untranslated"
        )


CHECK = Check(
    "empty",
    ERROR,
    "a translation that is blank or only invisible characters where the source is not",
    blank_translation,
)
