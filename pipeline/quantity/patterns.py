"""Word lists as regular expressions: a clinic's and CLDR's words, matched as whole words.

The meaning checks (negation, carried warnings) and the quantity reader match
the same lists the same way, so a word is a word in all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TypeVar

#: The characters that continue an Arabic word: its letters, tatweel and combining marks.
#: Not the whole block: its punctuation (، ؛ ؟ ۔), digits (٠-٩ ۰-۹) and signs (٪ ٫ ٬) end a
#: word, so "500 ملغ، ثم" is 500 mg (the block as a whole once made that comma part of the word).
ARABIC = "\u0610-\u061a\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff"
#: What a word of a script may carry in front of it, by the script's letters (a :func:`_guard`
#: class): Arabic's proclitics (و "and", ف "so", ب "with", ل "for", ك "like") and its article
#: ال, so "ولم" and "فلا" are "لم" and "لا", "الساعات" is "ساعات". :func:`alternation` allows
#: them and :func:`lookup` takes them off, both from this one table: a word the pattern finds
#: is always a word the lookup knows.
PREFIXES: dict[str, str] = {ARABIC: "(?:[وفبلك])?(?:ال)?"}

_T = TypeVar("_T")


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
        prefix = PREFIXES.get(before, "")
        tail = r"[^\W\d_]*" if stem else ""
        body = "|".join(escaped)
        parts.append(f"{_lookbehind(before)}{prefix}(?:{body}){tail}{_lookahead(after)}")
    return "|".join(parts)


def lookup(table: Mapping[str, _T], matched: str) -> _T | None:
    """What ``table`` (keyed by :func:`key`) says about ``matched``, a match of its alternation.

    A pattern matches more than its words' keys: a prefix of :data:`PREFIXES`
    ("الساعات", "والملغ", "ومرتين"), a letter ``re.I`` equates with another that
    casefolding does not (dotless "ı" matches "i": "5 mın"), a stem's ending. A
    lookup by the matched text alone raised KeyError on those, and a translator's
    text must never crash the checks. The whole word comes first (كغ is kg, not ك
    and غ), then the word without each prefix its script allows, then each word's
    own pattern; None if still nothing (the caller reads no word there).
    """
    found = table.get(key(matched))
    if found is not None:
        return found
    for script, prefix in PREFIXES.items():
        for cut in range(1, len(matched)):
            core = matched[cut:]
            if _guard(core[:1]) == script and re.fullmatch(prefix, matched[:cut]):
                found = table.get(key(core))
                if found is not None:
                    return found
    for word, pattern in _word_patterns(tuple(table)):
        if pattern.fullmatch(matched):
            return table[word]
    return None


@lru_cache(maxsize=64)
def _word_patterns(words: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each word's own pattern, longest word first: compiled once per table, not per miss."""
    ordered = sorted(words, key=len, reverse=True)
    return tuple((word, re.compile(alternation([word]), re.I)) for word in ordered)


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
