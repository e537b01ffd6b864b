"""``handout approve`` and ``handout approvals``: a reviewer signs off a translation as it is.

The record is written to ``locales/approvals.toml`` (:mod:`pipeline.approval`)
and only for a translation the publishing rule could publish: every message
translated, none fuzzy, no check error. With ``two_person = true`` the
catalog's own ``Last-Translator`` cannot approve it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from pipeline.approval import (
    Approval,
    ApprovalState,
    approvals_path,
    catalog_messages,
    content_of,
    judge,
    parse_reviewer,
    read_approvals,
    same_person,
    translator_name,
    write_approvals,
)
from pipeline.build import decide
from pipeline.catalog.pofile import read_catalog
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.project import Project
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
    if not path.exists() or not decision.localized.complete or decision.check_errors:
        problems = decision.reason() or "no catalog"
        report.diagnostics.append(
            _refused(f"cannot approve {slug} in {language}: {problems}", shown)
        )
        report.failed = True
        return None
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
    return Approval(
        slug, language, name, credential, when, content.source, content.digest, content.messages
    )


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
