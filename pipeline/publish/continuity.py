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
warning (:func:`carries_risk`, the meaning checks' own detectors): an old dose
is worse than no page at all; and
``withdraw_on_change = true`` in ``handout.toml`` withdraws on any change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.article.model import Article
from pipeline.article.parse import check_slug
from pipeline.catalog.pofile import read_catalog
from pipeline.check.carried import EVERYTHING, QUANTITY, carried
from pipeline.fsio import write_bytes_atomic
from pipeline.languages import Language
from pipeline.localize import Localized, localize, translations_of
from pipeline.project import Project
from pipeline.publish.approval import (
    Approvals,
    ApprovalState,
    catalog_messages,
    content_of,
    judge,
    translator_name,
)
from pipeline.publish.provenance import Notice, Provenance
from pipeline.quantity.words import NO_EXTRA_WORDS, ExtraWords

#: What an old translation is searched for. The source (old and new msgid) says what a
#: message means; a translation's negation and warning words are broad on purpose (they
#: judge whether a source's warning survived: Russian "обратитесь" renders "contact"),
#: so only its quantities are taken from it.
DIGITS = frozenset({QUANTITY})


@dataclass(frozen=True)
class Risk:
    """Why a changed message must not be replaced by its old translation."""

    category: str  # "quantity", "negation" or "warning"
    word: str
    text: str  # the message it was found in


def carries_risk(
    text: str,
    language: Language,
    *,
    source: Language | None = None,
    extra: ExtraWords = NO_EXTRA_WORDS,
    categories: frozenset[str] = EVERYTHING,
) -> Risk | None:
    """Does ``text`` carry a quantity, a negation or a warning (the meaning checks' categories)?

    Asked through the meaning checks' own detectors (:func:`pipeline.check.carried.carried`),
    so what counts as a dose, a "do not" or a "call 911" is defined once per
    language, with a clinic's ``[checks.<lang>]`` words (``extra``). ``source``
    is given for a translation (read as the checks read one).
    """
    found = carried(text, language, source=source, extra=extra, categories=categories)
    return None if found is None else Risk(found.category, found.word, text)


def compare(
    published: Mapping[str, str],
    current_msgids: frozenset[str],
    usable: Mapping[str, str],
    languages: tuple[Language, Language],
    extra: ExtraWords = NO_EXTRA_WORDS,
) -> tuple[int, Risk | None]:
    """Count the changed messages and look for a risk in any of them, old or new.

    ``published`` is the snapshot's msgid → msgstr; ``usable`` the current
    catalog's usable translations; ``current_msgids`` every message of the
    current source; ``languages`` the source's and the translation's. A message
    is changed if it was published and is not usable now with the same
    translation, or if it is new.
    """
    source, language = languages
    gone = new = 0
    risk: Risk | None = None
    for msgid, msgstr in published.items():
        if msgid in current_msgids and usable.get(msgid) == msgstr:
            continue
        gone += 1
        risk = (
            risk
            or carries_risk(msgid, source, extra=extra)
            or carries_risk(msgstr, language, source=source, extra=extra, categories=DIGITS)
        )
    for msgid in current_msgids:
        if msgid in published and usable.get(msgid) == published[msgid]:
            continue
        new += msgid not in published
        risk = risk or carries_risk(msgid, source, extra=extra)
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
    extra_words: ExtraWords = NO_EXTRA_WORDS  # a clinic's [checks.<lang>] words


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
    changed, risk = compare(
        published, now, current.usable, (source, language), current.extra_words
    )
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
