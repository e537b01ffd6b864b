"""One language or article that fails does not stop the others.

A broken catalog, a renderer that crashes, a voice that is not installed, a
malformed lexicon, a speech engine that raises or kills its process: each
fails its own units only. The build finishes the rest — byte for byte what a
project without the failing language would have — lists each failure in one
line at the end (``failed: <unit>: <why>``) and exits non-zero.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import miniaudio
import pytest
from support.project import BUNDLED_SLUG, CliResult
from support.reliability_tools import failed_lines, files, small_project

from pipeline.executor import LocalExecutor
from pipeline.site.formats import RENDERERS
from pipeline.text.edition import Edition
from pipeline.text.plain import render_plain

Runner = Callable[..., CliResult]


def without(project: Path, tmp_path: Path, tag: str) -> Path:
    """A copy of ``project`` that does not have ``tag`` among its languages, built."""
    other = tmp_path / f"without-{tag}"
    shutil.copytree(project, other)
    config = other / "handout.toml"
    config.write_text(config.read_text("utf-8").replace(f'"{tag}", ', ""), "utf-8")
    shutil.rmtree(other / "locales" / tag.replace("-", "_"))
    return other


# --- the text build ---------------------------------------------------------------------------


def test_a_broken_catalog_fails_its_language_and_the_rest_is_built(
    project: Path, tmp_path: Path, run_cli: Runner
) -> None:
    reference = without(project, tmp_path, "vi")
    assert run_cli(reference, "build").code == 0
    catalog = project / "locales" / "vi" / "LC_MESSAGES" / f"{BUNDLED_SLUG}.po"
    lines = catalog.read_text("utf-8").split("\n")
    target = next(
        i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 12
    )
    lines[target] = lines[target].rstrip('"')  # an unterminated string
    catalog.write_text("\n".join(lines), "utf-8")

    result = run_cli(project, "build")
    assert result.code == 2
    assert failed_lines(result.err) == [
        f"failed: {BUNDLED_SLUG} in vi: locales/vi/LC_MESSAGES/{BUNDLED_SLUG}.po:{target + 1}: "
        "not a valid PO file: unterminated string (a missing closing quote)"
    ]
    assert result.err.rstrip().splitlines()[-1].startswith("failed: ")  # listed last
    built = files(project / "build")
    assert not [name for name in built if name.startswith("vi/")]
    assert built == files(reference / "build")  # menus and indexes no longer name vi


def test_a_renderer_that_crashes_on_one_language_fails_only_it(
    project: Path, tmp_path: Path, run_cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer is replaced (this is about the build's handling of any crash), in-process."""
    reference = without(project, tmp_path, "ar")
    assert run_cli(reference, "build", "--jobs", "1").code == 0
    assert run_cli(project, "build", "--jobs", "1").code == 0  # ar's files exist, then...

    def crashing(edition: Edition) -> str:
        if edition.language.bcp47 == "ar":
            raise ZeroDivisionError("a bug that only Arabic text reaches")
        return render_plain(edition)

    monkeypatch.setitem(RENDERERS, ".txt", crashing)
    shutil.rmtree(project / ".handout-cache")  # nothing cached: every unit renders
    result = run_cli(project, "build", "--jobs", "1")
    assert result.code == 1  # a crash is not the user's input: exit 1, not 2
    (line,) = failed_lines(result.err)
    assert re.fullmatch(
        rf"failed: {BUNDLED_SLUG} in ar: internal error: ZeroDivisionError: "
        r"a bug that only Arabic text reaches \(pipeline/site/render\.py:\d+\)",
        line,
    ), line
    assert "1 failed" in result.out
    assert "Traceback" not in result.err
    built = files(project / "build")
    assert not [name for name in built if name.startswith("ar/")]  # its old files taken down
    assert built == files(reference / "build")  # other pages' menus rendered again without ar


# --- the audio build --------------------------------------------------------------------------


@pytest.fixture
def speaking(tmp_path: Path, run_cli: Runner) -> tuple[Path, dict[str, bytes]]:
    """A small project in es and vi, and the audio an untroubled build makes of it."""
    reference = small_project(tmp_path / "reference", ("es", "vi"))
    assert run_cli(reference, "audio", "--jobs", "2").code == 0
    return small_project(tmp_path / "project", ("es", "vi")), files(reference / "audio")


def assert_all_but(audio: Path, expected: dict[str, bytes], failed: str) -> None:
    built = files(audio)
    assert not [name for name in built if name.startswith(f"{failed}/")]
    assert built == other_languages_of(expected, failed)


def other_languages_of(expected: dict[str, bytes], tag: str) -> dict[str, bytes]:
    return {name: data for name, data in expected.items() if not name.startswith(f"{tag}/")}


def test_a_voice_that_is_not_installed_fails_its_language_only(
    speaking: tuple[Path, dict[str, bytes]], run_cli: Runner
) -> None:
    project, expected = speaking
    config = project / "handout.toml"
    config.write_text(config.read_text("utf-8") + '[voices.es]\nvoice = "Old Norse"\n', "utf-8")
    result = run_cli(project, "audio", "--jobs", "2")
    assert result.code == 2
    assert failed_lines(result.err) == [
        "failed: audio in es: handout.toml: voices.es.voice: espeak-ng has no voice "
        "'Old Norse' (see `handout voices`)"
    ]
    assert_all_but(project / "audio", expected, "es")


def test_a_malformed_lexicon_fails_its_language_only(
    speaking: tuple[Path, dict[str, bytes]], run_cli: Runner
) -> None:
    project, expected = speaking
    lexicons = project / "source" / "lexicons"
    lexicons.mkdir()
    (lexicons / "vi.pls").write_text("<lexicon version='1.0'>\n  <lexeme>\n", "utf-8")
    result = run_cli(project, "audio", "--jobs", "2")
    assert result.code == 2
    (line,) = failed_lines(result.err)
    assert line.startswith("failed: ice-packs in vi: source/lexicons/vi.pls:")
    assert_all_but(project / "audio", expected, "vi")


def test_a_broken_catalog_fails_its_audio_only(
    speaking: tuple[Path, dict[str, bytes]], run_cli: Runner
) -> None:
    project, expected = speaking
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "ice-packs.po"
    catalog.write_text(catalog.read_text("utf-8") + '\nmsgid "x"\n', "utf-8")
    result = run_cli(project, "audio", "--jobs", "2")
    assert result.code == 2
    (line,) = failed_lines(result.err)
    assert line.startswith("failed: ice-packs in es: locales/es/LC_MESSAGES/ice-packs.po:")
    assert_all_but(project / "audio", expected, "es")


CRASHING_ENGINE = '''
import math, os, struct
from pipeline.speech.engine import EngineError, EngineInfo, Pcm, SpeechEngine, VoiceInfo

MODE = {mode!r}

class CrashingEngine(SpeechEngine):
    """Tones for English and Spanish; Vietnamese {mode}s."""
    name = "crashing"
    fresh_process_per_utterance = {fresh}

    def info(self):
        voices = [VoiceInfo(f"beep/{{tag}}", tag, ((tag, 1),)) for tag in ("en", "es", "vi")]
        return EngineInfo("crashing", "1.0", tuple(voices))

    def synthesize(self, text, settings):
        if settings.voice == "beep/vi":
            if MODE == "abort":
                os.abort()  # the process dies, as an engine's segfault would kill it
            raise EngineError("no such phoneme table: vi")
        frames = 320 * len(text)
        samples = [int(8000 * math.sin(i / 3)) for i in range(frames)]
        return Pcm(struct.pack(f"<{{frames}}h", *samples), 16_000)
'''


@pytest.mark.parametrize(
    ("mode", "fresh"),
    [("raise", False), ("abort", False), ("abort", True)],
    ids=["raises", "kills-its-worker", "kills-its-own-process"],
)
def test_an_engine_that_crashes_on_one_language_fails_only_it(
    tmp_path: Path,
    run_cli: Runner,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    fresh: bool,
) -> None:
    """The engine is a plugin (this is about the engine interface), run in real workers."""
    site = tmp_path / "site"
    (site / "crashing_engine-1.0.dist-info").mkdir(parents=True)
    (site / "crashing_engine.py").write_text(
        CRASHING_ENGINE.format(mode=mode, fresh=fresh), "utf-8"
    )
    (site / "crashing_engine-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: crashing-engine\nVersion: 1.0\n", "utf-8"
    )
    (site / "crashing_engine-1.0.dist-info" / "entry_points.txt").write_text(
        "[handout.speech_engines]\ncrashing = crashing_engine:CrashingEngine\n", "utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    project = small_project(tmp_path / "project", ("es", "vi"))
    config = project / "handout.toml"
    config.write_text(
        config.read_text("utf-8") + textwrap.dedent('[speech]\nengine = "crashing"\n'), "utf-8"
    )

    result = run_cli(project, "audio", "--jobs", "2")
    assert result.code == 1, result.err
    (line,) = failed_lines(result.err)
    assert line.startswith("failed: ice-packs in vi: speech engine ")
    assert "Traceback" not in result.err
    built = files(project / "audio")
    assert not [name for name in built if name.startswith("vi/")]
    for tag in ("en", "es"):
        decoded = miniaudio.decode(built[f"{tag}/ice-packs.mp3"])
        assert decoded.duration > 3  # the tones were spoken, mastered and encoded
        assert f"{tag}/ice-packs.vtt" in built
    again = run_cli(project, "audio", "--jobs", "2")
    assert again.code == 1 and failed_lines(again.err) == [line]  # no less, no more
    assert "0 file(s) written" in again.out


# --- the executor -----------------------------------------------------------------------------


def die_on_seven(number: int) -> int:
    """A work item that kills its worker process, as a crashing native library would."""
    if number == 7:
        os._exit(3)
    return number * number


@pytest.mark.parametrize("count", [2, 9, 40])
def test_a_worker_that_dies_fails_its_item_only(count: int) -> None:
    """However many items were in the pool when it broke, each other item still gets its value."""
    with LocalExecutor(2) as executor:
        outcomes = executor.map(die_on_seven, range(count))
        again = executor.map(die_on_seven, [1, 2, 3])  # and the executor is usable after
    for number, outcome in enumerate(outcomes):
        if number == 7:
            assert isinstance(outcome.failure, BrokenProcessPool)
        else:
            assert outcome.ok and outcome.value == number * number
    assert [o.value for o in again] == [1, 4, 9]
