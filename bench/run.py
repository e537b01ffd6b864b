"""The whole benchmark, one entry point: ``make bench`` or ``.venv/bin/python bench/run.py``.

Generates a library (``--articles N`` varied articles with complete catalogs
in ``--languages K`` of the bundled languages, see :mod:`corpus`) and times,
as a user runs them (the ``handout`` command, each step a fresh process):

* extract (cold), extract + update (cold, and with nothing changed), check,
  the text build (cold), the audio build with a cold cache, a rebuild with
  nothing changed, and a rebuild after one paragraph of one article changed
  (update, a translator's fix, audio, build: the translator's step untimed);
* in the same run, the baselines a user would otherwise use: po4a (Debian's
  package: one ``po4a.cfg`` over the same Markdown) for extract/update and
  translate, ``msgfmt -c`` for checking catalogs, ``espeak-ng -w`` + ``lame``
  from the shell over the same spoken text for audio.

Audio is measured on the first ``--audio-articles`` articles (its cost is
per sentence, and a cold build of hundreds of articles takes an hour), with
the same K languages. Every figure is the median of ``--repeat`` runs: wall
time, CPU time (user + system of the command and all its processes, from
``wait4``), the largest single process (max RSS) and the peak of the whole
process tree's memory (sampled every 20 ms, as PSS: a page shared between the
command and its workers counts once, not once per process). Ratios compare CPU
time unless named wall. Prints a table, writes ``bench/results.json``.
Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polib
import psutil

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO))

from corpus import (  # noqa: E402
    LANGUAGES,
    edit_one_paragraph,
    make_corpus,
    pofiles,
    pseudo_translation,
    translate_fuzzy,
)

HANDOUT = [sys.executable, "-m", "pipeline"]
#: Every command runs the handout of the checkout this file is in, whatever is installed:
#: benchmark a snapshot (``git archive HEAD | tar -x -C /tmp/snap``) while others edit.
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(REPO)}
MB = 1024 * 1024


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    cpu_s: float
    max_rss_mb: float  # the largest single process
    peak_mb: float  # the whole process tree at its fullest (sampled PSS)


def run_measured(argv: Sequence[str], cwd: Path) -> Measurement:
    """Run one command to completion; its time, CPU and memory, children included."""
    # stderr to a file, not a pipe: a command with much to say would block on a full pipe
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=errors
        )
        peak, status, usage = _wait(process)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code
        if code not in (0, 1):  # 1: the command ran and found problems (warnings)
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(argv)} failed ({code}):\n{said[-2000:]}")
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        peak_mb=max(peak, usage.ru_maxrss * 1024) / MB,
    )


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, int, Any]:
    """Reap the process with wait4 (its rusage covers its children), sampling the tree's RSS."""
    peak = 0
    watched = psutil.Process(process.pid)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return peak, status, usage
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.02)


def _rss(process: psutil.Process) -> int:
    """The process's proportional set size: pages shared with others count in part.

    A worker forked from its parent, or two processes mapping the same
    libraries, share most of their pages; summing RSS would count those once
    per process and report memory no machine ever needed. PSS sums to what the
    tree really occupies (RSS where the kernel gives no PSS).
    """
    try:
        return int(process.memory_full_info().pss)
    except (psutil.AccessDenied, AttributeError):
        return int(process.memory_info().rss)
    except psutil.NoSuchProcess:
        return 0


def combined(parts: list[Measurement]) -> Measurement:
    """Commands run one after another: times add up, memory is the worst of them."""
    return Measurement(
        wall_s=sum(p.wall_s for p in parts),
        cpu_s=sum(p.cpu_s for p in parts),
        max_rss_mb=max((p.max_rss_mb for p in parts), default=0.0),
        peak_mb=max((p.peak_mb for p in parts), default=0.0),
    )


def median(runs: list[Measurement]) -> Measurement:
    return Measurement(
        wall_s=statistics.median(r.wall_s for r in runs),
        cpu_s=statistics.median(r.cpu_s for r in runs),
        max_rss_mb=max(r.max_rss_mb for r in runs),
        peak_mb=max(r.peak_mb for r in runs),
    )


#: A step: a command to time, or (None, callable) for an untimed step in between.
Step = tuple[Sequence[str] | None, Callable[[], object] | None]


def timed(steps: Sequence[Step], cwd: Path) -> Measurement:
    parts = []
    for argv, action in steps:
        if argv is None:
            assert action is not None
            action()
        else:
            parts.append(run_measured(argv, cwd))
    return combined(parts)


def handout(*args: str) -> Step:
    return ([*HANDOUT, *args], None)


def untimed(action: Callable[[], object]) -> Step:
    return (None, action)


class Workspace:
    """Pristine copies of the corpus, so each repetition starts from the same files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.run = folder / "run"

    def fresh(self, source: Path) -> Path:
        if self.run.exists():
            shutil.rmtree(self.run)
        shutil.copytree(source, self.run, symlinks=True)
        return self.run


def repeat(
    times: int, prepare: Callable[[], Path], steps: Callable[[Path], Sequence[Step]]
) -> Measurement:
    runs = []
    for _ in range(times):
        root = prepare()
        runs.append(timed(steps(root), root))
    return median(runs)


# --- baselines ---------------------------------------------------------------------------------


def write_po4a_config(root: Path, languages: list[str]) -> Path:
    """One po4a.cfg over every article, one POT per article and one PO per language (split)."""
    gettext = " ".join(tag.replace("-", "_") for tag in languages)
    lines = [
        f"[po4a_langs] {gettext}",
        "[po4a_paths] po4a/$master.pot $lang:po4a/$master.$lang.po",
        "[options] --keep 0",
    ]
    for path in sorted((root / "source").glob("*.md")):
        lines.append(
            f'[type: text] source/{path.name} $lang:po4a-out/$lang/{path.name} opt:"-o markdown"'
        )
    (root / "po4a").mkdir(exist_ok=True)
    config = root / "po4a.cfg"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def complete_po4a_catalogs(root: Path) -> None:
    """po4a's own PO files, translated the way the corpus' catalogs are (same pseudo-language)."""
    for po in sorted((root / "po4a").glob("*.po")):
        tag = po.name.rsplit(".", 2)[-2].replace("_", "-")
        catalog = polib.pofile(str(po))
        for entry in catalog:
            entry.msgstr = pseudo_translation(tag, entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(po))


def msgfmt_script(root: Path) -> list[str]:
    files = " ".join(str(p.relative_to(root)) for p in pofiles(root))
    return ["bash", "-c", f"for f in {files}; do msgfmt -c -o /dev/null $f || exit 2; done"]


@dataclass(frozen=True)
class Spoken:
    name: str
    voice: str
    rate: int
    pitch: int
    text: str


def spoken_texts(root: Path) -> list[Spoken]:
    """What ``handout audio`` speaks, per article and language: the same text for the shell."""
    from pipeline.config import load_config
    from pipeline.project import Project
    from pipeline.publish import rule
    from pipeline.report import Report
    from pipeline.speech import build as speech_build
    from pipeline.speech.plan import lexicon_for
    from pipeline.speech.script import make_script

    project = Project(load_config(root))
    report = Report()
    router = speech_build.voice_router(project, report)
    found = []
    for language, choice, _measure in speech_build.voice_table(project, report, router):
        if choice is None:
            continue
        lexicons = {language.bcp47: lexicon_for(project, language)}
        for article in speech_build._articles(project, report, ()):
            decision = rule.decide(project, report, article, language)
            if decision is None or not decision.published:
                continue
            script = make_script(decision.localized, lexicons)
            text = "\n\n".join(u.spoken for u in script.utterances())
            settings = choice.settings
            found.append(
                Spoken(
                    f"{language}-{article.slug}",
                    settings.voice,
                    settings.rate,
                    settings.pitch,
                    text,
                )
            )
    return found


def shell_script(texts: list[Spoken], folder: Path) -> list[str]:
    """``espeak-ng -w`` then ``lame -b 64`` per text, one after another, as a shell script would."""
    folder.mkdir(parents=True, exist_ok=True)
    commands = []
    for spoken in texts:
        source = folder / f"{spoken.name}.txt"
        source.write_text(spoken.text, encoding="utf-8")
        wav, mp3 = folder / f"{spoken.name}.wav", folder / f"{spoken.name}.mp3"
        commands.append(
            f"espeak-ng -v {spoken.voice} -s {spoken.rate} -p {spoken.pitch} -w {wav} -f {source}"
            f" && lame --quiet -b 64 -m m {wav} {mp3}"
        )
    return ["bash", "-c", " && ".join(commands)]


def audio_seconds(folder: Path) -> float:
    total = 0.0
    for wav in folder.glob("*.wav"):
        with wave.open(str(wav), "rb") as handle:
            total += handle.getnframes() / handle.getframerate()
    return total


# --- the run -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    stage: str
    ours: Measurement
    baseline_name: str | None = None
    baseline: Measurement | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline.cpu_s == 0:
            return None
        return self.ours.cpu_s / self.baseline.cpu_s

    @property
    def wall_ratio(self) -> float | None:
        if self.baseline is None or self.baseline.wall_s == 0:
            return None
        return self.ours.wall_s / self.baseline.wall_s


def text_stages(work: Workspace, pristine: Path, languages: list[str], args: argparse.Namespace):
    """Extract, update, check, build, rebuilds, with po4a and msgfmt beside them."""
    jobs = str(args.jobs)
    reps = args.repeat
    rows: list[Row] = []
    # po4a's own catalogs, made and translated once (untimed): po4a keeps no cache, so every
    # later run starts from the same state a user's checkout would be in.
    po4a_ready = pristine.parent / "po4a-ready"
    if not po4a_ready.exists():
        shutil.copytree(pristine, po4a_ready)
        config = write_po4a_config(po4a_ready, languages)
        run_measured(["po4a", "--no-translations", config.name], po4a_ready)
        complete_po4a_catalogs(po4a_ready)
        run_measured(["po4a", "--no-translations", config.name], po4a_ready)

    def fresh() -> Path:
        return work.fresh(pristine)

    def po4a_fresh() -> Path:
        return work.fresh(po4a_ready)

    po4a_update = median(
        [
            timed([(["po4a", "--no-translations", "po4a.cfg"], None)], po4a_fresh())
            for _ in range(reps)
        ]
    )
    extract = repeat(reps, fresh, lambda r: [handout("extract")])
    rows.append(Row("extract (cold)", extract, "po4a extract+update", po4a_update))
    update_cold = repeat(reps, fresh, lambda r: [handout("update")])
    rows.append(Row("extract + update (cold)", update_cold, "po4a extract+update", po4a_update))

    updated = pristine.parent / "updated"
    if updated.exists():
        shutil.rmtree(updated)
    shutil.copytree(pristine, updated)
    run_measured([*HANDOUT, "update"], updated)
    update_warm = repeat(reps, lambda: work.fresh(updated), lambda r: [handout("update")])
    rows.append(
        Row("extract + update (nothing changed)", update_warm, "po4a extract+update", po4a_update)
    )
    msgfmt = repeat(reps, lambda: work.fresh(updated), lambda r: [(msgfmt_script(r), None)])
    check = repeat(reps, lambda: work.fresh(updated), lambda r: [handout("check")])
    rows.append(Row("check", check, "msgfmt -c", msgfmt))

    po4a_translate = repeat(
        reps, po4a_fresh, lambda r: [(["po4a", "--no-update", "po4a.cfg"], None)]
    )
    build_cold = repeat(
        reps, lambda: work.fresh(updated), lambda r: [handout("build", "--jobs", jobs)]
    )
    rows.append(
        Row(f"text build (cold, --jobs {jobs})", build_cold, "po4a translate", po4a_translate)
    )

    built = pristine.parent / "built"
    if built.exists():
        shutil.rmtree(built)
    shutil.copytree(work.run, built, symlinks=True)  # the last cold build's result
    po4a_full = repeat(reps, po4a_fresh, lambda r: [(["po4a", "po4a.cfg"], None)])
    nothing = repeat(
        reps,
        lambda: work.fresh(built),
        lambda r: [handout("update"), handout("build", "--jobs", jobs)],
    )
    rows.append(
        Row("rebuild, nothing changed (update + build)", nothing, "po4a (full run)", po4a_full)
    )

    def edited() -> Path:
        root = work.fresh(built)
        edit_one_paragraph(root, 1)
        return root

    def po4a_edited() -> Path:
        root = work.fresh(po4a_ready)
        edit_one_paragraph(root, 1)
        return root

    po4a_one = repeat(reps, po4a_edited, lambda r: [(["po4a", "po4a.cfg"], None)])
    one = repeat(
        reps,
        edited,
        lambda r: [
            handout("update"),
            untimed(lambda: translate_fuzzy(r)),
            handout("build", "--jobs", jobs),
        ],
    )
    rows.append(Row("rebuild, one paragraph (update + build)", one, "po4a (full run)", po4a_one))
    cold_total = combined([update_cold, build_cold])
    return rows, cold_total


def audio_stages(work: Workspace, pristine: Path, args: argparse.Namespace):
    jobs = str(args.jobs)
    reps = args.audio_repeat
    updated = pristine.parent / "audio-updated"
    if updated.exists():
        shutil.rmtree(updated)
    shutil.copytree(pristine, updated)
    run_measured([*HANDOUT, "update"], updated)
    texts = spoken_texts(updated)
    shell_folder = pristine.parent / "shell"

    def shell_fresh() -> Path:
        if shell_folder.exists():
            shutil.rmtree(shell_folder)
        shell_folder.mkdir(parents=True)
        return shell_folder

    shell = repeat(reps, shell_fresh, lambda r: [(shell_script(texts, r), None)])
    seconds = audio_seconds(shell_folder)
    cold = repeat(reps, lambda: work.fresh(updated), lambda r: [handout("audio", "--jobs", jobs)])
    rows = [Row(f"audio build (cold cache, --jobs {jobs})", cold, "espeak-ng -w + lame", shell)]
    spoken = pristine.parent / "audio-built"
    if spoken.exists():
        shutil.rmtree(spoken)
    shutil.copytree(updated, spoken)
    run_measured([*HANDOUT, "audio", "--jobs", jobs], spoken)
    run_measured([*HANDOUT, "build", "--jobs", jobs], spoken)
    nothing = repeat(
        reps,
        lambda: work.fresh(spoken),
        lambda r: [
            handout("update"),
            handout("audio", "--jobs", jobs),
            handout("build", "--jobs", jobs),
        ],
    )
    rows.append(Row("audio corpus: rebuild, nothing changed (update + audio + build)", nothing))

    def edited() -> Path:
        root = work.fresh(spoken)
        edit_one_paragraph(root, 1)
        return root

    one = repeat(
        reps,
        edited,
        lambda r: [
            handout("update"),
            untimed(lambda: translate_fuzzy(r)),
            handout("audio", "--jobs", jobs),
            handout("build", "--jobs", jobs),
        ],
    )
    rows.append(Row("audio corpus: rebuild, one paragraph (update + audio + build)", one))
    build_cold = repeat(
        1,
        lambda: work.fresh(updated),
        lambda r: [handout("audio", "--jobs", jobs), handout("build", "--jobs", jobs)],
    )
    return rows, seconds, combined([build_cold]), len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20, help="N articles (default 20)")
    parser.add_argument(
        "--languages", type=int, default=3, help=f"K languages, 1-{len(LANGUAGES)} (default 3)"
    )
    parser.add_argument("--audio-articles", type=int, default=1, help="articles spoken (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per text figure (median)")
    parser.add_argument("--audio-repeat", type=int, default=1, help="runs per audio figure")
    parser.add_argument("--no-audio", action="store_true", help="text stages only")
    parser.add_argument(
        "--output", type=Path, default=BENCH / "results.json", help="where to write the results"
    )
    args = parser.parse_args()
    if not 1 <= args.languages <= len(LANGUAGES):
        parser.error(f"--languages takes 1 to {len(LANGUAGES)}")
    for tool in ("po4a", "msgfmt", "espeak-ng", "lame"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (make bench installs it)")
    languages = LANGUAGES[: args.languages]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        folder = Path(tmp)
        work = Workspace(folder / "work")
        pristine = make_corpus(folder / "corpus" / "pristine", args.articles, languages)
        words = sum(len(p.read_text("utf-8").split()) for p in (pristine / "source").glob("*.md"))
        rows, text_cold = text_stages(work, pristine, languages, args)
        audio: dict[str, object] = {}
        if not args.no_audio:
            small = make_corpus(folder / "audio" / "pristine", args.audio_articles, languages)
            audio_rows, seconds, audio_cold, programmes = audio_stages(work, small, args)
            rows += audio_rows
            audio = {
                "articles": args.audio_articles,
                "programmes": programmes,
                "audio_minutes": seconds / 60,
                "cold_audio_plus_build": asdict(audio_cold),
            }
    results = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "parameters": {
            "articles": args.articles,
            "languages": languages,
            "words": words,
            "jobs": args.jobs,
            "repeat": args.repeat,
            "audio_repeat": args.audio_repeat,
        },
        "stages": [
            {
                "stage": row.stage,
                "ours": asdict(row.ours),
                "baseline": row.baseline_name,
                "baseline_figures": None if row.baseline is None else asdict(row.baseline),
                "ratio_cpu": row.ratio,
                "ratio_wall": row.wall_ratio,
            }
            for row in rows
        ],
        "text_cold_update_plus_build": asdict(text_cold),
        "audio": audio,
        "targets": targets(rows, text_cold, audio, args),
        "seconds": time.perf_counter() - started,
    }
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(rows, args, languages, words))
    for target in results["targets"]:
        print(f"  [{target['verdict']:>4}] {target['target']}: {target['measured']}")
    print(f"wrote {args.output} ({results['seconds']:.0f} s)")


def _find(rows: list[Row], prefix: str) -> Row | None:
    return next((r for r in rows if r.stage.startswith(prefix)), None)


def targets(
    rows: list[Row], text_cold: Measurement, audio: dict[str, object], args: argparse.Namespace
) -> list[dict[str, str]]:
    found = []

    def verdict(ok: bool, applies: bool = True) -> str:
        return ("MET" if ok else "MISS") if applies else "n/a"

    cold_audio = _find(rows, "audio build")
    if cold_audio is not None and cold_audio.ratio is not None:
        found.append(
            {
                "target": "cold audio build within 1.5x the shell baseline's CPU time",
                "measured": f"{cold_audio.ratio:.2f}x CPU ({cold_audio.wall_ratio:.2f}x wall)",
                "verdict": verdict(cold_audio.ratio <= 1.5),
            }
        )
    nothing = _find(rows, "rebuild, nothing changed")
    if nothing is not None:
        full = args.articles >= 200 and args.languages >= 7
        found.append(
            {
                "target": "rebuild with nothing changed, 200 articles x 7 languages, under 3 s",
                "measured": f"{nothing.ours.wall_s:.2f} s wall for {args.articles} x "
                f"{args.languages} (update + build)",
                "verdict": verdict(nothing.ours.wall_s < 3.0, full),
            }
        )
    one = _find(rows, "rebuild, one paragraph")
    if one is not None:
        share = one.ours.wall_s / text_cold.wall_s
        found.append(
            {
                "target": "one-paragraph rebuild under 5% of the cold build",
                "measured": f"{100 * share:.1f}% of the cold update + build (wall)",
                "verdict": verdict(share < 0.05),
            }
        )
    for name in ("extract + update (cold)", "extract + update (nothing changed)"):
        row = _find(rows, name)
        if row is not None and row.ratio is not None:
            found.append(
                {
                    "target": f"{name} no slower than po4a",
                    "measured": f"{row.ratio:.2f}x po4a CPU ({row.wall_ratio:.2f}x wall)",
                    "verdict": verdict(row.ours.wall_s <= row.baseline.wall_s),  # type: ignore[union-attr]
                }
            )
    peak = max(r.ours.peak_mb for r in rows)
    largest = max(r.ours.max_rss_mb for r in rows)
    found.append(
        {
            "target": "peak memory under 300 MB",
            "measured": f"{peak:.0f} MB peak of a whole command's process tree; "
            f"largest single process {largest:.0f} MB",
            "verdict": verdict(peak < 300),
        }
    )
    return found


def table(rows: list[Row], args: argparse.Namespace, languages: list[str], words: int) -> str:
    header = (
        f"{args.articles} articles ({words} words) x {len(languages)} languages "
        f"({', '.join(languages)}); audio: {args.audio_articles} article(s); "
        f"medians of {args.repeat} (audio {args.audio_repeat}); {os.cpu_count()} CPUs"
    )
    lines = [header, ""]
    head = ("stage", "wall s", "CPU s", "peak MB", "baseline", "wall s", "CPU s", "x CPU", "x wall")
    body = []
    for row in rows:
        base = row.baseline
        body.append(
            (
                row.stage,
                f"{row.ours.wall_s:.2f}",
                f"{row.ours.cpu_s:.2f}",
                f"{row.ours.peak_mb:.0f}",
                row.baseline_name or "-",
                "-" if base is None else f"{base.wall_s:.2f}",
                "-" if base is None else f"{base.cpu_s:.2f}",
                "-" if row.ratio is None else f"{row.ratio:.2f}",
                "-" if row.wall_ratio is None else f"{row.wall_ratio:.2f}",
            )
        )
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    for r in [head, *body]:
        lines.append(
            "  ".join(
                c.ljust(w) if i in (0, 4) else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
