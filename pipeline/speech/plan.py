"""Planning the audio build: which voice speaks each language, and what each unit will say.

A unit's plan is its :class:`~pipeline.speech.programme.Programme` (each
line a sentence's cache key, with its pause and chapter) and the synthesis
job behind each line. Planning reads, checks and localizes the unit's
catalog through the publishing rule (audio is never made of a translation
the pages would refuse), applies the lexicons and spoken-form rules, and
picks fallback voices for passages in another language. Plans are kept in
:class:`~pipeline.speech.plans.AudioPlans` under a key naming every input,
so an unchanged unit is not planned again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from babel import Locale

from pipeline.article.model import Article
from pipeline.cache import cache_key
from pipeline.digests import digest, file_digest_or_missing
from pipeline.errors import HandoutError
from pipeline.failures import failure_of
from pipeline.fsio import raise_if_fatal
from pipeline.languages import Language, parse_language
from pipeline.project import Project
from pipeline.publish import rule
from pipeline.publish.rule import Unit, decision_keys, unit_name
from pipeline.report import Report
from pipeline.speech.engine import EngineInfo, VoiceSettings
from pipeline.speech.lexicon import Lexicon, load_lexicon
from pipeline.speech.plans import AudioPlans, UnitPlan
from pipeline.speech.programme import Line, Programme
from pipeline.speech.routing import Router, Spoken
from pipeline.speech.rules import (
    SpokenRules,
    builtin_rules_digest,
    clinic_rules_path,
    project_rules,
)
from pipeline.speech.script import Script, make_script
from pipeline.speech.verify import (
    SpokenUnit,
    VoiceVerifier,
    foreign_word_warnings,
    measurable,
    project_sample,
    refuse_configured,
)
from pipeline.speech.voices import SpeechSettings, speech_settings
from pipeline.speech.workers import SpeechJob
from pipeline.words.project import word_source, words_inputs


@dataclass
class Plan:
    """Every voiced unit's programme, and the jobs behind its lines."""

    programmes: list[Programme] = field(default_factory=list)
    jobs: dict[Programme, tuple[SpeechJob, ...]] = field(default_factory=dict)  # every line's
    sentences: int = 0


def choose_voices(
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
    verifier = verifier or verifier_for(project, engine, router.settings)
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


def verifier_for(project: Project, engine: EngineInfo, settings: SpeechSettings) -> VoiceVerifier:
    """Voice verification for this project: its region, its glossary, and its own text as the
    sample where handout has no interface strings in a language."""
    return VoiceVerifier(
        engine,
        settings.region,
        project.config.glossary,
        lambda language: project_sample(project, language),
    )


def plan_units(
    project: Project,
    report: Report,
    router: Router,
    choices: dict[Language, Spoken | None],
    only: tuple[str, ...],
    plans: AudioPlans,
) -> Plan:
    """Every voiced unit's programme and jobs: from the plan cache, or planned now.

    Only units whose inputs changed are read, checked and localized; their
    articles are parsed once, when the first of them needs it.
    """
    plan = Plan()
    config = project.config
    keys = decision_keys(project, report, (config.source_language, *choices))
    paths = {p.name.removesuffix(".md"): p for p in project.source_files(only)}
    planner = _Planner(project, report, router)
    common = _common_key(project, router, planner.settings, choices)
    for language, choice in choices.items():
        if choice is None:
            continue
        for slug, path in paths.items():
            unit = Unit(slug, language)
            if unit not in keys.by_unit:
                continue  # unreadable source: already reported
            key = digest(
                common, keys.by_unit[unit], voice_key(choice.settings), choice.voice_digest
            )
            found = plans.get(key)
            if found is None:
                found = _plan_now(planner, plans, unit, path, choice, key)
            if found is None:
                continue
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


def _common_key(
    project: Project,
    router: Router,
    settings: SpeechSettings,
    choices: dict[Language, Spoken | None],
) -> str:
    """What every unit's plan depends on: engines, clinic, voice settings, lexicons, rules,
    and handout's own words."""
    return digest(
        router.key_material(),
        project.config.clinic,
        speech_key(settings),
        *(file_digest_or_missing(project.lexicon_path(lang)) for lang in choices),
        *(
            file_digest_or_missing(clinic_rules_path(project.lexicon_path(lang)))
            for lang in choices
        ),
        builtin_rules_digest(),
        *(  # handout's own words the audio says ("Picture: …"), a project's handout.po first
            file_digest_or_missing(path)
            for lang in choices
            for path in words_inputs(project, lang)
        ),
    )


def voice_key(settings: VoiceSettings) -> str:
    """How a voice speaks, by name: its id, rate and pitch."""
    return cache_key(("voice", settings.voice), ("rate", settings.rate), ("pitch", settings.pitch))


def speech_key(settings: SpeechSettings) -> str:
    """The ``[speech]`` and ``[voices.*]`` settings, by name."""
    overrides = tuple(
        (language.bcp47, o.voice, o.rate, o.pitch) for language, o in settings.overrides
    )
    return cache_key(
        ("engine", settings.engine),
        ("rate", settings.rate),
        ("pitch", settings.pitch),
        ("overrides", overrides),
        ("region", settings.region),
    )


def _plan_now(
    planner: _Planner, plans: AudioPlans, unit: Unit, path: Path, choice: Spoken, key: str
) -> UnitPlan | None:
    """Plan a unit the plan cache does not know, and remember it; None if it cannot be."""
    project, report = planner.project, planner.report
    if unit.slug not in planner.articles:
        planner.articles[unit.slug] = _load(project, report, path)
    article = planner.articles[unit.slug]
    if article is None:
        return None
    try:
        found = planner.plan(article, unit.language, choice)
    except Exception as exc:  # its lexicon is malformed, say: this unit fails alone
        raise_if_fatal(exc)
        report.fail(failure_of(unit_name(unit), exc, project.shown))
        return None
    if found is None:
        return None  # its catalog cannot be read: reported, and nothing remembered
    plans.remember(key, found)
    return found


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
        self.verifier = verifier_for(project, router.default, self.settings)
        self.lexicons: dict[str, Lexicon] = {}
        self.rules: dict[str, SpokenRules] = {}
        self.spoken: list[SpokenUnit] = []  # what each unit planned now says, to verify
        self.voices: dict[str, Spoken | None] = {}
        self.articles: dict[str, Article | None] = {}  # parsed once, when a unit first needs it

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
                self.lexicons[tag] = lexicon_for(project, parse_language(tag))
                self.rules[tag] = project_rules(project, parse_language(tag), self.settings.region)
        words = word_source(self.project)
        script = make_script(decision.localized, self.lexicons, self.rules, words)
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


def lexicon_for(project: Project, language: Language) -> Lexicon:
    path = project.lexicon_path(language)
    if not path.exists() and not path.is_symlink():  # a link or FIFO is refused when read
        return Lexicon(language=language.bcp47, lexemes=())
    return load_lexicon(path, project.shown(path), language, project.config.rules)
