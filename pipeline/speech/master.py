"""Utterances → one programme: silence trimmed, pauses placed, loudness and peaks set.

Loudness is the podcast norm, -16 LUFS integrated (ITU-R BS.1770 via
pyloudnorm). pyloudnorm only measures, and normalising speech to -16 LUFS
pushes its peaks past full scale, so peaks are handled here: a look-ahead
limiter whose gain is computed from the *true* peak (the signal oversampled
8×, past the 192 kHz BS.1770 asks for at 48 kHz), then checked again. The
ceiling sits below the -1 dBTP promise to leave room for MP3 encoding.
Everything is plain numpy/scipy arithmetic: same samples in, same samples out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyloudnorm
from numpy.typing import NDArray
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

OUTPUT_RATE = 22_050  # espeak-ng's rate; other engines are resampled to it
TARGET_LUFS = -16.0
CEILING_DBTP = -1.5  # the files promise -1 dBTP after encoding; 0.5 dB for the codec
OVERSAMPLE = 8
_SILENCE = 10 ** (-50 / 20)  # below -50 dBFS counts as silence when trimming
_EDGE_SECONDS = 0.015  # keep a little of the fade in and out around speech
_LIMITER_SECONDS = 0.02  # gain ramps over 20 ms: quick enough for peaks, slow enough not to buzz

Signal = NDArray[np.float64]


@dataclass(frozen=True)
class Mastered:
    """The final samples: 16-bit little-endian mono at :data:`OUTPUT_RATE`."""

    samples: bytes
    frames: int


def to_signal(samples: bytes, rate: int) -> Signal:
    """16-bit PCM at any rate → float samples at :data:`OUTPUT_RATE`."""
    signal = np.frombuffer(samples, dtype="<i2").astype(np.float64) / 32768.0
    if rate != OUTPUT_RATE:
        divisor = np.gcd(rate, OUTPUT_RATE)
        signal = resample_poly(signal, OUTPUT_RATE // divisor, rate // divisor)
    return signal


def trim(signal: Signal) -> Signal:
    """Drop the engine's own leading and trailing silence; pauses are ours to set."""
    loud = np.flatnonzero(np.abs(signal) > _SILENCE)
    if loud.size == 0:
        return signal[:0]
    edge = int(_EDGE_SECONDS * OUTPUT_RATE)
    return signal[max(0, loud[0] - edge) : loud[-1] + 1 + edge]


def true_peak_dbtp(signal: Signal) -> float:
    if signal.size == 0:
        return float("-inf")
    oversampled = resample_poly(signal, OVERSAMPLE, 1)
    peak = max(float(oversampled.max()), -float(oversampled.min()))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def loudness_lufs(signal: Signal) -> float:
    """Integrated loudness; -inf for programmes too short to gate (under 0.4 s)."""
    if signal.size < int(0.4 * OUTPUT_RATE):
        return float("-inf")
    return float(pyloudnorm.Meter(OUTPUT_RATE).integrated_loudness(signal))


def peak_envelope(signal: Signal) -> Signal:
    """For each sample, the true peak around it: the oversampled points on either side."""
    oversampled: Signal = np.abs(resample_poly(signal, OVERSAMPLE, 1))
    padded = np.concatenate([oversampled, np.zeros(OVERSAMPLE)])
    per_sample = padded[: signal.size * OVERSAMPLE].reshape(signal.size, OVERSAMPLE).max(axis=1)
    envelope: Signal = np.maximum(per_sample, np.concatenate([[0.0], per_sample[:-1]]))
    return envelope


def limiter_gain(envelope: Signal, ceiling_dbtp: float) -> Signal:
    """A smooth gain that keeps ``envelope × gain`` under the ceiling everywhere.

    The lowest gain needed is held for a full ramp on each side, then smoothed
    over half of that: every average then mixes only values at or below what
    each sample needs, so smoothing can never let a peak through.
    """
    ceiling = 10 ** (ceiling_dbtp / 20)
    needed = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    width = max(3, int(_LIMITER_SECONDS * OUTPUT_RATE) | 1)
    held = minimum_filter1d(needed, size=2 * width + 1, mode="nearest")
    gain: Signal = uniform_filter1d(held, size=width, mode="nearest")
    return gain


def master(
    signal: Signal, target_lufs: float = TARGET_LUFS, ceiling_dbtp: float = CEILING_DBTP
) -> Mastered:
    """Normalise to the target loudness with true peaks under the ceiling; 16-bit out.

    The make-up gain is found by a few secant steps on "loudness after
    limiting" (limiting heavily peaked speech costs loudness, so the gain must
    overshoot a little). The oversampled peak envelope scales with the gain,
    so it is computed once; only the final result is oversampled again, to
    verify the ceiling (a gain ramp can lift an inter-sample peak a hair).
    """
    measured = loudness_lufs(signal)
    if not np.isfinite(measured):
        return _finish(signal)
    envelope = peak_envelope(signal)
    ceiling = ceiling_dbtp
    for _ in range(4):
        result = _normalised(signal, envelope, ceiling, target_lufs, target_lufs - measured)
        if true_peak_dbtp(result) <= ceiling_dbtp:
            break
        ceiling -= 0.1
    return _finish(result)


def _normalised(
    signal: Signal, envelope: Signal, ceiling: float, target: float, first_gain_db: float
) -> Signal:
    def limited(gain_db: float) -> Signal:
        scale = 10 ** (gain_db / 20)
        return signal * scale * limiter_gain(envelope * scale, ceiling)

    gains = [first_gain_db]
    errors: list[float] = []
    result = limited(first_gain_db)
    for _ in range(6):
        error = target - loudness_lufs(result)
        errors.append(error)
        if abs(error) < 0.05:
            break
        if len(gains) == 1:
            gains.append(gains[0] + error)
        else:  # secant on gain → loudness
            slope = (errors[-1] - errors[-2]) / (gains[-1] - gains[-2] or 1e-9)
            gains.append(gains[-1] - error / (slope if slope < -0.05 else -1.0))
        result = limited(gains[-1])
    return result


def _finish(signal: Signal) -> Mastered:
    pcm = np.clip(np.round(signal * 32768.0), -32768, 32767).astype("<i2")
    return Mastered(samples=pcm.tobytes(), frames=int(pcm.size))
