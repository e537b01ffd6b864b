"""Block text → sentences, with Wikimedia's sentencex (rule-based, ~300 languages, maintained).

A sentence is the unit of everything downstream: one utterance to the engine,
one cache entry, one WebVTT cue, one highlight on the page. Splitting must
therefore be stable (same text, same sentences) and must never lose or invent
characters, which is checked here rather than trusted.
"""

from __future__ import annotations

from sentencex import segment


def split_sentences(text: str, language: str) -> tuple[str, ...]:
    """Sentences of ``text`` (plain, one block), stripped, in order; none for blank text.

    ``language`` is a BCP 47 tag; sentencex wants the base language and falls
    back to generic rules for languages it does not know.
    """
    base = language.split("-", 1)[0].lower()
    pieces = [" ".join(piece.split()) for piece in segment(base, text)]
    sentences = tuple(piece for piece in pieces if piece)
    if "".join("".join(sentences).split()) != "".join(text.split()):
        # The segmenter changed the text (it never should): speak the block whole.
        stripped = " ".join(text.split())
        return (stripped,) if stripped else ()
    return sentences
