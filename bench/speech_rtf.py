"""Real-time factor of the audio build: a cold ``handout audio`` vs ``espeak-ng -w`` + ``lame``.

RTF = wall-clock seconds / seconds of audio produced (lower is faster; 0.1 means
ten minutes of speech in one minute). Both sides speak the same text: the
bundled article in every language that has a voice, after the lexicons, with
the same voices, rate and pitch. The baseline is what a shell script would do,
one language after another: ``espeak-ng -w`` the whole text, then ``lame -b 64``.
The build does much more for the same audio (one process per sentence,
mastering to -16 LUFS with a true-peak limiter, a decode-and-measure pass,
section tracks, tags, transcripts), so this says what that costs.

Run: ``make bench`` or ``.venv/bin/python bench/speech_rtf.py [--jobs N]``.
Writes ``bench/results-speech.json`` beside the printout. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from run import audio_seconds, shell_script, spoken_texts  # noqa: E402  (bench/run.py)

from pipeline.config import load_config  # noqa: E402
from pipeline.project import Project  # noqa: E402
from pipeline.report import Report  # noqa: E402
from pipeline.speech import build as speech_build  # noqa: E402


def fresh_project(folder: Path) -> Path:
    root = folder / "project"
    root.mkdir()
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "handout.toml", root / "handout.toml")
    return root


def cpu_seconds() -> float:
    """CPU of this process and of every child it has waited for (workers, shells)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cold_build(root: Path, jobs: int) -> dict[str, float]:
    project = Project(load_config(root))
    started, cpu = time.perf_counter(), cpu_seconds()
    stats = speech_build.build_audio(project, Report(), speech_build.AudioRequest(jobs=jobs))
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    started = time.perf_counter()
    again = speech_build.build_audio(project, Report(), speech_build.AudioRequest(jobs=jobs))
    warm = time.perf_counter() - started
    assert again.synthesized == 0
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "audio_s": stats.seconds,
        "rtf": wall / stats.seconds,
        "sentences": stats.synthesized,
        "languages": len(stats.languages),
        "warm_rebuild_s": warm,
    }


def baseline(root: Path, work: Path) -> dict[str, float]:
    """The same spoken text per language, through the two programs from a shell."""
    texts = spoken_texts(root)
    script = shell_script(texts, work)
    started, cpu = time.perf_counter(), cpu_seconds()
    subprocess.run(script, check=True)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    audio = audio_seconds(work)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "audio_s": audio,
        "rtf": wall / audio,
        "languages": len(texts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    for tool in ("espeak-ng", "lame"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (make bench installs it)")
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        folder = Path(tmp)
        root = fresh_project(folder)
        build = cold_build(root, args.jobs)
        work = folder / "shell"
        work.mkdir()
        shell = baseline(root, work)
    result = {"cpus": os.cpu_count(), "jobs": args.jobs, "build": build, "shell": shell}
    print(f"cold handout audio (--jobs {args.jobs}, {os.cpu_count()} CPUs):")
    print(
        f"  {build['wall_s']:.1f} s for {build['audio_s'] / 60:.1f} min of audio in "
        f"{build['languages']:.0f} languages, {build['sentences']:.0f} sentences: "
        f"RTF {build['rtf']:.3f}; warm rebuild {build['warm_rebuild_s']:.1f} s"
    )
    print("espeak-ng -w + lame -b 64 from the shell, one language after another:")
    print(
        f"  {shell['wall_s']:.1f} s for {shell['audio_s'] / 60:.1f} min of audio: "
        f"RTF {shell['rtf']:.4f}"
    )
    ratio = build["rtf"] / shell["rtf"]
    cpu_ratio = (build["cpu_s"] / build["audio_s"]) / (shell["cpu_s"] / shell["audio_s"])
    result["cpu_ratio"] = cpu_ratio
    print(
        f"per second of audio the build takes {ratio:.1f}x the shell pipeline's time and "
        f"{cpu_ratio:.1f}x its CPU ({build['cpu_s']:.1f} s against {shell['cpu_s']:.1f} s)"
    )
    (REPO / "bench" / "results-speech.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
