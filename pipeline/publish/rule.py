"""The publishing rule, pure: whether one article in one language is published, and why not.

The README's central promise lives here. Medical content is published in a
language only when every message is translated, none is fuzzy, the
translation checks found no error and (with ``require_approval``) a
reviewer's approval of exactly this text stands; otherwise its last
published version stays online while it is updated, or it is withdrawn
(:mod:`pipeline.publish.continuity`). :func:`decide` reads the unit's catalog and
writes nothing, so it may run in any worker, as often as needed: the text
build, the audio build, ``status`` and ``approve`` all ask the same rule.
:func:`decision_keys` names, per unit, every byte the rule looks at, so a
build can keep a verdict and skip deciding again while none of them changed.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import polib

from pipeline.article.model import Article
from pipeline.cache import cache_key
from pipeline.catalog.pofile import read_catalog
from pipeline.check import check_catalog
from pipeline.check.accepted import ACCEPTED_FILE
from pipeline.check.glossary import GLOSSARY_FILES
from pipeline.check.project import project_glossary, project_words
from pipeline.digests import code_digest, digest, file_digest_or_missing
from pipeline.errors import HandoutError
from pipeline.failures import failure_of
from pipeline.fsio import read_confined
from pipeline.languages import Language, parse_language
from pipeline.localize import Localized, localize, translations_of
from pipeline.project import Project
from pipeline.publish.approval import (
    Approval,
    Approvals,
    ApprovalState,
    accepted_by,
    approvals_path,
    catalog_messages,
    content_of,
    judge,
    read_approvals,
    translator_name,
)
from pipeline.publish.continuity import (
    Current,
    Held,
    hold,
    provenance_of,
    snapshot_catalog,
    snapshot_source,
)
from pipeline.publish.provenance import Provenance
from pipeline.report import Diagnostic, Report


@dataclass(frozen=True)
class Unit:
    """One article in one language: the build's unit of work."""

    slug: str
    language: Language


@dataclass(frozen=True)
class Verdict:
    """The publishing rule's verdict on one unit, without the article: small enough to keep.

    It is all the rest of a build needs from a unit that is not rendered
    again: whether it is published, why not, the check errors to report
    again (an error stays an error until it is fixed), and its index entry.
    """

    unit: Unit
    published: bool
    reason: str
    catalog: str | None  # the catalog as shown to users; None for the source language
    check_errors: tuple[Diagnostic, ...]
    title: str
    description: str
    held: str = ""  # not published: "previous" (its last published version stays) or "withdrawn"
    approval: ApprovalState | None = None  # None for the source language

    @property
    def online(self) -> bool:
        """A page is online: published, or its previous version kept while it is updated."""
        return self.published or self.held == "previous"

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.unit.slug,
            "language": self.unit.language.bcp47,
            "published": self.published,
            "reason": self.reason,
            "catalog": self.catalog,
            "errors": [[d.severity, d.message, d.path, d.line] for d in self.check_errors],
            "title": self.title,
            "description": self.description,
            "held": self.held,
            "approval": None if self.approval is None else self.approval.as_json(),
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Verdict:
        return Verdict(
            unit=Unit(str(data["slug"]), parse_language(str(data["language"]))),
            published=bool(data["published"]),
            reason=str(data["reason"]),
            catalog=None if data["catalog"] is None else str(data["catalog"]),
            check_errors=tuple(
                Diagnostic(
                    str(s), str(m), None if p is None else str(p), None if n is None else int(n)
                )
                for s, m, p, n in data["errors"]
            ),
            title=str(data["title"]),
            description=str(data["description"]),
            held=str(data["held"]),
            approval=(
                None if data["approval"] is None else ApprovalState.from_json(data["approval"])
            ),
        )


@dataclass(frozen=True)
class Decision:
    """The publishing rule's verdict on one unit, with everything needed to build it."""

    unit: Unit
    localized: Localized
    catalog: str | None  # the catalog as shown to users; None for the source language
    check_errors: tuple[Diagnostic, ...] = ()
    approval: ApprovalState | None = None  # None for the source language
    required: bool = False  # require_approval: the approval is part of the rule
    provenance: Provenance | None = None  # a valid approval's facts, for every output
    held: Held | None = None  # not published: its previous version, or why it is withdrawn

    @property
    def published(self) -> bool:
        approved = not self.required or self.approval is None or self.approval.valid
        return self.localized.complete and not self.check_errors and approved

    def reason(self) -> str:
        """Why the unit is not published, in one line."""
        parts = []
        if not self.localized.complete:
            parts.append(
                f"{self.localized.untranslated} untranslated, {self.localized.fuzzy} fuzzy"
            )
        if self.check_errors:
            parts.append(f"{len(self.check_errors)} check error(s)")
        if self.required and self.approval is not None and not self.approval.valid:
            parts.append(self.approval.describe())
        if self.held is not None:
            parts.append(
                f"{'previous version online' if self.previous else 'withdrawn'}: {self.held.reason}"
            )
        return "; ".join(parts)

    @property
    def previous(self) -> bool:
        return self.held is not None and self.held.state == "previous"


class VerdictStore(Protocol):
    """Where verdicts are kept between runs (the site build's cache): looked up by key."""

    def verdict(self, unit: Unit, decision_key: str) -> Verdict | None: ...


@dataclass(frozen=True)
class DecisionKeys:
    """Each unit's decision key, in build order (articles by slug, then languages)."""

    by_unit: dict[Unit, str]
    sources: dict[str, Path]
    # The unit's previous-version snapshot ("" if none): a held-back verdict depends on it, a
    # published one does not, so it keys only held-back verdicts (see :meth:`key_for`).
    snapshots: dict[Unit, str] = field(default_factory=dict)

    def key_for(self, unit: Unit, verdict: Verdict) -> str:
        """The key a verdict is remembered (and its files rendered) under."""
        key = self.by_unit[unit]
        return key if verdict.published else digest(key, self.snapshots.get(unit, ""))

    def cached(self, cache: VerdictStore, unit: Unit) -> Verdict | None:
        """The cached verdict, if it was given for exactly the inputs it depends on."""
        key = self.by_unit[unit]
        found = cache.verdict(unit, key)
        if found is not None and found.published:
            return found
        found = cache.verdict(unit, digest(key, self.snapshots.get(unit, "")))
        return found if found is not None and not found.published else None


def decision_keys(
    project: Project, report: Report, languages: tuple[Language, ...]
) -> DecisionKeys:
    """Digest of everything the publishing rule reads, per unit: bytes only, nothing parsed."""
    config = project.config
    glossaries = [file_digest_or_missing(config.folders.locales / n) for n in GLOSSARY_FILES]
    glossaries.append(file_digest_or_missing(config.folders.locales / ACCEPTED_FILE))
    glossaries.append(json.dumps(config.checks, sort_keys=True, ensure_ascii=False, default=str))
    flags = f"{config.require_approval}{config.two_person}{config.withdraw_on_change}"
    common = digest(
        code_digest(), config.source_language.bcp47, *config.glossary, *glossaries, flags
    )
    approvals = _approvals(project)  # malformed: one located error, before anything is written
    by_unit: dict[Unit, str] = {}
    sources: dict[str, Path] = {}
    snapshots: dict[Unit, str] = {}
    for path in project.source_files():
        slug = path.name.removesuffix(".md")
        try:
            data = read_confined(path, project.shown(path), config.rules, "article_bytes").data
        except HandoutError as exc:
            report.error(exc)
            continue
        source = digest(project.shown(path), data)
        sources[slug] = path
        for language in languages:
            catalog = (
                "source"
                if language == config.source_language
                else file_digest_or_missing(project.catalog_path(language, slug))
            )
            unit = Unit(slug, language)
            approval, snapshot = _continuity_inputs(project, approvals, language, slug)
            by_unit[unit] = digest(common, source, language.bcp47, catalog, approval)
            snapshots[unit] = snapshot
    return DecisionKeys(by_unit, sources, snapshots)


def _continuity_inputs(
    project: Project, approvals: Approvals, language: Language, slug: str
) -> tuple[str, str]:
    """The unit's own approval record, and its previous-version snapshot's digest."""
    if language == project.config.source_language:
        return ("", "")
    locales = project.config.folders.locales
    approval = approvals.get(slug, language)
    kept = digest(
        file_digest_or_missing(snapshot_source(locales, language, slug)),
        file_digest_or_missing(snapshot_catalog(locales, language, slug)),
    )
    return ("" if approval is None else approval_key(approval), kept)


def unit_name(unit: Unit) -> str:
    """How failures and notes name a unit: ``wound-care in es``."""
    return f"{unit.slug} in {unit.language}"


def approval_key(approval: Approval) -> str:
    """An approval record as the rule reads it, by name (not where it stands in the file)."""
    return cache_key(
        ("article", approval.article),
        ("language", approval.language.bcp47),
        ("reviewer", approval.reviewer),
        ("credential", approval.credential),
        ("date", approval.date.isoformat()),
        ("source", approval.source),
        ("digest", approval.digest),
        ("messages", approval.messages),
        ("exceptions", approval.exceptions),
    )


def decide(
    project: Project, report: Report, article: Article, language: Language
) -> Decision | None:
    """Apply the publishing rule to one unit; ``None`` if its catalog cannot be read.

    It writes nothing (``handout compile`` makes the ``.mo`` files): a work
    item that only reads can run anywhere, be retried, or run twice.
    """
    config = project.config
    unit = Unit(article.slug, language)
    if language == config.source_language:
        return Decision(unit, localize(article, language, language, {}), None)
    path = project.catalog_path(language, article.slug)
    shown = project.shown(path)
    if not path.exists() and not path.is_symlink():
        return _without_catalog(project, report, article, unit, shown)
    try:
        catalog = read_catalog(path, shown, config.rules)
        glossary = project_glossary(project, language)
        words = project_words(project)
    except HandoutError as exc:
        report.error(exc)
        report.fail(failure_of(unit_name(unit), exc, project.shown))
        return None
    translations, fuzzy = translations_of(catalog)
    localized = localize(article, language, config.source_language, translations, fuzzy)
    found = _approvals(project).get(article.slug, language)
    approval = _approval(project, article, language, catalog)
    checked = check_catalog(
        catalog,
        shown,
        source_language=config.source_language,
        language=language,
        glossary=glossary,
        context=words.context(article.slug, accepted_by(found, approval)),
    )
    errors = tuple(
        Diagnostic(f.severity, f"{f.check}: {f.message}", f.path, f.line)
        for f in checked.findings
        if f.blocks
    )
    provenance = provenance_of(approval, catalog, article) if approval.valid else None
    decision = Decision(
        unit, localized, shown, errors, approval, config.require_approval, provenance
    )
    return _with_held(project, report, decision, article, translations)


def _without_catalog(
    project: Project, report: Report, article: Article, unit: Unit, shown: str
) -> Decision | None:
    """A language with no catalog for the article: nothing translated (None if nothing to)."""
    config = project.config
    missing = len({t.markdown for t in article.texts() if t.translatable})
    localized = localize(article, unit.language, config.source_language, {})
    if not missing:
        return None
    unapproved = ApprovalState("none")
    empty = Decision(unit, localized, shown, (), unapproved, config.require_approval)
    return _with_held(project, report, empty, article, {})


def _source_bytes(project: Project, slug: str) -> bytes:
    path = project.config.folders.source / f"{slug}.md"
    return read_confined(path, project.shown(path), project.config.rules, "article_bytes").data


def _approvals(project: Project) -> Approvals:
    """The approvals file (parsed once per process per content; malformed: one located error)."""
    path = approvals_path(project.config.folders.locales)
    return read_approvals(path, project.shown(path))


def _approval(
    project: Project, article: Article, language: Language, catalog: polib.POFile
) -> ApprovalState:
    """The unit's approval judged against its catalog and source as they are now."""
    content = content_of(_source_bytes(project, article.slug), catalog_messages(catalog))
    found = _approvals(project).get(article.slug, language)
    return judge(found, content, translator_name(catalog), project.config.two_person)


def _with_held(
    project: Project, report: Report, decision: Decision, article: Article, usable: dict[str, str]
) -> Decision:
    """A refused unit with its previous version (or why it is withdrawn) attached."""
    if decision.published:
        return decision
    language = decision.unit.language
    source = _source_bytes(project, article.slug)
    try:
        current = Current(article, source, usable, project_words(project).extra_words)
        held = hold(project, current, language, _approvals(project))
    except HandoutError as exc:  # a damaged snapshot: said once, and nothing old goes online
        report.error(exc)
        held = Held("withdrawn", f"its previous version cannot be read ({exc.message})")
    return dataclasses.replace(decision, held=held)
