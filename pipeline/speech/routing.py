"""Which engine speaks which language: ``[speech.voices]`` in handout.toml.

The project's engine (``[speech] engine``, espeak-ng unless changed) speaks
every language by its tag, as :mod:`pipeline.speech.voices` chooses. A
language can be given to another engine's voice instead::

    [speech.voices]
    en = "piper:en_US-joe-medium"   # engine:voice

If that engine cannot start here (its optional extra is not installed) or has
no such voice, the language falls back to the project's engine, with one
warning line, and is spoken in its own language by tag, never by another
language's voice. A configured voice that does not speak the language at all
is a settings error for that language. Each sentence's cache key includes the
engine, the voice, the settings and, for voices that are files the user can
replace, the digest of those files.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import HandoutError
from pipeline.languages import Language, parse_language
from pipeline.safety import check_name, check_relative
from pipeline.speech.cache import speech_key
from pipeline.speech.engine import EngineInfo, VoiceInfo, VoiceSettings, load_engine_class
from pipeline.speech.voices import (
    SpeechSettings,
    VoiceChoice,
    candidate_tags,
    choose_voice,
    find_voice,
)
from pipeline.speech.workers import SpeechJob, SpeechPool


@dataclass(frozen=True)
class ConfiguredVoice:
    """One ``[speech.voices]`` entry: this language on this engine's voice."""

    language: Language
    engine: str
    voice: str


@dataclass(frozen=True)
class Spoken:
    """The voice that speaks one language, the engine it runs on, and how it was chosen."""

    engine: EngineInfo
    choice: VoiceChoice
    voice_digest: str = ""  # SHA-256 of the voice's files, where the voice is a file

    @property
    def voice(self) -> VoiceInfo:
        return self.choice.voice

    @property
    def settings(self) -> VoiceSettings:
        return self.choice.settings

    @property
    def configured(self) -> bool:
        return self.choice.configured

    def job(self, text: str) -> SpeechJob:
        """The job that speaks ``text`` in this voice, keyed by everything that shapes it."""
        key = speech_key(text, self.settings, self.engine, self.voice_digest)
        return SpeechJob(key, text, self.settings, self.engine.name)


def configured_voices(config: Config) -> tuple[ConfiguredVoice, ...]:
    """``[speech.voices]``, checked: ``tag = "engine:voice"``, each part a safe name."""
    raw = config.speech.get("voices", {}) if isinstance(config.speech, dict) else {}
    if not isinstance(raw, dict):
        raise HandoutError("speech.voices must be a table: tag = \"engine:voice\"", CONFIG_NAME)
    found: list[ConfiguredVoice] = []
    for tag, value in sorted(raw.items()):
        where = f"speech.voices.{tag}"
        try:
            language = parse_language(tag)
        except HandoutError as exc:
            raise HandoutError(f"{where}: {exc.message}", CONFIG_NAME) from exc
        engine, _, voice = value.partition(":") if isinstance(value, str) else ("", "", "")
        if not engine or not voice:
            raise HandoutError(
                f'{where} must be "engine:voice", such as "piper:en_US-joe-medium"', CONFIG_NAME
            )
        check_name(engine, f"{where} (engine)", CONFIG_NAME)
        check_relative(voice, f"{where} (voice)", CONFIG_NAME)
        found.append(ConfiguredVoice(language, engine, voice))
    return tuple(found)


def share_voice_folder(config: Config) -> None:
    """Tell engines (in this process and the workers it starts) where the project's voices are."""
    from pipeline.speech.piper import VOICE_PATH_VARIABLE

    os.environ[VOICE_PATH_VARIABLE] = str(config.folders.voices)


@dataclass
class Router:
    """Chooses each language's voice across the engines that started; warns once per language."""

    default: EngineInfo
    settings: SpeechSettings
    configured: tuple[ConfiguredVoice, ...]
    engines: dict[str, EngineInfo]  # every engine that started, by name (the default too)
    unavailable: dict[str, str]  # engine name → why it could not start
    warn: Callable[[str], None]
    _warned: set[Language] = field(default_factory=set)

    def choose(
        self,
        language: Language,
        rate: int | None = None,
        accept: Callable[[VoiceInfo], bool] | None = None,
    ) -> Spoken | None:
        """The language's configured voice, else the project engine's voice for its tag that
        ``accept`` (voice verification) lets through."""
        wanted = next((c for c in self.configured if c.language == language), None)
        if wanted is not None:
            spoken = self._configured(wanted, rate)
            if spoken is not None:
                return spoken
        choice = choose_voice(language, self.default, self.settings, rate, accept)
        return None if choice is None else Spoken(self.default, choice)

    def _configured(self, wanted: ConfiguredVoice, rate: int | None) -> Spoken | None:
        engine = self.engines.get(wanted.engine)
        voice = None if engine is None else find_voice(wanted.voice, engine.voices)
        if engine is None or voice is None:
            why = self.unavailable.get(wanted.engine) or f"{wanted.engine} has no such voice here"
            self._warn_once(
                wanted.language,
                f"{wanted.language}: voice {wanted.engine}:{wanted.voice} is not available "
                f"({why}); speaking {wanted.language} with {self.default.name} instead",
            )
            return None
        spoken_tags = {tag for tag, _ in voice.languages}
        if not spoken_tags & set(candidate_tags(wanted.language)):
            raise HandoutError(
                f"speech.voices.{wanted.language}: {wanted.engine} voice {voice.id!r} speaks "
                f"{', '.join(sorted(spoken_tags))}, not {wanted.language}",
                CONFIG_NAME,
            )
        override = self.settings.override_for(wanted.language)
        settings = VoiceSettings(
            voice=voice.id,
            rate=rate or override.rate or self.settings.rate,
            pitch=override.pitch if override.pitch is not None else self.settings.pitch,
        )
        choice = VoiceChoice(wanted.language, voice, settings, configured=True)
        digest = load_engine_class(wanted.engine).voice_digest(voice.id)
        return Spoken(engine, choice, digest)

    def _warn_once(self, language: Language, message: str) -> None:
        if language not in self._warned:
            self._warned.add(language)
            self.warn(message)

    def key_material(self) -> str:
        """What the plans' digest needs: every engine's name and version, and the routes."""
        engines = sorted((e.name, e.version) for e in self.engines.values())
        return repr((engines, sorted(self.unavailable.items()), self.configured))


def open_router(
    pool: SpeechPool,
    settings: SpeechSettings,
    configured: tuple[ConfiguredVoice, ...],
    warn: Callable[[str], None],
) -> Router:
    """Start, in the pool's workers, every engine ``[speech.voices]`` names.

    A name no engine is registered under is a settings error (a typo); an
    engine that is registered but cannot start here (Piper without its extra)
    is noted, and its languages fall back with a warning.
    """
    default = pool.info()
    engines = {default.name: default}
    unavailable: dict[str, str] = {}
    for name in sorted({c.engine for c in configured} - {default.name}):
        try:
            load_engine_class(name)
        except HandoutError as exc:
            raise HandoutError(f"speech.voices: {exc.message}", CONFIG_NAME) from exc
        try:
            engines[name] = pool.info(name)
        except Exception as exc:  # the engine's own failure to start, whatever it raises
            unavailable[name] = f"{name} cannot start: {' '.join(str(exc).split())}"
    return Router(default, settings, configured, engines, unavailable, warn)
