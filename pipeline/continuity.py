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

import polib

from pipeline.approval import (
    Approvals,
    ApprovalState,
    catalog_messages,
    content_of,
    judge,
    translator_name,
)
from pipeline.article.model import Article
from pipeline.article.parse import check_slug
from pipeline.catalog.pofile import read_catalog
from pipeline.check.number_words import word_for
from pipeline.fsio import write_bytes_atomic
from pipeline.languages import Language
from pipeline.localize import Localized, localize, translations_of
from pipeline.project import Project
from pipeline.text.provenance import Notice, Provenance

#: Number values :mod:`pipeline.check.number_words` knows words for.
_NUMBER_VALUES = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 24, 30, 48, 100, 1000)

#: Negation words per language subtag (lowercase; matched as whole words, or as substrings
#: for the unspaced scripts).
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "not",
        "no",
        "never",
        "don't",
        "doesn't",
        "didn't",
        "can't",
        "cannot",
        "won't",
        "shouldn't",
        "mustn't",
        "isn't",
        "aren't",
        "without",
        "none",
        "nor",
        "avoid",
        "stop",
    ),
    "es": ("no", "nunca", "jamás", "sin", "ni", "ningún", "ninguna", "evite", "deje de"),
    "zh": ("不", "没", "別", "别", "勿", "禁止", "避免", "无", "未"),
    "vi": ("không", "chẳng", "chưa", "đừng", "chớ", "tránh", "cấm"),
    "ar": ("لا", "لم", "لن", "ليس", "بدون", "دون", "تجنب", "غير"),
    "ko": ("않", "안 ", "못", "마십시오", "마세요", "없", "금지", "피하"),
    "ru": ("не", "нет", "никогда", "без", "ни", "нельзя", "избегайте"),
    "tl": ("hindi", "huwag", "wala", "walang", "iwasan", "bawal"),
}

#: Warning words per language subtag: when to call, emergencies, danger.
WARNINGS: dict[str, tuple[str, ...]] = {
    "en": (
        "call",
        "emergency",
        "911",
        "urgent",
        "urgently",
        "immediately",
        "right away",
        "warning",
        "caution",
        "danger",
        "dangerous",
        "seek",
        "severe",
        "hospital",
    ),
    "es": (
        "llame",
        "llamar",
        "emergencia",
        "urgente",
        "urgencias",
        "inmediatamente",
        "advertencia",
        "precaución",
        "peligro",
        "grave",
        "hospital",
    ),
    "zh": ("致电", "打电话", "急诊", "紧急", "立即", "马上", "警告", "注意", "危险", "严重"),
    "vi": (
        "gọi",
        "cấp cứu",
        "khẩn cấp",
        "ngay lập tức",
        "cảnh báo",
        "nguy hiểm",
        "nghiêm trọng",
        "bệnh viện",
    ),
    "ar": ("اتصل", "اتصلي", "طوارئ", "الطوارئ", "فورا", "فورًا", "تحذير", "خطر", "خطير", "المستشفى"),
    "ko": ("전화", "응급", "긴급", "즉시", "경고", "주의", "위험", "심한", "병원"),
    "ru": (
        "позвоните",
        "звоните",
        "скорую",
        "неотложн",
        "срочно",
        "немедленно",
        "предупреждение",
        "осторожно",
        "опасн",
        "больниц",
    ),
    "tl": ("tumawag", "emergency", "agad", "kaagad", "babala", "mapanganib", "malubha", "ospital"),
}

_UNSPACED = frozenset({"zh", "ja", "ko"})  # scripts where a word is found as a substring
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Risk:
    """Why a changed message must not be replaced by its old translation."""

    category: str  # "quantity", "negation" or "warning"
    word: str
    text: str  # the message it was found in


def carries_risk(text: str, language: Language, number_words: bool = True) -> Risk | None:
    """Does ``text`` carry a quantity, a negation or a warning (the checks' categories)?

    A small stand-in for the meaning checks' detectors (the checks issue builds
    quantity and negation detectors in ``pipeline/check/``; swap them in here
    when they land). It errs towards "yes": any digit or number word is a
    quantity, and the word lists are short and broad, because a false "yes"
    only withdraws a page that could have stayed, while a false "no" keeps an
    outdated dose or warning online. ``number_words=False`` for a translation:
    its quantities are the source's (the numbers check holds them equal), and
    number words there double as articles ("isang" is Tagalog's "a").
    """
    lowered = text.casefold().replace("\u2019", "'")  # don’t = don't
    if match := _DIGIT.search(lowered):
        return Risk("quantity", match.group(0), text)
    subtag = language.language
    for value in _NUMBER_VALUES if number_words else ():
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
    gone = new = 0
    risk: Risk | None = None
    for msgid, msgstr in published.items():
        if msgid in current_msgids and usable.get(msgid) == msgstr:
            continue
        gone += 1
        risk = risk or carries_risk(msgid, source) or carries_risk(msgstr, language, False)
    for msgid in current_msgids:
        if msgid in published and usable.get(msgid) == published[msgid]:
            continue
        new += msgid not in published
        risk = risk or carries_risk(msgid, source)
    return max(gone, new), risk


def snapshot_folder(locales: Path, language: Language) -> Path:
    return locales / language.gettext / "published"


def snapshot_source(locales: Path, language: Language, slug: str) -> Path:
    """``locales/<lang>/published/<slug>.md``: the source article as last published."""
    return snapshot_folder(locales, language) / f"{check_slug(slug, slug)}.md"


def snapshot_catalog(locales: Path, language: Language, slug: str) -> Path:
    """``locales/<lang>/published/<slug>.po``: the catalog as last published."""
    return snapshot_folder(locales, language) / f"{check_slug(slug, slug)}.po"


@dataclass(frozen=True)
class Held:
    """A unit the publishing rule holds back: its previous version online, or withdrawn."""

    state: str  # "previous" or "withdrawn"
    reason: str
    localized: Localized | None = None  # the previous version, as it was published
    provenance: Provenance | None = None
    notice: Notice | None = None


@dataclass(frozen=True)
class Current:
    """What the build knows of a unit now: its source and its usable translations."""

    article: Article
    source_bytes: bytes
    usable: Mapping[str, str]


def hold(
    project: Project, current: Current, language: Language, approvals: Approvals
) -> Held | None:
    """The previous version of a unit the rule refuses now, or why it is withdrawn instead;
    None if it was never published (nothing to keep or withdraw)."""
    config = project.config
    slug = current.article.slug
    md = snapshot_source(config.folders.locales, language, slug)
    po = snapshot_catalog(config.folders.locales, language, slug)
    if not (md.is_file() and po.is_file()):
        return None
    old_bytes = md.read_bytes()
    old_article = project.load(md)
    old_catalog = read_catalog(po, project.shown(po))
    old_usable, old_fuzzy = translations_of(old_catalog)
    source = config.source_language
    old = localize(old_article, language, source, old_usable, old_fuzzy)
    if not old.complete:
        return Held("withdrawn", f"{project.shown(po)} is not a complete translation")
    old_ids = {t.markdown for t in old_article.texts() if t.translatable}
    published = {msgid: old_usable[msgid] for msgid in old_ids}
    now = frozenset(t.markdown for t in current.article.texts() if t.translatable)
    changed, risk = compare(published, now, current.usable, source, language)
    if config.withdraw_on_change:
        return Held("withdrawn", "withdraw_on_change is set in handout.toml")
    if risk is not None:
        return Held(
            "withdrawn",
            f"a changed message carries a {risk.category} ({risk.word!r}): {risk.text[:60]!r}",
        )
    content = content_of(old_bytes, catalog_messages(old_catalog))
    state = judge(
        approvals.get(slug, language), content, translator_name(old_catalog), config.two_person
    )
    if config.require_approval and not state.valid:
        return Held("withdrawn", f"the previous version is not approved ({state.describe()})")
    provenance = provenance_of(state, old_catalog, old_article) if state.valid else None
    notice = Notice(old_bytes != current.source_bytes, current.article.meta.reviewed)
    reason = f"{changed} message(s) changed; the previous version stays online with a notice"
    return Held("previous", reason, old, provenance, notice)


def provenance_of(state: ApprovalState, catalog: polib.POFile, article: Article) -> Provenance:
    """The provenance lines' facts for a valid approval of ``catalog`` translating ``article``."""
    assert state.date is not None
    return Provenance(
        translator=translator_name(catalog),
        reviewer=state.reviewer,
        credential=state.credential,
        reviewed_on=state.date,
        source_date=article.meta.reviewed,
    )


def write_snapshot(project: Project, language: Language, slug: str) -> list[str]:
    """Keep the source and catalog just published as the unit's previous version.

    Returns the files written (shown paths): they are content for git, like the catalogs.
    """
    config = project.config
    pairs = (
        (
            config.folders.source / f"{check_slug(slug, slug)}.md",
            snapshot_source(config.folders.locales, language, slug),
        ),
        (
            project.catalog_path(language, slug),
            snapshot_catalog(config.folders.locales, language, slug),
        ),
    )
    written = []
    for origin, copy in pairs:
        if write_bytes_atomic(copy, origin.read_bytes()):
            written.append(project.shown(copy))
    return written
