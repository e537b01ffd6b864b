"""Translation progress per article × language, for ``handout status`` and the build."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polib

from pipeline.catalog.pofile import read_catalog
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.report import Report


@dataclass(frozen=True)
class Progress:
    article: str
    language: str
    messages: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    exists: bool

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.messages if self.messages else 100.0

    @property
    def complete(self) -> bool:
        """The publishing rule's first half: everything translated, nothing fuzzy."""
        return self.exists and self.translated == self.messages and self.fuzzy == 0

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["percent"] = round(self.percent, 1)
        data["complete"] = self.complete
        return data


def progress_of(catalog: polib.POFile, article: str, language: Language) -> Progress:
    active = [e for e in catalog if not e.obsolete]
    translated = sum(1 for e in active if e.translated())
    fuzzy = sum(1 for e in active if e.fuzzy)
    return Progress(
        article=article,
        language=language.bcp47,
        messages=len(active),
        translated=translated,
        fuzzy=fuzzy,
        untranslated=len(active) - translated - fuzzy,
        obsolete=len(catalog) - len(active),
        exists=True,
    )


def project_progress(project: Project, report: Report) -> list[Progress]:
    """One row per article × configured language; a missing catalog counts as untranslated."""
    rows: list[Progress] = []
    for source in project.source_files():
        slug = source.name.removesuffix(".md")
        try:
            article = project.load(source)
        except HandoutError as exc:
            report.error(exc)
            continue
        total = len({t.markdown for t in article.texts() if t.translatable})
        for language in project.config.languages:
            path = project.catalog_path(language, slug)
            if not present(path):
                rows.append(Progress(slug, language.bcp47, total, 0, 0, total, 0, exists=False))
                continue
            rows += read_progress(project, report, path, slug, language)
    return rows


def present(path: Path) -> bool:
    """The file is there, or a link is (which the reader then refuses, saying why)."""
    return path.exists() or path.is_symlink()


def read_progress(
    project: Project, report: Report, path: Path, name: str, language: Language
) -> list[Progress]:
    """The catalog's status row; none, and its error reported, if it cannot be read."""
    try:
        catalog = read_catalog(path, project.shown(path), project.config.rules)
    except HandoutError as exc:
        report.error(exc)
        return []
    return [progress_of(catalog, name, language)]
