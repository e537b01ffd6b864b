"""The ``handout`` commands that :mod:`pipeline.cli` dispatches to: each runs a stage and prints.

Like :mod:`pipeline.cli`, this module prints: a stage returns data and fills
the :class:`~pipeline.report.Report`, a command turns them into lines.
Here: the catalog commands (``extract``, ``init``, ``update``, ``compile``),
sign-off (``approve``, ``approvals``), ``status``, ``check``, the speech
tools (``voices``, ``script``) and ``serve``. ``build`` and ``audio`` stay in
:mod:`pipeline.cli`.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from pipeline.catalog import lifecycle
from pipeline.catalog.stats import Progress, project_progress
from pipeline.catalog.words_catalog import words_problems, words_progress
from pipeline.check import CatalogCheck
from pipeline.check import summary as check_summary
from pipeline.check.project import check_project
from pipeline.check.readability import TARGET_GRADE
from pipeline.check.source import source_findings
from pipeline.cli_parser import Options
from pipeline.config import load_config
from pipeline.errors import HandoutError, one_line
from pipeline.executor import ExecutorSettings
from pipeline.languages import parse_language
from pipeline.lock import project_lock
from pipeline.project import Project
from pipeline.publish.approval import approved_exceptions
from pipeline.report import Report
from pipeline.site import build as text_build


def relative_error(exc: HandoutError, root: Path) -> HandoutError:
    """The error naming its file relative to the project, as every other message does."""
    if exc.path is not None and Path(exc.path).is_absolute():
        with suppress(ValueError):  # outside the project, the absolute path says where
            exc.path = Path(exc.path).relative_to(root.resolve()).as_posix()
    return exc


def waiting(pid: int | None) -> None:
    """Said once when another command holds the project's lock: a silent wait looks hung."""
    holder = f" (pid {pid})" if pid else ""
    print(
        f"handout: waiting for another handout command in this project to finish{holder}",
        file=sys.stderr,
        flush=True,
    )


def approve_command(project: Project, options: Options, report: Report) -> None:
    from datetime import date

    from pipeline.publish.signoff import SignOff, approve

    assert options.language is not None and options.reviewer is not None
    try:
        on = None if options.on is None else date.fromisoformat(options.on)
    except ValueError as exc:
        raise HandoutError(f"--date must be YYYY-MM-DD, not {options.on!r}") from exc
    request = SignOff(
        parse_language(options.language), options.articles, options.reviewer, on, options.revoke
    )
    for line in approve(project, report, request):
        print(one_line(line))
    for path in report.written:
        print(f"wrote {one_line(path)}")


def approvals_command(project: Project, options: Options, report: Report) -> None:
    from pipeline.publish.signoff import list_approvals

    listed = list_approvals(project)
    if options.as_json:
        print(json.dumps([item.as_json() for item in listed], ensure_ascii=False, indent=2))
        return
    for item in listed:
        a = item.approval
        print(
            one_line(
                f"{a.article}  {a.language}  {a.reviewer}, {a.credential}  {a.date.isoformat()}  "
                f"{item.state.describe()}"
            )
        )
    if not listed:
        print("no approvals")


def extract_command(project: Project, options: Options, report: Report) -> None:
    lifecycle.extract(project, report, options.articles)
    _summary("templates", report)


def init_command(project: Project, options: Options, report: Report) -> None:
    assert options.language is not None
    lifecycle.init(project, parse_language(options.language), report, options.articles)
    _summary("files", report)


def update_command(project: Project, options: Options, report: Report) -> None:
    lifecycle.update(project, report, options.articles)
    _summary("files", report)


def compile_command(project: Project, options: Options, report: Report) -> None:
    count = lifecycle.compile_all(project, report)
    print(f"compiled {count} catalog(s), {len(report.written)} changed")


def status_command(project: Project, options: Options, report: Report) -> None:
    from pipeline.site import status as publish_status

    if options.articles and not options.as_json:
        for slug in options.articles:
            for line in publish_status.blocking_lines(project, report, slug):
                print(line)
        return
    rows = project_progress(project, report)
    rows += [] if options.articles else words_progress(project, report)  # handout.po files
    if options.articles:
        rows = [row for row in rows if row.article in options.articles]
    checks = check_summary.checks_by_catalog(project, approved_exceptions) if rows else {}
    levels = check_summary.reading_levels(project) if rows else {}
    online = publish_status.publishing_status(project, report) if rows else {}
    if options.as_json:
        data = [row.as_json() for row in rows]
        for item, row in zip(data, rows, strict=True):
            found = checks.get((row.article, row.language))
            item["errors"] = None if found is None else found.errors
            item["warnings"] = None if found is None else found.warnings
            level = levels.get(row.article)
            item["reading_level"] = None if level is None else level.as_json()
            unit = online.get((row.article, row.language))
            item.update(publish_status.UnitStatus.empty_json() if unit is None else unit.as_json())
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_status(rows, checks, online))
        if levels:
            print(f"\nreading level (target: grade {TARGET_GRADE:.0f} or lower)")
            for line in check_summary.reading_lines(levels):
                print(line)
        notations = source_findings(project) if rows else []
        if notations:
            print("\nerror-prone notations in the source (ISMP)")
            for finding in notations:
                print(finding)


def format_status(
    rows: list[Progress],
    checks: dict[tuple[str, str], CatalogCheck] | None = None,
    online: dict[tuple[str, str], Any] | None = None,
) -> str:
    header = (
        "article",
        "language",
        "errors",
        "warnings",
        "published",
        "approved",
        "out of date since",
        "audio",
        "messages",
        "translated",
        "fuzzy",
        "untranslated",
        "done",
    )
    found = checks or {}
    units = online or {}
    table = [header] + [
        (
            r.article,
            r.language,
            _count_or_dash(found.get((r.article, r.language)), "errors"),
            _count_or_dash(found.get((r.article, r.language)), "warnings"),
            *_publishing_cells(units.get((r.article, r.language))),
            str(r.messages),
            str(r.translated),
            str(r.fuzzy),
            str(r.untranslated) + ("" if r.exists else " (no catalog)"),
            f"{r.percent:.0f}%",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 2 or 4 <= i < 8 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _publishing_cells(unit: Any) -> tuple[str, str, str, str]:
    """published / approved / out of date since / audio, or dashes where nothing is known."""
    if unit is None:
        return ("-", "-", "-", "-")
    return (unit.published, unit.approved_cell, unit.out_of_date_since or "-", unit.audio)


def _count_or_dash(result: CatalogCheck | None, what: str) -> str:
    """A check count for the status table; ``-`` where no catalog was checked."""
    if result is None:
        return "-"
    return str(result.errors if what == "errors" else result.warnings)


def check_command(project: Project, options: Options, report: Report) -> None:
    results = check_project(
        project, report, options.languages, options.articles, approved_exceptions
    )
    chosen = tuple(parse_language(tag) for tag in options.languages)
    words = [] if options.articles else words_problems(project, chosen)  # handout.po's entries
    sources = source_findings(project, options.articles)
    if options.as_json:
        data = check_summary.as_json(results)
        data["source_findings"] = [f.as_json() for f in sources]
        data["handout_words"] = words
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in [*map(str, sources), *check_summary.finding_lines(results), *words]:
            print(line)
        print(check_summary.summary_line(results))
    if words or any(not r.result.publishable for r in results):
        report.failed = True


def _summary(what: str, report: Report) -> None:
    for path in report.written:
        print(f"wrote {one_line(path)}")
    print(f"{len(report.written)} {what} written, {report.unchanged} unchanged")


def voices_command(project: Project, options: Options, report: Report) -> None:
    from pipeline.speech import build as speech_build
    from pipeline.speech import voices as speech_voices

    rate = None if options.rate is None else speech_voices.check_rate(options.rate)
    router = speech_build.voice_router(project, report)
    engine = router.default
    rows = [
        ("language", "engine", "voice", "name", "rate", "pitch", "chosen by", "foreign-rule words")
    ]
    for language, choice, measure in speech_build.voice_table(project, report, router, rate):
        if choice is None:
            rows.append((str(language), "-", "-", "no voice: no audio", "", "", "", ""))
        else:
            rows.append(
                (
                    str(language),
                    choice.engine.name,
                    choice.voice.id,
                    choice.voice.name,
                    str(choice.settings.rate),
                    str(choice.settings.pitch),
                    "handout.toml" if choice.configured else "language tag",
                    "not measured" if measure is None else measure.describe(),
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"{engine.name} ({engine.version}), {len(engine.voices)} voices installed")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    from pipeline.speech.piper import describe_voices

    for line in describe_voices(router.unavailable.get("piper")):
        print(line)


def script_command(project: Project, options: Options, report: Report) -> None:
    from pipeline.speech import build as speech_build
    from pipeline.speech import scriptview

    voices = None
    if options.phonemes:
        router = speech_build.voice_router(project, report)
        voices = {
            language: choice.voice.id
            for language, choice, _ in speech_build.voice_table(project, report, router)
            if choice is not None and choice.engine.name == router.default.name
        }
    lines = scriptview.script_lines(project, report, options.languages, options.articles, voices)
    if options.as_json:
        print(json.dumps(scriptview.as_json(lines), ensure_ascii=False, indent=2))
    else:
        for line in scriptview.as_text(lines):
            print(line)


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; only used when stderr is a terminal."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        line = f"\r{stage:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        print(line, end="", file=sys.stderr, flush=True)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def serve_command(project: Project, options: Options, report: Report) -> None:
    """``handout serve``: see :mod:`pipeline.site.serve` (the rebuilds print here, as builds do)."""
    from pipeline.site import serve

    if not 0 <= options.port <= 65535:
        raise HandoutError(f"--port must be 0-65535, not {options.port}")
    folders = project.config.folders
    watch = rebuild = None
    if options.watch:

        def watch() -> list[Path]:
            root = project.config.root
            return [folders.source, folders.locales, folders.audio, root / "handout.toml"]

        def rebuild() -> bool:
            return _rebuild(options.root)

        rebuild()
    if not folders.build.is_dir():
        shown = project.shown(folders.build)
        raise HandoutError("nothing built yet: run handout build first", shown)
    preview = serve.start(folders.build, options.port, watch, rebuild)
    then = "; rebuilding and reloading on changes" if options.watch else ""
    print(f"serving {project.shown(folders.build)}/ at {preview.url} (this computer only){then}")
    print("press Ctrl-C to stop", flush=True)
    serve.serve_until_interrupted(preview)


def _rebuild(root: Path) -> bool:
    """One incremental build for ``serve --watch``, in this process; True if files changed."""
    report = Report()
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    started = time.monotonic()
    try:
        project = Project(load_config(root))  # handout.toml may have changed too
        with project_lock(project, waiting):
            request = text_build.BuildRequest(executor=ExecutorSettings(jobs=1))
            result = text_build.build(project, report, request)
        written, removed = result.written, result.removed
    except HandoutError as exc:
        report.error(relative_error(exc, root))
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    seconds = time.monotonic() - started
    print(f"rebuilt in {seconds:.1f} s: {len(written)} written, {len(removed)} removed", flush=True)
    return bool(written or removed)
