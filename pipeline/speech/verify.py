"""Does a voice speak the language it is given? Measured on the engine's own phonemes.

The measure is the share of a sample text's words that the voice reads
under another language's rules (espeak-ng's ``(xx)`` switches, see
:mod:`pipeline.speech.phonemes`). A Mandarin voice that turns characters into
pinyin and reads the pinyin as English scores near 100%; the voice that
reads it as Mandarin scores 0. A voice above :data:`FOREIGN_LIMIT` is
refused, so the choice between two voices that both claim a language is made
by what they say, not by a table of exceptions.

Glossary terms (Latin-letter terms such as "PRP" that every translation keeps
as written) are taken out of the sample first: reading them with English
rules is what a patient hears in the clinic too.

Only espeak-ng gives phonemes this way; other engines are not measured.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields

from pipeline.article.inline import text_of
from pipeline.catalog.pofile import read_catalog
from pipeline.config import CONFIG_NAME
from pipeline.errors import HandoutError
from pipeline.languages import Language
from pipeline.project import Project
from pipeline.speech.engine import DEFAULT_ENGINE, EngineInfo, VoiceInfo
from pipeline.speech.lexicon import _SPACELESS
from pipeline.speech.phonemes import Phonemized, phonemize_many
from pipeline.speech.voices import VoiceChoice, ranked_voices
from pipeline.text.ui import Ui, ui_for

#: Above this share of foreign-rule words a voice is refused (2 words in 100).
FOREIGN_LIMIT = 0.02
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_WORDISH = rf"[^\W{_SPACELESS}]"


@dataclass(frozen=True)
class VoiceMeasure:
    """How much of a sample one voice reads under other languages' rules."""

    voice: str
    words: int
    foreign: int
    rules: tuple[str, ...]  # the other languages' rules it switched to, sorted
    examples: tuple[str, ...]  # the first few sample texts with a foreign-rule word

    @property
    def share(self) -> float:
        return self.foreign / self.words if self.words else 0.0

    @property
    def passes(self) -> bool:
        return self.share <= FOREIGN_LIMIT

    def describe(self) -> str:
        """``3.1% foreign (en), 4 of 130 words``: the ``handout voices`` column."""
        rules = f" ({', '.join(self.rules)})" if self.rules else ""
        return f"{100 * self.share:.1f}% foreign{rules}, {self.foreign} of {self.words} words"


def measurable(engine_name: str) -> bool:
    """True when the engine's phonemes can be read (espeak-ng's, through its library)."""
    return engine_name == DEFAULT_ENGINE


def ui_sample(language: Language) -> tuple[str, ...]:
    """The language's own interface strings, when handout has them (else nothing).

    Strings left as the English ones (product names such as "Markdown") and
    placeholders are left out: they are not the language.
    """
    ui = ui_for(language)
    if ui.lang == "en" and language.language != "en":
        return ()
    english = ui_for(Language("en", None, None))
    texts = []
    for field in fields(Ui):
        if field.name == "lang":
            continue
        text = _PLACEHOLDER.sub(" ", str(getattr(ui, field.name))).strip()
        if text and (language.language == "en" or text != getattr(english, field.name)):
            texts.append(text)
    return tuple(texts)


def without_terms(text: str, terms: Iterable[str]) -> str:
    """``text`` with each glossary term (whole word, or inside spaceless script) removed."""
    for term in sorted(set(terms), key=lambda t: (-len(t), t)):
        before = f"(?<!{_WORDISH})" if re.match(_WORDISH, term[0]) else ""
        after = f"(?!{_WORDISH})" if re.match(_WORDISH, term[-1]) else ""
        text = re.sub(before + re.escape(term) + after, " ", text)
    return text


def _kept(texts: Iterable[str], terms: Iterable[str]) -> list[str]:
    """The sample as measured: glossary terms out, empty texts dropped."""
    terms = tuple(terms)
    return [t for t in (without_terms(text, terms).strip() for text in texts) if t]


def measure_phonemized(voice: str, read: Sequence[Phonemized]) -> VoiceMeasure:
    """The measure of texts already turned into phonemes."""
    words = sum(len(p.words) for p in read)
    foreign = [w for p in read for w in p.foreign_words]
    examples = tuple(p.text for p in read if p.foreign_words)[:3]
    rules = tuple(sorted({w.foreign for w in foreign if w.foreign}))
    return VoiceMeasure(voice, words, len(foreign), rules, examples)


def measure_voices(
    voices: Sequence[str], texts: Sequence[str], terms: Iterable[str] = ()
) -> dict[str, VoiceMeasure]:
    """Each voice's measure on ``texts`` (glossary ``terms`` taken out first)."""
    kept = _kept(texts, terms)
    read = phonemize_many([(voice, kept) for voice in voices])
    return {
        voice: measure_phonemized(voice, found) for voice, found in zip(voices, read, strict=True)
    }


class VoiceVerifier:
    """Measures each language's candidate voices once, on that language's sample text.

    ``accept(language)`` is what :func:`~pipeline.speech.voices.choose_voice`
    takes to pass over refused voices; :meth:`measure` is what ``handout
    voices`` shows. Engines without phonemes accept every voice, unmeasured.
    """

    def __init__(
        self,
        engine: EngineInfo,
        region: str | None,
        terms: Iterable[str] = (),
        fallback: Callable[[Language], tuple[str, ...]] | None = None,
    ) -> None:
        self.engine = engine
        self.region = region
        self.terms = tuple(terms)
        self.fallback = fallback  # a sample for languages handout has no interface strings in
        self.measures: dict[tuple[Language, str], VoiceMeasure] = {}

    def sample(self, language: Language) -> tuple[str, ...]:
        """handout's interface strings in ``language``, else the project's own text in it."""
        found = ui_sample(language)
        if not found and self.fallback is not None:
            found = self.fallback(language)
        return found

    def prefetch(self, languages: Iterable[Language]) -> None:
        """Measure every candidate voice of ``languages`` in one child process."""
        if not measurable(self.engine.name):
            return
        todo = [
            (language, voice.id)
            for language in languages
            if not any(key[0] == language for key in self.measures)
            for voice in ranked_voices(language, self.engine.voices, self.region)
        ]
        kept = {language: _kept(self.sample(language), self.terms) for language, _ in todo}
        read = phonemize_many([(voice, kept[language]) for language, voice in todo])
        for (language, voice), found in zip(todo, read, strict=True):
            self.measures[(language, voice)] = measure_phonemized(voice, found)

    def _measure_language(self, language: Language) -> None:
        if not measurable(self.engine.name):
            return
        if any(key[0] == language for key in self.measures):
            return
        ranked = [v.id for v in ranked_voices(language, self.engine.voices, self.region)]
        self.measure_voices(language, ranked)

    def measure_voices(self, language: Language, voices: Sequence[str]) -> None:
        todo = [v for v in voices if (language, v) not in self.measures]
        if todo and measurable(self.engine.name):
            found = measure_voices(todo, self.sample(language), self.terms)
            for voice, measure in found.items():
                self.measures[(language, voice)] = measure

    def accept(self, language: Language) -> Callable[[VoiceInfo], bool]:
        self._measure_language(language)

        def accepted(voice: VoiceInfo) -> bool:
            found = self.measures.get((language, voice.id))
            return found is None or found.passes

        return accepted

    def measure(self, language: Language, voice: str) -> VoiceMeasure | None:
        """The measure of ``voice`` in ``language`` (measured now if need be)."""
        self.measure_voices(language, [voice])
        return self.measures.get((language, voice))

    def refused(self, language: Language) -> tuple[VoiceMeasure, ...]:
        """The voices measured for ``language`` that failed, in the order they were ranked."""
        return tuple(
            m for (lang, _), m in self.measures.items() if lang == language and not m.passes
        )


def refuse_configured(language: Language, choice: VoiceChoice, verifier: VoiceVerifier) -> None:
    """A voice named in handout.toml is refused like any other: with one line saying why."""
    found = verifier.measure(language, choice.voice.id)
    if found is not None and not found.passes:
        example = f' (e.g. "{found.examples[0][:40]}")' if found.examples else ""
        raise HandoutError(
            f"voices.{language}.voice: {choice.voice.id} reads {found.describe()} under "
            f"another language's rules{example}; above the {100 * FOREIGN_LIMIT:.0f}% limit",
            CONFIG_NAME,
        )


def project_sample(project: Project, language: Language, limit: int = 60) -> tuple[str, ...]:
    """Up to ``limit`` texts the project has in ``language``: its translated messages (or,
    for the source language, its articles), as plain words; unreadable files are skipped
    (the commands that need them report them)."""
    texts: list[str] = []
    for path in project.source_files():
        slug = path.name.removesuffix(".md")
        try:
            if language == project.config.source_language:
                texts += [text_of(t.markdown) for t in project.load(path).texts()]
            else:
                catalog = read_catalog(project.catalog_path(language, slug))
                texts += [text_of(e.msgstr) for e in catalog.translated_entries()]
        except (HandoutError, OSError):
            continue
        if len(texts) >= limit:
            break
    return tuple(t for t in texts[:limit] if t.strip())


@dataclass(frozen=True)
class SpokenUnit:
    """One planned article in one language, as its voice will be given it."""

    slug: str
    language: str
    voice: str
    texts: tuple[str, ...]  # the spoken forms of its sentences in its own language
    terms: tuple[str, ...]  # glossary terms, as written and as the lexicon has them said


def foreign_word_warnings(units: Sequence[SpokenUnit]) -> list[str]:
    """One warning per unit whose own sentences have words read under other languages' rules.

    A voice that passed verification can still meet an English word left in a
    translation, or a brand name: the patient hears it with English rules. All
    units are read in one child process.
    """
    if not units:
        return []
    read = phonemize_many([(u.voice, _kept(u.texts, u.terms)) for u in units])
    warnings = []
    for unit, found in zip(units, read, strict=True):
        measure = measure_phonemized(unit.voice, found)
        if measure.foreign:
            example = f' (first in "{measure.examples[0][:50]}")' if measure.examples else ""
            warnings.append(
                f"{unit.slug} in {unit.language}: {unit.voice} reads {measure.describe()} under "
                f"another language's rules{example}; add such terms to the glossary or say them "
                "in a lexicon (see handout script --phonemes)"
            )
    return warnings
