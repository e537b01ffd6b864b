"""The ``handout`` command line: :class:`Options` and the argument parser, one helper per command.

Kept apart from :mod:`pipeline.cli` (which runs the commands) so the command
handlers in :mod:`pipeline.commands` can take :class:`Options` without importing
the module that dispatches to them. Commands are added in the order ``--help``
lists them; each helper gives its command every argument it takes, in the order
its own ``--help`` shows them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from pipeline import __version__
from pipeline.executor import KINDS

#: What ``add_subparsers`` returns: each command helper adds its parser to it.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


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
    for add in _COMMANDS:
        add(commands)
    return parser


def _article(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--article", action="append", default=[], metavar="SLUG", help="only this article"
    )


def _lang(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--lang", action="append", default=[], metavar="LANG", help="only this language"
    )


def _json(sub: argparse.ArgumentParser, help: str = "machine-readable") -> None:
    sub.add_argument("--json", action="store_true", dest="as_json", help=help)


def _workers(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: CPUs)")
    sub.add_argument(
        "--executor",
        choices=KINDS,
        help="where work items run: local processes (default) or a Dask cluster",
    )
    sub.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://HOST:8786")


def _rate(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--rate", type=int, metavar="WPM", help="words per minute, this run only")


def _extract(commands: Commands) -> None:
    _article(commands.add_parser("extract", help="write a gettext template (.pot) per article"))


def _init(commands: Commands) -> None:
    init = commands.add_parser("init", help="start catalogs (.po) for a new language")
    init.add_argument("language", help="BCP 47 tag or gettext locale: es, zh-Hans, pt_BR …")
    _article(init)


def _update(commands: Commands) -> None:
    _article(commands.add_parser("update", help="extract, then merge templates into every catalog"))


def _compile(commands: Commands) -> None:
    commands.add_parser("compile", help="compile catalogs to .mo files in the build cache")


def _status(commands: Commands) -> None:
    status = commands.add_parser("status", help="translation progress per article and language")
    _json(status, "machine-readable output")
    _article(status)


def _check(commands: Commands) -> None:
    check = commands.add_parser(
        "check", help="check translations: numbers, links, markup, glossary terms …"
    )
    _lang(check)
    _json(check)
    _article(check)


def _build(commands: Commands) -> None:
    build = commands.add_parser(
        "build", help="write pages, plain text and Markdown for every ready language"
    )
    _lang(build)
    build.add_argument(
        "--draft",
        action="store_true",
        help="also build unfinished translations, marked as drafts, for proofreading",
    )
    build.add_argument(
        "--strict", action="store_true", help="exit 1 if any translation is held back"
    )
    _workers(build)
    _article(build)


def _approve(commands: Commands) -> None:
    approve = commands.add_parser(
        "approve", help="sign off a translation as it is now (locales/approvals.toml)"
    )
    approve.add_argument("language", help="the translation's language")
    approve.add_argument("--reviewer", required=True, help='"Name, credential"')
    approve.add_argument("--date", dest="on", metavar="YYYY-MM-DD", help="default: today")
    approve.add_argument("--revoke", action="store_true", help="remove the approval instead")
    _article(approve)


def _approvals(commands: Commands) -> None:
    _json(commands.add_parser("approvals", help="list approvals and whether they hold"))


def _audio(commands: Commands) -> None:
    audio = commands.add_parser(
        "audio", help="speak every published article in every language that has a voice"
    )
    _lang(audio)
    _article(audio)
    _workers(audio)
    _rate(audio)


def _voices(commands: Commands) -> None:
    _rate(commands.add_parser("voices", help="which languages have a voice, and which"))


def _serve(commands: Commands) -> None:
    serve = commands.add_parser(
        "serve", help="preview build/ at http://127.0.0.1:PORT/ (this computer only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.add_argument(
        "--watch", action="store_true", help="rebuild when sources or catalogs change, and reload"
    )


def _script(commands: Commands) -> None:
    script = commands.add_parser(
        "script", help="what will be said: each sentence written and spoken (synthesizes nothing)"
    )
    script.add_argument("--lang", action="append", default=[], metavar="LANG")
    _json(script)
    script.add_argument("--phonemes", action="store_true", help="also the engine's phonemes")
    _article(script)


#: Every command's parser, in the order ``handout --help`` lists them.
_COMMANDS = (
    _extract,
    _init,
    _update,
    _compile,
    _status,
    _check,
    _build,
    _approve,
    _approvals,
    _audio,
    _voices,
    _serve,
    _script,
)
