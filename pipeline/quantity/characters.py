"""Characters that show nothing: what a number or a word is read without.

A bidi override (U+202E) shows "05" as "50"; a zero-width space splits "500"
in two. Every reader of quantities reads the text as a patient sees it, so it
removes these first. The ``hidden`` check (:mod:`pipeline.check.hidden`)
reports them, from the same class of characters.
"""

from __future__ import annotations

import re

#: Unicode's format characters (category Cf, Unicode 15) and the blank-looking ones, as one
#: regex class: a test checks it against the running Python's unicodedata.
FORMAT_CLASS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\u3164\u2800\u115f\u1160\uffa0\u034f"
)
_HIDDEN = re.compile(f"[{FORMAT_CLASS}]")


def strip_hidden(text: str) -> str:
    """``text`` without its hidden characters: what a number or a word reads as."""
    if text.isascii():
        return text
    return _HIDDEN.sub("", text)
