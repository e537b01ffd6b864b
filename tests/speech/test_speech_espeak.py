"""pyttsx3 2.99 on espeak-ng: its quirks exist (so the workarounds are needed) and are handled.

The "raw" tests pin pyttsx3's behaviour in a separate interpreter (espeak can
be initialised once per process); if a new pyttsx3 fixes a quirk, they fail
and say which workaround to revisit. The engine tests go through the real
worker pool and compare with ``espeak-ng -w``, sample for sample.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
import wave
from importlib.metadata import version
from pathlib import Path

import pytest
from support.project import REPO

from pipeline.speech.engine import VoiceSettings
from pipeline.speech.workers import SpeechJob, SpeechPool

LONG_TEXT = " ".join(
    ["Platelet-rich plasma is derived from your own blood, and it helps tissues heal."] * 12
)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def espeak_cli(text: str, voice: str, rate: int, pitch: int, out: Path) -> bytes:
    """What the espeak-ng program itself makes of a text: the reference samples."""
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-w", str(out), text],
        check=True,
    )
    with wave.open(str(out), "rb") as wav:
        assert wav.getframerate() == 22_050 and wav.getnchannels() == 1
        return wav.readframes(wav.getnframes())


@pytest.fixture(scope="module")
def pool() -> SpeechPool:
    with SpeechPool("espeak-ng", 2) as workers:
        yield workers


def test_pyttsx3_is_pinned_to_the_version_whose_quirks_we_handle() -> None:
    assert version("pyttsx3") == "2.99"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "pyttsx3==2.99" in project["project"]["dependencies"]


def test_raw_pyttsx3_quirks_are_still_there(tmp_path: Path) -> None:
    result = run_python(
        """
        import json, os, sys, threading, wave
        import pyttsx3
        folder, text = sys.argv[1], sys.argv[2]
        engine = pyttsx3.init("espeak")
        finished = threading.Event()
        engine.connect("finished-utterance", lambda name, completed: finished.set())
        # 1. runAndWait returns before a long utterance is written.
        engine.save_to_file(text, os.path.join(folder, "long.wav"))
        engine.runAndWait()
        early = {"exists": os.path.exists(os.path.join(folder, "long.wav")),
                 "finished": finished.is_set()}
        finished.wait(60)
        # 2. Only the last save_to_file before runAndWait is written.
        finished.clear()
        engine.save_to_file("First.", os.path.join(folder, "first.wav"))
        engine.save_to_file("Second.", os.path.join(folder, "second.wav"))
        engine.runAndWait()
        finished.wait(60)
        with wave.open(os.path.join(folder, "long.wav")) as wav:
            fmt = [wav.getframerate(), wav.getnchannels(), wav.getsampwidth()]
        result = {"early": early,
                  "first": os.path.exists(os.path.join(folder, "first.wav")),
                  "second": os.path.exists(os.path.join(folder, "second.wav")),
                  "format": fmt}
        print("RESULT " + json.dumps(result))
        """,
        str(tmp_path),
        LONG_TEXT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    found = json.loads(lines[-1].removeprefix("RESULT "))
    assert found["early"] == {"exists": False, "finished": False}, "runAndWait now waits?"
    assert (found["first"], found["second"]) == (False, True)
    assert found["format"] == [22_050, 1, 2]
    assert any(line.startswith("Audio saved to ") for line in lines)  # the stray print


def test_engine_gives_exactly_what_espeak_ng_says(pool: SpeechPool, tmp_path: Path) -> None:
    """Complete files, the asked-for rate and pitch, one utterance per call, no state carried."""
    texts = [
        ("The injections target damaged tissues.", "gmw/en-us", "en-us", 150, 50),
        ("Your blood is drawn during the same appointment.", "gmw/en-us", "en-us", 200, 50),
        ("Las inyecciones usan sus propias plaquetas.", "roa/es", "es", 150, 40),
        (LONG_TEXT, "gmw/en-us", "en-us", 150, 50),
        ("The injections target damaged tissues.", "gmw/en-us", "en-us", 150, 50),
    ]
    jobs = [
        SpeechJob(str(i), text, VoiceSettings(voice, rate, pitch))
        for i, (text, voice, _, rate, pitch) in enumerate(texts)
    ]
    results = {r.key: r for r in pool.synthesize(jobs)}
    for i, (text, _, cli_voice, rate, pitch) in enumerate(texts):
        expected = espeak_cli(text, cli_voice, rate, pitch, tmp_path / f"{i}.wav")
        got = results[str(i)]
        assert got.pcm.sample_rate == 22_050
        assert got.pcm.samples == expected, f"utterance {i} differs from espeak-ng -w"
        assert got.text == text
    assert results["0"].pcm.samples == results["4"].pcm.samples
    assert results["1"].pcm.frames < results["0"].pcm.frames  # 200 wpm is faster


def test_each_utterance_is_spoken_in_its_own_process(pool: SpeechPool) -> None:
    jobs = [
        SpeechJob(str(i), f"Sentence number {i}.", VoiceSettings("gmw/en", 150, 50))
        for i in range(6)
    ]
    pids = {result.pid for result in pool.synthesize(jobs)}
    assert len(pids) == 6 and os.getpid() not in pids


def test_engine_lists_every_language_of_a_voice(pool: SpeechPool) -> None:
    info = pool.info()
    assert info.name == "espeak-ng" and "pyttsx3 2.99" in info.version
    cmn = next(v for v in info.voices if v.id == "sit/cmn")
    assert {tag for tag, _ in cmn.languages} >= {"cmn", "zh"}  # pyttsx3 alone says only "cmn"
    assert not any(tag in ("tl", "fil") for v in info.voices for tag, _ in v.languages)


def test_one_engine_per_process_on_one_thread() -> None:
    result = run_python(
        """
        import threading
        from pipeline.speech.engine import EngineError, VoiceSettings
        from pipeline.speech.espeak import EspeakEngine, process_engine
        engine = EspeakEngine()
        assert process_engine() is engine
        try:
            EspeakEngine()
            print("second engine allowed")
        except EngineError as exc:
            print("second:", exc)
        errors = []
        def speak():
            try:
                engine.synthesize("Hello.", VoiceSettings("gmw/en", 150, 50))
            except EngineError as exc:
                errors.append(str(exc))
        thread = threading.Thread(target=speak)
        thread.start(); thread.join()
        print("thread:", errors)
        pcm = engine.synthesize("Hello.", VoiceSettings("gmw/en", 150, 50))
        print("same thread frames:", pcm.frames)
        """
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "second: espeak-ng can be initialised only once per process" in out
    assert "thread: ['the espeak-ng engine must be used on the thread that created it']" in out
    frames = int(out.split("same thread frames:")[1].split()[0])
    assert frames > 5000
    assert "Audio saved" not in out  # the engine swallows pyttsx3's print
