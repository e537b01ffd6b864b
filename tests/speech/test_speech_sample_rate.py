"""Voices at other sample rates: the rate reported is the rate of the samples.

espeak-ng's MBROLA voices (``mb-*``) produce 16 kHz samples, but pyttsx3's
driver writes every WAV header as 22,050 Hz; trusting it made MBROLA speech
play 1.4 times too fast. MBROLA and its voices are not in Debian's main
archive, so this test gives real espeak-ng (through pyttsx3, in the audio
build's own worker code) a stand-in ``mbrola`` program: it speaks mbrola's
pipe protocol (``.pho`` lines in, a 16 kHz WAV stream out) and makes each
phoneme a tone as long as espeak-ng asked for, so the duration of the result
is espeak-ng's timing for the sentence, and only a wrong rate can stretch it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support.project import BUNDLED_SLUG, REPO

MBROLA = '''#!{python} -SE
import math, struct, sys
RATE = 16000
out = sys.stdout.buffer
fmt = struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
out.write(b"RIFF" + struct.pack("<I", 0x7FFFFFFF) + b"WAVEfmt " + fmt
          + b"data" + struct.pack("<I", 0x7FFFFFFF))
out.flush()
pending, phase = 0, 0.0
for line in sys.stdin.buffer:
    fields = line.split()
    if not fields or fields[0].startswith(b";"):
        continue
    if fields[0] == b"#":
        frames = []
        for _ in range(pending):
            frames.append(int(8000 * math.sin(phase)))
            phase += 2 * math.pi * 200 / RATE
        out.write(struct.pack("<%dh" % len(frames), *frames))
        out.flush()
        pending = 0
    elif len(fields) >= 2:
        try:
            pending += int(float(fields[1]) * RATE / 1000)
        except ValueError:
            pass
'''

SPEAK = """
import json, sys
from pipeline.speech.engine import VoiceSettings
from pipeline.speech.workers import SpeechJob, synthesize_job
found = {}
for voice in sys.argv[2:]:
    result = synthesize_job("espeak-ng", SpeechJob("k", sys.argv[1], VoiceSettings(voice, 150, 50)))
    found[voice] = [result.pcm.sample_rate, result.pcm.seconds]
print(json.dumps(found))
"""

TEXT = "Your doctor will provide you with recovery instructions after the injection."


def espeak_data() -> Path:
    version = subprocess.run(
        ["espeak-ng", "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"Data at: (\S+)", version)
    assert match, version
    return Path(match.group(1))


@pytest.fixture
def with_mbrola(tmp_path: Path) -> dict[str, str]:
    """An environment in which espeak-ng finds the us1 voice and the stand-in ``mbrola``."""
    program = tmp_path / "bin" / "mbrola"
    program.parent.mkdir()
    program.write_text(MBROLA.format(python=sys.executable), encoding="utf-8")
    program.chmod(0o755)
    data = tmp_path / "data" / "espeak-ng-data"
    data.mkdir(parents=True)
    for entry in espeak_data().iterdir():
        (data / entry.name).symlink_to(entry)
    (data / "mbrola").mkdir()
    (data / "mbrola" / "us1").write_bytes(b"stand-in diphone database")
    return {
        **os.environ,
        "ESPEAK_DATA_PATH": str(data.parent),
        "PATH": f"{program.parent}{os.pathsep}{os.environ['PATH']}",
    }


def test_an_mbrola_voice_reports_its_16_khz_rate(with_mbrola: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SPEAK, TEXT, "gmw/en-us", "mb/mb-us1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env=with_mbrola,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    words = len(TEXT.split())
    formant_rate, formant_seconds = found["gmw/en-us"]
    mbrola_rate, mbrola_seconds = found["mb/mb-us1"]
    assert formant_rate == 22_050
    assert mbrola_rate == 16_000, done.stderr
    # Both at 150 words a minute: the time per word is the rate's, within 25%
    # (read as 22,050 Hz, the MBROLA sentence would be 27% short).
    for seconds in (formant_seconds, mbrola_seconds):
        assert 0.75 <= (seconds / words) / (60 / 150) <= 1.25, found


def _sentence(tag: str) -> str:
    """The article's first paragraph's first sentence, in ``tag`` (from its catalog)."""
    import polib

    from pipeline.languages import parse_language
    from pipeline.speech.sentences import split_sentences

    source = (REPO / "source" / f"{BUNDLED_SLUG}.md").read_text(encoding="utf-8")
    paragraph = source.split("---", 2)[2].strip().split("\n\n")[1]
    if tag != "en":
        catalog = REPO / "locales" / parse_language(tag).gettext / "LC_MESSAGES"
        entries = {e.msgid: e.msgstr for e in polib.pofile(str(catalog / f"{BUNDLED_SLUG}.po"))}
        paragraph = entries[paragraph]
    return split_sentences(paragraph, tag)[0]


#: (engine, voice, language): every bundled language espeak-ng speaks, and Piper's English.
VOICES = [
    ("espeak-ng", "gmw/en-us", "en"),
    ("espeak-ng", "roa/es", "es"),
    ("espeak-ng", "sit/cmn", "zh-Hans"),
    ("espeak-ng", "aav/vi", "vi"),
    ("espeak-ng", "sem/ar", "ar"),
    ("espeak-ng", "ko", "ko"),
    ("espeak-ng", "zle/ru", "ru"),
    ("piper", "en_US-joe-medium", "en"),
]


def _speak_all(engine: str) -> dict[str, tuple[int, bytes]]:
    """Every voice of ``engine`` in VOICES, spoken by a new worker process."""
    from pipeline.speech.engine import VoiceSettings
    from pipeline.speech.workers import SpeechJob, SpeechPool, SpeechResult

    jobs = [
        SpeechJob(f"{voice}|{tag}", _sentence(tag), VoiceSettings(voice, 150, 50))
        for name, voice, tag in VOICES
        if name == engine
    ]
    found = {}
    with SpeechPool(engine, 1) as pool:
        for result in pool.synthesize(jobs):
            assert isinstance(result, SpeechResult), result
            found[result.key] = (result.pcm.sample_rate, result.pcm.samples)
    return found


@pytest.mark.parametrize("engine", ["espeak-ng", "piper"])
def test_every_engine_and_language_true_rate_sound_and_same_bytes(engine: str) -> None:
    """Header rate matches the samples (time per word), not silent, same bytes in two workers."""
    import numpy as np

    if engine == "piper":
        pytest.importorskip("piper", reason="the piper extra (make test installs it)")
    first, second = _speak_all(engine), _speak_all(engine)
    assert first == second
    for key, (rate, samples) in first.items():
        tag = key.split("|")[1]
        signal = np.frombuffer(samples, dtype="<i2").astype(np.float64)
        assert np.sqrt(np.mean(signal**2)) > 300, key  # not silent
        text = _sentence(tag)
        seconds = len(signal) / rate
        # Chinese has no spaces: espeak-ng's rate counts its characters (syllables) as words.
        words = len(text) if tag == "zh-Hans" else len(text.split())
        per_word = seconds / words
        # Loose: words are longer in some languages (a Korean eojeol is a word and its endings).
        assert 0.5 <= per_word / (60 / 150) <= 2.0, (key, rate, per_word)
