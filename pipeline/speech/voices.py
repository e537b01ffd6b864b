"""Which voice speaks which language: matched by language tag, overridable in handout.toml.

Voices are matched on the tags the engine says they speak, from the most
specific form of the project's tag to the bare language (``pt-BR`` →
``pt-br`` → ``pt``), through a short table of names engines use instead of
ours (``zh`` is ``cmn`` in espeak-ng). There is no fallback beyond the
language itself: a language with no voice gets no audio, never another
language's voice.

Settings, all optional::

    [speech]
    engine = "espeak-ng"   # or any engine registered as a plugin
    rate = 150             # words per minute, for every language
    pitch = 50             # 0-100

    [voices.es]
    voice = "roa/es-419"   # a voice id or name from `handout voices`
    rate = 140

Where a language has voices for several regions, the default is the one of
the clinic's region: ``region = "US"`` in handout.toml (a CLDR territory), or the
source language's own territory (``source_language = "en-US"``). The region
tags come before the bare language, including CLDR's parent locale for the
pair (a US clinic's Spanish is ``es-US``, whose CLDR parent is ``es-419``,
Latin American Spanish), so nothing here lists which country speaks what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from babel.core import get_global

from pipeline.config import CONFIG_NAME, Config
from pipeline.errors import HandoutError
from pipeline.languages import Language, parse_language
from pipeline.safety import check_name, check_relative
from pipeline.speech.engine import DEFAULT_ENGINE, EngineInfo, VoiceInfo, VoiceSettings

#: Slower than espeak's 175: patients listening to medical instructions.
DEFAULT_RATE = 150
DEFAULT_PITCH = 50
RATE_RANGE = (80, 450)  # what espeak-ng accepts, and a sane bound for any engine
PITCH_RANGE = (0, 100)

#: Tags engines use for a language where ours differ (BCP 47 lower case).
_ALIASES: dict[str, tuple[str, ...]] = {
    "zh": ("cmn", "zh-cmn"),
    "zh-hans": ("cmn", "zh-cmn"),
    "zh-hant": ("cmn", "zh-cmn"),
    "zh-hk": ("yue", "zh-yue"),
    "zh-hant-hk": ("yue", "zh-yue"),
    "he": ("iw",),
    "id": ("in",),
    "nb": ("no",),
}
_SPEECH_KEYS = {"engine", "rate", "pitch", "voices"}  # voices: pipeline.speech.routing
_VOICE_KEYS = {"voice", "rate", "pitch"}


@dataclass(frozen=True)
class VoiceOverride:
    voice: str | None = None
    rate: int | None = None
    pitch: int | None = None


@dataclass(frozen=True)
class SpeechSettings:
    """The ``[speech]`` and ``[voices.*]`` tables of handout.toml, checked."""

    engine: str = DEFAULT_ENGINE
    rate: int = DEFAULT_RATE
    pitch: int = DEFAULT_PITCH
    overrides: tuple[tuple[Language, VoiceOverride], ...] = ()
    region: str | None = None  # the clinic's CLDR territory ("US"), for regional voices

    def override_for(self, language: Language) -> VoiceOverride:
        return dict(self.overrides).get(language, VoiceOverride())


@dataclass(frozen=True)
class VoiceChoice:
    """The voice for one language, and why it was chosen."""

    language: Language
    voice: VoiceInfo
    settings: VoiceSettings
    configured: bool  # named in handout.toml rather than matched by tag


def speech_settings(config: Config) -> SpeechSettings:
    raw_speech = config.speech
    if not isinstance(raw_speech, dict):
        raise HandoutError("speech must be a table", CONFIG_NAME)
    _no_unknown(config, raw_speech, _SPEECH_KEYS, "speech")
    engine = raw_speech.get("engine", DEFAULT_ENGINE)
    if not isinstance(engine, str) or not engine:
        raise HandoutError("speech.engine must be an engine name", CONFIG_NAME)
    check_name(engine, "speech.engine", CONFIG_NAME)
    overrides: list[tuple[Language, VoiceOverride]] = []
    for tag, table in sorted(config.voices.items()):
        if not isinstance(table, dict):
            raise HandoutError(f"voices.{tag} must be a table", CONFIG_NAME)
        try:
            language = parse_language(tag)
        except HandoutError as exc:
            raise HandoutError(f"voices.{tag}: {exc.message}", CONFIG_NAME) from exc
        _no_unknown(config, table, _VOICE_KEYS, f"voices.{tag}")
        voice = table.get("voice")
        if voice is not None and (not isinstance(voice, str) or not voice):
            raise HandoutError(f"voices.{tag}.voice must be a voice name", CONFIG_NAME)
        if voice is not None:  # an engine may read it as a file name ("roa/es-419")
            check_relative(voice, f"voices.{tag}.voice", CONFIG_NAME)
        overrides.append(
            (
                language,
                VoiceOverride(
                    voice=voice,
                    rate=_number(table, "rate", f"voices.{tag}", RATE_RANGE),
                    pitch=_number(table, "pitch", f"voices.{tag}", PITCH_RANGE),
                ),
            )
        )
    return SpeechSettings(
        region=config.region,
        engine=engine,
        rate=_number(raw_speech, "rate", "speech", RATE_RANGE) or DEFAULT_RATE,
        pitch=_number(raw_speech, "pitch", "speech", PITCH_RANGE) or DEFAULT_PITCH,
        overrides=tuple(overrides),
    )


def check_rate(rate: int) -> int:
    """A ``--rate`` from the command line, held to the same bounds as the settings."""
    low, high = RATE_RANGE
    if not low <= rate <= high:
        raise HandoutError(f"--rate must be between {low} and {high} words per minute")
    return rate


def _no_unknown(config: Config, table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:  # with its line in handout.toml and the keys the table knows
        raise config.unknown_key(where, unknown[0], allowed)


def _number(table: dict[str, Any], key: str, where: str, bounds: tuple[int, int]) -> int | None:
    if key not in table:
        return None
    value = table[key]
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HandoutError(
            f"{where}.{key} must be a whole number from {low} to {high}", CONFIG_NAME
        )
    return value


def candidate_tags(language: Language, region: str | None = None) -> tuple[str, ...]:
    """Tags to look for, most specific first; never another language.

    ``region`` (the clinic's) counts where the language names none: first the
    language in that region, then CLDR's parent locale of that pair.
    """
    base = language.language.lower()
    script = (language.script or "").lower()
    territory = (language.territory or "").lower()
    tags: list[str] = []
    if region and not territory:
        tags.append(f"{base}-{region.lower()}")
        parent = get_global("parent_exceptions").get(f"{language.gettext}_{region}")
        if parent and parent.split("_", 1)[0] == language.language:
            tags.append(parent.lower().replace("_", "-"))
    tags.append(language.bcp47.lower())
    if script and territory:
        tags.append(f"{base}-{territory}")
    tags += _ALIASES.get(language.bcp47.lower(), ())
    if territory:
        tags.append(f"{base}-{territory}")
    if script:
        tags.append(f"{base}-{script}")
    tags += _ALIASES.get(base, ())
    tags.append(base)
    return tuple(dict.fromkeys(tags))


def ranked_voices(
    language: Language, voices: tuple[VoiceInfo, ...], region: str | None = None
) -> tuple[VoiceInfo, ...]:
    """Every voice that speaks ``language``: the most specific tag first, then by priority."""
    found: dict[str, VoiceInfo] = {}
    for tag in candidate_tags(language, region):
        ranked = sorted(
            (priority, 0 if voice.languages[0][0] == tag else 1, voice.id, voice)
            for voice in voices
            for spoken, priority in voice.languages
            if spoken == tag
        )
        for _, _, _, voice in ranked:
            found.setdefault(voice.id, voice)
    return tuple(found.values())


def match_voice(
    language: Language, voices: tuple[VoiceInfo, ...], region: str | None = None
) -> VoiceInfo | None:
    """The engine's preferred voice for the most specific tag it has a voice for."""
    ranked = ranked_voices(language, voices, region)
    return ranked[0] if ranked else None


def find_voice(name: str, voices: tuple[VoiceInfo, ...]) -> VoiceInfo | None:
    """A voice named in handout.toml: by id (``roa/es-419``), file name or display name."""
    wanted = name.strip().lower()
    for voice in voices:
        if wanted in (voice.id, voice.id.rsplit("/", 1)[-1], voice.name.lower()):
            return voice
    return None


def choose_voice(
    language: Language,
    engine: EngineInfo,
    settings: SpeechSettings,
    rate: int | None = None,
    accept: Callable[[VoiceInfo], bool] | None = None,
) -> VoiceChoice | None:
    """The voice for ``language``, or None when the engine has none for it.

    ``rate`` (from ``--rate``) wins over every configured rate, for one build.
    ``accept`` (voice verification) passes over the voices it refuses; a voice
    named in handout.toml is the clinic's choice and is checked by the caller.
    """
    override = settings.override_for(language)
    if override.voice is not None:
        voice = find_voice(override.voice, engine.voices)
        if voice is None:
            raise HandoutError(
                f"voices.{language}.voice: {engine.name} has no voice {override.voice!r} "
                "(see `handout voices`)",
                CONFIG_NAME,
            )
    else:
        ranked = ranked_voices(language, engine.voices, settings.region)
        voice = next((v for v in ranked if accept is None or accept(v)), None)
        if voice is None:
            return None
    return VoiceChoice(
        language=language,
        voice=voice,
        settings=VoiceSettings(
            voice=voice.id,
            rate=rate or override.rate or settings.rate,
            pitch=override.pitch if override.pitch is not None else settings.pitch,
        ),
        configured=override.voice is not None,
    )
