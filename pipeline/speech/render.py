"""One section, from cached sentence audio to a mastered, encoded and measured MP3 stream.

Runs in a worker process (it is all numpy and LAME, and sections render in
parallel). Input is a frozen :class:`~pipeline.speech.programme.SectionJob`
naming cache entries and pauses; output is a
:class:`~pipeline.speech.programme.SectionAudio`, which the command keeps in
its section cache and joins into the programme.

Lossy coding at 64 kbps takes a few tenths of a LU off speech, and can lift
a true peak; so the encoded stream is decoded and measured, and mastered once
more with the measured difference if it missed -16 LUFS or -1 dBTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import miniaudio
import numpy as np

from pipeline.speech import master as mastering
from pipeline.speech import mp3
from pipeline.speech.cache import SpeechCache
from pipeline.speech.programme import SectionAudio, SectionJob

PEAK_LIMIT_DBTP = -1.0  # what the files promise
_PEAK_MARGIN_DB = 0.05  # decoders differ by hundredths of a dB
_LOUDNESS_TOLERANCE = 0.2
#: Where to aim before measuring: 64 kbps coding of espeak-ng's bright voice costs about
#: 0.45 LU. Only a first guess, to save a pass; the decoded file is what gets measured.
_CODEC_LOSS_GUESS_LU = 0.4


@dataclass(frozen=True)
class _Encoded:
    mastered: mastering.Mastered
    stream: mp3.Stream
    loudness: float
    peak: float


def render_section(job: SectionJob) -> SectionAudio:
    """Assemble the section's samples with their pauses; master, encode and measure them."""
    signal, spans = _samples(job)
    encoded = _master_and_encode(signal)
    return SectionAudio(encoded.stream, tuple(spans), encoded.loudness, encoded.peak)


def _samples(job: SectionJob) -> tuple[mastering.Signal, list[tuple[int, int]]]:
    """The section's samples with its pauses, and each line's span in them.

    Two passes over the cache (sizes, then samples straight into place), so
    the section is never held twice, as a list of pieces and their join.
    """
    cache = SpeechCache(Path(job.cache_folder))
    rate = mastering.OUTPUT_RATE

    def speech(key: str, shown: str) -> mastering.Signal:
        pcm = cache.get(key)
        if pcm is None:
            raise RuntimeError(f"sentence audio missing from the cache: {shown[:60]!r}")
        return mastering.trim(mastering.to_signal(pcm.samples, pcm.sample_rate))

    spans: list[tuple[int, int]] = []
    position = _samples_in(job.lead_in_ms, rate)
    for line in job.lines:
        size = speech(line.key, line.shown).size
        spans.append((position, position + size))
        position += size + _samples_in(line.pause_after_ms, rate)
    signal = np.zeros(position, dtype=np.float32)
    for line, (start, end) in zip(job.lines, spans, strict=True):
        signal[start:end] = speech(line.key, line.shown)
    return signal, spans


def _master_and_encode(signal: mastering.Signal) -> _Encoded:
    """Master and encode; measure the decoded stream and master again if it missed."""
    target = mastering.TARGET_LUFS + _CODEC_LOSS_GUESS_LU
    ceiling = mastering.CEILING_DBTP
    analysis = mastering.analyse(signal)  # the slow part of mastering, done once
    for attempt in range(3):
        mastered = mastering.master(signal, target, ceiling, analysis, verify=False)
        encoded = _encode(mastered)
        if not np.isfinite(encoded.loudness):
            return encoded
        missed = mastering.TARGET_LUFS - encoded.loudness
        over = encoded.peak - (PEAK_LIMIT_DBTP - _PEAK_MARGIN_DB)
        if (abs(missed) <= _LOUDNESS_TOLERANCE and over <= 0) or attempt == 2:
            break
        target += missed
        ceiling -= max(0.0, over + _PEAK_MARGIN_DB)
    # The codec's own overshoot can outrun the limiter (a harder-working limiter can even
    # make it worse); what it does follow is plain gain, so the peak promise is kept by
    # turning the whole section down, at a little loudness.
    for _ in range(3):
        over = encoded.peak - (PEAK_LIMIT_DBTP - _PEAK_MARGIN_DB)
        if over <= 0:
            break
        encoded = _encode(mastering.attenuated(encoded.mastered, over + _PEAK_MARGIN_DB))
    return encoded


def _encode(mastered: mastering.Mastered) -> _Encoded:
    stream = mp3.encode_stream(mastered.samples, mastering.OUTPUT_RATE)
    loudness, peak = _measure_mp3(mp3.with_header(stream))
    return _Encoded(mastered, stream, loudness, peak)


def _measure_mp3(data: bytes) -> tuple[float, float]:
    """Loudness and true peak of the MP3 as a player decodes it."""
    decoded = miniaudio.decode(
        data,
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=mastering.OUTPUT_RATE,
    )
    signal = mastering.to_signal(bytes(decoded.samples), mastering.OUTPUT_RATE)
    floor = PEAK_LIMIT_DBTP - 3.0  # exact wherever it could break the promise
    return mastering.loudness_lufs(signal), mastering.true_peak_dbtp(signal, floor)


def _samples_in(ms: int, rate: int) -> int:
    return ms * rate // 1000
