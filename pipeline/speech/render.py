"""One article in one language, from cached sentence audio to every file a listener gets.

Runs in a worker process (it is all numpy and LAME, and languages render in
parallel). Input is a frozen :class:`Programme` naming cache entries and
pauses; output is the bytes of each file, which the build writes atomically.
Timings are sample counts throughout, so cues, chapters and tracks agree
with the MP3 to the sample (and with the WebVTT to the millisecond).

Lossy coding at 64 kbps takes a few tenths of a LU off speech, and can lift
a true peak; so the encoded file is decoded and measured, and mastered once
more with the measured difference if it missed -16 LUFS or -1 dBTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import miniaudio
import numpy as np

from pipeline.speech import master as mastering
from pipeline.speech import mp3
from pipeline.speech.cache import SpeechCache
from pipeline.speech.chapters import ChapterSpan, render_chapters_json
from pipeline.speech.playlist import Track, render_m3u8
from pipeline.speech.webvtt import Cue, render_webvtt

_RECIPE = 5  # bump when a change here or in master/mp3/webvtt/... changes output bytes
LEAD_IN_MS = 250
PEAK_LIMIT_DBTP = -1.0  # what the files promise
_PEAK_MARGIN_DB = 0.05  # decoders differ by hundredths of a dB
_LOUDNESS_TOLERANCE = 0.2
#: Where to aim before measuring: 64 kbps coding of espeak-ng's bright voice costs about
#: 0.45 LU. Only a first guess, to save a pass; the decoded file is what gets measured.
_CODEC_LOSS_GUESS_LU = 0.4


@dataclass(frozen=True)
class Line:
    """One utterance in the programme: its cache entry, cue text, pause and chapter."""

    key: str
    shown: str
    pause_after_ms: int
    chapter: int


@dataclass(frozen=True)
class Programme:
    slug: str
    language: str  # BCP 47
    iso639_2: str  # for ID3's TLAN
    title: str
    clinic: str
    chapters: tuple[tuple[str, str], ...]  # (title, page anchor)
    lines: tuple[Line, ...]
    cache_folder: str


@dataclass(frozen=True)
class RenderedFile:
    name: str  # relative to audio/<tag>/, with "/"
    data: bytes


@dataclass(frozen=True)
class Rendered:
    slug: str
    language: str
    files: tuple[RenderedFile, ...]
    seconds: float
    loudness_lufs: float
    true_peak_dbtp: float


def recipe() -> str:
    """Everything besides the programme that shapes the output bytes, for the build's digests."""
    libraries = ("lameenc", "mutagen", "numpy", "scipy", "pyloudnorm", "miniaudio")
    return ";".join(f"{name} {version(name)}" for name in libraries) + f";render {_RECIPE}"


def output_names(programme: Programme) -> tuple[str, ...]:
    """The files :func:`render` makes for ``programme``, relative to ``audio/<tag>/``."""
    slug = programme.slug
    return (
        f"{slug}.mp3",
        f"{slug}.vtt",
        f"{slug}.chapters.json",
        *_track_names(programme),
        f"{slug}.m3u8",
    )


@dataclass(frozen=True)
class Encoded:
    """The mastered programme, encoded once as one stream per section.

    ``whole`` is those streams joined: the programme file. Positions in it
    differ from positions in the mastered samples by the codec's delay and
    padding after each section (see :class:`pipeline.speech.mp3.Stream`).
    """

    sections: tuple[mp3.Stream, ...]
    whole: mp3.Stream
    loudness: float
    peak: float

    def starts(self) -> list[int]:
        """Where each section starts in the programme file, in samples."""
        starts = [0]
        for section in self.sections[:-1]:
            starts.append(starts[-1] + section.span)
        return starts


def render(programme: Programme) -> Rendered:
    """Assemble, master, encode, tag; return every file's bytes."""
    signal, spans = _assemble(programme)
    bounds = _chapter_starts(programme, spans)
    encoded = _master_and_encode(signal, bounds)
    del signal
    rate = mastering.OUTPUT_RATE
    starts = encoded.starts()
    total = encoded.whole.samples
    cues = [
        Cue(
            f"s{i + 1}",
            _ms(start - bounds[line.chapter] + starts[line.chapter], rate),
            _ms(end - bounds[line.chapter] + starts[line.chapter], rate),
            line.shown,
            line.chapter,
        )
        for i, (line, (start, end)) in enumerate(zip(programme.lines, spans, strict=True))
    ]
    ends = [*starts[1:], total]
    names = _track_names(programme)
    chapters = [
        ChapterSpan(title, anchor, _ms(starts[i], rate), _ms(ends[i], rate), names[i])
        for i, (title, anchor) in enumerate(programme.chapters)
    ]
    marks = tuple(
        mp3.ChapterMark(f"ch{i + 1}", c.title, c.start_ms, c.end_ms) for i, c in enumerate(chapters)
    )
    slug = programme.slug
    main_tags = mp3.Tags(
        title=programme.title,
        artist=programme.clinic,
        album=programme.clinic,
        language=programme.iso639_2,
        chapters=marks,
    )
    files = [
        RenderedFile(f"{slug}.mp3", mp3.tag(mp3.with_header(encoded.whole), main_tags)),
        RenderedFile(f"{slug}.vtt", render_webvtt(cues, programme.title).encode("utf-8")),
        RenderedFile(
            f"{slug}.chapters.json",
            render_chapters_json(chapters, programme.title, programme.language).encode("utf-8"),
        ),
    ]
    tracks: list[Track] = []
    for i, (chapter, stream) in enumerate(zip(chapters, encoded.sections, strict=True)):
        track_tags = mp3.Tags(
            title=chapter.title,
            artist=programme.clinic,
            album=programme.title,
            language=programme.iso639_2,
            track=(i + 1, len(chapters)),
        )
        files.append(RenderedFile(names[i], mp3.tag(mp3.with_header(stream), track_tags)))
        tracks.append(Track(names[i], chapter.title, stream.samples / rate))
    files.append(RenderedFile(f"{slug}.m3u8", render_m3u8(tracks, programme.title).encode()))
    return Rendered(
        slug, programme.language, tuple(files), total / rate, encoded.loudness, encoded.peak
    )


def _assemble(programme: Programme) -> tuple[mastering.Signal, list[tuple[int, int]]]:
    """The programme's samples with its pauses, and each line's span in them.

    Two passes over the cache (sizes, then samples straight into place), so
    the programme is never held twice, as a list of pieces and their join.
    """
    cache = SpeechCache(Path(programme.cache_folder))
    rate = mastering.OUTPUT_RATE

    def speech(line: Line) -> mastering.Signal:
        pcm = cache.get(line.key)
        if pcm is None:
            raise RuntimeError(f"sentence audio missing from the cache: {line.shown[:60]!r}")
        return mastering.trim(mastering.to_signal(pcm.samples, pcm.sample_rate))

    spans: list[tuple[int, int]] = []
    position = _samples(LEAD_IN_MS, rate)
    for line in programme.lines:
        size = speech(line).size
        spans.append((position, position + size))
        position += size + _samples(line.pause_after_ms, rate)
    signal = np.zeros(position, dtype=np.float32)
    for line, (start, end) in zip(programme.lines, spans, strict=True):
        signal[start:end] = speech(line)
    return signal, spans


def _master_and_encode(signal: mastering.Signal, bounds: list[int]) -> Encoded:
    """Master, encode each section once, and measure the programme as a player decodes it."""
    target = mastering.TARGET_LUFS + _CODEC_LOSS_GUESS_LU
    ceiling = mastering.CEILING_DBTP
    analysis = mastering.analyse(signal)  # the slow part of mastering, done once
    for attempt in range(3):
        mastered = mastering.master(signal, target, ceiling, analysis, verify=False)
        encoded = _encode(mastered, bounds)
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
    # turning the whole programme down, at a little loudness.
    for _ in range(3):
        over = encoded.peak - (PEAK_LIMIT_DBTP - _PEAK_MARGIN_DB)
        if over <= 0:
            break
        mastered = mastering.attenuated(mastered, over + _PEAK_MARGIN_DB)
        encoded = _encode(mastered, bounds)
    return encoded


def _encode(mastered: mastering.Mastered, bounds: list[int]) -> Encoded:
    """One MP3 stream per section (the tracks), joined into the programme and measured."""
    rate = mastering.OUTPUT_RATE
    ends = [*bounds[1:], mastered.frames]
    sections = tuple(
        mp3.encode_stream(mastered.samples[2 * start : 2 * end], rate)
        for start, end in zip(bounds, ends, strict=True)
    )
    whole = mp3.joined(list(sections))
    loudness, peak = _measure_mp3(mp3.with_header(whole))
    return Encoded(sections, whole, loudness, peak)


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


def _chapter_starts(programme: Programme, spans: list[tuple[int, int]]) -> list[int]:
    """Chapter k starts where its first sentence does (the first chapter at 0).

    A chapter with nothing to say starts where the next one does (an empty track).
    """
    starts: list[int | None] = [None] * len(programme.chapters)
    for line, (start, _) in zip(programme.lines, spans, strict=True):
        if starts[line.chapter] is None:
            starts[line.chapter] = start if line.chapter else 0
    found: list[int] = []
    end = spans[-1][1] if spans else 0
    for first in reversed(starts):
        if first is not None:
            end = first
        found.append(end)
    found.reverse()
    if found:
        found[0] = 0
    return found


def _track_names(programme: Programme) -> list[str]:
    """``<slug>/NN-<section>.mp3``, the section named by its (ASCII) page anchor."""
    names = []
    for i, (_, anchor) in enumerate(programme.chapters):
        stem = re.sub(r"[^a-z0-9]+", "-", anchor.lower()).strip("-")
        if len(stem) > 40:
            stem = stem[:41].rsplit("-", 1)[0]
        stem = stem or "section"
        names.append(f"{programme.slug}/{i + 1:02d}-{stem}.mp3")
    return names


def _samples(ms: int, rate: int) -> int:
    return ms * rate // 1000


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)
