"""Writing and removing the site build's files: atomically, and only when their bytes changed.

Only the build's own process writes here (workers return bytes), so the
list of what was written, left unchanged or removed is complete and in
order, and a rebuild with nothing changed touches no file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pipeline.fsio import write_bytes_atomic, write_text_atomic
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.publish.rule import Unit, Verdict
from pipeline.report import Report
from pipeline.runs import Tally
from pipeline.site.audio import link_audio, remove_audio
from pipeline.site.cache import BuildCache
from pipeline.site.feed import FeedsWritten
from pipeline.site.formats import BOOK_RENDERERS, RENDERERS, unit_outputs
from pipeline.site.render import RenderedUnit
from pipeline.text.html import IndexEntry, render_language_index, render_site_index
from pipeline.words.project import word_source


def write_unit(
    project: Project, report: Report, cache: BuildCache, rendered: RenderedUnit, outputs: Tally
) -> None:
    """Write one rendered unit (each file atomically, only if its bytes changed) and record it."""
    unit = rendered.unit
    report.diagnostics.extend(rendered.diagnostics)
    for file in rendered.files:
        if write_bytes_atomic(file.path, file.data):
            outputs.written.append(project.shown(file.path))
        else:
            outputs.unchanged += 1
    if rendered.audio:
        written, unchanged = link_audio(project, unit.language, unit.slug)
        outputs.written.extend(written)
        outputs.unchanged += unchanged
    else:
        outputs.removed.extend(remove_audio(project, unit.language, unit.slug))
    if not rendered.books:
        remove_books(project, unit, outputs)
    cache.wrote(unit, rendered.render_key, unit_outputs(project, unit))


def remove_books(project: Project, unit: Unit, outputs: Tally) -> None:
    books = (project.book_path(unit.language, unit.slug, s) for s in BOOK_RENDERERS)
    _remove(project, books, outputs)


def remove_unit(project: Project, unit: Unit, outputs: Tally) -> None:
    pages = (project.page_path(unit.language, unit.slug, s) for s in RENDERERS)
    _remove(project, pages, outputs)
    outputs.removed.extend(remove_audio(project, unit.language, unit.slug))
    remove_books(project, unit, outputs)


def _remove(project: Project, paths: Iterable[Path], outputs: Tally) -> None:
    for path in paths:
        if path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))


def write_indexes(
    project: Project, verdicts: list[Verdict], languages: tuple[Language, ...], outputs: Tally
) -> None:
    """The site index and one index per language with at least one published article."""
    clinic = project.config.clinic
    listed = tuple(
        language
        for language in languages
        if any(v.online and v.unit.language == language for v in verdicts)
    )
    source = project.config.source_language
    for language in languages:
        path = project.language_index_path(language)
        entries = tuple(
            IndexEntry(v.unit.slug, v.title, v.description)
            for v in verdicts
            if v.online and v.unit.language == language
        )
        if entries:
            entries += _in_source_only(verdicts, language, source)
            page = render_language_index(
                language, entries, listed, clinic, source, word_source(project)
            )
            _write(project, path, page, outputs)
        elif path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))
    if listed:
        site = render_site_index(source, listed, clinic, word_source(project))
        _write(project, project.site_index_path(), site, outputs)


def add_feeds(outputs: Tally, feeds: FeedsWritten) -> None:
    outputs.written.extend(feeds.written)
    outputs.unchanged += feeds.unchanged
    outputs.removed.extend(feeds.removed)


def _in_source_only(
    verdicts: list[Verdict], language: Language, source: Language
) -> tuple[IndexEntry, ...]:
    """Articles not (yet) online in ``language``: listed as available in the source language."""
    online = {v.unit.slug for v in verdicts if v.online and v.unit.language == language}
    return tuple(
        IndexEntry(v.unit.slug, v.title, v.description, fallback=source)
        for v in verdicts
        if v.unit.language == source and v.online and v.unit.slug not in online
    )


def _write(project: Project, path: Path, text: str, outputs: Tally) -> None:
    if write_text_atomic(path, text):
        outputs.written.append(project.shown(path))
    else:
        outputs.unchanged += 1
