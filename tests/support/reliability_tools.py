"""Helpers for the reliability tests: real ``handout`` processes, snapshots, small projects."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline.fsio import TEMPORARY_NAME

SMALL_ARTICLE = """---
title: Ice packs after an injection
description: How to use ice for the first two days.
reviewed: 2026-11-26
---

# Ice packs after an injection

Wrap the pack in a thin towel. Hold it on the skin for ten minutes.

## When to call

Call the clinic if the skin turns white.
"""

#: Spanish for every message of SMALL_ARTICLE, so the small project publishes in es.
SMALL_SPANISH = {
    "Ice packs after an injection": "Bolsas de hielo después de una inyección",
    "How to use ice for the first two days.": "Cómo usar hielo durante los dos primeros días.",
    "Wrap the pack in a thin towel. Hold it on the skin for ten minutes.": (
        "Envuelva la bolsa en una toalla fina. Manténgala sobre la piel diez minutos."
    ),
    "When to call": "Cuándo llamar",
    "Call the clinic if the skin turns white.": "Llame a la clínica si la piel se pone blanca.",
}


@dataclass(frozen=True)
class Run:
    code: int  # negative: killed by that signal
    out: str
    err: str


def handout(root: Path, *args: str, env: Mapping[str, str] | None = None) -> Run:
    """``handout --root ROOT ARGS`` as a separate process, in its own process group.

    Its output is read to the end, which comes only when every process
    holding it has exited: worker processes that outlived a killed build
    would make this time out. Whatever is left is then killed, so no test
    leaves processes behind.
    """
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=300)
    finally:
        end_group(process.pid)
    return Run(process.returncode, out, err)


def end_group(pid: int) -> None:
    """SIGKILL the process group ``pid`` leads (a process the test started), if any is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but temporary ones, by relative path."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not TEMPORARY_NAME.match(p.name)
    }


def temporaries(*folders: Path) -> list[Path]:
    return [
        p
        for folder in folders
        if folder.is_dir()
        for p in sorted(folder.rglob("*"))
        if TEMPORARY_NAME.match(p.name)
    ]


def error_lines(err: str) -> list[str]:
    """The ``error:`` lines of a command's stderr (and proof it printed no traceback)."""
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if ": error: " in line or line.startswith("error:")]


def failed_lines(err: str) -> list[str]:
    """The failure list a build prints last, one line per failed item."""
    return [line for line in err.splitlines() if line.startswith("failed: ")]


def small_project(root: Path, languages: tuple[str, ...] = ("es",)) -> Path:
    """One short article, translated into ``languages`` (Spanish text for each): quick to speak."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "ice-packs.md").write_text(SMALL_ARTICLE, encoding="utf-8")
    listed = ", ".join(f'"{tag}"' for tag in languages)
    (root / "handout.toml").write_text(
        f'clinic = "Test Clinic"\nlanguages = [{listed}]\n', encoding="utf-8"
    )
    for tag in languages:
        catalog = polib.POFile(wrapwidth=79)
        catalog.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": tag.replace("-", "_"),
        }
        for msgid, msgstr in SMALL_SPANISH.items():
            catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        folder = root / "locales" / tag.replace("-", "_") / "LC_MESSAGES"
        folder.mkdir(parents=True)
        catalog.save(str(folder / "ice-packs.po"))
    return root
