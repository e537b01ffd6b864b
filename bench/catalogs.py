"""Benchmark: extract + update over a generated library, against GNU msgmerge on the same files.

Usage: python bench/catalogs.py [--articles 1000] [--languages es,ru,zh-Hans] [--repeat 3]
Prints medians (seconds) and the ratio of ``handout update``'s merge to msgmerge's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit_one_paragraph, make_corpus, pofiles

from pipeline.cli import main as handout

WORK = Path(__file__).resolve().parent / ".work" / "catalogs"


def timed(setup: Callable[[], None], action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def run(articles: int, languages: list[str], repeat: int) -> dict[str, float]:
    work = WORK / f"{articles}x{len(languages)}"
    pristine = make_corpus(work / "pristine", articles, languages)
    root = work / "run"

    def fresh() -> None:
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(pristine, root)

    def quiet(*args: str) -> None:
        code = handout(["--root", str(root), *args])
        assert code == 0, code

    def cold_edited() -> None:
        fresh()
        quiet("extract")
        edit_one_paragraph(root, articles // 10)

    def warm_edited() -> None:
        fresh()
        quiet("update")
        edit_one_paragraph(root, articles // 10)

    def extracted(prepare: Callable[[], None]) -> Callable[[], None]:
        def setup() -> None:
            prepare()
            quiet("extract")

        return setup

    def msgmerge(limit: int | None) -> Callable[[], None]:
        def action() -> None:
            chosen = [p for p in pofiles(root) if limit is None or int(p.stem[-4:]) < limit]
            for po in chosen:
                subprocess.run(
                    [
                        *("msgmerge", "-q", "--previous", "-U", "--backup=off"),
                        *(str(po), str(root / "locales" / f"{po.stem}.pot")),
                    ],
                    check=True,
                )

        return action

    import contextlib
    import io

    results: dict[str, list[float]] = {}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        results["extract (cold)"] = timed(fresh, lambda: quiet("extract"), repeat)
        results["extract (nothing changed)"] = timed(lambda: None, lambda: quiet("extract"), repeat)
        quiet("update")  # the first update records what it merged; the next has nothing to do
        results["update (nothing changed)"] = timed(lambda: None, lambda: quiet("update"), repeat)
        results["update, cold (10% edited)"] = timed(cold_edited, lambda: quiet("update"), repeat)
        results["msgmerge, every catalog"] = timed(extracted(cold_edited), msgmerge(None), repeat)
        results["update, warm (10% edited)"] = timed(warm_edited, lambda: quiet("update"), repeat)
        edited_only = msgmerge(articles // 10)
        results["msgmerge, edited articles only"] = timed(
            extracted(warm_edited), edited_only, repeat
        )
    return {name: statistics.median(values) for name, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--languages", default="es,ru,zh-Hans")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    languages = args.languages.split(",")
    medians = run(args.articles, languages, args.repeat)
    print(f"{args.articles} articles x {len(languages)} languages, median of {args.repeat}")
    for name, seconds in medians.items():
        print(f"  {name:32s} {seconds:8.2f} s")
    cold = medians["update, cold (10% edited)"] / medians["msgmerge, every catalog"]
    warm = medians["update, warm (10% edited)"] / medians["msgmerge, edited articles only"]
    print(f"  ratio, cold update / msgmerge on every catalog:      {cold:.2f}x")
    print(f"  ratio, warm update / msgmerge on edited catalogs:    {warm:.2f}x")


if __name__ == "__main__":
    main()
