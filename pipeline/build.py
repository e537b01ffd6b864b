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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.article.model import Article
from pipeline.book.epub import render_epub
from pipeline.book.make import make_book
from pipeline.book.model import Book, BookFile
from pipeline.continuity import (
    write_snapshot,
)
from pipeline.digests import digest, signature
from pipeline.errors import HandoutError
from pipeline.executor import Executor, ExecutorSettings, Outcome, make_executor
from pipeline.failures import Failure, failure_of, isolated
from pipeline.feed import FeedsWritten, write_feeds
from pipeline.fsio import raise_if_fatal, write_bytes_atomic, write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.memory import release as release_memory
from pipeline.print.large_print import render_large_print
from pipeline.print.standard import render_standard
from pipeline.project import Project
from pipeline.publish.rule import (
    Decision,
    DecisionKeys,
    Unit,
    Verdict,
    decide,
    decision_keys,
    unit_name,
)
from pipeline.report import Diagnostic, Report
from pipeline.site.cache import BuildCache
from pipeline.speech import novoice
from pipeline.speech import site as speech_site
from pipeline.text.edition import Edition
from pipeline.text.html import (
    IndexEntry,
    render_article,
    render_language_index,
    render_site_index,
)
from pipeline.text.markdown import render_markdown
from pipeline.text.page_audio import NoVoiceNotice, PageAudio
from pipeline.text.plain import render_plain

#: Each text format: file suffix and renderer, from the edition alone (the books and PDFs,
#: which need the narration too, are :data:`BOOK_RENDERERS`).
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
    ".pdf": render_standard,
    ".large-print.pdf": render_large_print,
}


@dataclass(frozen=True)
class BuildRequest:
    """What one build was asked for: empty tuples mean everything."""

    languages: tuple[Language, ...] = ()
    articles: tuple[str, ...] = ()
    draft: bool = False
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)
    strict: bool = False  # held-back translations make the build exit 1 (CI gating)


@dataclass(frozen=True)
class DecideItem:
    """Work item: the publishing rule on one unit (its catalog is read where it runs)."""

    project: Project
    article: Article
    language: Language


@dataclass(frozen=True)
class Decided:
    """A decide item's result: the verdict (None if the catalog cannot be read) and notes.

    Only the verdict comes back, not the localized article: a build of
    thousands of units held every article in memory at once (0.2 MB each,
    350 MB for 200 articles in 8 languages) between deciding and rendering.
    A unit to render is decided again where it is rendered, at under a
    tenth of the cost of rendering it.
    """

    unit: Unit
    verdict: Verdict | None
    diagnostics: tuple[Diagnostic, ...]
    bad_input: bool
    failures: tuple[Failure, ...] = ()  # the unit's catalog cannot be read (pipeline.failures)


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


@dataclass(frozen=True)
class BuildResult:
    """What the build did; the CLI prints it and tests assert on it."""

    published: tuple[Unit, ...]
    drafts: tuple[Unit, ...]
    skipped: tuple[Unit, ...]
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    failed: tuple[Unit, ...] = ()  # units that could not be built (see report.failures)
    previous: tuple[Unit, ...] = ()  # held back: their last published version, with a notice
    snapshots: tuple[str, ...] = ()  # locales/<lang>/published/ files written (for git)


@dataclass
class _Outputs:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def build(project: Project, report: Report, request: BuildRequest) -> BuildResult:
    """Decide every unit, write the chosen ones and the indexes; problems go to ``report``.

    Units are work items for the executor the request names: first every
    decision that the build cache cannot vouch for, then every chosen unit
    whose files are stale. With nothing changed, neither kind exists and no
    worker is started.
    """
    config = project.config
    languages = (config.source_language, *config.languages)
    for language in request.languages:
        if language not in languages:
            raise HandoutError(
                f"{language} is not a language of this project (see 'languages' in handout.toml)"
            )
    if request.articles:
        project.source_files(request.articles)  # each named article must exist
    cache = BuildCache(project.digest_path("build"))
    keys = decision_keys(project, report, languages)
    outputs = _Outputs()
    with make_executor(request.executor) as executor:
        verdicts = _verdicts(project, report, cache, keys, executor)
        chosen = _choose(project, report, request, verdicts, outputs)
        items = _stale_units(project, cache, keys, verdicts, chosen, outputs, request.draft)
        failed = _render_and_write(project, report, cache, executor, items, outputs)
        newly = failed
        while newly:  # failed units are taken down, so their articles' menus must not list them
            verdicts = {u: v for u, v in verdicts.items() if u not in failed}
            chosen = [v for v in chosen if v.unit not in failed]
            slugs = {u.slug for u in newly}
            siblings = [v for v in chosen if v.unit.slug in slugs]
            again = _Outputs()
            items = _stale_units(
                project, cache, keys, verdicts, siblings, again, request.draft
            )
            newly = _render_and_write(project, report, cache, executor, items, again)
            failed |= newly
            outputs.written += [p for p in again.written if p not in outputs.written]
            outputs.removed += again.removed
    published = [v.unit for v in chosen if v.published]
    drafts = [v.unit for v in chosen if not v.published and request.draft]
    previous = [v.unit for v in chosen if not v.published and not request.draft]
    snapshots = _keep_snapshots(project, report, published)
    skipped = _take_down(project, report, request, verdicts, keys, cache, outputs)
    isolated(
        "the indexes",
        lambda: _write_indexes(project, list(verdicts.values()), languages, outputs),
        report.fail,
        project.shown,
    )
    isolated(
        "the podcast feeds",
        lambda: _add(outputs, write_feeds(project, list(verdicts.values()), languages)),
        report.fail,
        project.shown,
    )
    cache.save()
    outputs.written.sort()
    outputs.removed.sort()
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
        failed=tuple(sorted(failed, key=unit_name)),
        previous=tuple(previous),
        snapshots=tuple(snapshots),
    )


def _keep_snapshots(project: Project, report: Report, published: list[Unit]) -> list[str]:
    """Each translation just published becomes the version kept online while it is updated."""
    written: list[str] = []
    for unit in published:
        if unit.language == project.config.source_language:
            continue

        def keep(unit: Unit = unit) -> None:
            written.extend(write_snapshot(project, unit.language, unit.slug))

        isolated(f"keeping {unit_name(unit)}", keep, report.fail, project.shown)
    return written


def _verdicts(
    project: Project, report: Report, cache: BuildCache, keys: DecisionKeys, executor: Executor
) -> dict[Unit, Verdict]:
    """Every unit's verdict: from the cache, or decided (in the executor) and then remembered."""
    verdicts: dict[Unit, Verdict | None] = {
        unit: keys.cached(cache, unit) for unit in keys.by_unit
    }
    articles: dict[str, Article | None] = {}
    items: list[DecideItem] = []
    for unit, verdict in verdicts.items():
        if verdict is not None:
            continue
        if unit.slug not in articles:
            articles[unit.slug] = _load(project, report, keys.sources[unit.slug])
        article = articles[unit.slug]
        if article is not None:
            items.append(DecideItem(project, article, unit.language))
    for outcome in executor.map(decide_unit, items):
        if outcome.failure is not None:  # a crash while deciding: the unit counts as unreadable
            item = outcome.item
            unit = Unit(item.article.slug, item.language)
            raise_if_fatal(outcome.failure)
            report.fail(failure_of(unit_name(unit), outcome.failure, project.shown))
            continue
        decided = outcome.result()
        report.diagnostics.extend(decided.diagnostics)
        report.bad_input |= decided.bad_input
        for failure in decided.failures:
            report.fail(failure)
        if decided.verdict is not None:
            verdicts[decided.unit] = decided.verdict
            cache.remember(decided.verdict, keys.key_for(decided.unit, decided.verdict))
    return {u: v for u, v in verdicts.items() if v is not None}


def _load(project: Project, report: Report, path: Path) -> Article | None:
    try:
        return project.load(path)
    except HandoutError as exc:
        report.error(exc)
        report.fail(failure_of(f"{path.stem} (every language)", exc, project.shown))
        return None


def decide_unit(item: DecideItem) -> Decided:
    """Run in a worker: :func:`decide`, with what it reported carried back."""
    report = Report()
    decision = decide(item.project, report, item.article, item.language)
    unit = Unit(item.article.slug, item.language)
    verdict = None if decision is None else decision.verdict()
    return Decided(
        unit, verdict, tuple(report.diagnostics), report.bad_input, tuple(report.failures)
    )


def _wanted(request: BuildRequest, unit: Unit) -> bool:
    if request.languages and unit.language not in request.languages:
        return False
    return not request.articles or unit.slug in request.articles


def _choose(
    project: Project,
    report: Report,
    request: BuildRequest,
    verdicts: dict[Unit, Verdict],
    outputs: _Outputs,
) -> list[Verdict]:
    """Report each wanted unit's verdict; return the ones to build (published, or drafts)."""
    chosen: list[Verdict] = []
    for unit, verdict in verdicts.items():
        if not _wanted(request, unit):
            continue
        report.diagnostics.extend(verdict.check_errors)
        if verdict.check_errors:
            report.failed = True  # even a draft: a wrong dose or a lost link must be seen
        if verdict.published or request.draft:
            if not verdict.published:
                report.note(f"draft: {_refusal(verdict)}", verdict.catalog)
            chosen.append(verdict)
        elif verdict.online:  # held back: its previous version stays, with a notice
            report.note(f"held back: {_refusal(verdict)}", verdict.catalog)
            report.failed |= request.strict
            chosen.append(verdict)
    return chosen


def _published_in(verdicts: Iterable[Verdict]) -> dict[str, tuple[Language, ...]]:
    found: dict[str, list[Language]] = {}
    for verdict in verdicts:
        if verdict.online:
            found.setdefault(verdict.unit.slug, []).append(verdict.unit.language)
    return {slug: tuple(languages) for slug, languages in found.items()}


def _unit_outputs(project: Project, unit: Unit) -> list[Path]:
    """Every file the build keeps for a unit (present or not), for its cache record."""
    language, slug = unit.language, unit.slug
    paths = [project.page_path(language, slug, suffix) for suffix in RENDERERS]
    paths += [project.book_path(language, slug, suffix) for suffix in BOOK_RENDERERS]
    paths += speech_site.linked_outputs(project, language, slug)
    return paths


def _render_key(
    project: Project,
    unit: Unit,
    decision_key: str,
    published: tuple[Language, ...],
    previous: bool = False,
) -> str:
    audio = speech_site.audio_inputs(project, unit.language, unit.slug)
    audio.append(novoice.record_path(project))  # which languages have no voice: the page says so
    return digest(
        "previous" if previous else "current",
        decision_key,
        project.config.clinic,
        repr(project.config.printing),  # paper and address change the PDFs (and the feed)
        ",".join(language.bcp47 for language in published),
        signature(audio),
    )


def _stale_units(
    project: Project,
    cache: BuildCache,
    keys: DecisionKeys,
    verdicts: dict[Unit, Verdict],
    chosen: list[Verdict],
    outputs: _Outputs,
    draft: bool = False,
) -> list[RenderItem]:
    """Render items for the chosen units whose files are missing, touched or made from other
    inputs; the others' files are counted as unchanged without being rendered."""
    published_in = _published_in(verdicts.values())
    items = []
    for verdict in chosen:
        unit = verdict.unit
        published = published_in.get(unit.slug, ())
        previous = not verdict.published and not draft
        key = _render_key(project, unit, keys.key_for(unit, verdict), published, previous)
        files = _unit_outputs(project, unit)
        if cache.fresh(unit, key, files):
            outputs.unchanged += sum(1 for f in files if f.is_file())
            continue
        clinic = project.config.clinic
        items.append(RenderItem(project, unit, published, clinic, key, previous))
    return items


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
        audio = speech_site.page_audio(project, held.localized, True)
        return Edition(
            localized=held.localized,
            draft=False,
            clinic=item.clinic,
            published=item.published,
            audio=audio,
            no_voice=_no_voice(project, decision.unit, audio, True),
            provenance=held.provenance,
            notice=held.notice,
        )
    if item.previous:
        raise HandoutError(
            "its previous version changed during the build",
            project.shown(project.catalog_path(decision.unit.language, decision.unit.slug)),
        )
    audio = speech_site.page_audio(project, decision.localized, decision.published)
    return Edition(
        localized=decision.localized,
        draft=not decision.published,
        clinic=item.clinic,
        published=item.published,
        audio=audio,
        no_voice=_no_voice(project, decision.unit, audio, decision.published),
        provenance=decision.provenance,
    )


def _no_voice(
    project: Project, unit: Unit, audio: PageAudio | None, published: bool
) -> NoVoiceNotice | None:
    """The page's "no recording in this language" notice, where it has no audio."""
    if audio is not None:
        return None
    return novoice.no_voice_notice(project, unit.language, unit.slug, published)


def _render_and_write(
    project: Project,
    report: Report,
    cache: BuildCache,
    executor: Executor,
    items: list[RenderItem],
    outputs: _Outputs,
) -> set[Unit]:
    """Render and write each item; one that fails is reported, and the others go on.

    Returns the units that failed: the build then takes them down like units
    whose catalog cannot be read (no half-updated or stale files stay).
    """
    failed: set[Unit] = set()
    for outcome in executor.run(render_unit, items):
        unit = outcome.item.unit

        def write(outcome: Outcome[RenderItem, RenderedUnit] = outcome) -> None:
            _write_unit(project, report, cache, outcome.result(), outputs)

        if not isolated(unit_name(unit), write, report.fail, project.shown):
            failed.add(unit)
    return failed


def _take_down(
    project: Project,
    report: Report,
    request: BuildRequest,
    verdicts: dict[Unit, Verdict],
    keys: DecisionKeys,
    cache: BuildCache,
    outputs: _Outputs,
) -> list[Unit]:
    """Remove what must not stay: refused units, and units whose catalog cannot be read."""
    skipped: list[Unit] = []
    for unit, verdict in verdicts.items():
        if not _wanted(request, unit) or verdict.online or request.draft:
            continue
        report.warn(
            f"not published: {_refusal(verdict)} (handout build --draft builds it)",
            verdict.catalog,
        )
        report.failed |= request.strict  # held back by the rule is a normal outcome
        skipped.append(unit)
        _remove_unit_isolated(project, report, unit, outputs)
        cache.forget_outputs(unit)
    for unit in keys.by_unit:
        if _wanted(request, unit) and unit not in verdicts:  # unreadable: no stale copy stays
            _remove_unit_isolated(project, report, unit, outputs)
            cache.forget_outputs(unit)
    return skipped


def _remove_unit_isolated(project: Project, report: Report, unit: Unit, outputs: _Outputs) -> None:
    def remove() -> None:
        _remove_unit(project, unit, outputs)

    isolated(f"taking down {unit_name(unit)}", remove, report.fail, project.shown)


def _refusal(verdict: Verdict) -> str:
    unit = verdict.unit
    return f"{unit.slug} in {unit.language}: {verdict.reason}"


def _write_unit(
    project: Project, report: Report, cache: BuildCache, rendered: RenderedUnit, outputs: _Outputs
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
        written, unchanged = speech_site.link_audio(project, unit.language, unit.slug)
        outputs.written.extend(written)
        outputs.unchanged += unchanged
    else:
        outputs.removed.extend(speech_site.remove_audio(project, unit.language, unit.slug))
    if not rendered.books:
        _remove_books(project, unit, outputs)
    cache.wrote(unit, rendered.render_key, _unit_outputs(project, unit))


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
    verdicts: list[Verdict],
    languages: tuple[Language, ...],
    outputs: _Outputs,
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
                language, entries, listed, clinic, project.config.source_language
            )
            _write(project, path, page, outputs)
        elif path.exists():
            path.unlink()
            outputs.removed.append(project.shown(path))
    if listed:
        site = render_site_index(project.config.source_language, listed, clinic)
        _write(project, project.site_index_path(), site, outputs)


def _add(outputs: _Outputs, feeds: FeedsWritten) -> None:
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


def _write(project: Project, path: Path, text: str, outputs: _Outputs) -> None:
    if write_text_atomic(path, text):
        outputs.written.append(project.shown(path))
    else:
        outputs.unchanged += 1


def parse_request(
    languages: tuple[str, ...],
    articles: tuple[str, ...],
    draft: bool,
    executor: ExecutorSettings | None = None,
    strict: bool = False,
) -> BuildRequest:
    """The command line's strings as a validated request."""
    return BuildRequest(
        tuple(parse_language(tag) for tag in languages),
        articles,
        draft,
        executor or ExecutorSettings(),
        strict,
    )
