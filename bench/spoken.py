"""What the spoken-form stage costs, and what the voices say, per language (issue 12).

    .venv/bin/python bench/spoken.py [--repeat N]

For each bundled language with a voice:

* the spoken-form stage's cost per sentence (median of ``--repeat`` passes
  over the bundled article's sentences, and over the tests' clinical
  phrases, which all have numbers and units), after one cold pass that
  builds the language's unit patterns (reported separately);
* the foreign-rule share of the bundled article (espeak-ng's phonemes,
  glossary terms left out) before this stage existed, with the voice the
  tag alone chose (``sit/cmn`` for Chinese, ``gmw/en``, ``roa/es``) and the
  text as written, and now, with the verified voice and the spoken forms.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.config import load_config
from pipeline.languages import parse_language
from pipeline.project import Project
from pipeline.quantity import readback, units
from pipeline.report import Report
from pipeline.speech.rules import SpokenRules, load_rules
from pipeline.speech.scriptview import script_lines
from pipeline.speech.spoken import spoken_form
from pipeline.speech.verify import measure_voices

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.spoken_phrases import PHRASES

REPO = Path(__file__).resolve().parents[1]
BEFORE = {
    "en": "gmw/en",
    "es": "roa/es",
    "zh-Hans": "sit/cmn",
    "vi": "aav/vi",
    "ar": "sem/ar",
    "ko": "ko",
    "ru": "zle/ru",
}
AFTER = {**BEFORE, "en": "gmw/en-us", "es": "roa/es-419", "zh-Hans": "sit/cmn-latn-pinyin"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        for name in ("source", "locales"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "handout.toml", root / "handout.toml")
        config = load_config(root)
        lines = script_lines(Project(config), Report(), (), ())
    terms = [*config.glossary, "P R P"]
    print(
        f"{'language':9} {'sentences':>9} {'cold':>9} {'article':>10} {'phrases':>10}"
        "  foreign-rule words, before → now"
    )
    for tag in AFTER:
        mine = [line for line in lines if line.language == tag]
        written = [line.written for line in mine]
        rules = load_rules(parse_language(tag), config.region, None)
        readback._reader.cache_clear()
        readback._unit_names.cache_clear()
        readback._cldr_patterns.cache_clear()
        units._unit_patterns.cache_clear()
        re.purge()  # the unit pattern is compiled again, as in a fresh process
        start = time.perf_counter()
        spoken_form(written[0], rules)
        cold = time.perf_counter() - start
        article = _per_sentence(written, rules, args.repeat)
        phrases = _per_sentence(PHRASES[tag], rules, args.repeat)
        before = measure_voices([BEFORE[tag]], written, terms)[BEFORE[tag]]
        after = measure_voices([AFTER[tag]], [line.spoken for line in mine], terms)[AFTER[tag]]
        print(
            f"{tag:9} {len(written):9d} {cold * 1000:7.1f}ms "
            f"{article * 1e6:7.0f} µs {phrases * 1e6:7.0f} µs  "
            f"{BEFORE[tag]} {100 * before.share:.1f}% ({before.foreign}/{before.words}) → "
            f"{AFTER[tag]} {100 * after.share:.1f}% ({after.foreign}/{after.words})"
        )


def _per_sentence(sentences: list[str], rules: SpokenRules, repeat: int) -> float:
    """Median seconds per sentence over ``repeat`` passes."""
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        for sentence in sentences:
            spoken_form(sentence, rules)
        passes.append((time.perf_counter() - start) / len(sentences))
    return statistics.median(passes)


if __name__ == "__main__":
    main()
