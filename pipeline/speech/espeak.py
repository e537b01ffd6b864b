"""espeak-ng through pyttsx3 2.99, with every known quirk of that pairing handled here.

pyttsx3's espeak driver was written for "say this out loud", and saving to a
file has sharp edges that this module works around (each one is tested in
``tests/speech/test_speech_espeak.py``):

* ``runAndWait()`` returns as soon as espeak *starts* (espeak runs in
  retrieval mode on its own thread), so the file may not exist yet. We wait
  for the ``finished-utterance`` callback, then check the WAV header against
  the data before trusting it.
* Only the last ``save_to_file`` queued before ``runAndWait`` is written, so
  exactly one utterance is queued per call, each to a file name never used
  before (a stale file can never pass for a new one).
* The driver prints ``Audio saved to …`` on standard output from espeak's
  thread; that print is captured here, so the command's stdout stays clean.
* espeak can be initialised only once per process, and its engine must stay
  on the thread that made it: :class:`EspeakEngine` is a per-process
  singleton that refuses other threads. Parallelism is worker processes.
* The driver writes every WAV header as 22,050 Hz, whatever the voice: an
  MBROLA voice (``mb-*``) makes espeak-ng produce 16 kHz samples, which that
  header would play 1.4 times too fast. The rate is therefore taken from
  espeak-ng itself (``espeak_ng_GetSampleRate``) after the utterance; the
  rest of the header (mono, 16-bit, length) is checked, not assumed.
* It takes no SSML: pronunciation is applied to the text beforehand.
* Its output depends on what the process said before (wave generator state
  in function statics: pitch flutter, cycle phase), so the same sentence
  comes out a few samples different the second time. The engine therefore
  declares ``fresh_process_per_utterance``: each utterance is spoken by a
  newly forked process, which makes output depend on the input alone.
* It appends audio with ``bytes +=`` (quadratic in the utterance length), so
  callers send sentences, never whole articles.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import io
import itertools
import os
import shutil
import tempfile
import threading
import time
import wave
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipeline.speech.engine import (
    EngineError,
    EngineInfo,
    Pcm,
    SpeechEngine,
    VoiceInfo,
    VoiceSettings,
)

PYTTSX3_VERSION = "2.99"  # the quirks above are this version's; pinned in pyproject.toml
#: espeak-ng speaks well under 1 s of CPU per sentence; this only catches a hung engine.
_TIMEOUT_BASE = 30.0
_TIMEOUT_PER_CHAR = 0.05

_instance: EspeakEngine | None = None
_instance_lock = threading.Lock()


class EspeakEngine(SpeechEngine):
    """pyttsx3's espeak driver, one per process, on one thread."""

    name = "espeak-ng"
    fresh_process_per_utterance = True

    def __init__(self) -> None:
        global _instance
        with _instance_lock:
            if _instance is not None:
                raise EngineError(
                    "espeak-ng can be initialised only once per process; "
                    "use pipeline.speech.espeak.process_engine()"
                )
            _instance = self
        _check_pyttsx3_version()
        import pyttsx3

        self._thread = threading.get_ident()
        self._engine: Any = pyttsx3.init("espeak")
        self._finished = threading.Event()
        self._engine.connect("finished-utterance", self._on_finished)
        self._folder = Path(tempfile.mkdtemp(prefix="handout-espeak-"))
        self._counter = itertools.count(1)
        self._primed = False
        self.spoken: list[str] = []  # every text handed to pyttsx3, for tests and stats

    def close(self) -> None:
        """Remove the scratch folder (the engine itself lives until the process ends)."""
        shutil.rmtree(self._folder, ignore_errors=True)

    @classmethod
    def prepare_process(cls) -> None:
        """Everything an utterance's fresh process would otherwise do again, done once before.

        Imports pyttsx3 and loads libespeak-ng (without initialising it: that
        starts a thread a fork would lose), checks pyttsx3's version, and has
        espeak-ng read its voice list: selecting a voice reads every voice file
        (400 of them) when the list is empty, and each forked child inherits it
        full. Importing and the voice scan in every child cost about as much CPU
        as the speaking; what the child speaks is the same either way (tested).
        """
        import pyttsx3.drivers.espeak  # loads the library through ctypes

        del pyttsx3
        from pyttsx3.drivers import _espeak

        _check_pyttsx3_version()
        _espeak.dll.espeak_ng_InitializePath(None)  # where the voices are; no thread, no audio
        _espeak.ListVoices(None)

    def _on_finished(self, name: object = None, completed: bool = True) -> None:
        self._completed = completed
        self._finished.set()

    def _check_thread(self) -> None:
        if threading.get_ident() != self._thread:
            raise EngineError("the espeak-ng engine must be used on the thread that created it")

    def info(self) -> EngineInfo:
        self._check_thread()
        from pyttsx3.drivers import _espeak

        espeak_version = (_espeak.Info() or b"?").decode("ascii", "replace")
        return EngineInfo(
            name=self.name,
            version=f"pyttsx3 {PYTTSX3_VERSION}; espeak-ng {espeak_version}",
            voices=tuple(_list_voices()),
        )

    def synthesize(self, text: str, settings: VoiceSettings) -> Pcm:
        self._check_thread()
        if not text.strip():
            raise EngineError("nothing to say: empty utterance")
        target = self._folder / f"u{os.getpid()}-{next(self._counter)}.wav"
        self._configure(settings)
        self._finished.clear()
        self._completed = False
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            self._engine.save_to_file(text, str(target))
            self._engine.runAndWait()  # may return when espeak *starts*, not when it ends
            done = self._finished.wait(_TIMEOUT_BASE + _TIMEOUT_PER_CHAR * len(text))
        if not done or not self._completed:
            raise EngineError(f"espeak-ng did not finish an utterance: {text[:60]!r}")
        self.spoken.append(text)
        try:
            return _at_true_rate(read_wav(target))
        finally:
            with contextlib.suppress(OSError):
                target.unlink()

    def _configure(self, settings: VoiceSettings) -> None:
        """Apply voice, rate and pitch, and wait until espeak has really taken them.

        pyttsx3 queues property changes until a run loop; espeak applies the
        voice at once but rate and pitch through its own command queue, and the
        run loop's ``endLoop`` calls ``espeak_Cancel`` whenever espeak looks
        busy — which throws away those queued settings. The result was the odd
        utterance at the driver's start-up 200 words a minute. So: first drain
        pyttsx3's queue with an empty run loop (the driver is idle afterwards
        and executes property changes immediately), then set all three for
        every utterance (selecting a voice resets the others), then wait until
        espeak reports them as current and idle before anything can cancel.
        """
        from pyttsx3.drivers import _espeak

        if not self._primed:
            self._wait_idle({})  # else endLoop would Cancel, and leave a stale "stopping" flag
            self._engine.runAndWait()
            self._primed = True
        self._wait_idle({})
        self._engine.setProperty("voice", settings.voice)
        self._engine.setProperty("rate", settings.rate)
        self._engine.setProperty("pitch", settings.pitch)
        self._engine.setProperty("volume", 1.0)
        self._wait_idle(
            {_espeak.RATE: settings.rate, _espeak.PITCH: settings.pitch, _espeak.VOLUME: 100}
        )

    def _wait_idle(self, wanted: dict[int, int]) -> None:
        from pyttsx3.drivers import _espeak

        deadline = time.monotonic() + _TIMEOUT_BASE
        while _espeak.IsPlaying() or any(_current_parameter(p) != v for p, v in wanted.items()):
            if time.monotonic() > deadline:
                raise EngineError(f"espeak-ng did not take the voice settings {wanted}")
            time.sleep(0.0005)


@functools.cache
def _check_pyttsx3_version() -> None:
    installed = version("pyttsx3")
    if installed != PYTTSX3_VERSION:
        raise EngineError(
            f"pyttsx3 {installed} is installed; handout is written for {PYTTSX3_VERSION}"
        )


def _at_true_rate(pcm: Pcm) -> Pcm:
    """The samples at the rate espeak-ng really produced them (16 kHz for MBROLA voices)."""
    from pyttsx3.drivers import _espeak

    rate = int(_espeak.dll.espeak_ng_GetSampleRate())
    if rate <= 0 or rate == pcm.sample_rate:
        return pcm
    return Pcm(samples=pcm.samples, sample_rate=rate)


def _current_parameter(parameter: int) -> int:
    """espeak's *current* value (pyttsx3's binding omits the ``current`` argument)."""
    from pyttsx3.drivers import _espeak

    return int(_espeak.dll.espeak_GetParameter(parameter, 1))


def process_engine() -> EspeakEngine:
    """This process's engine, created on first use."""
    return _instance if _instance is not None else EspeakEngine()


def read_wav(path: Path) -> Pcm:
    """Read the driver's WAV, refusing anything short, partial or not 16-bit mono."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate, frames = (
                wav.getnchannels(),
                wav.getsampwidth(),
                wav.getframerate(),
                wav.getnframes(),
            )
            data = wav.readframes(frames)
    except (OSError, EOFError, wave.Error) as exc:
        raise EngineError(f"espeak-ng wrote no usable WAV file: {exc}") from exc
    if channels != 1 or width != 2:
        raise EngineError(f"espeak-ng wrote {channels} channel(s) of {8 * width}-bit audio")
    if len(data) != frames * 2 or frames == 0:
        raise EngineError(f"espeak-ng wrote a truncated WAV ({len(data)} of {frames * 2} bytes)")
    return Pcm(samples=data, sample_rate=rate)


def _list_voices() -> list[VoiceInfo]:
    """Installed voices with *all* their languages.

    pyttsx3 reports only a voice's first language, because espeak's
    ``languages`` field is a packed list (priority byte, tag, NUL, … , 0) that a
    ``c_char_p`` cuts at the first NUL; ``cmn`` would not say it also speaks
    ``zh``. So the list is read from the raw pointer.
    """
    from pyttsx3.drivers import _espeak

    voices: list[VoiceInfo] = []
    for voice in _espeak.ListVoices(None):
        pointer = ctypes.c_void_p.from_address(
            ctypes.addressof(voice) + _espeak.VOICE.languages.offset
        ).value
        voices.append(
            VoiceInfo(
                id=voice.identifier.decode("utf-8").lower(),
                name=voice.name.decode("utf-8").replace("_", " "),
                languages=tuple(_packed_languages(pointer)),
            )
        )
    return sorted(voices, key=lambda v: v.id)


def _packed_languages(address: int | None) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    while address:
        priority = ctypes.string_at(address, 1)[0]
        if priority == 0:
            break
        tag = ctypes.string_at(address + 1).decode("utf-8", "replace")
        found.append((tag.lower().replace("_", "-"), priority))
        address += len(tag.encode("utf-8")) + 2
    return found
