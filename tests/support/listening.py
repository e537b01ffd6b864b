"""A listening machine for the tests: does the audio say the words of the page?

pocketsphinx 5 (its US English acoustic model and pronouncing dictionary ship
in the package) transcribes the audio offline, with a trigram language model
built here from the article's own text, so the recognizer expects the
article's words and not the whole of English. The word error rate against
the text that was spoken then says how much of the page a listener gets.

It decodes neural voices (Piper) and MBROLA-style voices well; espeak-ng's
default formant voice it hears poorly (WER about 0.5), so it checks the
former only.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly
from support.project import BUNDLED_SLUG, REPO

from pipeline.languages import parse_language
from pipeline.speech.lexicon import load_lexicon
from pipeline.speech.sentences import split_sentences

RECOGNIZER_RATE = 16_000
_DISCOUNT = 0.5
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Transcript:
    """What the recognizer heard, against what was said."""

    reference: tuple[str, ...]
    heard: tuple[str, ...]
    errors: int

    @property
    def wer(self) -> float:
        return self.errors / max(1, len(self.reference))


def words(text: str) -> tuple[str, ...]:
    """Lower-case words as the dictionary spells them ("platelet-rich" is two words)."""
    return tuple(_WORD.findall(text.lower().replace("’", "'")))


def arpa_trigrams(sentences: Iterable[str]) -> str:
    """An ARPA trigram model of ``sentences`` (absolute discounting, with back-off weights)."""
    counts: list[Counter[tuple[str, ...]]] = [Counter(), Counter(), Counter()]
    for sentence in sentences:
        tokens = ("<s>", *words(sentence), "</s>")
        for order in (1, 2, 3):
            for i in range(len(tokens) - order + 1):
                counts[order - 1][tokens[i : i + order]] += 1
    total = sum(c for g, c in counts[0].items() if g != ("<s>",))
    probs: list[dict[tuple[str, ...], float]] = [
        {g: (c / total if g != ("<s>",) else 0.0) for g, c in counts[0].items()}
    ]
    for order in (2, 3):
        history = Counter[tuple[str, ...]]()
        for gram, count in counts[order - 1].items():
            history[gram[:-1]] += count
        probs.append(
            {g: (c - _DISCOUNT) / history[g[:-1]] for g, c in counts[order - 1].items()}
        )
    backoff = [_backoffs(probs, order) for order in (1, 2)]
    lines = ["\\data\\", *(f"ngram {n}={len(probs[n - 1])}" for n in (1, 2, 3)), ""]
    for order in (1, 2, 3):
        lines.append(f"\\{order}-grams:")
        for gram, p in sorted(probs[order - 1].items()):
            logp = -99.0 if p <= 0 else math.log10(p)
            row = f"{logp:.6f} {' '.join(gram)}"
            if order < 3:
                row += f" {math.log10(backoff[order - 1].get(gram, 1.0)):.6f}"
            lines.append(row)
        lines.append("")
    lines.append("\\end\\")
    return "\n".join(lines) + "\n"


def _backoffs(
    probs: list[dict[tuple[str, ...], float]], order: int
) -> dict[tuple[str, ...], float]:
    """Each history's back-off weight: its left-over mass over the lower order's unseen mass."""
    seen_after: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for gram in probs[order]:
        seen_after.setdefault(gram[:-1], []).append(gram)
    weights: dict[tuple[str, ...], float] = {}
    for history, grams in seen_after.items():
        left = 1.0 - sum(probs[order][g] for g in grams)
        lower = 1.0 - sum(probs[order - 1].get(g[1:], 0.0) for g in grams)
        weights[history] = max(left, 1e-9) / max(lower, 1e-9)
    return weights


def transcribe(samples: bytes, sample_rate: int, sentences: Sequence[str]) -> tuple[str, ...]:
    """The words pocketsphinx hears in 16-bit mono ``samples``, expecting ``sentences``' words."""
    from pocketsphinx import Decoder, NGramModel, get_model_path

    model = Path(get_model_path()) / "en-us"
    signal = np.frombuffer(samples, dtype="<i2").astype(np.float32)
    if sample_rate != RECOGNIZER_RATE:
        divisor = math.gcd(sample_rate, RECOGNIZER_RATE)
        signal = resample_poly(signal, RECOGNIZER_RATE // divisor, sample_rate // divisor)
    pcm = np.clip(signal, -32768, 32767).astype("<i2").tobytes()
    with tempfile.TemporaryDirectory() as folder:
        arpa = Path(folder) / "article.arpa"
        arpa.write_text(arpa_trigrams(sentences), encoding="utf-8")
        decoder = Decoder(
            hmm=str(model / "en-us"),
            dict=str(model / "cmudict-en-us.dict"),
            lm=None,
            loglevel="FATAL",
        )
        decoder.add_lm("article", NGramModel(decoder.config, decoder.logmath, str(arpa)))
        decoder.activate_search("article")
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
    return words(hypothesis.hypstr if hypothesis is not None else "")


def score(reference: str, heard: Sequence[str]) -> Transcript:
    """Word error rate: substitutions, deletions and insertions over the reference's words."""
    ref = words(reference)
    row = list(range(len(heard) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(
                row[j] + 1, row[j - 1] + 1, previous + (word != other)
            )
    return Transcript(ref, tuple(heard), row[-1])


def unknown_words(text: str) -> set[str]:
    """Words of ``text`` that the recognizer's dictionary cannot pronounce."""
    from pocketsphinx import get_model_path

    dictionary = Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
    known = {
        line.split(" ", 1)[0].split("(", 1)[0]
        for line in dictionary.read_text(encoding="utf-8").splitlines()
    }
    return set(words(text)) - known


def article_sentences() -> list[str]:
    """Every sentence of the bundled article as spoken (after the English lexicon)."""
    text = (REPO / "source" / f"{BUNDLED_SLUG}.md").read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    lexicon = load_lexicon(REPO / "source/lexicons/en.pls", "en.pls", parse_language("en"))
    blocks = [block.strip().lstrip("#").strip() for block in body.split("\n\n")]
    return [lexicon.apply(s) for block in blocks if block for s in split_sentences(block, "en")]
