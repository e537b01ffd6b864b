"""``handout audio``: every published article in every language that has a voice, as speech.

The flow, with a frozen value between each step:

1. the text build's publishing rule decides which (article, language) units
   exist (audio is never made of a translation the pages would refuse);
2. each unit becomes a :class:`~pipeline.speech.script.Script` (sentences
   after the lexicon, with pauses), each sentence a cache key;
3. only sentences whose key is new go to the engine, in worker processes;
4. each section of a unit that the section cache lacks is mastered and
   encoded in the workers (:mod:`pipeline.speech.sections`), so an edited
   paragraph costs its own section;
5. each unit's sections are joined and tagged here, and the files are
   written atomically, only when their bytes changed.

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
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

from pipeline.article.model import Article
from pipeline.digests import digest, file_digest, file_digest_or_missing
from pipeline.errors import HandoutError
from pipeline.executor import ExecutorSettings, parse_executor
from pipeline.failures import Failure, failure_of, isolated
from pipeline.fsio import raise_if_fatal, read_record, write_bytes_atomic, write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.publish import rule
from pipeline.publish.rule import Unit, decision_keys, unit_name
from pipeline.report import Report
from pipeline.speech.cache import SpeechCache
from pipeline.speech.engine import EngineError, EngineInfo, load_engine_class
from pipeline.speech.lexicon import Lexicon, load_lexicon
from pipeline.speech.novoice import record_voiceless
from pipeline.speech.plans import AudioPlans, UnitPlan
from pipeline.speech.programme import Line, Programme, Rendered, output_names, recipe
from pipeline.speech.routing import (
    Router,
    Spoken,
    configured_voices,
    open_router,
    share_voice_folder,
)
from pipeline.speech.rules import (
    SpokenRules,
    builtin_rules_digest,
    clinic_rules_path,
    project_rules,
)
from pipeline.speech.script import Script, make_script
from pipeline.speech.sections import SectionCache, assembled, render_missing, section_jobs
from pipeline.speech.verify import (
    SpokenUnit,
    VoiceMeasure,
    VoiceVerifier,
    foreign_word_warnings,
    measurable,
    project_sample,
    refuse_configured,
)
from pipeline.speech.voices import SpeechSettings, check_rate, speech_settings
from pipeline.speech.workers import SpeechFailure, SpeechJob, SpeechPool

#: progress(stage, done, total): stage is "speech" (sentences) or "sections" (mastered and encoded).
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
    sections_rendered: int = 0  # sections mastered and encoded (the rest came from the cache)


@dataclass
class _Plan:
    programmes: list[Programme] = field(default_factory=list)
    jobs: dict[Programme, tuple[SpeechJob, ...]] = field(default_factory=dict)  # every line's
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
    configured = configured_voices(project.config)
    load_engine_class(settings.engine)  # a misspelt engine fails before any worker starts
    share_voice_folder(project.config)
    languages = _languages(project, request)
    cache = SpeechCache(project.speech_cache_folder())
    plans = AudioPlans(project.digest_path("audio-plans"), project.speech_cache_folder())
    digests = RenderDigests(project)
    with _engine_errors(), SpeechPool(settings.engine, request.runs_on) as pool:
        router = open_router(pool, settings, configured, report.warn)
        engine = router.default
        failed: set[Language] = set()
        choices = _voices(project, report, router, languages, request.rate, None, failed)
        record_voiceless(
            project,
            voiceless={lang for lang, c in choices.items() if c is None and lang not in failed},
            voiced={lang for lang, c in choices.items() if c is not None},
        )
        plan = _plan(project, report, router, choices, request.articles, plans)
        todo, fresh = _stale(project, digests, plan.programmes)
        missing = _missing(cache, plan, todo)
        if cache.damaged:
            report.note(
                f"speech cache: {len(cache.damaged)} damaged entr(y/ies) "
                f"(truncated or corrupt) found; made again in {project.shown(cache.folder)}"
            )
        spoken, unspoken = _synthesize(pool, cache, missing, progress)
        todo = _without_unspoken(report, plan, todo, unspoken)
        sections = SectionCache(project.section_cache_folder())
        made = {programme: section_jobs(programme, _recipe()) for programme in todo}
        run = render_missing(pool, report, sections, made, _stage(progress))
        outcome = _write(project, report, assembled(sections, made, run), digests)
    whole = not request.articles and not request.languages
    if whole:
        sections.prune({job.key for p in plan.programmes for job in section_jobs(p, _recipe())})
    plans.save(prune=whole)
    digests.save()
    report.unchanged += fresh
    return AudioStats(
        synthesized=len(spoken),
        reused=plan.sentences - len(spoken),
        spoken=tuple(sorted(spoken)),
        languages=tuple(sorted({p.language for p in plan.programmes})),
        skipped=tuple(str(lang) for lang, choice in choices.items() if choice is None),
        written=tuple(sorted(outcome.written)),
        unchanged=outcome.unchanged + fresh,
        removed=tuple(sorted(outcome.removed)),
        seconds=outcome.seconds,  # of the programmes rendered this time
        engine=f"{engine.name} ({engine.version})",
        sections_rendered=run.rendered,
    )


def _missing(cache: SpeechCache, plan: _Plan, todo: list[Programme]) -> list[SpeechJob]:
    """The jobs the stale programmes need whose audio is not in the cache, each once."""
    jobs: dict[str, SpeechJob] = {}
    for programme in todo:
        for job in plan.jobs[programme]:
            if job.key not in jobs and job.key not in cache:
                jobs[job.key] = job
    return list(jobs.values())


def engine_info(project: Project) -> EngineInfo:
    """The configured engine's name, version and voices (asked in a worker process)."""
    settings = speech_settings(project.config)
    load_engine_class(settings.engine)
    with _engine_errors(), SpeechPool(settings.engine, 1) as pool:
        return pool.info()


def voice_router(project: Project, report: Report) -> Router:
    """Every engine the project's settings name, started once in a worker to list its voices."""
    settings = speech_settings(project.config)
    configured = configured_voices(project.config)
    load_engine_class(settings.engine)
    share_voice_folder(project.config)
    with _engine_errors(), SpeechPool(settings.engine, 1) as pool:
        return open_router(pool, settings, configured, report.warn)


def voice_table(
    project: Project, report: Report, router: Router, rate: int | None = None
) -> list[tuple[Language, Spoken | None, VoiceMeasure | None]]:
    """Every configured language (source first) with its voice, or None (and a warning),
    and the voice's measure (None where the engine gives no phonemes)."""
    config = project.config
    languages = (config.source_language, *config.languages)
    verifier = _verifier(project, router.default, router.settings)
    choices = _voices(project, report, router, languages, rate, verifier)
    return [
        (lang, spoken, _measure(verifier, router, lang, spoken))
        for lang, spoken in choices.items()
    ]


def _measure(
    verifier: VoiceVerifier, router: Router, language: Language, spoken: Spoken | None
) -> VoiceMeasure | None:
    """The voice's foreign-rule measure, where its engine's phonemes can be read."""
    if spoken is None or spoken.engine.name != router.default.name:
        return None
    return verifier.measure(language, spoken.voice.id)


@contextmanager
def _engine_errors() -> Iterator[None]:
    try:
        yield
    except EngineError as exc:
        raise HandoutError(f"speech engine failed: {exc}") from exc
    except BrokenProcessPool as exc:
        raise HandoutError("a speech worker process died; is espeak-ng installed?") from exc


def _verifier(project: Project, engine: EngineInfo, settings: SpeechSettings) -> VoiceVerifier:
    """Voice verification for this project: its region, its glossary, and its own text as the
    sample where handout has no interface strings in a language."""
    return VoiceVerifier(
        engine,
        settings.region,
        project.config.glossary,
        lambda language: project_sample(project, language),
    )


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
    router: Router,
    languages: Iterable[Language],
    rate: int | None,
    verifier: VoiceVerifier | None = None,
    failed: set[Language] | None = None,
) -> dict[Language, Spoken | None]:
    """Each language's voice: the first that speaks it and passes verification.

    A language whose configured voice is missing or refused is None and is
    added to ``failed``: that is not the same as having no voice.
    """
    engine = router.default
    verifier = verifier or _verifier(project, engine, router.settings)
    languages = tuple(languages)
    verifier.prefetch(languages)
    choices: dict[Language, Spoken | None] = {}
    for language in languages:
        try:
            choice = router.choose(language, rate, verifier.accept(language))
            if choice is not None and choice.configured and choice.engine.name == engine.name:
                refuse_configured(language, choice.choice, verifier)
        except HandoutError as exc:  # voices.<tag>.voice is not installed, or fails the measure
            report.error(exc)
            report.fail(failure_of(f"audio in {language}", exc))
            choices[language] = None
            if failed is not None:
                failed.add(language)
            continue
        if choice is None:
            refused = "; ".join(f"{m.voice}: {m.describe()}" for m in verifier.refused(language))
            reason = (
                f"no voice passes verification ({refused})"
                if refused
                else "has no voice for this language"
            )
            report.warn(f"{language} ({english_name(language)}): {engine.name} {reason}; no audio")
        choices[language] = choice
    return choices


def _plan(
    project: Project,
    report: Report,
    router: Router,
    choices: dict[Language, Spoken | None],
    only: tuple[str, ...],
    plans: AudioPlans,
) -> _Plan:
    """Every voiced unit's programme and jobs: from the plan cache, or planned now.

    Only units whose inputs changed are read, checked and localized; their
    articles are parsed once, when the first of them needs it.
    """
    plan = _Plan()
    config = project.config
    keys = decision_keys(project, report, (config.source_language, *choices))
    paths = {p.name.removesuffix(".md"): p for p in project.source_files(only)}
    articles: dict[str, Article | None] = {}
    planner = _Planner(project, report, router)
    common = digest(
        router.key_material(),
        config.clinic,
        repr(planner.settings),
        *(file_digest_or_missing(project.lexicon_path(lang)) for lang in choices),
        *(
            file_digest_or_missing(clinic_rules_path(project.lexicon_path(lang)))
            for lang in choices
        ),
        builtin_rules_digest(),
    )
    for language, choice in choices.items():
        if choice is None:
            continue
        for slug, path in paths.items():
            unit = Unit(slug, language)
            if unit not in keys.by_unit:
                continue  # unreadable source: already reported
            key = digest(common, keys.by_unit[unit], repr(choice.settings), choice.voice_digest)
            found = plans.get(key)
            if found is None:
                if slug not in articles:
                    articles[slug] = _load(project, report, path)
                article = articles[slug]
                if article is None:
                    continue
                try:
                    found = planner.plan(article, language, choice)
                except Exception as exc:  # its lexicon is malformed, say: this unit fails alone
                    raise_if_fatal(exc)
                    report.fail(failure_of(unit_name(unit), exc, project.shown))
                    continue
                if found is None:
                    continue  # its catalog cannot be read: reported, and nothing remembered
                plans.remember(key, found)
            if not found.published:
                report.note(f"{slug} in {language}: not published ({found.reason}); no audio")
                continue
            if found.programme is not None:
                plan.programmes.append(found.programme)
                plan.jobs[found.programme] = found.jobs
                plan.sentences += len(found.programme.lines)
    for warning in foreign_word_warnings(planner.spoken):
        report.warn(warning)
    return plan


def _load(project: Project, report: Report, path: Path) -> Article | None:
    try:
        return project.load(path)
    except HandoutError as exc:
        report.error(exc)
        return None


class _Planner:
    """Plans units one at a time, sharing lexicons and fallback voices between them."""

    def __init__(self, project: Project, report: Report, router: Router) -> None:
        self.project = project
        self.report = report
        self.router = router
        self.settings = speech_settings(project.config)
        self.verifier = _verifier(project, router.default, self.settings)
        self.lexicons: dict[str, Lexicon] = {}
        self.rules: dict[str, SpokenRules] = {}
        self.spoken: list[SpokenUnit] = []  # what each unit planned now says, to verify
        self.voices: dict[str, Spoken | None] = {}

    def _spoken(self, script: Script, language: Language, choice: Spoken) -> SpokenUnit:
        lexicon = self.lexicons[language.bcp47]
        return _spoken_unit(self.project, script, language, choice.voice.id, lexicon)

    def plan(self, article: Article, language: Language, choice: Spoken) -> UnitPlan | None:
        project = self.project
        decision = rule.decide(project, self.report, article, language)
        if decision is None:
            self.report.note(
                f"{article.slug} in {language}: not published (its catalog cannot be read); "
                "no audio"
            )
            return None
        if not decision.published:
            return UnitPlan(None, (), decision.reason())
        spoken = {language.bcp47} | {t.lang for t in decision.localized.article.texts() if t.lang}
        for tag in sorted(spoken):  # only these: another language's broken lexicon is not ours
            if tag not in self.lexicons:
                self.lexicons[tag] = _lexicon(project, parse_language(tag))
                self.rules[tag] = project_rules(project, parse_language(tag), self.settings.region)
        script = make_script(decision.localized, self.lexicons, self.rules)
        if measurable(choice.engine.name):
            self.spoken.append(self._spoken(script, language, choice))
        voices = {**self.voices, language.bcp47: choice}
        jobs: dict[str, SpeechJob] = {}
        lines = []
        for index, chapter in enumerate(script.chapters):
            for utterance in chapter.utterances:
                if utterance.language not in voices:
                    fallback = parse_language(utterance.language)
                    voices[utterance.language] = self.router.choose(
                        fallback, accept=self.verifier.accept(fallback)
                    )
                    self.voices[utterance.language] = voices[utterance.language]
                voice = voices[utterance.language]
                if voice is None:
                    continue  # a fallback text in a language with no voice is not read
                job = voice.job(utterance.spoken)
                jobs.setdefault(job.key, job)
                lines.append(Line(job.key, utterance.shown, utterance.pause_after_ms, index))
        if not lines:
            return UnitPlan(None, ())
        return UnitPlan(_programme(project, script, language, tuple(lines)), tuple(jobs.values()))


def _spoken_unit(
    project: Project, script: Script, language: Language, voice: str, lexicon: Lexicon
) -> SpokenUnit:
    glossary = project.config.glossary
    return SpokenUnit(
        slug=script.slug,
        language=language.bcp47,
        voice=voice,
        texts=tuple(u.spoken for u in script.utterances() if u.language == language.bcp47),
        terms=(*glossary, *(lexicon.apply(term) for term in glossary)),
    )


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
    if not path.exists() and not path.is_symlink():  # a link or FIFO is refused when read
        return Lexicon(language=language.bcp47, lexemes=())
    return load_lexicon(path, project.shown(path), language, project.config.rules)


def _synthesize(
    pool: SpeechPool, cache: SpeechCache, jobs: list[SpeechJob], progress: Progress | None
) -> tuple[list[str], dict[str, SpeechFailure]]:
    """Speak ``jobs`` into the cache: the texts spoken, and the failures by cache key."""
    spoken: list[str] = []
    failed: dict[str, SpeechFailure] = {}
    total = len(jobs)
    for result in pool.synthesize(jobs):
        if isinstance(result, SpeechFailure):
            failed[result.key] = result
        else:
            cache.put(result.key, result.pcm)
            spoken.append(result.text)
        if progress is not None:
            progress("speech", len(spoken) + len(failed), total)
    return spoken, failed


def _without_unspoken(
    report: Report, plan: _Plan, todo: list[Programme], unspoken: dict[str, SpeechFailure]
) -> list[Programme]:
    """The programmes all of whose sentences were spoken; each of the others fails, alone."""
    kept = []
    for programme in todo:
        failure = next((unspoken[j.key] for j in plan.jobs[programme] if j.key in unspoken), None)
        if failure is None:
            kept.append(programme)
        else:
            sentence = " ".join(failure.text.split())[:60]
            item = f"{programme.slug} in {programme.language}"
            report.fail(Failure(item, f"{failure.message} (on {sentence!r})", bad_input=False))
    return kept


class RenderDigests:
    """What each audio file was rendered from: ``<cache>/audio-digests.json``.

    Keys are paths relative to the audio folder and the inputs leave out where
    the cache lives, so a copied or moved project still knows its files are
    current. Losing the record costs a re-render, never a wrong file.
    """

    def __init__(self, project: Project) -> None:
        self.folder = project.config.folders.audio
        self.path = project.digest_path("audio")
        self.records: dict[str, str] = {}
        #: Per file, the size and time it had when its bytes were hashed, and that hash:
        #: an untouched file is then known without reading megabytes of MP3 again.
        self.stats: dict[str, list[Any]] = {}
        try:
            loaded = json.loads(read_record(self.path))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict) and isinstance(loaded.get("files"), dict):
            self.records = loaded["files"]
            stats = loaded.get("stats")
            self.stats = stats if isinstance(stats, dict) else {}
        elif isinstance(loaded, dict):
            self.records = loaded  # the first format: digests only
        self.changed = False

    def _key(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def _own(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.stats.get(self._key(path))
        if isinstance(known, list) and known[:2] == [st.st_size, st.st_mtime_ns]:
            return str(known[2])
        own = file_digest(path)
        if own is not None:
            self.stats[self._key(path)] = [st.st_size, st.st_mtime_ns, own]
            self.changed = True
        return own

    def fresh(self, path: Path, inputs: str) -> bool:
        own = self._own(path)
        return own is not None and self.records.get(self._key(path)) == digest(inputs, own)

    def record(self, path: Path, inputs: str) -> None:
        self.stats.pop(self._key(path), None)  # just written: hash its bytes, not its stat
        own = self._own(path)
        if own is not None and self.records.get(self._key(path)) != digest(inputs, own):
            self.records[self._key(path)] = digest(inputs, own)
            self.changed = True

    def save(self) -> None:
        if self.changed:
            data = {"files": self.records, "stats": self.stats}
            write_text_atomic(self.path, json.dumps(data, indent=0, sort_keys=True))


@lru_cache(maxsize=1)
def _recipe() -> str:
    return recipe()  # reads six packages' metadata: once per build, not once per file


def _inputs(programme: Programme) -> str:
    return digest(_recipe(), repr(dataclasses.replace(programme, cache_folder="")))


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


def _stage(progress: Progress | None) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress("sections", done, total)


@dataclass
class _Written:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _write(
    project: Project,
    report: Report,
    rendered: Iterable[tuple[Programme, Rendered]],
    digests: RenderDigests,
) -> _Written:
    """Write each programme's files as it arrives (a large build never holds them all)."""
    outcome = _Written()
    for programme, item in rendered:

        def write(programme: Programme = programme, item: Rendered = item) -> None:
            _write_programme(project, report, programme, item, digests, outcome)

        isolated(f"{item.slug} in {item.language}", write, report.fail, project.shown)
    return outcome


def _write_programme(
    project: Project,
    report: Report,
    programme: Programme,
    item: Rendered,
    digests: RenderDigests,
    outcome: _Written,
) -> None:
    outcome.seconds += item.seconds
    language = parse_language(item.language)
    folder = project.audio_folder(language)
    names = {f.name for f in item.files}
    for file in item.files:
        path = folder / file.name  # names are built from checked slugs and ASCII anchors
        changed = write_bytes_atomic(path, file.data)
        digests.record(path, _inputs(programme))
        report.wrote(project.shown(path), changed)
        if changed:
            outcome.written.append(project.shown(path))
        else:
            outcome.unchanged += 1
    tracks = project.track_folder(language, item.slug)
    for stale in sorted(tracks.glob("*.mp3")):
        if f"{item.slug}/{stale.name}" not in names:
            stale.unlink()
            outcome.removed.append(project.shown(stale))
