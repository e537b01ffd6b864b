"""Small numbers written in words, for the languages the project ships.

Used two ways by the ``numbers`` check: a source that says "two" may become
"2" in a translation (more precise, so accepted), and a digit of the source
that became a word in the translation ("3 days" → "tres días") is named in the
error, so the translator sees why. Only the values below, in common forms: no
compound numbers ("twenty-five") and no ordinals. Words that double as
articles or pronouns in a language ("un" in Spanish, 一 in Chinese, 이 in
Korean) are left out: they would name the wrong word.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from pipeline.quantity.marks import fold, fold_word, needs_folding
from pipeline.quantity.patterns import ARABIC, PREFIXES

# value → words, per language subtag. Entries are lowercase; inflected forms listed.
_WORDS: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {
        0: ("zero",),
        1: ("one",),
        2: ("two", "twice"),
        3: ("three", "thrice"),
        4: ("four",),
        5: ("five",),
        6: ("six",),
        7: ("seven",),
        8: ("eight",),
        9: ("nine",),
        10: ("ten",),
        11: ("eleven",),
        12: ("twelve", "dozen"),
        15: ("fifteen",),
        20: ("twenty",),
        24: ("twenty-four",),
        30: ("thirty",),
        48: ("forty-eight",),
        100: ("hundred", "one hundred"),
        1000: ("thousand", "one thousand"),
    },
    "es": {
        0: ("cero",),
        1: ("uno",),
        2: ("dos",),
        3: ("tres",),
        4: ("cuatro",),
        5: ("cinco",),
        6: ("seis",),
        7: ("siete",),
        8: ("ocho",),
        9: ("nueve",),
        10: ("diez",),
        11: ("once",),
        12: ("doce",),
        15: ("quince",),
        20: ("veinte",),
        24: ("veinticuatro",),
        30: ("treinta",),
        48: ("cuarenta y ocho",),
        100: ("cien", "ciento"),
        1000: ("mil",),
    },
    "ru": {
        0: ("ноль", "нуля"),
        1: ("один", "одна", "одно", "одну", "одного", "одной", "одним"),
        2: ("два", "две", "двух", "двум", "двумя", "дважды"),
        3: ("три", "трёх", "трех", "трём", "трем", "тремя", "трижды"),
        4: ("четыре", "четырёх", "четырех", "четырьмя"),
        5: ("пять", "пяти", "пятью"),
        6: ("шесть", "шести"),
        7: ("семь", "семи"),
        8: ("восемь", "восьми"),
        9: ("девять", "девяти"),
        10: ("десять", "десяти"),
        12: ("двенадцать", "двенадцати"),
        15: ("пятнадцать", "пятнадцати"),
        20: ("двадцать", "двадцати"),
        30: ("тридцать", "тридцати"),
        100: ("сто", "ста"),
        1000: ("тысяча", "тысячи", "тысяч"),
    },
    "ar": {
        0: ("صفر",),
        1: ("واحد", "واحدة"),
        2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "مرتين", "مرتان"),
        3: ("ثلاث", "ثلاثة"),
        4: ("أربع", "أربعة"),
        5: ("خمس", "خمسة"),
        6: ("ست", "ستة"),
        7: ("سبع", "سبعة"),
        8: ("ثماني", "ثمانية", "ثمان"),
        9: ("تسع", "تسعة"),
        10: ("عشر", "عشرة"),
        12: ("اثنا عشر", "اثني عشر"),
        20: ("عشرون", "عشرين"),
        30: ("ثلاثون", "ثلاثين"),
        100: ("مائة", "مئة"),
        1000: ("ألف",),
    },
    "zh": {
        2: ("二", "两", "兩"),
        3: ("三",),
        4: ("四",),
        5: ("五",),
        6: ("六",),
        7: ("七",),
        8: ("八",),
        9: ("九",),
        10: ("十",),
        12: ("十二",),
        20: ("二十",),
        24: ("二十四",),
        30: ("三十",),
        48: ("四十八",),
        100: ("一百", "百"),
        1000: ("一千", "千"),
    },
    "ko": {
        1: ("하나", "한"),
        2: ("둘", "두"),
        3: ("셋", "세"),
        4: ("넷", "네"),
        5: ("다섯",),
        6: ("여섯",),
        7: ("일곱",),
        8: ("여덟",),
        9: ("아홉",),
        10: ("열",),
        12: ("열두",),
        20: ("스물", "스무"),
        24: ("스물네",),
        30: ("서른",),
        100: ("백",),
        1000: ("천",),
    },
    "vi": {
        0: ("không",),
        1: ("một",),
        2: ("hai",),
        3: ("ba",),
        4: ("bốn", "tư"),
        5: ("năm",),
        6: ("sáu",),
        7: ("bảy",),
        8: ("tám",),
        9: ("chín",),
        10: ("mười",),
        12: ("mười hai",),
        20: ("hai mươi",),
        24: ("hai mươi bốn", "hai mươi tư"),
        30: ("ba mươi",),
        100: ("một trăm", "trăm"),
        1000: ("một nghìn", "nghìn", "ngàn"),
    },
    "tl": {
        1: ("isa", "isang"),
        2: ("dalawa", "dalawang"),
        3: ("tatlo", "tatlong"),
        4: ("apat",),
        5: ("lima", "limang"),
        6: ("anim",),
        7: ("pito", "pitong"),
        8: ("walo", "walong"),
        9: ("siyam",),
        10: ("sampu", "sampung"),
        12: ("labindalawa", "labindalawang"),
        20: ("dalawampu", "dalawampung"),
        30: ("tatlumpu", "tatlumpung"),
        100: ("sandaan", "isang daan"),
        1000: ("sanlibo", "isang libo"),
    },
}
_WORDS["fil"] = _WORDS["tl"]

#: Scripts written without spaces between words: a number word is found anywhere.
_UNSPACED = frozenset({"zh", "ja"})
#: Arabic joins conjunctions and prepositions to the next word: و, ف, ب, ل, ك, ال (the same
#: prefixes the word lists allow, from one table).
_ARABIC_PREFIX = PREFIXES[ARABIC]


@lru_cache(maxsize=4096)
def word_for(text: str, value: Decimal, language: str) -> str | None:
    """The word in ``text`` that spells ``value`` in ``language``, if there is one.

    Vowelled, stretched or decomposed ("ثَلَاث") is searched folded
    (:mod:`pipeline.quantity.marks`) and named as written.
    """
    if value != value.to_integral_value():
        return None
    folded = fold(text) if needs_folding(text) else None
    for pattern in _patterns(language, folded is not None).get(int(value), ()):
        match = pattern.search(text if folded is None else folded.text)
        if match and folded is None:
            return match.group(0)
        if match and folded is not None:
            start, end = folded.span(match.start(), match.end())
            return text[start:end]
    return None


@lru_cache(maxsize=32)
def _patterns(language: str, folded: bool) -> dict[int, tuple[re.Pattern[str], ...]]:
    result: dict[int, tuple[re.Pattern[str], ...]] = {}
    for value, words in _WORDS.get(language, {}).items():
        # Longest first, so "twenty-four" is named rather than "four".
        ordered = sorted((fold_word(w) if folded else w for w in words), key=len, reverse=True)
        result[value] = tuple(_pattern(word, language) for word in ordered)
    return result


def _pattern(word: str, language: str) -> re.Pattern[str]:
    escaped = re.escape(word).replace(r"\ ", r"\s+")
    if language in _UNSPACED:
        return re.compile(escaped)
    prefix = _ARABIC_PREFIX if language == "ar" else ""
    return re.compile(rf"(?<![\w-]){prefix}{escaped}(?![\w-])", re.IGNORECASE)


def small_number_words(language: str) -> dict[int, tuple[str, ...]]:
    """The words for 1–12 known for ``language`` ("three" → 3): counts of times, "tres veces"."""
    return {value: words for value, words in _WORDS.get(language, {}).items() if 1 <= value <= 12}


def number_word_in(text: str, language: str) -> str | None:
    """The first number word of ``language`` that ``text`` holds (any known value), or None."""
    for value in _WORDS.get(language, {}):
        word = word_for(text, Decimal(value), language)
        if word is not None:
            return word
    return None
