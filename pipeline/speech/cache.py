"""Content-addressed sentence audio: the key is everything that changes the sound.

Key = (text after the lexicon, voice, rate, pitch, engine name and version, and the
voice file's digest for engines whose voices are files).
A sentence whose key exists is never synthesized again, so a rebuild with no
change synthesizes nothing, and an edited paragraph costs only its own
sentences. Entries are WAV files named by their key's SHA-256; the engine's
own samples are kept (not trimmed or normalised), so changing the mastering
never invalidates the cache.

Every entry carries the SHA-256 of its own format and samples in a chunk of
its own (``hsum``, after the samples; players skip chunks they do not know).
An entry that is truncated, padded, bit-flipped or written by anything else
fails that check and counts as damaged: it is treated as missing, so the
build makes it again, and :attr:`SpeechCache.damaged` lets the build say so.
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

from pipeline.fsio import read_record, write_bytes_atomic
from pipeline.speech.engine import EngineInfo, Pcm, VoiceSettings

_FORMAT = 1  # bump if what a cache entry holds ever changes
_CHECK_CHUNK = b"hsum"
_FMT = struct.Struct("<HHIIHH")  # PCM, channels, rate, bytes per second, block align, bits
_HEADER = 12 + 8 + _FMT.size + 8  # RIFF/WAVE, fmt chunk, data chunk header


def speech_key(
    text: str, settings: VoiceSettings, engine: EngineInfo, voice_digest: str = ""
) -> str:
    """The cache key of one utterance, as a hex digest.

    ``voice_digest`` is the SHA-256 of the voice's files where the voice is a
    file the user can replace (a Piper model): a new model under the same name
    is a new voice. Engines whose voices come with the engine leave it empty
    (their version says it), which keeps their keys as they were.
    """
    material_list: list[object] = [
        _FORMAT, engine.name, engine.version, settings.voice, settings.rate, settings.pitch, text
    ]
    if voice_digest:
        material_list.append(voice_digest)
    material = json.dumps(
        material_list,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class SpeechCache:
    """``<cache>/speech/ab/abcdef….wav``: two-level fan-out keeps folders small."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.damaged: set[str] = set()  # keys whose entry was found damaged (and will be remade)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.wav"

    def __contains__(self, key: str) -> bool:
        """True only for an entry that is whole: a damaged one is as good as missing."""
        return self.get(key) is not None

    def get(self, key: str) -> Pcm | None:
        try:
            data = read_record(self.path(key))
        except OSError:
            return None
        pcm = decode_entry(data)
        if pcm is None:
            self.damaged.add(key)
        return pcm

    def put(self, key: str, pcm: Pcm) -> None:
        write_bytes_atomic(self.path(key), encode_entry(pcm))
        self.damaged.discard(key)


def encode_entry(pcm: Pcm) -> bytes:
    """A mono 16-bit WAV file with the check chunk after the samples."""
    fmt = _FMT.pack(1, 1, pcm.sample_rate, pcm.sample_rate * 2, 2, 16)
    check = hashlib.sha256(fmt + pcm.samples).digest()
    chunks = _chunk(b"fmt ", fmt) + _chunk(b"data", pcm.samples) + _chunk(_CHECK_CHUNK, check)
    return _chunk(b"RIFF", b"WAVE" + chunks)


def decode_entry(data: bytes) -> Pcm | None:
    """The samples of an entry :func:`encode_entry` wrote, or None if it is not exactly that."""
    if len(data) < _HEADER or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    if struct.unpack_from("<I", data, 4)[0] != len(data) - 8:
        return None
    if data[12:20] != b"fmt " + struct.pack("<I", _FMT.size):
        return None
    fmt = data[20 : 20 + _FMT.size]
    kind, channels, rate, _, _, bits = _FMT.unpack(fmt)
    at = 20 + _FMT.size
    if (kind, channels, bits) != (1, 1, 16) or rate == 0 or data[at : at + 4] != b"data":
        return None
    size = struct.unpack_from("<I", data, at + 4)[0]
    start = at + 8
    end = start + size
    if size == 0 or size % 2 or data[end : end + 8] != _CHECK_CHUNK + struct.pack("<I", 32):
        return None
    if len(data) != end + 8 + 32:
        return None
    samples = data[start : start + size]
    if hashlib.sha256(fmt + samples).digest() != data[end + 8 :]:
        return None
    return Pcm(samples=samples, sample_rate=rate)


def _chunk(name: bytes, payload: bytes) -> bytes:
    return name + struct.pack("<I", len(payload)) + payload
