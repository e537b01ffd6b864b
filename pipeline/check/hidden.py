"""``hidden``: characters a reader cannot see that change what a reader sees.

A bidi override (U+202E) shows "05" as "50"; a zero-width space makes a word
or a number two; a soft hyphen or a Hangul filler makes an "empty" message look
translated. None of these belong in a translation unless the source has them,
with two exceptions that real text needs: the direction marks (U+200E, U+200F,
U+061C) in a right-to-left language, and the joiners (U+200C, U+200D) between
letters of a script that shapes with them (Arabic, Persian, Indic scripts) or
inside an emoji sequence. :func:`strip_hidden` gives the text the other checks
read, so a number split or reordered by such a character is still read whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from pipeline.check.base import Check, Pair, show_hidden
from pipeline.check.findings import ERROR
from pipeline.quantity.characters import FORMAT_CLASS as FORMAT_CLASS
from pipeline.quantity.characters import strip_hidden as strip_hidden

#: Format characters that render as nothing but are not in category Cf.
_BLANK_LOOKING = frozenset("\u3164\u2800\u115f\u1160\uffa0\u034f\u180e")
_HIDDEN = re.compile(f"[{FORMAT_CLASS}]")
_VISIBLE = re.compile(f"[^\\s{FORMAT_CLASS}]")
_DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
_JOINERS = frozenset("\u200c\u200d")
#: Scripts that never need a joiner between two of their letters.
_NO_JOINER_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "CJK", "HANGUL", "HIRAGANA", "KATAKANA")


@lru_cache(maxsize=4096)
def is_hidden(char: str) -> bool:
    """True for a character that shows nothing (format characters, blank-looking letters)."""
    return char in _BLANK_LOOKING or unicodedata.category(char) == "Cf"


def has_visible(text: str) -> bool:
    """True if ``text`` shows at least one character (not only spaces and hidden ones)."""
    return _VISIBLE.search(text) is not None


def _needed(text: str, index: int, rtl: bool) -> bool:
    """A direction mark in right-to-left text, a joiner between letters that shape with it."""
    char = text[index]
    if char in _DIRECTION_MARKS:
        return rtl
    if char not in _JOINERS:
        return False
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if not before or not after:
        return False
    if unicodedata.category(before) == "So" or unicodedata.category(after) == "So":
        return char == "\u200d"  # emoji sequences (👩‍⚕️)
    return all(
        unicodedata.category(c)[0] in "LM"
        and not unicodedata.name(c, "").startswith(_NO_JOINER_SCRIPTS)
        for c in (before, after)
    )


def hidden_characters(pair: Pair) -> Iterator[str]:
    if pair.translation.isascii():
        return
    allowed = set(_HIDDEN.findall(pair.source))
    rtl = pair.language.direction == "rtl"
    reported: set[str] = set()
    text = pair.translation
    for match in _HIDDEN.finditer(text):
        index, char = match.start(), match.group(0)
        if char in allowed or char in reported:
            continue
        if _needed(text, index, rtl):
            continue
        reported.add(char)
        name = unicodedata.name(char, "a format character")
        around = show_hidden(text[max(0, index - 20) : index + 20])
        yield (
            f"hidden character U+{ord(char):04X} {name} in {around}: "
            f"{_why(char)}; the source has none"
        )


def _why(char: str) -> str:
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in _DIRECTION_MARKS:
        return "it changes the order in which text and numbers are shown"
    return "it is invisible, yet splits or fills the text"


CHECK = Check(
    "hidden",
    ERROR,
    "an invisible or bidi control character (U+202E, U+200B, U+00AD …) the source does not have",
    hidden_characters,
)
