"""Block text → sentences, with Wikimedia's sentencex (rule-based, ~300 languages, maintained).

A sentence is the unit of everything downstream: one utterance to the engine,
one cache entry, one WebVTT cue, one highlight on the page. Splitting must
therefore be stable (same text, same sentences) and must never lose or invent
characters, which is checked here rather than trusted.
"""

from __future__ import annotations

from sentencex import segment

from pipeline.speech.rules import builtin_abbreviations


def split_sentences(text: str, language: str) -> tuple[str, ...]:
    """Sentences of ``text`` (plain, one block), stripped, in order; none for blank text.

    ``language`` is a BCP 47 tag; sentencex wants the base language and falls
    back to generic rules for languages it does not know.
    """
    base = language.split("-", 1)[0].lower()
    pieces = [" ".join(piece.split()) for piece in segment(base, text)]
    sentences = _rejoined([piece for piece in pieces if piece], builtin_abbreviations(base))
    if "".join("".join(sentences).split()) != "".join(text.split()):
        # The segmenter changed the text (it never should): speak the block whole.
        stripped = " ".join(text.split())
        return (stripped,) if stripped else ()
    return sentences


def _rejoined(pieces: list[str], abbreviations: frozenset[str]) -> tuple[str, ...]:
    """Pieces the segmenter cut after an abbreviation, put back together.

    "8:30 p. m. | del 27/11" and "120/80 мм рт. | ст." are one sentence: a
    piece that starts with a lower-case letter continues the one before, and
    so does a piece starting with a digit after one of handout's own
    abbreviations for the language ("approx. | 5 mL"). Only handout's
    built-in list counts, never a clinic's rules: the page, the EPUB and the
    audio must all cut the same sentences.
    """
    joined: list[str] = []
    for piece in pieces:
        first = piece[0]
        after_abbreviation = bool(joined) and any(
            joined[-1].endswith(" " + a) or joined[-1] == a for a in abbreviations
        )
        if joined and (first.islower() or (first.isdigit() and after_abbreviation)):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return tuple(joined)
