"""Optional marks: a word with Arabic vowel signs, a kashida or in decomposed form is the same word.

Vowelled Arabic ("3 سَاعَات"), a stretched word ("3 ساعـات") and decomposed
Unicode (NFD: "giờ", "días" as letter + combining accent) show the same word
as the plain NFC form the word lists hold, but a regex over the literal data
did not match them: the number was read bare and the ``quantities`` check
reported a lost unit on a correct translation.

The readers therefore read a *folded* copy of such a text — NFC, without
tatweel (U+0640) and without the Arabic harakat, tanwin and dagger alef
(U+064B–U+0652, U+0670), which are optional in writing — against word lists
folded the same way, and map every position back to the text as written, so
messages quote the translator's own text and spans stay the spans of the
text the checks hold. Folding the text rather than the patterns: one rule
for every list and every script (NFC covers every canonically equivalent
spelling, which no per-letter pattern lists), and the patterns for a text
without such marks stay byte-for-byte what they were — such a text is read
on the old path, unchanged (:func:`needs_folding` is False for it).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

#: Marks a writer may add or leave out without changing an Arabic-script word: tatweel
#: (kashida), the harakat and tanwin, the dagger alef.
OPTIONAL_MARKS = "\u0640\u064b-\u0652\u0670"
_OPTIONAL = re.compile(f"[{OPTIONAL_MARKS}]")


def fold_word(word: str) -> str:
    """``word`` as matched: NFC, without optional Arabic marks ("سَاعَاتٌ" → "ساعات")."""
    return _OPTIONAL.sub("", unicodedata.normalize("NFC", word))


def needs_folding(text: str) -> bool:
    """Whether ``text`` reads differently folded; False keeps a plain text on the old path."""
    return not text.isascii() and fold_word(text) != text


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the stretch of the original it came from.

    ``starts[i]``/``ends[i]`` bound the original characters (a letter with its
    marks, a decomposed letter) folded into ``text[i]``; both never decrease.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    length: int  # of the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``, with the marks that follow its last letter."""
        if end > start:
            return self.starts[start], self.ends[end - 1]
        at = self.starts[start] if start < len(self.text) else self.length
        return at, at

    def index(self, original: int) -> int:
        """The folded position of the original position ``original`` (the next letter's)."""
        return bisect_left(self.starts, original)


@lru_cache(maxsize=1024)
def fold(text: str) -> Folded:
    """``text`` folded (:func:`fold_word`), keeping where each folded character was written."""
    folded: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        piece = fold_word(text[start:end])
        folded.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    return Folded("".join(folded), tuple(starts), tuple(ends), len(text))


def _clusters(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that normalise on their own: a letter with what composes with it.

    A new stretch starts at a character that has no combining class and that
    NFC leaves alone after the stretch before it (Hangul jamo and a few vowel
    signs compose although their class is 0, so the class alone is not enough).
    """
    found: list[tuple[int, int]] = []
    start = 0
    for at in range(1, len(text)):
        char = text[at]
        if unicodedata.combining(char):
            continue
        before = unicodedata.normalize("NFC", text[start:at])
        if unicodedata.normalize("NFC", text[start:at] + char) == before + char:
            found.append((start, at))
            start = at
    if text:
        found.append((start, len(text)))
    return found
