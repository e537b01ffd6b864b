"""Damaged caches: a corrupt or truncated entry is found and made again, never trusted.

The speech cache checks every entry against the SHA-256 it carries; the
build's record files (digests, plans, verdicts) are only ever a shortcut, so
damaged ones cost time and never change a file.
"""

from __future__ import annotations

import io
import shutil
import wave
from pathlib import Path

import numpy as np
from support.reliability_tools import files, handout, small_project

from pipeline.speech.cache import SpeechCache, decode_entry, encode_entry
from pipeline.speech.engine import Pcm


def test_an_entry_is_whole_only_with_its_own_checksum(tmp_path: Path) -> None:
    pcm = Pcm(np.arange(-3000, 3000, 7, dtype="<i2").tobytes(), 22_050)
    entry = encode_entry(pcm)
    assert decode_entry(entry) == pcm
    with wave.open(io.BytesIO(entry)) as wav:  # still a WAV file any player opens
        assert wav.getframerate() == 22_050 and wav.readframes(10**6) == pcm.samples
    flipped = bytearray(entry)
    flipped[100] ^= 0x01
    plain = io.BytesIO()
    with wave.open(plain, "wb") as wav:  # the same samples without the checksum chunk
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(22_050)
        wav.writeframes(pcm.samples)
    for damaged in (entry[:-1], entry[:44], entry + b"\0\0", bytes(flipped), plain.getvalue(), b""):
        assert decode_entry(damaged) is None
    cache = SpeechCache(tmp_path)
    cache.put("ab" * 32, pcm)
    cache.path("ab" * 32).write_bytes(entry[: len(entry) // 2])
    assert "ab" * 32 not in cache and cache.damaged == {"ab" * 32}
    cache.put("ab" * 32, pcm)
    assert "ab" * 32 in cache and not cache.damaged


def test_damaged_speech_is_spoken_again_and_the_audio_is_the_same(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project", ("es",))
    assert handout(project, "audio").code == 0
    expected = files(project / "audio")
    entries = sorted((project / ".handout-cache" / "speech").rglob("*.wav"))
    assert len(entries) == 10
    truncated, flipped, emptied = entries[0], entries[3], entries[7]
    truncated.write_bytes(truncated.read_bytes()[:-1000])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    emptied.write_bytes(b"")
    shutil.rmtree(project / "audio")  # the programmes must be made again from the cache

    again = handout(project, "audio")
    assert again.code == 0, again.err
    assert "3 sentence(s) synthesized, 7 from the cache" in again.out
    assert "note: speech cache: 3 damaged entr(y/ies) (truncated or corrupt) found" in again.err
    assert files(project / "audio") == expected
    assert all(decode_entry(entry.read_bytes()) is not None for entry in entries)


def test_damaged_build_records_cost_time_never_a_different_file(tmp_path: Path) -> None:
    project = small_project(tmp_path / "project", ("es", "vi"))
    assert handout(project, "compile").code == 0
    assert handout(project, "audio").code == 0
    assert handout(project, "build").code == 0
    audio, pages = files(project / "audio"), files(project / "build")
    cache = project / ".handout-cache"
    records = sorted(cache.glob("*.json"))
    assert len(records) >= 3  # build, audio and plan records at least
    for number, record in enumerate(records):
        data = record.read_bytes()
        record.write_bytes(data[: len(data) // 2] if number % 2 else b"\x00garbage{")
    for mo in cache.rglob("*.mo"):
        mo.write_bytes(mo.read_bytes()[:20])

    assert handout(project, "audio").code == 0
    assert handout(project, "build").code == 0
    assert files(project / "audio") == audio
    assert files(project / "build") == pages
    assert handout(project, "compile").code == 0
    compiled = list(cache.rglob("*.mo"))
    assert len(compiled) == 2 and all(len(mo.read_bytes()) > 20 for mo in compiled)
