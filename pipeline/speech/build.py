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

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from pipeline.cache import cache_key
from pipeline.digests import digest
from pipeline.errors import HandoutError
from pipeline.executor import ExecutorSettings, parse_executor
from pipeline.failures import Failure
from pipeline.fsio import write_bytes_atomic
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.report import Report
from pipeline.runs import Tally, each_alone, project_languages
from pipeline.speech.cache import SpeechCache
from pipeline.speech.engine import EngineError, load_engine_class
from pipeline.speech.novoice import record_voiceless
from pipeline.speech.plan import Plan, choose_voices, plan_units, verifier_for
from pipeline.speech.plans import AudioPlans, RenderDigests
from pipeline.speech.programme import Programme, Rendered, output_names, recipe
from pipeline.speech.routing import (
    Router,
    Spoken,
    configured_voices,
    open_router,
    share_voice_folder,
)
from pipeline.speech.sections import SectionCache, assembled, render_missing, section_jobs
from pipeline.speech.verify import (
    VoiceMeasure,
    VoiceVerifier,
)
from pipeline.speech.voices import check_rate, speech_settings
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
        choices = _voiced(project, report, router, languages, request.rate)
        plan = plan_units(project, report, router, choices, request.articles, plans)
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


def _voiced(
    project: Project,
    report: Report,
    router: Router,
    languages: tuple[Language, ...],
    rate: int | None,
) -> dict[Language, Spoken | None]:
    """Each language's voice, and the record of which have none (the pages say so)."""
    failed: set[Language] = set()
    choices = choose_voices(project, report, router, languages, rate, None, failed)
    record_voiceless(
        project,
        voiceless={lang for lang, c in choices.items() if c is None and lang not in failed},
        voiced={lang for lang, c in choices.items() if c is not None},
    )
    return choices


def _missing(cache: SpeechCache, plan: Plan, todo: list[Programme]) -> list[SpeechJob]:
    """The jobs the stale programmes need whose audio is not in the cache, each once."""
    jobs: dict[str, SpeechJob] = {}
    for programme in todo:
        for job in plan.jobs[programme]:
            if job.key not in jobs and job.key not in cache:
                jobs[job.key] = job
    return list(jobs.values())


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
    verifier = verifier_for(project, router.default, router.settings)
    choices = choose_voices(project, report, router, languages, rate, verifier)
    return [
        (lang, spoken, _measure(verifier, router, lang, spoken)) for lang, spoken in choices.items()
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


def _languages(project: Project, request: AudioRequest) -> tuple[Language, ...]:
    languages = project_languages(project.config, request.languages)
    return tuple(lang for lang in languages if not request.languages or lang in request.languages)


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
    report: Report, plan: Plan, todo: list[Programme], unspoken: dict[str, SpeechFailure]
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


@lru_cache(maxsize=1)
def _recipe() -> str:
    return recipe()  # reads six packages' metadata: once per build, not once per file


def _inputs(programme: Programme) -> str:
    """What a programme's files are made from: the recipe and the programme, but not where
    the sentence cache lives (a moved project keeps its files)."""
    return digest(_recipe(), programme_key(programme))


def programme_key(programme: Programme) -> str:
    """Every field of the programme that its files depend on, by name."""
    return cache_key(
        ("slug", programme.slug),
        ("language", programme.language),
        ("iso639_2", programme.iso639_2),
        ("title", programme.title),
        ("clinic", programme.clinic),
        ("chapters", programme.chapters),
        (
            "lines",
            tuple((ln.key, ln.shown, ln.pause_after_ms, ln.chapter) for ln in programme.lines),
        ),
    )


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
class _Written(Tally):
    """The files, and the minutes of audio rendered this time."""

    seconds: float = 0.0


def _write(
    project: Project,
    report: Report,
    rendered: Iterable[tuple[Programme, Rendered]],
    digests: RenderDigests,
) -> _Written:
    """Write each programme's files as it arrives (a large build never holds them all)."""
    outcome = _Written()

    def write(pair: tuple[Programme, Rendered]) -> None:
        _write_programme(project, report, pair[0], pair[1], digests, outcome)

    def name(pair: tuple[Programme, Rendered]) -> str:
        return f"{pair[1].slug} in {pair[1].language}"

    each_alone(rendered, name, write, report, project.shown)
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
