"""Word lists as regular expressions: a clinic's and CLDR's words, matched as whole words.

The meaning checks (negation, carried warnings) and the quantity reader match
the same lists the same way, so a word is a word in all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ARABIC = "\u0600-\u06ff"


def key(word: str) -> str:
    """A word as looked up: case and spacing are the writer's, not part of the word."""
    return " ".join(word.casefold().split())


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words`` as a whole word (longest first); never empty.

    Words are grouped by the script at their edges, so each group carries one
    word-boundary guard (compiling a character class per word is what is slow).
    """
    unique = sorted({key(w) for w in words if isinstance(w, str) and w.strip()}, key=len)
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for word in reversed(unique):
        stem = word.endswith("*")
        core = word.rstrip("*")
        before = _guard(core.lstrip("*")[:1])
        after = "" if stem else _guard(core[-1:])
        groups.setdefault((before, after, stem and bool(before)), []).append(_escaped(core))
    if not groups:
        return "(?!)"
    parts = []
    for (before, after, stem), escaped in groups.items():
        prefix = "(?:[وفبلك])?(?:ال)?" if before == ARABIC else ""  # proclitics: ولم, فلا
        tail = r"[^\W\d_]*" if stem else ""
        body = "|".join(escaped)
        parts.append(f"{_lookbehind(before)}{prefix}(?:{body}){tail}{_lookahead(after)}")
    return "|".join(parts)


def _escaped(core: str) -> str:
    if core.startswith("*"):
        return r"\w*" + re.escape(core[1:])
    return re.escape(core).replace(r"\ ", r"\s+").replace(" ", r"\s+")


def _guard(char: str) -> str:
    """A class of letters that would make a word touching ``char`` a longer word."""
    if not char or not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "THAI")):
        return ""  # no spaces between words in these scripts
    if name.startswith("CYRILLIC"):
        return "\u0400-\u04ff"
    if name.startswith("ARABIC"):
        return ARABIC
    return "A-Za-z\u00c0-\u024f\u1e00-\u1eff"


def _lookbehind(letters: str) -> str:
    return f"(?<![{letters}])" if letters else ""


def _lookahead(letters: str) -> str:
    return f"(?![{letters}])" if letters else ""
