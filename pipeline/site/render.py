"""Rendering one unit, in a worker: every file's bytes, nothing written.

The unit is decided again where it is rendered (see
:class:`~pipeline.site.units.Decided`); the build's own process writes the
bytes that come back (:mod:`pipeline.site.outputs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.book.make import make_book
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.memory import release as release_memory
from pipeline.project import Project
from pipeline.publish.rule import Decision, Unit, decide
from pipeline.report import Diagnostic, Report
from pipeline.site.audio import page_audio
from pipeline.site.formats import BOOK_RENDERERS, RENDERERS
from pipeline.speech import novoice
from pipeline.text.edition import Edition
from pipeline.text.page_audio import NoVoiceNotice, PageAudio
from pipeline.words.project import word_source


@dataclass(frozen=True)
class RenderItem:
    """Work item: every file of one unit, decided again where it runs (see :class:`Decided`)."""

    project: Project
    unit: Unit
    published: tuple[Language, ...]  # every language the article is published in
    clinic: str
    render_key: str  # digest of what the files are made from, for the build cache
    previous: bool = False  # held back: render its last published version, with a notice


@dataclass(frozen=True)
class OutputFile:
    path: Path
    data: bytes


@dataclass(frozen=True)
class RenderedUnit:
    """A render item's result: the files' bytes, for the build to write (atomically, in order)."""

    unit: Unit
    files: tuple[OutputFile, ...]
    audio: bool  # the page shows its audio: link the audio files into build/
    books: bool  # published: it has books (a draft's old books are removed)
    diagnostics: tuple[Diagnostic, ...]
    render_key: str


def render_unit(item: RenderItem) -> RenderedUnit:
    """Run in a worker: every file of one unit, as bytes (nothing is written here)."""
    project, unit = item.project, item.unit
    report = Report()
    article = project.load(project.config.folders.source / f"{unit.slug}.md")
    decision = decide(project, report, article, unit.language)
    if decision is None:
        raise HandoutError(
            "the catalog changed during the build",
            project.shown(project.catalog_path(unit.language, unit.slug)),
        )
    edition = _edition(project, decision, item)
    audio = edition.audio
    files = [
        OutputFile(project.page_path(unit.language, unit.slug, suffix), render(edition).encode())
        for suffix, render in RENDERERS.items()
    ]
    if not edition.draft:
        book = make_book(project, edition, report)
        for suffix, render_book in BOOK_RENDERERS.items():
            path = project.book_path(unit.language, unit.slug, suffix)
            rendered = render_book(book)
            for warning in rendered.warnings:
                report.warn(warning, project.shown(path))
            files.append(OutputFile(path, rendered.data))
    # WeasyPrint's documents hold fonts and layouts in reference cycles that own native
    # memory (HarfBuzz, Pango) the garbage collector cannot see; left to its own pace, a
    # worker grew by 40 MB per CJK PDF. Releasing here keeps each worker under 170 MB.
    release_memory()
    return RenderedUnit(
        unit,
        tuple(files),
        audio is not None,
        not edition.draft,
        tuple(report.diagnostics),
        item.render_key,
    )


def _edition(project: Project, decision: Decision, item: RenderItem) -> Edition:
    """What the unit's files show: the current translation, a draft, or the previous version."""
    held = decision.held
    if item.previous and held is not None and held.localized is not None:
        audio = page_audio(project, held.localized, True)
        return Edition(
            localized=held.localized,
            draft=False,
            clinic=item.clinic,
            published=item.published,
            audio=audio,
            no_voice=_no_voice(project, decision.unit, audio, True),
            provenance=held.provenance,
            notice=held.notice,
            words=word_source(project),
        )
    if item.previous:
        raise HandoutError(
            "its previous version changed during the build",
            project.shown(project.catalog_path(decision.unit.language, decision.unit.slug)),
        )
    audio = page_audio(project, decision.localized, decision.published)
    return Edition(
        localized=decision.localized,
        draft=not decision.published,
        clinic=item.clinic,
        published=item.published,
        audio=audio,
        no_voice=_no_voice(project, decision.unit, audio, decision.published),
        provenance=decision.provenance,
        words=word_source(project),
    )


def _no_voice(
    project: Project, unit: Unit, audio: PageAudio | None, published: bool
) -> NoVoiceNotice | None:
    """The page's "no recording in this language" notice, where it has no audio."""
    if audio is not None:
        return None
    return novoice.no_voice_notice(project, unit.language, unit.slug, published)
