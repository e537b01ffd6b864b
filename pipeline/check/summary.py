"""What ``handout check`` and ``handout status`` show: lines and JSON, built but not printed."""

from __future__ import annotations

from typing import Any

from pipeline.check.findings import CatalogCheck
from pipeline.check.project import ArticleCheck, ReviewedLoader, check_project
from pipeline.check.readability import ReadingLevel, reading_level
from pipeline.errors import HandoutError
from pipeline.project import Project
from pipeline.report import Report


def finding_lines(results: list[ArticleCheck]) -> list[str]:
    """Every finding, grouped by file in the order the catalogs were checked."""
    return [str(finding) for result in results for finding in result.result.findings]


def summary_line(results: list[ArticleCheck]) -> str:
    catalogs = [r.result for r in results]
    errors = sum(c.errors for c in catalogs)
    warnings = sum(c.warnings for c in catalogs)
    return (
        f"{_count(len(catalogs), 'catalog')}, {_count(sum(c.checked for c in catalogs), 'message')}"
        f" checked: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        f" ({sum(c.untranslated for c in catalogs)} untranslated,"
        f" {sum(c.fuzzy for c in catalogs)} fuzzy,"
        f" {sum(c.obsolete for c in catalogs)} obsolete)"
        + _review(sum(c.needs_review for c in catalogs))
    )


def _review(count: int) -> str:
    """Meaning checks silenced by a translator: they block publishing until reviewed."""
    if not count:
        return ""
    return f"; {count} ignored by the translator, needing a reviewer"


def as_json(results: list[ArticleCheck]) -> dict[str, Any]:
    return {
        "catalogs": [
            {"article": r.article, "language": r.language.bcp47, **r.result.as_json()}
            for r in results
        ],
        "findings": [f.as_json() for r in results for f in r.result.findings],
        "errors": sum(r.result.errors for r in results),
        "warnings": sum(r.result.warnings for r in results),
        "needs_review": sum(r.result.needs_review for r in results),
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def checks_by_catalog(
    project: Project, reviewed: ReviewedLoader | None = None
) -> dict[tuple[str, str], CatalogCheck]:
    """Check results keyed by (article slug, BCP 47 tag), for the status table.

    ``reviewed``: the exceptions of valid approvals (:func:`check_project`).
    Unreadable catalogs are left out: the progress count has reported them already.
    """
    results = check_project(project, Report(), reviewed=reviewed)
    return {(r.article, r.language.bcp47): r.result for r in results}


def reading_levels(project: Project) -> dict[str, ReadingLevel]:
    """Each readable source article's reading level in the source language."""
    levels: dict[str, ReadingLevel] = {}
    for path in project.source_files():
        try:
            article = project.load(path)
        except HandoutError:
            continue  # reported by the progress count
        levels[article.slug] = reading_level(article, project.config.source_language)
    return levels


def reading_lines(levels: dict[str, ReadingLevel]) -> list[str]:
    lines = []
    for slug, level in levels.items():
        if level.grade is None:
            lines.append(f"{slug}: reading level not measured for this source language")
            continue
        verdict = "plain language" if level.plain else "above the target, simplify"
        lines.append(f"{slug}: {level.measure} {level.grade:.1f} ({verdict})")
    return lines
