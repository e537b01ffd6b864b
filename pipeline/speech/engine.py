"""The speech engine interface: one utterance of plain text in, PCM samples out.

Everything above this line (sentences, lexicons, caching, mastering, files) is
engine-neutral; an engine only has to turn one short utterance into 16-bit mono
samples at whatever rate it likes. New offline engines (Piper, say) plug in as
classes registered under the ``handout.speech_engines`` entry point group, so
they need no change here. Engines run inside worker processes
(:mod:`pipeline.speech.workers`): one instance per process, created once.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from dataclasses import dataclass
from importlib.metadata import entry_points

from pipeline.errors import HandoutError

ENTRY_POINT_GROUP = "handout.speech_engines"
DEFAULT_ENGINE = "espeak-ng"

#: Engines that ship with handout, so a source checkout that was never
#: ``pip install``-ed (no entry points registered) still speaks.
_BUILTIN = {DEFAULT_ENGINE: "pipeline.speech.espeak:EspeakEngine"}


class EngineError(Exception):
    """The engine failed on an utterance: a broken install or an engine bug, not bad input."""


@dataclass(frozen=True)
class VoiceInfo:
    """One installed voice, with the language tags it speaks (lower case, ``-`` separated).

    ``languages`` pairs each tag with the engine's priority for it (lower is
    preferred), which is how espeak-ng says that ``en-gb`` is *the* ``en``.
    """

    id: str
    name: str
    languages: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class EngineInfo:
    """What the cache key and the voice choice need to know about an engine."""

    name: str
    version: str
    voices: tuple[VoiceInfo, ...]


@dataclass(frozen=True)
class VoiceSettings:
    """How to speak: the engine's voice id, words per minute, pitch 0–100 (50 is neutral)."""

    voice: str
    rate: int
    pitch: int


@dataclass(frozen=True)
class Pcm:
    """Signed 16-bit little-endian mono samples."""

    samples: bytes
    sample_rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // 2

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate


class SpeechEngine(ABC):
    """An offline text-to-speech engine, living in one worker process.

    Subclasses are constructed with no arguments, once per process, on the
    thread that will call them. Text reaching :meth:`synthesize` is plain
    text with pronunciations already applied: engines get no markup.
    """

    name: str = ""
    #: True for engines whose output depends on what they said before: the
    #: worker then speaks each utterance in a freshly forked process, so the
    #: same text always gives the same samples (and the same MP3 bytes).
    fresh_process_per_utterance: bool = False

    @abstractmethod
    def info(self) -> EngineInfo:
        """Name, version (part of every cache key) and the installed voices."""

    @abstractmethod
    def synthesize(self, text: str, settings: VoiceSettings) -> Pcm:
        """Speak one utterance; raise :class:`EngineError` if the engine fails."""

    def close(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Release scratch resources; called before the process exits."""

    @classmethod  # noqa: B027 - optional hook, most engines need nothing
    def prepare_process(cls) -> None:
        """Load, once per worker, what every engine instance would load again (libraries).

        For ``fresh_process_per_utterance`` engines this runs before the
        forks, so each short-lived child inherits it instead of paying for it.
        It must not start the engine itself (no threads, no engine state).
        """


    @classmethod
    def voice_digest(cls, voice_id: str) -> str:
        """A digest of the voice's files, where a voice is a file the user can swap (a model).

        Called in the command's process, for the sentence cache key. Engines whose
        voices come with the engine (its version says what they are) return "".
        """
        return ""


def engine_names() -> tuple[str, ...]:
    """Every engine that can be named in ``handout.toml``: built in, then plugins."""
    names = set(_BUILTIN) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return tuple(sorted(names))


def load_engine_class(name: str) -> type[SpeechEngine]:
    """Import the engine registered as ``name`` (an entry point wins over the built-in)."""
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    try:
        if found:
            loaded = found[0].load()
        elif name in _BUILTIN:
            module_name, _, attribute = _BUILTIN[name].partition(":")
            __import__(module_name)
            loaded = getattr(sys.modules[module_name], attribute)
        else:
            known = ", ".join(engine_names())
            raise HandoutError(f"unknown speech engine {name!r} (installed: {known})")
    except ImportError as exc:
        raise HandoutError(f"speech engine {name!r} cannot be loaded: {exc}") from exc
    if not (isinstance(loaded, type) and issubclass(loaded, SpeechEngine)):
        raise HandoutError(f"speech engine {name!r} is not a SpeechEngine subclass")
    return loaded
