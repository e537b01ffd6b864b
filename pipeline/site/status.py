"""``handout status`` for a clinic: what is online, who approved it, what is out of date.

Per article × language: published (``yes``, ``previous`` — its last published
version kept online while it is updated — or ``no``), the approval (by whom and
when, or void), since when the translation is out of date (the source's
``reviewed`` date once the source changed after it was last published), and
whether its audio is current. It reads only: verdicts come from the build's
cache when their inputs are unchanged, else the publishing rule runs here
without compiling anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.article.model import Article
from pipeline.catalog.pofile import read_catalog
from pipeline.errors import HandoutError, one_line
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.publish.approval import ApprovalState
from pipeline.publish.continuity import snapshot_source
from pipeline.publish.rule import Decision, Unit, Verdict, decide, decision_keys
from pipeline.report import Report
from pipeline.site.audio import page_audio
from pipeline.site.cache import BuildCache
from pipeline.site.units import verdict_of


@dataclass(frozen=True)
class UnitStatus:
    article: str
    language: str
    published: str  # "yes", "previous" or "no"
    approval: ApprovalState | None
    out_of_date_since: str  # ISO date, "source changed" (no date in it), or ""
    audio: str  # "current", "stale" or "none"
    reason: str  # why it is not published as it is now ("" if it is)

    @property
    def approved_cell(self) -> str:
        state = self.approval
        if state is None or state.state == "none":
            return "-"
        when = state.date.isoformat() if state.date else ""
        if state.state == "approved":
            return f"{state.reviewer} {when}"
        if state.state == "void":
            return f"void ({state.changed} changed since {when})"
        return f"refused ({state.reviewer}: two_person)"

    @staticmethod
    def empty_json() -> dict[str, Any]:
        """The same keys for a unit nothing is known of (its source cannot be read)."""
        keys = ("published", "approval", "out_of_date_since", "audio", "held_back")
        return dict.fromkeys(keys)

    def as_json(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "approval": None if self.approval is None else self.approval.as_json(),
            "out_of_date_since": self.out_of_date_since or None,
            "audio": self.audio,
            "held_back": self.reason or None,
        }


def publishing_status(project: Project, report: Report) -> dict[tuple[str, str], UnitStatus]:
    """Every translation unit's publishing state, by (article, language tag)."""
    config = project.config
    report = Report()  # a broken catalog or article: the progress table already said so, once
    keys = decision_keys(project, report, (config.source_language, *config.languages))
    cache = BuildCache(project.digest_path("build"))
    articles: dict[str, Article | None] = {}
    found: dict[tuple[str, str], UnitStatus] = {}
    for unit in keys.by_unit:
        if unit.language == config.source_language:
            continue
        verdict = keys.cached(cache, unit)
        audio_files = project.audio_path(unit.language, unit.slug, ".vtt").is_file()
        decision = None
        if verdict is None or audio_files:
            article = _article(project, report, articles, keys.sources[unit.slug])
            if article is None:
                continue
            decision = decide(project, report, article, unit.language)
            if decision is None:
                continue
            verdict = verdict_of(decision)
        found[(unit.slug, unit.language.bcp47)] = UnitStatus(
            unit.slug,
            unit.language.bcp47,
            "yes" if verdict.published else "previous" if verdict.online else "no",
            verdict.approval,
            _out_of_date(project, report, articles, keys.sources[unit.slug], unit, verdict),
            _audio(project, decision, unit),
            verdict.reason,
        )
    return found


def _article(
    project: Project, report: Report, articles: dict[str, Article | None], path: Path
) -> Article | None:
    slug = path.name.removesuffix(".md")
    if slug not in articles:
        try:
            articles[slug] = project.load(path)
        except HandoutError as exc:
            report.error(exc)
            articles[slug] = None
    return articles[slug]


def _out_of_date(
    project: Project,
    report: Report,
    articles: dict[str, Article | None],
    source: Path,
    unit: Unit,
    verdict: Verdict,
) -> str:
    """The source's date once it changed after the translation was last published."""
    if verdict.published:
        return ""
    snapshot = snapshot_source(project.config.folders.locales, unit.language, unit.slug)
    try:
        if snapshot.read_bytes() == source.read_bytes():
            return ""
    except OSError:
        return ""  # never published: not out of date, not there yet
    article = _article(project, report, articles, source)
    reviewed = None if article is None else article.meta.reviewed
    return reviewed.isoformat() if reviewed else "source changed"


def _audio(project: Project, decision: Decision | None, unit: Unit) -> str:
    """``current`` if the audio speaks what is online, ``stale`` if it speaks something else."""
    if decision is None or not project.audio_path(unit.language, unit.slug, ".vtt").is_file():
        return "none"
    held = decision.held
    online = decision.localized
    if not decision.published:
        if held is None or held.localized is None:
            return "stale"
        online = held.localized
    return "current" if page_audio(project, online, True) is not None else "stale"


def blocking_lines(project: Project, report: Report, slug: str) -> list[str]:
    """``status --article SLUG``: each message that blocks publishing, and why, per language."""
    config = project.config
    source = project.source_files((slug,))[0]
    article = project.load(source)
    lines: list[str] = []
    for language in config.languages:
        decision = decide(project, report, article, language)
        if decision is None:
            continue
        lines += _blocking(project, article, language, decision)
    return lines


def _blocking(
    project: Project, article: Article, language: Language, decision: Decision
) -> list[str]:
    path = project.catalog_path(language, article.slug)
    shown = project.shown(path)
    if decision.published:
        return [f"{shown}: {article.slug} in {language}: published"]
    lines = []
    wanted = {t.markdown for t in article.texts() if t.translatable}
    present: set[str] = set()
    if path.exists():
        for entry in read_catalog(path, shown):
            if entry.obsolete or entry.msgid not in wanted:
                continue
            present.add(entry.msgid)
            why = "fuzzy" if entry.fuzzy else "untranslated" if not entry.msgstr else ""
            if why:
                lines.append(f"{shown}:{max(entry.linenum, 1)}: {why}: {_excerpt(entry.msgid)}")
    for msgid in sorted(wanted - present):
        lines.append(f"{shown}: not in the catalog (run handout update): {_excerpt(msgid)}")
    lines += [str(d) for d in decision.check_errors]
    approval = decision.approval
    if decision.required and approval is not None and not approval.valid:
        lines.append(f"{shown}: {approval.describe()}")
    held = decision.held
    if held is not None:
        state = "previous version online" if held.state == "previous" else "withdrawn"
        lines.append(f"{shown}: {state}: {held.reason}")
    return lines


def _excerpt(text: str) -> str:
    """A message as one safe line: quoted, shortened, control characters escaped."""
    short = text if len(text) <= 70 else text[:67] + "..."
    return one_line(repr(short))
