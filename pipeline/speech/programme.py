"""One article in one language as a listener gets it, assembled from its sections' audio.

A :class:`Programme` names cache entries and pauses; each section of it is
rendered on its own (:mod:`pipeline.speech.render`, in the workers) into an
MP3 stream, and this module only joins those streams and writes what goes
around them: ID3 tags and chapters, the WebVTT transcript, the chapter list,
the section tracks and their playlist. It is byte work, no signal
processing, so it runs in the command's own process without numpy.

Timings are sample counts throughout, so cues, chapters and tracks agree
with the MP3 to the sample (and with the WebVTT to the millisecond).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version

from pipeline.speech import mp3
from pipeline.speech.chapters import ChapterSpan, render_chapters_json
from pipeline.speech.playlist import Track, render_m3u8
from pipeline.speech.webvtt import Cue, render_webvtt

_RECIPE = 6  # bump when a change here or in render/master/mp3/webvtt/... changes output bytes
RATE = 22_050  # espeak-ng's rate, and every file's (pipeline.speech.master.OUTPUT_RATE)


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

    def section_lines(self, index: int) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.chapter == index)


@dataclass(frozen=True)
class SectionJob:
    """One section to render: its lines, the silence before them, where their audio is.

    Here, beside :class:`SectionAudio`, so that the section cache
    (:mod:`pipeline.speech.sections`) and the worker that renders a section
    (:mod:`pipeline.speech.render`) share it without importing each other.
    """

    key: str
    lines: tuple[Line, ...]
    lead_in_ms: int
    cache_folder: str


@dataclass(frozen=True)
class SectionAudio:
    """One section mastered and encoded: its stream and where each of its lines is in it."""

    stream: mp3.Stream
    spans: tuple[tuple[int, int], ...]  # (start, end) sample of each line, in the section
    loudness: float  # LUFS of the decoded stream
    peak: float  # dBTP of the decoded stream


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


def recipe() -> str:
    """Everything besides the programme that shapes the output bytes, for the build's digests."""
    libraries = ("lameenc", "mutagen", "numpy", "scipy", "pyloudnorm", "miniaudio")
    return ";".join(f"{name} {version(name)}" for name in libraries) + f";render {_RECIPE}"


def output_names(programme: Programme) -> tuple[str, ...]:
    """The files :func:`assemble` makes for ``programme``, relative to ``audio/<tag>/``."""
    slug = programme.slug
    return (
        f"{slug}.mp3",
        f"{slug}.vtt",
        f"{slug}.chapters.json",
        *_track_names(programme),
        f"{slug}.m3u8",
    )


def assemble(programme: Programme, sections: list[SectionAudio]) -> Rendered:
    """Join the sections' streams into the programme; tag it; write what goes with it."""
    whole = mp3.joined([section.stream for section in sections])
    starts = [0]
    for section in sections[:-1]:
        starts.append(starts[-1] + section.stream.span)
    ends = [*starts[1:], whole.samples]
    names = _track_names(programme)
    chapters = [
        ChapterSpan(title, anchor, _ms(starts[i]), _ms(ends[i]), names[i])
        for i, (title, anchor) in enumerate(programme.chapters)
    ]
    slug = programme.slug
    files = [
        RenderedFile(f"{slug}.mp3", mp3.tag(mp3.with_header(whole), _tags(programme, chapters))),
        RenderedFile(f"{slug}.vtt", _transcript(programme, sections, starts)),
        RenderedFile(
            f"{slug}.chapters.json",
            render_chapters_json(chapters, programme.title, programme.language).encode("utf-8"),
        ),
    ]
    tracks: list[Track] = []
    for i, (chapter, section) in enumerate(zip(chapters, sections, strict=True)):
        track_tags = mp3.Tags(
            title=chapter.title,
            artist=programme.clinic,
            album=programme.title,
            language=programme.iso639_2,
            track=(i + 1, len(chapters)),
        )
        files.append(RenderedFile(names[i], mp3.tag(mp3.with_header(section.stream), track_tags)))
        tracks.append(Track(names[i], chapter.title, section.stream.samples / RATE))
    files.append(RenderedFile(f"{slug}.m3u8", render_m3u8(tracks, programme.title).encode()))
    return Rendered(slug, programme.language, tuple(files), whole.samples / RATE)


def _tags(programme: Programme, chapters: list[ChapterSpan]) -> mp3.Tags:
    marks = tuple(
        mp3.ChapterMark(f"ch{i + 1}", c.title, c.start_ms, c.end_ms) for i, c in enumerate(chapters)
    )
    return mp3.Tags(
        title=programme.title,
        artist=programme.clinic,
        album=programme.clinic,
        language=programme.iso639_2,
        chapters=marks,
    )


def _transcript(programme: Programme, sections: list[SectionAudio], starts: list[int]) -> bytes:
    """One cue per line, timed where its section put it in the joined programme."""
    cues: list[Cue] = []
    for index, section in enumerate(sections):
        lines = programme.section_lines(index)
        for line, (start, end) in zip(lines, section.spans, strict=True):
            offset = starts[index]
            number = len(cues) + 1
            cues.append(
                Cue(f"s{number}", _ms(offset + start), _ms(offset + end), line.shown, index)
            )
    return render_webvtt(cues, programme.title).encode("utf-8")


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


def _ms(samples: int) -> int:
    return round(samples * 1000 / RATE)
