"""What patients see while a translation is being updated: the last published version.

A one-word fix to an English article used to take every translation offline
until each translator cleared a fuzzy flag. Instead, each time the build
publishes a translation it keeps a snapshot of what it published, in a tracked
place a reviewer can read in a diff (it is content, not cache, and must
survive a fresh clone):

* ``locales/<lang>/published/<slug>.md``: the source article as it was, and
* ``locales/<lang>/published/<slug>.po``: the catalog as it was.

When a later change makes the translation unpublishable, the build publishes
that snapshot again, whole and unchanged, with a notice in its language. It is
withdrawn instead when a changed message carries a quantity, a negation or a
warning (:func:`carries_risk`): an old dose is worse than no page at all; and
``withdraw_on_change = true`` in ``handout.toml`` withdraws on any change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.article.parse import check_slug
from pipeline.check.number_words import word_for
from pipeline.languages import Language

#: Number values :mod:`pipeline.check.number_words` knows words for.
_NUMBER_VALUES = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 24, 30, 48, 100, 1000)

#: Negation words per language subtag (lowercase; matched as whole words, or as substrings
#: for the unspaced scripts).
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": ("not", "no", "never", "don't", "doesn't", "didn't", "can't", "cannot", "won't",
           "shouldn't", "mustn't", "isn't", "aren't", "without", "none", "nor", "avoid", "stop"),
    "es": ("no", "nunca", "jamás", "sin", "ni", "ningún", "ninguna", "evite", "deje de"),
    "zh": ("不", "没", "別", "别", "勿", "禁止", "避免", "无", "未"),
    "vi": ("không", "chẳng", "chưa", "đừng", "chớ", "tránh", "cấm"),
    "ar": ("لا", "لم", "لن", "ليس", "بدون", "دون", "تجنب", "غير"),
    "ko": ("않", "안 ", "못", "말", "없", "금지", "피하"),
    "ru": ("не", "нет", "никогда", "без", "ни", "нельзя", "избегайте"),
    "tl": ("hindi", "huwag", "wala", "walang", "iwasan", "bawal"),
}

#: Warning words per language subtag: when to call, emergencies, danger.
WARNINGS: dict[str, tuple[str, ...]] = {
    "en": ("call", "emergency", "911", "urgent", "urgently", "immediately", "right away",
           "warning", "caution", "danger", "dangerous", "seek", "severe", "hospital"),
    "es": ("llame", "llamar", "emergencia", "urgente", "urgencias", "inmediatamente",
           "advertencia", "precaución", "peligro", "grave", "hospital"),
    "zh": ("致电", "打电话", "急诊", "紧急", "立即", "马上", "警告", "注意", "危险", "严重"),
    "vi": ("gọi", "cấp cứu", "khẩn cấp", "ngay lập tức", "cảnh báo", "nguy hiểm",
           "nghiêm trọng", "bệnh viện"),
    "ar": ("اتصل", "اتصلي", "طوارئ", "الطوارئ", "فورا", "فورًا", "تحذير", "خطر", "خطير",
           "المستشفى"),
    "ko": ("전화", "응급", "긴급", "즉시", "경고", "주의", "위험", "심한", "병원"),
    "ru": ("позвоните", "звоните", "скорую", "неотложн", "срочно", "немедленно",
           "предупреждение", "осторожно", "опасн", "больниц"),
    "tl": ("tumawag", "emergency", "agad", "kaagad", "babala", "mapanganib", "malubha",
           "ospital"),
}

_UNSPACED = frozenset({"zh", "ja", "ko"})  # scripts where a word is found as a substring
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Risk:
    """Why a changed message must not be replaced by its old translation."""

    category: str  # "quantity", "negation" or "warning"
    word: str
    text: str  # the message it was found in


def carries_risk(text: str, language: Language) -> Risk | None:
    """Does ``text`` carry a quantity, a negation or a warning (the checks' categories)?

    A small stand-in for the meaning checks' detectors (the checks issue builds
    quantity and negation detectors in ``pipeline/check/``; swap them in here
    when they land). It errs towards "yes": any digit or number word is a
    quantity, and the word lists are short and broad, because a false "yes"
    only withdraws a page that could have stayed, while a false "no" keeps an
    outdated dose or warning online.
    """
    lowered = text.casefold().replace("\u2019", "'")  # don’t = don't
    if match := _DIGIT.search(lowered):
        return Risk("quantity", match.group(0), text)
    subtag = language.language
    for value in _NUMBER_VALUES:
        word = word_for(text, Decimal(value), subtag)
        if word is not None:
            return Risk("quantity", word, text)
    for category, table in (("negation", NEGATIONS), ("warning", WARNINGS)):
        for word in table.get(subtag, ()):
            if _contains(lowered, word, subtag):
                return Risk(category, word, text)
    return None


def _contains(text: str, word: str, subtag: str) -> bool:
    if subtag in _UNSPACED:
        return word in text
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


@dataclass(frozen=True)
class Change:
    """How the translation as published differs from what would be published now."""

    source_changed: bool
    messages: int  # messages whose published translation no longer stands
    risk: Risk | None


def compare(
    published: Mapping[str, str],
    current_msgids: frozenset[str],
    usable: Mapping[str, str],
    source: Language,
    language: Language,
) -> tuple[int, Risk | None]:
    """Count the changed messages and look for a risk in any of them, old or new.

    ``published`` is the snapshot's msgid → msgstr; ``usable`` the current
    catalog's usable translations; ``current_msgids`` every message of the
    current source. A message is changed if it was published and is not
    usable now with the same translation, or if it is new.
    """
    changed = 0
    risk: Risk | None = None
    for msgid, msgstr in published.items():
        if msgid in current_msgids and usable.get(msgid) == msgstr:
            continue
        changed += 1
        risk = risk or carries_risk(msgid, source) or carries_risk(msgstr, language)
    for msgid in current_msgids - published.keys():
        changed += 1
        risk = risk or carries_risk(msgid, source)
    return changed, risk


def snapshot_folder(locales: Path, language: Language) -> Path:
    return locales / language.gettext / "published"


def snapshot_source(locales: Path, language: Language, slug: str) -> Path:
    """``locales/<lang>/published/<slug>.md``: the source article as last published."""
    return snapshot_folder(locales, language) / f"{check_slug(slug, slug)}.md"


def snapshot_catalog(locales: Path, language: Language, slug: str) -> Path:
    """``locales/<lang>/published/<slug>.po``: the catalog as last published."""
    return snapshot_folder(locales, language) / f"{check_slug(slug, slug)}.po"
