"""The ``handout`` command: parses arguments into :class:`Options`, runs a stage, prints the report.

This module and the command handlers it dispatches to (:mod:`pipeline.commands`;
the parser is :mod:`pipeline.cli_parser`) are the only ones that print. Every
stage returns data and fills a :class:`~pipeline.report.Report`; the exit code
comes from the report (0 fine, 1 problems found, 2 bad input) so scripts and CI
can rely on it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from pipeline import commands
from pipeline.cli_parser import Options, build_parser
from pipeline.commands import ProgressBar as _ProgressBar  # the audio build's bar
from pipeline.commands import relative_error, waiting
from pipeline.config import load_config
from pipeline.errors import HandoutError, one_line
from pipeline.executor import parse_executor
from pipeline.fsio import writes_confined_to
from pipeline.lock import project_lock
from pipeline.project import Project
from pipeline.publish.rule import unit_name
from pipeline.report import Report
from pipeline.runs import change_lines
from pipeline.site import build as text_build

__all__ = ["COMMANDS", "Options", "build_parser", "main", "parse_options"]


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
        report.error(relative_error(exc, options.root))
    except OSError as exc:  # a file system error no stage put in words: still one line, no trace
        error = HandoutError(exc.strerror or str(exc), exc.filename)
        report.error(relative_error(error, options.root))
    except KeyboardInterrupt:
        print("handout: interrupted", file=sys.stderr)
        return 130
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    for failure in report.failures:  # what the build could not do, last, one line each
        print(f"failed: {failure}", file=sys.stderr)
    return int(report.exit_code)


#: Commands that write: one at a time per project (see pipeline.lock).
WRITERS = frozenset({"extract", "init", "update", "compile", "build", "audio", "approve"})


@contextmanager
def _locked(project: Project, command: str, report: Report) -> Iterator[None]:
    if command not in WRITERS:
        yield
        return
    with project_lock(project, waiting) as held:
        if held.swept:
            report.note(f"removed {len(held.swept)} temporary file(s) left by an interrupted run")
        yield


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


COMMANDS: dict[str, Callable[[Project, Options, Report], None]] = {
    "extract": commands.extract_command,
    "init": commands.init_command,
    "update": commands.update_command,
    "compile": commands.compile_command,
    "status": commands.status_command,
    "check": commands.check_command,
    "build": _build,
    "approve": commands.approve_command,
    "approvals": commands.approvals_command,
    "audio": _audio,
    "voices": commands.voices_command,
    "serve": commands.serve_command,
    "script": commands.script_command,
}
