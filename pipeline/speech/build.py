"""``handout audio``: every published article in every language that has a voice, as speech.

The flow, with a frozen value between each step:

1. the text build's publishing rule decides which (article, language) units
   exist (audio is never made of a translation the pages would refuse);
2. each unit becomes a :class:`~pipeline.speech.script.Script` (sentences
   after the lexicon, with pauses), each sentence a cache key;
3. only sentences whose key is new go to the engine, in worker processes;
4. each unit is rendered (master, encode, tag) in the workers, and the files
   are written atomically, only when their bytes changed.

A language with no voice gets one warning and no audio. The build returns an
:class:`AudioStats` that counts syntheses, so "nothing changed → nothing
synthesized" is something tests can check rather than hope.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from babel import Locale

from pipeline import build as text_build
from pipeline.article.model import Article
from pipeline.digests import digest, file_digest
from pipeline.errors import HandoutError
from pipeline.executor import ExecutorSettings, parse_executor
from pipeline.fsio import write_bytes_atomic, write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.speech.cache import SpeechCache, speech_key
from pipeline.speech.engine import EngineError, EngineInfo, load_engine_class
from pipeline.speech.lexicon import Lexicon, load_lexicon
from pipeline.speech.render import Line, Programme, Rendered, output_names, recipe, render
from pipeline.speech.script import Script, make_script
from pipeline.speech.voices import (
    SpeechSettings,
    VoiceChoice,
    check_rate,
    choose_voice,
    speech_settings,
)
from pipeline.speech.workers import SpeechJob, SpeechPool

#: progress(stage, done, total): stage is "speech" or "audio files".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AudioRequest:
    """What one audio build was asked for: empty tuples mean everything."""

    languages: tuple[Language, ...] = ()
    articles: tuple[str, ...] = ()
    jobs: int = 0  # worker processes; 0 = one per CPU
    rate: int | None = None  # words per minute for every voice, this build only
    executor: ExecutorSettings | None = None  # where work runs; None: local, ``jobs`` processes

    @property
    def runs_on(self) -> ExecutorSettings:
        return self.executor or ExecutorSettings(jobs=self.jobs)


@dataclass(frozen=True)
class AudioStats:
    """What the build did. ``spoken`` is every text the engine was handed, sorted."""

    synthesized: int
    reused: int
    spoken: tuple[str, ...]
    languages: tuple[str, ...]
    skipped: tuple[str, ...]
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    seconds: float
    engine: str


@dataclass
class _Plan:
    programmes: list[Programme] = field(default_factory=list)
    jobs: dict[str, SpeechJob] = field(default_factory=dict)
    sentences: int = 0


def parse_audio_request(
    languages: tuple[str, ...],
    articles: tuple[str, ...],
    jobs: int | None,
    rate: int | None,
    executor: str | None = None,
    scheduler: str | None = None,
) -> AudioRequest:
    """The command line's strings as a validated request."""
    settings = parse_executor(executor, jobs, scheduler)
    return AudioRequest(
        languages=tuple(parse_language(tag) for tag in languages),
        articles=articles,
        jobs=settings.jobs,
        rate=None if rate is None else check_rate(rate),
        executor=settings,
    )


def build_audio(
    project: Project, report: Report, request: AudioRequest, progress: Progress | None = None
) -> AudioStats:
    settings = speech_settings(project.config)
    load_engine_class(settings.engine)  # a misspelt engine fails before any worker starts
    languages = _languages(project, request)
    articles = _articles(project, report, request.articles)
    cache = SpeechCache(project.speech_cache_folder())
    with _engine_errors(), SpeechPool(settings.engine, request.runs_on) as pool:
        engine = pool.info()
        choices = _voices(project, report, engine, settings, languages, request.rate)
        plan = _plan(project, report, engine, cache, choices, articles)
        spoken = _synthesize(pool, cache, plan, progress)
        digests = RenderDigests(project)
        todo, fresh = _stale(project, digests, plan.programmes)
        rendered = list(_render(pool, todo, progress))
    written, unchanged, removed = _write(project, report, rendered, digests)
    digests.save()
    unchanged += fresh
    report.unchanged += fresh
    return AudioStats(
        synthesized=len(spoken),
        reused=plan.sentences - len(spoken),
        spoken=tuple(sorted(spoken)),
        languages=tuple(sorted({p.language for p in plan.programmes})),
        skipped=tuple(str(lang) for lang, choice in choices.items() if choice is None),
        written=tuple(written),
        unchanged=unchanged,
        removed=tuple(removed),
        seconds=sum(r.seconds for _, r in rendered),  # of the programmes rendered this time
        engine=f"{engine.name} ({engine.version})",
    )


def engine_info(project: Project) -> EngineInfo:
    """The configured engine's name, version and voices (asked in a worker process)."""
    settings = speech_settings(project.config)
    load_engine_class(settings.engine)
    with _engine_errors(), SpeechPool(settings.engine, 1) as pool:
        return pool.info()


def voice_table(
    project: Project, report: Report, engine: EngineInfo, rate: int | None = None
) -> list[tuple[Language, VoiceChoice | None]]:
    """Every configured language (source first) with its voice, or None (and a warning)."""
    settings = speech_settings(project.config)
    config = project.config
    languages = (config.source_language, *config.languages)
    choices = _voices(project, report, engine, settings, languages, rate)
    return list(choices.items())


@contextmanager
def _engine_errors() -> Iterator[None]:
    try:
        yield
    except EngineError as exc:
        raise HandoutError(f"speech engine failed: {exc}") from exc
    except BrokenProcessPool as exc:
        raise HandoutError("a speech worker process died; is espeak-ng installed?") from exc


def _languages(project: Project, request: AudioRequest) -> tuple[Language, ...]:
    config = project.config
    languages = (config.source_language, *config.languages)
    for language in request.languages:
        if language not in languages:
            raise HandoutError(
                f"{language} is not a language of this project (see 'languages' in handout.toml)"
            )
    return tuple(lang for lang in languages if not request.languages or lang in request.languages)


def _articles(project: Project, report: Report, only: tuple[str, ...]) -> list[Article]:
    articles = []
    for path in project.source_files(only):
        try:
            articles.append(project.load(path))
        except HandoutError as exc:
            report.error(exc)
    return articles


def _voices(
    project: Project,
    report: Report,
    engine: EngineInfo,
    settings: SpeechSettings,
    languages: Iterable[Language],
    rate: int | None,
) -> dict[Language, VoiceChoice | None]:
    choices: dict[Language, VoiceChoice | None] = {}
    for language in languages:
        choice = choose_voice(language, engine, settings, rate)
        if choice is None:
            report.warn(
                f"{language} ({english_name(language)}): {engine.name} has no voice "
                "for this language; no audio"
            )
        choices[language] = choice
    return choices


def _plan(
    project: Project,
    report: Report,
    engine: EngineInfo,
    cache: SpeechCache,
    choices: dict[Language, VoiceChoice | None],
    articles: list[Article],
) -> _Plan:
    plan = _Plan()
    lexicons: dict[str, Lexicon] = {}
    settings = speech_settings(project.config)
    voices_by_tag: dict[str, VoiceChoice | None] = {str(k): v for k, v in choices.items()}
    for language, choice in choices.items():
        if choice is None:
            continue
        for article in articles:
            decision = text_build.decide(project, report, article, language)
            if decision is None or not decision.published:
                why = "its catalog cannot be read" if decision is None else decision.reason()
                report.note(f"{article.slug} in {language}: not published ({why}); no audio")
                continue
            for tag in {language.bcp47, project.config.source_language.bcp47}:
                if tag not in lexicons:
                    lexicons[tag] = _lexicon(project, parse_language(tag))
            script = make_script(decision.localized, lexicons)
            lines = []
            for index, chapter in enumerate(script.chapters):
                for utterance in chapter.utterances:
                    voice = voices_by_tag.get(utterance.language)
                    if voice is None and utterance.language not in voices_by_tag:
                        voice = choose_voice(parse_language(utterance.language), engine, settings)
                        voices_by_tag[utterance.language] = voice
                    if voice is None:
                        continue  # a fallback text in a language with no voice is not read
                    key = speech_key(utterance.spoken, voice.settings, engine)
                    if key not in cache and key not in plan.jobs:
                        plan.jobs[key] = SpeechJob(key, utterance.spoken, voice.settings)
                    plan.sentences += 1
                    lines.append(Line(key, utterance.shown, utterance.pause_after_ms, index))
            if lines:
                plan.programmes.append(_programme(project, script, language, tuple(lines)))
    return plan


def _programme(
    project: Project, script: Script, language: Language, lines: tuple[Line, ...]
) -> Programme:
    return Programme(
        slug=script.slug,
        language=language.bcp47,
        iso639_2=iso639_2(language),
        title=script.title,
        clinic=project.config.clinic,
        chapters=tuple((c.title, c.anchor) for c in script.chapters),
        lines=lines,
        cache_folder=str(project.speech_cache_folder()),
    )


def english_name(language: Language) -> str:
    """The English name of the language itself: "Tagalog" for tl, not CLDR's "Filipino"."""
    name = Locale("en").languages.get(language.language)
    return str(name or language.locale.english_name or language)


def iso639_2(language: Language) -> str:
    """ID3's language code: ISO 639-2 (``zho`` for zh-Hans, ``tgl`` for tl)."""
    found = (
        pycountry.languages.get(alpha_2=language.language) if len(language.language) == 2 else None
    )
    if found is None:
        found = pycountry.languages.get(alpha_3=language.language)
    return str(getattr(found, "alpha_3", "und"))


def _lexicon(project: Project, language: Language) -> Lexicon:
    path = project.lexicon_path(language)
    if not path.is_file():
        return Lexicon(language=language.bcp47, lexemes=())
    return load_lexicon(path, project.shown(path), language)


def _synthesize(
    pool: SpeechPool, cache: SpeechCache, plan: _Plan, progress: Progress | None
) -> list[str]:
    spoken: list[str] = []
    total = len(plan.jobs)
    for result in pool.synthesize(plan.jobs.values()):
        cache.put(result.key, result.pcm)
        spoken.append(result.text)
        if progress is not None:
            progress("speech", len(spoken), total)
    return spoken


class RenderDigests:
    """What each audio file was rendered from: ``<cache>/audio-digests.json``.

    Keys are paths relative to the audio folder and the inputs leave out where
    the cache lives, so a copied or moved project still knows its files are
    current. Losing the record costs a re-render, never a wrong file.
    """

    def __init__(self, project: Project) -> None:
        self.folder = project.config.folders.audio
        self.path = project.digest_path("audio")
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            self.records: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self.records = {}
        self.changed = False

    def _key(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def fresh(self, path: Path, inputs: str) -> bool:
        own = file_digest(path)
        return own is not None and self.records.get(self._key(path)) == digest(inputs, own)

    def record(self, path: Path, inputs: str) -> None:
        own = file_digest(path)
        if own is not None and self.records.get(self._key(path)) != digest(inputs, own):
            self.records[self._key(path)] = digest(inputs, own)
            self.changed = True

    def save(self) -> None:
        if self.changed:
            write_text_atomic(self.path, json.dumps(self.records, indent=0, sort_keys=True))


def _inputs(programme: Programme) -> str:
    return digest(recipe(), repr(dataclasses.replace(programme, cache_folder="")))


def _stale(
    project: Project, digests: RenderDigests, programmes: list[Programme]
) -> tuple[list[Programme], int]:
    """Programmes whose files are missing, edited or made from other inputs; the rest count."""
    todo: list[Programme] = []
    fresh = 0
    for programme in programmes:
        folder = project.audio_folder(parse_language(programme.language))
        names = output_names(programme)
        if all(digests.fresh(folder / name, _inputs(programme)) for name in names):
            fresh += len(names)
        else:
            todo.append(programme)
    return todo, fresh


def _render(
    pool: SpeechPool, programmes: list[Programme], progress: Progress | None
) -> Iterator[tuple[Programme, Rendered]]:
    total = len(programmes)
    for done, rendered in enumerate(pool.run(_render_one, programmes), start=1):
        if progress is not None:
            progress("audio files", done, total)
        yield rendered


def _render_one(programme: Programme) -> tuple[Programme, Rendered]:
    return programme, render(programme)


def _write(
    project: Project,
    report: Report,
    rendered: list[tuple[Programme, Rendered]],
    digests: RenderDigests,
) -> tuple[list[str], int, list[str]]:
    written: list[str] = []
    removed: list[str] = []
    unchanged = 0
    for programme, item in sorted(rendered, key=lambda r: (r[1].language, r[1].slug)):
        language = parse_language(item.language)
        folder = project.audio_folder(language)
        names = {f.name for f in item.files}
        for file in item.files:
            path = folder / file.name  # names are built from checked slugs and ASCII anchors
            changed = write_bytes_atomic(path, file.data)
            digests.record(path, _inputs(programme))
            report.wrote(project.shown(path), changed)
            if changed:
                written.append(project.shown(path))
            else:
                unchanged += 1
        tracks = project.track_folder(language, item.slug)
        for stale in sorted(tracks.glob("*.mp3")):
            if f"{item.slug}/{stale.name}" not in names:
                stale.unlink()
                removed.append(project.shown(stale))
    return written, unchanged, removed
