"""Sentence timings of a rendered programme, for the stages that follow the audio build.

The audio build times every sentence from its sample positions and keeps those
times in one published record: the WebVTT transcript beside the MP3, one cue
per sentence, to the millisecond (:mod:`pipeline.speech.webvtt`). The stages
after it (the EPUB's media overlays, :mod:`pipeline.book.narration`) need the
same instants as values. This accessor reads the record back, so they never
parse WebVTT themselves and never time anything again: it is the exact inverse
of :func:`~pipeline.speech.webvtt.render_webvtt`, which
``tests/book/test_book_narration.py`` checks as a round trip. The file is read
strictly: anything that is not what the audio build writes is an error naming
the file and line, never a silently shifted clip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.fsio import read_text_utf8

_TIMES = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})$")


@dataclass(frozen=True)
class SentenceTiming:
    """One sentence in the programme: its cue id, its span in the MP3, its text as shown."""

    identifier: str
    start_ms: int
    end_ms: int
    text: str


def read_sentence_timings(path: Path, shown: str) -> tuple[SentenceTiming, ...]:
    """Every sentence of the programme whose transcript is ``path``, in order."""
    return parse_sentence_timings(read_text_utf8(path, shown), shown)


def parse_sentence_timings(vtt: str, shown: str) -> tuple[SentenceTiming, ...]:
    lines = vtt.split("\n")
    if not lines or lines[0] != "WEBVTT":
        raise HandoutError("not a WebVTT file from handout audio", shown, 1)
    timings: list[SentenceTiming] = []
    i = 1
    while i < len(lines):
        if not lines[i]:
            i += 1
            continue
        if lines[i].startswith("NOTE"):
            while i < len(lines) and lines[i]:
                i += 1
            continue
        if i + 2 >= len(lines) or not lines[i + 2] or (i + 3 < len(lines) and lines[i + 3]):
            raise HandoutError("expected a cue: id, times and one line of text", shown, i + 1)
        match = _TIMES.match(lines[i + 1])
        if match is None:
            raise HandoutError("expected cue times (hh:mm:ss.mmm --> hh:mm:ss.mmm)", shown, i + 2)
        start, end = _ms(match.groups()[:4]), _ms(match.groups()[4:])
        if end < start or (timings and start < timings[-1].end_ms):
            raise HandoutError("cue times out of order", shown, i + 2)
        timings.append(SentenceTiming(lines[i], start, end, _unescape(lines[i + 2])))
        i += 3
    return tuple(timings)


def _ms(parts: tuple[str | None, ...]) -> int:
    hours, minutes, seconds, millis = (int(p or 0) for p in parts)
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _unescape(payload: str) -> str:
    """Undo :func:`pipeline.speech.webvtt.escape` (``&amp;`` last, so ``&amp;lt;`` stays)."""
    return payload.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
