"""Chapters as JSON, in the Podcasting 2.0 "JSON chapters" format players already read.

One chapter per article section; times in seconds with millisecond
precision, the same instants as the MP3's CHAP frames and the section tracks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChapterSpan:
    """A section in the programme: ``start_ms``–``end_ms``, its title and page anchor."""

    title: str
    anchor: str
    start_ms: int
    end_ms: int
    track: str  # the section track's path, relative to the chapters file


def render_chapters_json(chapters: Sequence[ChapterSpan], title: str, language: str) -> str:
    document = {
        "version": "1.2.0",
        "title": title,
        "language": language,
        "chapters": [
            {
                "startTime": round(c.start_ms / 1000, 3),
                "endTime": round(c.end_ms / 1000, 3),
                "title": c.title,
                "url": f"#{c.anchor}",
                "track": c.track,
            }
            for c in chapters
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
