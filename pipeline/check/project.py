"""Checks over a whole project: which catalogs, with which glossary.

``handout check`` and ``handout status`` go through here, with the exceptions
of valid approvals: the publishing rule (a layer above, :mod:`pipeline.publish`)
hands them in as a :data:`ReviewedLoader`, so checking never reads approvals
itself. ``handout approve`` calls :func:`check_article` for the one article ×
language it signs off (without them: it lists them anew). The build runs the
checks itself (``build.decide``), with the unit's approval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.article.parse import check_slug
from pipeline.catalog.pofile import read_catalog
from pipeline.check.accepted import ACCEPTED_FILE, Accepted, load_accepted
from pipeline.check.findings import CatalogCheck
from pipeline.check.glossary import glossary_for
from pipeline.check.runner import Context, check_catalog
from pipeline.errors import HandoutError
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.quantity.words import ExtraWords, parse_extra_words
from pipeline.report import Report


@dataclass(frozen=True)
class ArticleCheck:
    """The check result of one article in one language."""

    article: str
    language: Language
    result: CatalogCheck


def project_glossary(project: Project, language: Language) -> tuple[str, ...]:
    """handout.toml's terms plus ``locales/glossary.csv``/``.tbx``, for ``language``."""
    config = project.config
    return glossary_for(
        config.glossary,
        config.folders.locales,
        project.shown,
        config.source_language,
        language,
        config.rules,
    )


#: The (message hash, check) pairs a unit's valid approval accepts, given its language,
#: article slug and catalog as it is: the meaning checks its reviewer signed off.
Reviewed = Callable[[Language, str, polib.POFile], frozenset[tuple[str, str]]]

#: Reads what a :data:`Reviewed` needs once per command (the approvals file; HandoutError
#: when it is bad). Called after handout.toml's words are read, so their errors come first.
ReviewedLoader = Callable[[Project], Reviewed]


def _none_reviewed(
    language: Language, slug: str, catalog: polib.POFile
) -> frozenset[tuple[str, str]]:
    return frozenset()


@dataclass(frozen=True)
class ProjectWords:
    """handout.toml's extra words and every accepted exception, read once per command."""

    extra_words: ExtraWords
    accepted: Accepted

    def context(self, slug: str, reviewed: frozenset[tuple[str, str]] = frozenset()) -> Context:
        """The runner's context for one article; ``reviewed``: its valid approval's exceptions."""
        return Context(slug, self.extra_words, self.accepted, reviewed)


def project_words(project: Project) -> ProjectWords:
    """``[checks]`` of handout.toml and ``locales/accepted-exceptions.toml`` (HandoutError: bad)."""
    config = project.config
    raw = config.checks
    if not isinstance(raw, dict):
        raise HandoutError("checks must be a table", "handout.toml")
    languages = {}
    for key, table in raw.items():
        if key == "accepted":
            continue
        try:
            languages[parse_language(key).language] = table
        except HandoutError as exc:
            raise HandoutError(f"checks.{key}: {exc.message}", "handout.toml") from exc
    extra = parse_extra_words(languages, "handout.toml")
    path = config.folders.locales / ACCEPTED_FILE
    accepted = load_accepted(config.folders.locales, project.shown(path), raw.get("accepted"))
    return ProjectWords(extra, accepted)


def check_article(project: Project, language: Language, slug: str) -> CatalogCheck | None:
    """Check one catalog; ``None`` when it does not exist. Raises HandoutError on a bad file.

    Without the exceptions of the unit's approval: what ``handout approve``
    must see to list them again.
    """
    path = project.catalog_path(language, slug)
    if not path.is_file():
        return None
    words = project_words(project)
    return _check_file(
        project, language, path, project_glossary(project, language), words, _none_reviewed
    )


def check_project(
    project: Project,
    report: Report,
    languages: tuple[str, ...] = (),
    articles: tuple[str, ...] = (),
    reviewed: ReviewedLoader | None = None,
) -> list[ArticleCheck]:
    """Check every catalog of the chosen languages (default: all configured), file by file.

    ``reviewed`` gives each catalog the exceptions its valid approval accepts
    (none without it). A catalog that cannot be read is reported as bad input
    and skipped, so one broken file does not hide the findings of the others.
    """
    chosen = tuple(parse_language(tag) for tag in languages) or project.config.languages
    results: list[ArticleCheck] = []
    try:
        words = project_words(project)
        accepts = _none_reviewed if reviewed is None else reviewed(project)
    except HandoutError as exc:
        report.error(exc)
        return results
    matched: set[str] = set()
    for language in chosen:
        try:
            glossary = project_glossary(project, language)
        except HandoutError as exc:
            report.error(exc)
            return results
        files = _catalog_files(project, language, report)
        if languages and not files:
            folder = project.config.folders.locales / language.gettext / "LC_MESSAGES"
            report.error(HandoutError(f"no catalogs for {language}", project.shown(folder)))
        for path in files:
            slug = path.name.removesuffix(".po")
            if articles and slug not in articles:
                continue
            matched.add(slug)
            try:
                result = _check_file(project, language, path, glossary, words, accepts, report)
            except HandoutError as exc:
                report.error(exc)
                continue
            results.append(ArticleCheck(slug, language, result))
    for slug in sorted(set(articles) - matched):
        where = project.shown(project.catalog_path(chosen[0], slug)) if chosen else None
        report.error(HandoutError(f"no catalog for article {slug!r}", where))
    return results


def _catalog_files(project: Project, language: Language, report: Report) -> list[Path]:
    """The language's catalogs; one whose name is no article name is refused (as every
    other command does), its name printed escaped."""
    folder = project.inside_folder(project.config.folders.locales / language.gettext)
    folder = folder / "LC_MESSAGES"
    files = []
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        try:
            check_slug(path.name.removesuffix(".po"), project.shown(path))
        except HandoutError as exc:
            report.error(exc)
            continue
        files.append(path)
    return files


def _check_file(
    project: Project,
    language: Language,
    path: Path,
    glossary: tuple[str, ...],
    words: ProjectWords,
    reviewed: Reviewed,
    report: Report | None = None,
) -> CatalogCheck:
    shown = project.shown(path)
    catalog = read_catalog(path, shown, project.config.rules)
    if report is not None:
        _header_language(catalog.metadata.get("Language", ""), language, shown, report)
    slug = path.name.removesuffix(".po")
    return check_catalog(
        catalog,
        shown,
        source_language=project.config.source_language,
        language=language,
        glossary=glossary,
        context=words.context(slug, reviewed(language, slug, catalog)),
    )


def _header_language(header: str, language: Language, shown: str, report: Report) -> None:
    """Warn when the ``Language:`` header names another language than the catalog's folder.

    The folder decides (it is where the build looks), but a catalog copied
    from another language's folder is most likely a mistake worth a word.
    """
    if not header.strip():
        return
    try:
        said = parse_language(header.strip())
    except HandoutError:
        report.warn(f"the Language header {header.strip()!r} is not a language tag", shown)
        return
    if said.language != language.language:  # es_ES in es/ is fine; de in es/ is not
        report.warn(
            f"the Language header says {said} but the catalog is in the {language} folder",
            shown,
        )
