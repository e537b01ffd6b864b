"""``handout build``: every article in every ready language, as a page, plain text and Markdown.

A published unit also gets its books (:data:`~pipeline.site.formats.BOOK_RENDERERS`): a talking EPUB
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

from dataclasses import dataclass, field

from pipeline.executor import Executor, ExecutorSettings, Outcome, make_executor
from pipeline.failures import isolated
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.publish.continuity import write_snapshot
from pipeline.publish.rule import DecisionKeys, Unit, Verdict, decision_keys, unit_name
from pipeline.report import Report
from pipeline.runs import Tally, each_alone, project_languages
from pipeline.site.cache import BuildCache
from pipeline.site.feed import write_feeds
from pipeline.site.outputs import add_feeds, remove_unit, write_indexes, write_unit
from pipeline.site.render import RenderedUnit, RenderItem, render_unit
from pipeline.site.units import all_verdicts, stale_units


@dataclass(frozen=True)
class BuildRequest:
    """What one build was asked for: empty tuples mean everything."""

    languages: tuple[Language, ...] = ()
    articles: tuple[str, ...] = ()
    draft: bool = False
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)
    strict: bool = False  # held-back translations make the build exit 1 (CI gating)


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


@dataclass(frozen=True)
class _Run:
    """What every step of one build shares."""

    project: Project
    report: Report
    request: BuildRequest
    cache: BuildCache
    keys: DecisionKeys
    executor: Executor


def build(project: Project, report: Report, request: BuildRequest) -> BuildResult:
    """Decide every unit, write the chosen ones and the indexes; problems go to ``report``.

    Units are work items for the executor the request names: first every
    decision that the build cache cannot vouch for, then every chosen unit
    whose files are stale. With nothing changed, neither kind exists and no
    worker is started.
    """
    languages = project_languages(project.config, request.languages)
    if request.articles:
        project.source_files(request.articles)  # each named article must exist
    cache = BuildCache(project.digest_path("build"))
    keys = decision_keys(project, report, languages)
    outputs = Tally()
    with make_executor(request.executor) as executor:
        run = _Run(project, report, request, cache, keys, executor)
        verdicts = all_verdicts(project, report, cache, keys, executor)
        chosen = _choose(project, report, request, verdicts, outputs)
        failed, verdicts, chosen = _render(run, verdicts, chosen, outputs)
    return _finish(run, languages, verdicts, chosen, failed, outputs)


def _render(
    run: _Run, verdicts: dict[Unit, Verdict], chosen: list[Verdict], outputs: Tally
) -> tuple[set[Unit], dict[Unit, Verdict], list[Verdict]]:
    """Render and write the chosen units whose files are stale; returns the units that
    failed, and the verdicts and chosen units left without them."""
    project, report, cache, keys = run.project, run.report, run.cache, run.keys
    draft = run.request.draft
    items = stale_units(project, cache, keys, verdicts, chosen, outputs, draft)
    failed = _render_and_write(project, report, cache, run.executor, items, outputs)
    newly = failed
    while newly:  # failed units are taken down, so their articles' menus must not list them
        verdicts = {u: v for u, v in verdicts.items() if u not in failed}
        chosen = [v for v in chosen if v.unit not in failed]
        slugs = {u.slug for u in newly}
        siblings = [v for v in chosen if v.unit.slug in slugs]
        again = Tally()
        items = stale_units(project, cache, keys, verdicts, siblings, again, draft)
        newly = _render_and_write(project, report, cache, run.executor, items, again)
        failed |= newly
        outputs.absorb(again)
    return failed, verdicts, chosen


def _finish(
    run: _Run,
    languages: tuple[Language, ...],
    verdicts: dict[Unit, Verdict],
    chosen: list[Verdict],
    failed: set[Unit],
    outputs: Tally,
) -> BuildResult:
    """Keep snapshots, take down what must go, write the indexes and feeds, save the cache."""
    project, report, request = run.project, run.report, run.request
    published = [v.unit for v in chosen if v.published]
    drafts = [v.unit for v in chosen if not v.published and request.draft]
    previous = [v.unit for v in chosen if not v.published and not request.draft]
    snapshots = _keep_snapshots(project, report, published)
    skipped = _take_down(project, report, request, verdicts, run.keys, run.cache, outputs)
    _write_site(project, report, list(verdicts.values()), languages, outputs)
    run.cache.save()
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


def _write_site(
    project: Project,
    report: Report,
    verdicts: list[Verdict],
    languages: tuple[Language, ...],
    outputs: Tally,
) -> None:
    """The indexes and the podcast feeds: each on its own, so one failing spares the other."""
    isolated(
        "the indexes",
        lambda: write_indexes(project, verdicts, languages, outputs),
        report.fail,
        project.shown,
    )
    isolated(
        "the podcast feeds",
        lambda: add_feeds(outputs, write_feeds(project, verdicts, languages)),
        report.fail,
        project.shown,
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


def _wanted(request: BuildRequest, unit: Unit) -> bool:
    if request.languages and unit.language not in request.languages:
        return False
    return not request.articles or unit.slug in request.articles


def _choose(
    project: Project,
    report: Report,
    request: BuildRequest,
    verdicts: dict[Unit, Verdict],
    outputs: Tally,
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


def _render_and_write(
    project: Project,
    report: Report,
    cache: BuildCache,
    executor: Executor,
    items: list[RenderItem],
    outputs: Tally,
) -> set[Unit]:
    """Render and write each item; one that fails is reported, and the others go on.

    Returns the units that failed: the build then takes them down like units
    whose catalog cannot be read (no half-updated or stale files stay).
    """

    def write(outcome: Outcome[RenderItem, RenderedUnit]) -> None:
        write_unit(project, report, cache, outcome.result(), outputs)

    def name(outcome: Outcome[RenderItem, RenderedUnit]) -> str:
        return unit_name(outcome.item.unit)

    outcomes = executor.run(render_unit, items)
    return {o.item.unit for o in each_alone(outcomes, name, write, report, project.shown)}


def _take_down(
    project: Project,
    report: Report,
    request: BuildRequest,
    verdicts: dict[Unit, Verdict],
    keys: DecisionKeys,
    cache: BuildCache,
    outputs: Tally,
) -> list[Unit]:
    """Remove what must not stay: refused units, and units whose catalog cannot be read."""
    skipped: list[Unit] = []
    for unit, verdict in verdicts.items():
        if not _wanted(request, unit) or verdict.online or request.draft:
            continue
        report.warn(
            f"not published: {_refusal(verdict)} (handout build --draft builds it)", verdict.catalog
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


def _remove_unit_isolated(project: Project, report: Report, unit: Unit, outputs: Tally) -> None:
    def remove() -> None:
        remove_unit(project, unit, outputs)

    isolated(f"taking down {unit_name(unit)}", remove, report.fail, project.shown)


def _refusal(verdict: Verdict) -> str:
    unit = verdict.unit
    return f"{unit.slug} in {unit.language}: {verdict.reason}"


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
