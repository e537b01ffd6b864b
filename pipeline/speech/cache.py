"""Content-addressed sentence audio: the key is everything that changes the sound.

Key = (text after the lexicon, voice, rate, pitch, engine name and version).
A sentence whose key exists is never synthesized again, so a rebuild with no
change synthesizes nothing, and an edited paragraph costs only its own
sentences. Entries are WAV files named by their key's SHA-256; the engine's
own samples are kept (not trimmed or normalised), so changing the mastering
never invalidates the cache. A damaged entry is treated as missing.
"""

from __future__ import annotations

import hashlib
import io
import json
import wave
from pathlib import Path

from pipeline.fsio import write_bytes_atomic
from pipeline.speech.engine import EngineInfo, Pcm, VoiceSettings

_FORMAT = 1  # bump if what a cache entry holds ever changes


def speech_key(text: str, settings: VoiceSettings, engine: EngineInfo) -> str:
    """The cache key of one utterance, as a hex digest."""
    material = json.dumps(
        [_FORMAT, engine.name, engine.version, settings.voice, settings.rate, settings.pitch, text],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class SpeechCache:
    """``<cache>/speech/ab/abcdef….wav``: two-level fan-out keeps folders small."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.wav"

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()

    def get(self, key: str) -> Pcm | None:
        try:
            with wave.open(str(self.path(key)), "rb") as wav:
                if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
                    return None
                frames = wav.getnframes()
                data = wav.readframes(frames)
                rate = wav.getframerate()
        except (OSError, EOFError, wave.Error):
            return None
        if len(data) != frames * 2 or frames == 0:
            return None
        return Pcm(samples=data, sample_rate=rate)

    def put(self, key: str, pcm: Pcm) -> None:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(pcm.sample_rate)
            wav.writeframes(pcm.samples)
        write_bytes_atomic(self.path(key), buffer.getvalue())
