"""Which units the site build must decide, and which it must render again.

Deciding and rendering are work items for the executor; the build cache
(:mod:`pipeline.site.cache`) answers for every unit whose inputs did not
change, so a rebuild with nothing changed starts no worker at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.article.inline import text_of
from pipeline.article.model import Article
from pipeline.cache import cache_key
from pipeline.digests import digest, signature
from pipeline.errors import HandoutError
from pipeline.executor import Executor
from pipeline.failures import Failure, failure_of
from pipeline.fsio import raise_if_fatal
from pipeline.languages import Language
from pipeline.printing import PrintSettings
from pipeline.project import Project
from pipeline.publish.rule import Decision, DecisionKeys, Unit, Verdict, decide, unit_name
from pipeline.report import Diagnostic, Report
from pipeline.runs import Tally
from pipeline.site.audio import audio_inputs
from pipeline.site.cache import BuildCache
from pipeline.site.formats import unit_outputs
from pipeline.site.render import RenderItem
from pipeline.speech import novoice
from pipeline.words.project import words_inputs


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


def all_verdicts(
    project: Project, report: Report, cache: BuildCache, keys: DecisionKeys, executor: Executor
) -> dict[Unit, Verdict]:
    """Every unit's verdict: from the cache, or decided (in the executor) and then remembered."""
    verdicts: dict[Unit, Verdict | None] = {unit: keys.cached(cache, unit) for unit in keys.by_unit}
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


def verdict_of(decision: Decision) -> Verdict:
    """The decision as the build keeps it: small, with its title in plain words for the index."""
    shown = decision.held.localized if decision.held and decision.held.localized else None
    meta = (shown or decision.localized).article.meta
    return Verdict(
        unit=decision.unit,
        published=decision.published,
        reason=decision.reason(),
        catalog=decision.catalog,
        check_errors=decision.check_errors,
        title=text_of(meta.title.markdown),
        description=text_of(meta.description.markdown) if meta.description else "",
        held="" if decision.held is None else decision.held.state,
        approval=decision.approval,
    )


def printing_key(printing: PrintSettings) -> str:
    """The print settings a unit's files depend on, by name (the PDFs' paper, the address)."""
    return cache_key(("paper", printing.paper), ("base_url", printing.base_url))


def decide_unit(item: DecideItem) -> Decided:
    """Run in a worker: :func:`decide`, with what it reported carried back."""
    report = Report()
    decision = decide(item.project, report, item.article, item.language)
    unit = Unit(item.article.slug, item.language)
    verdict = None if decision is None else verdict_of(decision)
    return Decided(
        unit, verdict, tuple(report.diagnostics), report.bad_input, tuple(report.failures)
    )


def _published_in(verdicts: Iterable[Verdict]) -> dict[str, tuple[Language, ...]]:
    found: dict[str, list[Language]] = {}
    for verdict in verdicts:
        if verdict.online:
            found.setdefault(verdict.unit.slug, []).append(verdict.unit.language)
    return {slug: tuple(languages) for slug, languages in found.items()}


def _render_key(
    project: Project,
    unit: Unit,
    decision_key: str,
    published: tuple[Language, ...],
    previous: bool = False,
) -> str:
    audio = audio_inputs(project, unit.language, unit.slug)
    audio.append(novoice.record_path(project))  # which languages have no voice: the page says so
    audio += words_inputs(project, unit.language)  # the project's own words for the page
    return digest(
        "previous" if previous else "current",
        decision_key,
        project.config.clinic,
        printing_key(project.config.printing),  # paper and address change the PDFs, the feed
        ",".join(language.bcp47 for language in published),
        signature(audio),
    )


def stale_units(
    project: Project,
    cache: BuildCache,
    keys: DecisionKeys,
    verdicts: dict[Unit, Verdict],
    chosen: list[Verdict],
    outputs: Tally,
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
        files = unit_outputs(project, unit)
        if cache.fresh(unit, key, files):
            outputs.unchanged += sum(1 for f in files if f.is_file())
            continue
        clinic = project.config.clinic
        items.append(RenderItem(project, unit, published, clinic, key, previous))
    return items
