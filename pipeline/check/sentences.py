"""Sentences of a message, in any script, for the checks that compare sentence by sentence.

Counts the same way as the ``sentences`` warning (:func:`pipeline.check.prose.sentence_count`):
a sentence ends at ``. ! ? …`` followed by a space and not a lower-case letter,
or at ``。！？`` anywhere; "Dr." and "e.g." do not end one.
"""

from __future__ import annotations

import re
from functools import lru_cache

_END = re.compile(r"([.!?…؟।]+[\"'”’»)\]*_]*)(\s+)(?=\S)|([。！？｡]+[\"'”’»)\]」』*_]*)")
_ABBREVIATION = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Sr|Sra|Dra|St|No|approx|vs|etc|e\.g|i\.e|т\.\s?е|т\.\s?д)\.$", re.I
)


def split_sentences(text: str) -> list[str]:
    """``text`` cut into sentences (stripped); a text with no end mark is one sentence."""
    return list(_split(text))


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, ...]:
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end(1) if match.group(1) else match.end(3)
        piece = text[start:end]
        if match.group(1):
            following = text[match.end() : match.end() + 1]
            if _ABBREVIATION.search(piece[-16:]) or following.islower():
                continue
        if piece.strip():
            sentences.append(piece.strip())
        start = match.end()
    if text[start:].strip():
        sentences.append(text[start:].strip())
    return tuple(sentences)
