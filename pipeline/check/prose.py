"""``unchanged``, ``length`` and ``sentences``: signs that a translation is not one.

These are warnings: each has honest exceptions (a message that is only a
product name, a translator who joins two short sentences). They point a
reviewer at entries worth a second look; they never block publishing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from pipeline.check.base import Check, Pair
from pipeline.check.findings import WARNING
from pipeline.check.glossary import contains_term

# Characters of a translation per character of English, typical for patient text.
_LENGTH_VS_ENGLISH = {
    "en": 1.0, "es": 1.2, "pt": 1.2, "fr": 1.2, "it": 1.15, "de": 1.25, "nl": 1.15,
    "ru": 1.1, "uk": 1.1, "pl": 1.1, "ar": 0.85, "fa": 0.9, "ur": 0.95, "he": 0.8,
    "hi": 1.1, "bn": 1.05, "vi": 1.05, "tl": 1.3, "fil": 1.3, "ht": 1.1, "so": 1.2,
    "zh": 0.3, "ja": 0.45, "ko": 0.5, "th": 0.95, "km": 1.1, "my": 1.2,
}  # fmt: skip
_TOLERANCE = 2.5  # flag only ratios this far off, either way
_MIN_LENGTH = 20  # short messages (headings of two words) vary too much to judge

_MARKUP = re.compile(r"\]\([^)]*\)|<[^<>]+>|https?://\S+|[*_`~#\[\]()]")
_NUMBER = re.compile(r"\d[\d.,\s]*")
_WORD = re.compile(r"[^\W\d_]{3,}")
_ABBREVIATION = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Sr|Sra|Dra|St|No|approx|vs|etc|e\.g|i\.e|т\.\s?е|т\.\s?д)\.$", re.I
)
_CLOSERS = "\"'”’»)]*_"
_UNSPACED_STOPS = "。！？｡"
_SPACED_STOPS = ".!?…؟।॥۔։።"


def same_as_source(pair: Pair) -> Iterator[str]:
    if pair.language.language == pair.source_language.language:
        return  # en-GB from en: identical messages are normal
    if pair.translation.strip() != pair.source.strip():
        return
    rest = _MARKUP.sub(" ", pair.source)
    for term in pair.glossary:
        if contains_term(rest, term):
            rest = rest.replace(term, " ")
    if _WORD.search(_NUMBER.sub(" ", rest)):
        yield "the translation is the same as the source"


def expected_ratio(pair: Pair) -> float:
    """Characters of translation per character of source, through English."""
    source = _LENGTH_VS_ENGLISH.get(pair.source_language.language, 1.0)
    target = _LENGTH_VS_ENGLISH.get(pair.language.language) or _script_ratio(pair.translation)
    return target / source


def _script_ratio(text: str) -> float:
    """For a language not in the table, guess from its script (ideographs are dense)."""
    for char in text:
        name = unicodedata.name(char, "")
        if name.startswith("CJK UNIFIED"):
            return _LENGTH_VS_ENGLISH["zh"]
        if name.startswith(("HIRAGANA", "KATAKANA")):
            return _LENGTH_VS_ENGLISH["ja"]
        if name.startswith("HANGUL"):
            return _LENGTH_VS_ENGLISH["ko"]
    return 1.1


def _prose(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", text).split())


def length_differences(pair: Pair) -> Iterator[str]:
    # URLs, link targets and markers do not grow or shrink in translation: measure the prose.
    source = len(_prose(pair.source))
    if source < _MIN_LENGTH:
        return
    ratio = len(_prose(pair.translation)) / source
    expected = expected_ratio(pair)
    if ratio > expected * _TOLERANCE or ratio < expected / _TOLERANCE:
        yield (
            f"the translation is {ratio:.2f} times as long as the source; "
            f"{pair.language.bcp47} from {pair.source_language.bcp47} is usually about "
            f"{expected:.2f}: is something missing or added?"
        )


def sentence_count(text: str) -> int:
    """Sentences in ``text``: ends of sentences in any script, plus an unterminated tail."""
    plain = _MARKUP.sub(lambda m: " " if m.group(0).startswith("]") else "", text).strip()
    count = 0
    tail = ""
    i = 0
    while i < len(plain):
        char = plain[i]
        tail += char
        if char in _UNSPACED_STOPS or char in _SPACED_STOPS:
            j = i + 1
            while j < len(plain) and (plain[j] in _UNSPACED_STOPS + _SPACED_STOPS + _CLOSERS):
                j += 1
            ends = j == len(plain) or char in _UNSPACED_STOPS or plain[j].isspace()
            if ends and char == "." and _ABBREVIATION.search(tail[-16:]):
                ends = False
            if ends and j < len(plain) and _next_letter_is_lower(plain, j):
                ends = False
            if ends:
                count += 1
                tail = ""
            i = j
            continue
        i += 1
    return count + (1 if tail.strip() else 0)


def _next_letter_is_lower(text: str, start: int) -> bool:
    for char in text[start:]:
        if not char.isspace():
            return char.islower()
    return False


def sentence_differences(pair: Pair) -> Iterator[str]:
    from pipeline.check.omission import missing_sentences

    source = sentence_count(pair.source)
    translated = sentence_count(pair.translation)
    if source != translated and not missing_sentences(pair):  # else ``omission`` says it
        yield f"{source} sentence(s) in the source, {translated} in the translation"


UNCHANGED = Check(
    "unchanged",
    WARNING,
    "the translation is the same as the source (glossary terms and numbers excepted)",
    same_as_source,
)
LENGTH = Check(
    "length",
    WARNING,
    f"the length ratio is over {_TOLERANCE}× off what the language pair usually has",
    length_differences,
)
SENTENCES = Check("sentences", WARNING, "the number of sentences differs", sentence_differences)
