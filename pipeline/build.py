"""``handout build``: every article in every ready language, as a page, plain text and Markdown.

A published unit also gets its books (:data:`BOOK_RENDERERS`): a talking EPUB
and a large-print PDF.

The unit of work is one article in one language (:class:`Unit`). For each, the
publishing rule decides (:class:`Decision`): medical content is published only
when every message is translated, none is fuzzy and the translation checks
found no error. A refused unit is skipped with one line saying why, its stale
outputs are removed (an old translation of a changed article must not linger
where a clinic would upload it), and the indexes do not list it; ``--draft``
builds it anyway, marked as a draft, for translators to proofread.

Decisions are made for the whole project even when ``--lang``/``--article``
narrow the build, because the indexes and language menus must list every
published language; narrowing only limits which pages are written. Writes are
atomic and skipped when the bytes are unchanged, so a rebuild touches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.article.model import Article
from pipeline.book.epub import render_epub
from pipeline.book.make import make_book
from pipeline.book.model import Book, BookFile
from pipeline.catalog.pofile import read_catalog
from pipeline.check import ERROR, check_catalog
from pipeline.check.project import project_glossary
from pipeline.errors import HandoutError
from pipeline.fsio import write_bytes_atomic, write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.localize import Localized, localize, translations_of
from pipeline.print.large_print import render_large_print
from pipeline.project import Project
from pipeline.report import Diagnostic, Report
from pipeline.speech import site as speech_site
from pipeline.text.edition import Edition
from pipeline.text.html import (
    IndexEntry,
    render_article,
    render_language_index,
    render_site_index,
)
from pipeline.text.inline import text_of
from pipeline.text.markdown import render_markdown
from pipeline.text.plain import render_plain

#: Each text format: file suffix and renderer. Later formats (EPUB, PDF) join this table.
RENDERERS: dict[str, Callable[[Edition], str]] = {
    ".html": render_article,
    ".txt": render_plain,
    ".md": render_markdown,
}

#: The books (EPUB talking book, large-print PDF): bytes, from the edition plus the narration
#: ``handout audio`` left in ``audio/``. Published units only: a draft is proofread as a page,
#: never handed out as a book or printed.
BOOK_RENDERERS: dict[str, Callable[[Book], BookFile]] = {
    ".epub": render_epub,
    ".large-print.pdf": render_large_print,
}


@dataclass(frozen=True)
class BuildRequest:
    """What one build was asked for: empty tuples mean everything."""

    languages: tuple[Language, ...] = ()
    articles: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class Unit:
    """One article in one language: the build's unit of work."""

    slug: str
    language: Language


@dataclass(frozen=True)
class Decision:
    """The publishing rule's verdict on one unit, with everything needed to build it."""

    unit: Unit
    localized: Localized
    catalog: str | None  # the catalog as shown to users; None for the source language
    check_errors: tuple[Diagnostic, ...] = ()

    @property
    def published(self) -> bool:
        return self.localized.complete and not self.check_errors

    def reason(self) -> str:
        """Why the unit is not published, in one line."""
        parts = []
        if not self.localized.complete:
            parts.append(
                f"{self.localized.untranslated} untranslated, {self.localized.fuzzy} fuzzy"
            )
        if self.check_errors:
            parts.append(f"{len(self.check_errors)} check error(s)")
        return "; ".join(parts)


@dataclass(frozen=True)
class BuildResult:
    """What the build did; the CLI prints it and tests assert on it."""

    published: tuple[Unit, ...]
    drafts: tuple[Unit, ...]
    skipped: tuple[Unit, ...]
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


@dataclass
class _Outputs:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def build(project: Project, report: Report, request: BuildRequest) -> BuildResult:
    """Decide every unit, write the chosen ones and the indexes; problems go to ``report``."""
    config = project.config
    languages = (config.source_language, *config.languages)
    for language in request.languages:
        if language not in languages:
            raise HandoutError(
                f"{language} is not a language of this project (see 'languages' in handout.toml)"
            )
    articles = _load_articles(project, report, request.articles)
    decisions = [
        decision
        for article in articles
        for language in languages
        if (decision := decide(project, report, article, language)) is not None
    ]
    outputs = _Outputs()
    published, drafts, skipped = [], [], []
    for decision in decisions:
        unit = decision.unit
        if request.languages and unit.language not in request.languages:
            continue
        if request.articles and unit.slug not in request.articles:
            continue
        report.diagnostics.extend(decision.check_errors)
        if decision.check_errors:
            report.failed = True  # even a draft: a wrong dose or a lost link must be seen
        if decision.published or request.draft:
            if not decision.published:
                report.note(f"draft: {_refusal(decision)}", decision.catalog)
                drafts.append(unit)
            else:
                published.append(unit)
            _write_unit(project, decision, decisions, config.clinic, outputs, report)
        else:
            report.warn(
                f"not published: {_refusal(decision)} (handout build --draft builds it)",
                decision.catalog,
            )
            report.failed = True
            skipped.append(unit)
            _remove_unit(project, unit, outputs)
    decided = {d.unit for d in decisions}
    for article in articles:
        for language in request.languages or languages:
            unit = Unit(article.slug, language)
            chosen = not request.articles or unit.slug in request.articles
            if chosen and unit not in decided:  # its catalog is unreadable: no stale copy stays
                _remove_unit(project, unit, outputs)
    _write_indexes(project, decisions, languages, outputs)
    for path in outputs.written:
        report.wrote(path, True)
    report.unchanged += outputs.unchanged
    return BuildResult(
        published=tuple(published),
        drafts=tuple(drafts),
        skipped=tuple(skipped),
        written=tuple(outputs.written),
        unchanged=outputs.unchanged,
        removed=tuple(outputs.removed),
    )


def _refusal(decision: Decision) -> str:
    unit = decision.unit
    return f"{unit.slug} in {unit.language}: {decision.reason()}"


def _load_articles(project: Project, report: Report, only: tuple[str, ...]) -> list[Article]:
    """Every article (the indexes need them all); ``only`` is checked to exist."""
    if only:
        project.source_files(only)
    articles: list[Article] = []
    for path in project.source_files():
        try:
            articles.append(project.load(path))
        except HandoutError as exc:
            report.error(exc)
    return articles


def decide(
    project: Project, report: Report, article: Article, language: Language
) -> Decision | None:
    """Apply the publishing rule to one unit; ``None`` if its catalog cannot be read.

    Reading the catalog also compiles it into the cache (``.mo``), as
    ``handout compile`` would, so later stages can load it with gettext.
    """
    config = project.config
    unit = Unit(article.slug, language)
    if language == config.source_language:
        return Decision(unit, localize(article, language, language, {}), None)
    path = project.catalog_path(language, article.slug)
    shown = project.shown(path)
    if not path.exists():
        missing = len({t.markdown for t in article.texts() if t.translatable})
        localized = localize(article, language, config.source_language, {})
        return Decision(unit, localized, shown) if missing else None
    try:
        catalog = read_catalog(path, shown)
        glossary = project_glossary(project, language)
    except HandoutError as exc:
        report.error(exc)
        return None
    write_bytes_atomic(project.mo_path(language, article.slug), catalog.to_binary())
    translations, fuzzy = translations_of(catalog)
    localized = localize(article, language, config.source_language, translations, fuzzy)
    checked = check_catalog(
        catalog,
        shown,
        source_language=config.source_language,
        language=language,
        glossary=glossary,
    )
    errors = tuple(
        Diagnostic(f.severity, f"{f.check}: {f.message}", f.path, f.line)
        for f in checked.findings
        if f.severity == ERROR
    )
    return Decision(unit, localized, shown, errors)


def _write_unit(
    project: Project,
    decision: Decision,
    decisions: list[Decision],
    clinic: str,
    outputs: _Outputs,
    report: Report,
) -> None:
    unit = decision.unit
    audio = speech_site.page_audio(project, decision.localized, decision.published, outputs)
    edition = Edition(
        localized=decision.localized,
        draft=not decision.published,
        clinic=clinic,
        published=tuple(
            d.unit.language for d in decisions if d.published and d.unit.slug == unit.slug
        ),
        audio=audio,
    )
    for suffix, render in RENDERERS.items():
        _write(
            project, project.page_path(unit.language, unit.slug, suffix), render(edition), outputs
        )
    if decision.published:
        _write_books(project, make_book(project, edition, report), outputs, report)
    else:
        _remove_books(project, unit, outputs)


def _write_books(project: Project, book: Book, outputs: _Outputs, report: Report) -> None:
    edition = book.content.edition
    for suffix, render_book in BOOK_RENDERERS.items():
        path = project.book_path(edition.language, edition.slug, suffix)
        rendered = render_book(book)
        for warning in rendered.warnings:
            report.warn(warning, project.shown(path))
        if write_bytes_atomic(path, rendered.data):
            outputs.written.append(project.shown(path))
        else:
            outputs.unchanged += 1


def _remove_books(project: Project, unit: Unit, outputs: _Outputs) -> None:
    for suffix in BOOK_RENDERERS:
        path = project.book_path(unit.language, unit.slug, suffix)
        if path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))


def _remove_unit(project: Project, unit: Unit, outputs: _Outputs) -> None:
    for suffix in RENDERERS:
        path = project.page_path(unit.language, unit.slug, suffix)
        if path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))
    outputs.removed.extend(speech_site.remove_audio(project, unit.language, unit.slug))
    _remove_books(project, unit, outputs)


def _write_indexes(
    project: Project,
    decisions: list[Decision],
    languages: tuple[Language, ...],
    outputs: _Outputs,
) -> None:
    """The site index and one index per language with at least one published article."""
    clinic = project.config.clinic
    listed = tuple(
        language
        for language in languages
        if any(d.published and d.unit.language == language for d in decisions)
    )
    for language in languages:
        path = project.language_index_path(language)
        entries = tuple(
            _entry(d.localized) for d in decisions if d.published and d.unit.language == language
        )
        if entries:
            page = render_language_index(
                language, entries, listed, clinic, project.config.source_language
            )
            _write(project, path, page, outputs)
        elif path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))
    if listed:
        site = render_site_index(project.config.source_language, listed, clinic)
        _write(project, project.site_index_path(), site, outputs)


def _entry(localized: Localized) -> IndexEntry:
    meta = localized.article.meta
    return IndexEntry(
        slug=localized.article.slug,
        title=text_of(meta.title.markdown),
        description=text_of(meta.description.markdown) if meta.description else "",
    )


def _write(project: Project, path: Path, text: str, outputs: _Outputs) -> None:
    if write_text_atomic(path, text):
        outputs.written.append(project.shown(path))
    else:
        outputs.unchanged += 1


def parse_request(
    languages: tuple[str, ...], articles: tuple[str, ...], draft: bool
) -> BuildRequest:
    """The command line's strings as a validated request."""
    return BuildRequest(tuple(parse_language(tag) for tag in languages), articles, draft)
