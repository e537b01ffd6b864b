"""The engine interface: another offline engine plugs in through the entry point group.

This test is about the interface, so its engine is a stand-in (tones, at
16 kHz like many neural voices) installed the way a plugin package would be:
a ``*.dist-info`` with ``entry_points.txt`` on the path. The build must find
it by name, run it in the worker processes, resample it, and cache by its
name and version.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mutagen.mp3 import MP3
from support.project import REPO

from pipeline.config import load_config
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.build import AudioRequest, build_audio
from pipeline.speech.engine import ENTRY_POINT_GROUP, engine_names, load_engine_class

ENGINE = '''
import math, struct
from pipeline.speech.engine import EngineInfo, Pcm, SpeechEngine, VoiceInfo

class ToneEngine(SpeechEngine):
    """One 20 ms beep per character, at 16 kHz."""
    name = "tone"

    def info(self):
        return EngineInfo("tone", "1.0", (VoiceInfo("beep/en", "Beep", (("en", 1),)),))

    def synthesize(self, text, settings):
        frames = 320 * len(text)
        samples = [int(8000 * math.sin(i / 3)) for i in range(frames)]
        return Pcm(struct.pack(f"<{frames}h", *samples), 16_000)
'''

ARTICLE = """---
title: Ice Packs
language: en
---

# Ice Packs

Wrap the pack in a **towel**. Hold it on for [ten minutes](https://example.org/ice).

## When To Call

Call us if the skin turns white.
"""


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    site = tmp_path / "site"
    (site / "tone_engine-1.0.dist-info").mkdir(parents=True)
    (site / "tone_engine.py").write_text(ENGINE, encoding="utf-8")
    (site / "tone_engine-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tone-engine\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "tone_engine-1.0.dist-info" / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\ntone = tone_engine:ToneEngine\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def small_project(root: Path, engine: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "ice-packs.md").write_text(ARTICLE, encoding="utf-8")
    (root / "handout.toml").write_text(
        textwrap.dedent(
            f"""
            clinic = "Test Clinic"
            languages = []
            [speech]
            engine = "{engine}"
            """
        ),
        encoding="utf-8",
    )
    return root


def test_engines_are_found_through_the_entry_point_group(plugin: Path) -> None:
    assert {"espeak-ng", "tone"} <= set(engine_names())
    assert load_engine_class("tone").__name__ == "ToneEngine"


def test_a_plugin_engine_builds_audio_resampled_to_the_output_rate(
    plugin: Path, tmp_path: Path
) -> None:
    root = small_project(tmp_path / "project", "tone")
    project = Project(load_config(root))
    stats = build_audio(project, Report(), AudioRequest(jobs=1))
    assert stats.engine == "tone (1.0)" and stats.languages == ("en",)
    assert stats.spoken == tuple(
        sorted(
            [
                "Ice Packs",
                "Wrap the pack in a towel.",
                "Hold it on for ten minutes.",
                "When To Call",
                "Call us if the skin turns white.",
            ]
        )
    )
    mp3 = root / "audio" / "en" / "ice-packs.mp3"
    assert MP3(mp3).info.sample_rate == 22_050
    # Every character is 20 ms of tone; pauses come on top: resampling kept the durations.
    speech = sum(len(text) for text in stats.spoken) * 0.020
    assert speech < MP3(mp3).info.length < speech + 5
    assert len(list((root / "audio" / "en" / "ice-packs").glob("*.mp3"))) == 2
    again = build_audio(project, Report(), AudioRequest(jobs=1))
    assert again.synthesized == 0 and again.written == ()


def test_progress_bar_only_on_a_terminal(plugin: Path, tmp_path: Path) -> None:
    root = small_project(tmp_path / "project", "tone")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), str(REPO)])}
    command = [sys.executable, "-m", "pipeline", "--root", str(root), "audio", "--jobs", "1"]
    primary, secondary = pty.openpty()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=secondary, env=env) as process:
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # the terminal closes when the command ends
                break
            if not chunk:
                break
            seen += chunk
        process.wait(timeout=120)
    os.close(primary)
    assert process.returncode == 0
    assert b"\rspeech" in seen and b"5/5" in seen and b"[####" in seen
    piped = subprocess.run(command, capture_output=True, env=env, check=True)
    assert b"\r" not in piped.stderr and b"[#" not in piped.stderr


def test_an_unknown_engine_is_one_error_naming_what_is_installed(tmp_path: Path) -> None:
    root = small_project(tmp_path / "project", "nonesuch")  # piper is a real plugin now
    report = Report()
    with pytest.raises(Exception, match="unknown speech engine 'nonesuch' \\(installed: espeak-ng"):
        build_audio(Project(load_config(root)), report, AudioRequest(jobs=1))
