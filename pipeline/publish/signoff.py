"""``handout approve`` and ``handout approvals``: a reviewer signs off a translation as it is.

The record is written to ``locales/approvals.toml`` (:mod:`pipeline.publish.approval`)
and only for a translation the publishing rule could publish: every message
translated, none fuzzy, no check error. A meaning check the translator
flagged (``#, handout-ignore-<check>``: "ignored by the translator, needs a
reviewer") is the one finding a reviewer may accept: approving lists it in the
approval's ``exceptions``, and it counts only while the approval is valid. With
``two_person = true`` the catalog's own ``Last-Translator`` cannot approve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import polib

from pipeline.catalog.pofile import read_catalog
from pipeline.check.accepted import message_key, short_digest
from pipeline.check.findings import CatalogCheck
from pipeline.check.project import check_article
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.localize import Localized
from pipeline.project import Project
from pipeline.publish.approval import (
    Approval,
    ApprovalState,
    approvals_path,
    catalog_messages,
    content_digest,
    content_of,
    judge,
    parse_reviewer,
    read_approvals,
    same_person,
    translator_name,
    write_approvals,
)
from pipeline.publish.rule import decide
from pipeline.report import Diagnostic, Report


@dataclass(frozen=True)
class SignOff:
    """What one ``handout approve`` asked for."""

    language: Language
    articles: tuple[str, ...]
    reviewer: str  # "Name, credential"
    on: date | None = None  # default: today (UTC)
    revoke: bool = False


def approve(project: Project, report: Report, request: SignOff) -> list[str]:
    """Record (or revoke) the approvals; returns one line per article for the command to print."""
    config = project.config
    language = request.language
    if language not in config.languages:
        raise HandoutError(f"{language} is not a translation language of this project")
    path = approvals_path(config.folders.locales)
    original = read_approvals(path, project.shown(path)).by_unit
    approvals = dict(original)
    lines: list[str] = []
    for source in project.source_files(request.articles):
        slug = source.name.removesuffix(".md")
        key = (slug, language.bcp47)
        if request.revoke:
            if approvals.pop(key, None) is not None:
                lines.append(f"revoked: {slug} in {language}")
            continue
        approval = _approval(project, report, request, source.read_bytes(), slug)
        if approval is not None:
            approvals[key] = approval
            lines.append(
                f"approved: {slug} in {language} by {approval.reviewer}, {approval.credential}"
                + _accepting(approval.exceptions)
            )
    if approvals != original and write_approvals(path, approvals.values()):
        report.wrote(project.shown(path), True)
    return lines


def _approval(
    project: Project, report: Report, request: SignOff, source: bytes, slug: str
) -> Approval | None:
    """The approval of one unit as it is now, or None (with the reason reported)."""
    name, credential = parse_reviewer(request.reviewer)
    today = datetime.now(UTC).date()
    when = request.on or today
    if when > today:
        raise HandoutError(f"--date {when.isoformat()} is in the future")
    language = request.language
    path = project.catalog_path(language, slug)
    shown = project.shown(path)
    article = project.load(project.config.folders.source / f"{slug}.md")
    decision = decide(project, report, article, language)
    if decision is None:
        return None
    checked = check_article(project, language, slug)
    problems = _problems(decision.localized, checked)
    if problems:
        report.diagnostics.append(
            _refused(f"cannot approve {slug} in {language}: {problems}", shown)
        )
        report.failed = True
        return None
    assert checked is not None
    catalog = read_catalog(path, shown)
    translator = translator_name(catalog)
    if project.config.two_person and same_person(name, translator):
        report.diagnostics.append(
            _refused(
                f"cannot approve {slug} in {language}: two_person is set and {name} is the "
                "catalog's Last-Translator; another qualified person must review it",
                shown,
            )
        )
        report.failed = True
        return None
    content = content_of(source, catalog_messages(catalog))
    exceptions = flagged_exceptions(catalog, checked)
    return Approval(
        slug,
        language,
        name,
        credential,
        when,
        content.source,
        content_digest(content.source, content.messages, exceptions),
        content.messages,
        exceptions,
    )


def _accepting(exceptions: tuple[str, ...]) -> str:
    """What the approve line adds when the reviewer accepted flagged meaning checks."""
    if not exceptions:
        return ""
    checks = ", ".join(sorted({line.split(":", 1)[1] for line in exceptions}))
    return f" (accepting {len(exceptions)} exception(s) the translator flagged: {checks})"


def _problems(localized: Localized, checked: CatalogCheck | None) -> str:
    """Why a unit cannot be approved ('' if it can): incomplete, or a check error.

    A meaning check the translator flagged is no reason: approving accepts it
    (the approval lists it). Any other error must be fixed first.
    """
    if checked is None:
        return "no catalog"
    parts = []
    if not localized.complete:
        parts.append(f"{localized.untranslated} untranslated, {localized.fuzzy} fuzzy")
    errors = [f for f in checked.findings if f.blocks and not f.needs_review]
    if errors:
        first = errors[0]
        parts.append(f"{len(errors)} check error(s), the first: {first.check} at line {first.line}")
    return "; ".join(parts)


def flagged_exceptions(catalog: polib.POFile, checked: CatalogCheck) -> tuple[str, ...]:
    """``"<msgid hash>:<check>"`` for each meaning check the translator flagged: what the
    reviewer accepts by approving (each finding is at its entry's line)."""
    by_line = {entry.linenum: entry for entry in catalog}
    found = set()
    for finding in checked.findings:
        entry = by_line.get(finding.line)
        if finding.needs_review and entry is not None:
            found.add(f"{short_digest(message_key(entry.msgid, entry.msgctxt))}:{finding.check}")
    return tuple(sorted(found))


def _refused(message: str, path: str) -> Diagnostic:
    return Diagnostic("error", message, path)


@dataclass(frozen=True)
class Listed:
    """One approval and its state against the catalog as it is now."""

    approval: Approval
    state: ApprovalState

    def as_json(self) -> dict[str, object]:
        return {
            "article": self.approval.article,
            "language": self.approval.language.bcp47,
            "reviewer": self.approval.reviewer,
            "credential": self.approval.credential,
            "date": self.approval.date.isoformat(),
            "state": self.state.state,
            "changed": self.state.changed,
            "exceptions": list(self.approval.exceptions),
        }


def list_approvals(project: Project) -> list[Listed]:
    """Every approval in the file, each judged against its current catalog and source."""
    config = project.config
    path = approvals_path(config.folders.locales)
    found = read_approvals(path, project.shown(path))
    listed = []
    for approval in sorted(found.by_unit.values(), key=lambda a: a.key):
        catalog_path = project.catalog_path(approval.language, approval.article)
        source_path = config.folders.source / f"{approval.article}.md"
        if not catalog_path.exists() or not source_path.exists():
            listed.append(
                Listed(
                    approval,
                    ApprovalState("void", approval.reviewer, approval.credential, approval.date),
                )
            )
            continue
        catalog = read_catalog(catalog_path, project.shown(catalog_path))
        content = content_of(source_path.read_bytes(), catalog_messages(catalog))
        state = judge(approval, content, translator_name(catalog), config.two_person)
        listed.append(Listed(approval, state))
    return listed
