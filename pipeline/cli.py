"""The ``handout`` command: parses arguments into :class:`Options`, runs a stage, prints the report.

This is the only module that prints. Every stage returns data and fills a
:class:`~pipeline.report.Report`; the exit code comes from the report (0 fine,
1 problems found, 2 bad input) so scripts and CI can rely on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.catalog import lifecycle
from pipeline.catalog.stats import Progress, project_progress
from pipeline.check import CatalogCheck
from pipeline.check import summary as check_summary
from pipeline.check.project import check_project
from pipeline.check.readability import TARGET_GRADE
from pipeline.check.source import source_findings
from pipeline.config import load_config
from pipeline.errors import HandoutError, one_line
from pipeline.executor import KINDS, ExecutorSettings, parse_executor
from pipeline.fsio import writes_confined_to
from pipeline.languages import parse_language
from pipeline.lock import project_lock
from pipeline.project import Project
from pipeline.publish.rule import unit_name
from pipeline.report import Report
from pipeline.runs import change_lines
from pipeline.site import build as text_build


@dataclass(frozen=True)
class Options:
    """Everything one invocation asked for, explicit and immutable."""

    command: str
    root: Path
    articles: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # check/build/audio/script --lang (repeatable)
    language: str | None = None
    as_json: bool = False
    draft: bool = False  # build --draft: build unpublished translations for proofreading
    jobs: int | None = None  # audio/build --jobs: worker processes
    executor: str | None = None  # audio/build --executor local|dask
    scheduler: str | None = None  # audio/build --scheduler tcp://HOST:8786 (Dask)
    rate: int | None = None  # audio/voices --rate: words per minute, this run only
    port: int = 8000  # serve --port
    watch: bool = False  # serve --watch: rebuild on changes and reload the pages
    phonemes: bool = False  # script --phonemes
    strict: bool = False  # build --strict: held-back translations exit 1
    reviewer: str | None = None  # approve --reviewer "Name, credential"
    revoke: bool = False  # approve --revoke
    on: str | None = None  # approve --date YYYY-MM-DD


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handout",
        description="Publish patient-education articles in many languages, as text and speech.",
    )
    parser.add_argument("--version", action="version", version=f"handout {__version__}")
    parser.add_argument(
        "-C",
        "--root",
        type=Path,
        default=Path("."),
        help="project folder (default: current folder)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser("extract", help="write a gettext template (.pot) per article")
    init = commands.add_parser("init", help="start catalogs (.po) for a new language")
    init.add_argument("language", help="BCP 47 tag or gettext locale: es, zh-Hans, pt_BR …")
    update = commands.add_parser("update", help="extract, then merge templates into every catalog")
    commands.add_parser("compile", help="compile catalogs to .mo files in the build cache")
    status = commands.add_parser("status", help="translation progress per article and language")
    status.add_argument(
        "--json", action="store_true", dest="as_json", help="machine-readable output"
    )
    check = commands.add_parser(
        "check", help="check translations: numbers, links, markup, glossary terms …"
    )
    check.add_argument(
        "--lang", action="append", default=[], metavar="LANG", help="only this language"
    )
    check.add_argument("--json", action="store_true", dest="as_json", help="machine-readable")
    build = commands.add_parser(
        "build", help="write pages, plain text and Markdown for every ready language"
    )
    build.add_argument(
        "--lang", action="append", default=[], metavar="LANG", help="only this language"
    )
    build.add_argument(
        "--draft",
        action="store_true",
        help="also build unfinished translations, marked as drafts, for proofreading",
    )
    build.add_argument(
        "--strict", action="store_true", help="exit 1 if any translation is held back"
    )
    approve = commands.add_parser(
        "approve", help="sign off a translation as it is now (locales/approvals.toml)"
    )
    approve.add_argument("language", help="the translation's language")
    approve.add_argument("--reviewer", required=True, help='"Name, credential"')
    approve.add_argument("--date", dest="on", metavar="YYYY-MM-DD", help="default: today")
    approve.add_argument("--revoke", action="store_true", help="remove the approval instead")
    approvals = commands.add_parser("approvals", help="list approvals and whether they hold")
    approvals.add_argument("--json", action="store_true", dest="as_json", help="machine-readable")
    audio = commands.add_parser(
        "audio", help="speak every published article in every language that has a voice"
    )
    audio.add_argument(
        "--lang", action="append", default=[], metavar="LANG", help="only this language"
    )
    audio.add_argument(
        "--article", action="append", default=[], metavar="SLUG", help="only this article"
    )
    for sub in (audio, build):
        sub.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: CPUs)")
        sub.add_argument(
            "--executor",
            choices=KINDS,
            help="where work items run: local processes (default) or a Dask cluster",
        )
        sub.add_argument(
            "--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://HOST:8786"
        )
    voices = commands.add_parser("voices", help="which languages have a voice, and which")
    serve = commands.add_parser(
        "serve", help="preview build/ at http://127.0.0.1:PORT/ (this computer only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.add_argument(
        "--watch", action="store_true", help="rebuild when sources or catalogs change, and reload"
    )
    script = commands.add_parser(
        "script", help="what will be said: each sentence written and spoken (synthesizes nothing)"
    )
    script.add_argument("--lang", action="append", default=[], metavar="LANG")
    script.add_argument("--json", action="store_true", dest="as_json", help="machine-readable")
    script.add_argument("--phonemes", action="store_true", help="also the engine's phonemes")
    for sub in (audio, voices):
        sub.add_argument("--rate", type=int, metavar="WPM", help="words per minute, this run only")
    for sub in (extract, init, update, check, build, script, approve, status):
        sub.add_argument(
            "--article", action="append", default=[], metavar="SLUG", help="only this article"
        )
    return parser


def parse_options(argv: Sequence[str] | None) -> Options:
    args = build_parser().parse_args(argv)
    return Options(
        command=args.command,
        root=args.root,
        articles=tuple(getattr(args, "article", ())),
        language=getattr(args, "language", None),
        as_json=getattr(args, "as_json", False),
        languages=tuple(getattr(args, "lang", ())),
        draft=getattr(args, "draft", False),
        jobs=getattr(args, "jobs", None),
        executor=getattr(args, "executor", None),
        scheduler=getattr(args, "scheduler", None),
        rate=getattr(args, "rate", None),
        port=getattr(args, "port", 8000),
        watch=getattr(args, "watch", False),
        phonemes=getattr(args, "phonemes", False),
        strict=getattr(args, "strict", False),
        reviewer=getattr(args, "reviewer", None),
        revoke=getattr(args, "revoke", False),
        on=getattr(args, "on", None),
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    report = Report()
    try:
        project = Project(load_config(options.root))
        with writes_confined_to(project.config.root), _locked(project, options.command, report):
            COMMANDS[options.command](project, options, report)
    except HandoutError as exc:
        report.error(_relative(exc, options.root))
    except OSError as exc:  # a file system error no stage put in words: still one line, no trace
        report.error(_relative(HandoutError(exc.strerror or str(exc), exc.filename), options.root))
    except KeyboardInterrupt:
        print("handout: interrupted", file=sys.stderr)
        return 130
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    for failure in report.failures:  # what the build could not do, last, one line each
        print(f"failed: {failure}", file=sys.stderr)
    return int(report.exit_code)


def _relative(exc: HandoutError, root: Path) -> HandoutError:
    """The error naming its file relative to the project, as every other message does."""
    if exc.path is not None and Path(exc.path).is_absolute():
        with suppress(ValueError):  # outside the project, the absolute path says where
            exc.path = Path(exc.path).relative_to(root.resolve()).as_posix()
    return exc


#: Commands that write: one at a time per project (see pipeline.lock).
WRITERS = frozenset({"extract", "init", "update", "compile", "build", "audio", "approve"})


@contextmanager
def _locked(project: Project, command: str, report: Report) -> Iterator[None]:
    if command not in WRITERS:
        yield
        return
    with project_lock(project, _waiting) as held:
        if held.swept:
            report.note(f"removed {len(held.swept)} temporary file(s) left by an interrupted run")
        yield


def _waiting(pid: int | None) -> None:
    holder = f" (pid {pid})" if pid else ""
    print(
        f"handout: waiting for another handout command in this project to finish{holder}",
        file=sys.stderr,
        flush=True,
    )


def _build(project: Project, options: Options, report: Report) -> None:
    executor = parse_executor(options.executor, options.jobs, options.scheduler)
    request = text_build.parse_request(
        options.languages, options.articles, options.draft, executor, options.strict
    )
    result = text_build.build(project, report, request)
    for line in change_lines(result.written, result.removed):
        print(line)
    print(
        f"{len(result.published)} published, {len(result.drafts)} draft(s), "
        f"{len(result.skipped)} skipped; {len(result.written)} file(s) written, "
        f"{result.unchanged} unchanged"
        + (f"; {len(result.failed)} failed" if result.failed else "")
    )
    _held_summary(result)
    if result.published or result.drafts:
        print(f"open {one_line(project.shown(project.site_index_path()))} in a browser")


def _held_summary(result: text_build.BuildResult) -> None:
    """Held-back translations, listed: a normal outcome, but one a clinic must see."""
    if result.previous:
        names = ", ".join(unit_name(u) for u in result.previous)
        print(f"{len(result.previous)} held back, previous version online: {names}")
    if result.skipped:
        names = ", ".join(unit_name(u) for u in result.skipped)
        print(f"{len(result.skipped)} not online: {names}")
    for path in result.snapshots:
        print(f"kept {one_line(path)} (the version online while it is updated: commit it)")


def _approve(project: Project, options: Options, report: Report) -> None:
    from datetime import date

    from pipeline.signoff import SignOff, approve

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


def _approvals(project: Project, options: Options, report: Report) -> None:
    from pipeline.signoff import list_approvals

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


def _extract(project: Project, options: Options, report: Report) -> None:
    lifecycle.extract(project, report, options.articles)
    _summary("templates", report)


def _init(project: Project, options: Options, report: Report) -> None:
    assert options.language is not None
    lifecycle.init(project, parse_language(options.language), report, options.articles)
    _summary("files", report)


def _update(project: Project, options: Options, report: Report) -> None:
    lifecycle.update(project, report, options.articles)
    _summary("files", report)


def _compile(project: Project, options: Options, report: Report) -> None:
    count = lifecycle.compile_all(project, report)
    print(f"compiled {count} catalog(s), {len(report.written)} changed")


def _status(project: Project, options: Options, report: Report) -> None:
    from pipeline.site import status as publish_status

    if options.articles and not options.as_json:
        for slug in options.articles:
            for line in publish_status.blocking_lines(project, report, slug):
                print(line)
        return
    rows = project_progress(project, report)
    if options.articles:
        rows = [row for row in rows if row.article in options.articles]
    checks = check_summary.checks_by_catalog(project) if rows else {}
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


def _check(project: Project, options: Options, report: Report) -> None:
    results = check_project(project, report, options.languages, options.articles)
    sources = source_findings(project, options.articles)
    if options.as_json:
        data = check_summary.as_json(results)
        data["source_findings"] = [f.as_json() for f in sources]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in [*map(str, sources), *check_summary.finding_lines(results)]:
            print(line)
        print(check_summary.summary_line(results))
    if any(not r.result.publishable for r in results):
        report.failed = True


def _summary(what: str, report: Report) -> None:
    for path in report.written:
        print(f"wrote {one_line(path)}")
    print(f"{len(report.written)} {what} written, {report.unchanged} unchanged")


def _audio(project: Project, options: Options, report: Report) -> None:
    from pipeline.speech import build as speech_build  # numpy, scipy: only for speech commands

    request = speech_build.parse_audio_request(
        options.languages,
        options.articles,
        options.jobs,
        options.rate,
        options.executor,
        options.scheduler,
    )
    bar = _ProgressBar() if sys.stderr.isatty() else None
    try:
        stats = speech_build.build_audio(project, report, request, bar)
    finally:
        if bar is not None:
            bar.close()
    for line in change_lines(stats.written, stats.removed):
        print(line)
    print(
        f"audio in {len(stats.languages)} language(s), {stats.seconds / 60:.1f} min rendered; "
        f"{stats.synthesized} sentence(s) synthesized, {stats.reused} from the cache; "
        f"{stats.sections_rendered} section(s) mastered and encoded; "
        f"{len(stats.written)} file(s) written, {stats.unchanged} unchanged"
    )


def _voices(project: Project, options: Options, report: Report) -> None:
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


def _script(project: Project, options: Options, report: Report) -> None:
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


class _ProgressBar:
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


def _serve(project: Project, options: Options, report: Report) -> None:
    """``handout serve``: see :mod:`pipeline.serve` (the rebuilds print here, as builds do)."""
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
        with project_lock(project, _waiting):
            request = text_build.BuildRequest(executor=ExecutorSettings(jobs=1))
            result = text_build.build(project, report, request)
        written, removed = result.written, result.removed
    except HandoutError as exc:
        report.error(_relative(exc, root))
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    seconds = time.monotonic() - started
    print(f"rebuilt in {seconds:.1f} s: {len(written)} written, {len(removed)} removed", flush=True)
    return bool(written or removed)


COMMANDS: dict[str, Callable[[Project, Options, Report], None]] = {
    "extract": _extract,
    "init": _init,
    "update": _update,
    "compile": _compile,
    "status": _status,
    "check": _check,
    "build": _build,
    "approve": _approve,
    "approvals": _approvals,
    "audio": _audio,
    "voices": _voices,
    "serve": _serve,
    "script": _script,
}
