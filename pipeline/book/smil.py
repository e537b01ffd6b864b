"""Media overlays: one SMIL document per chapter, pairing each sentence with its clip.

A reading app plays the ``<par>`` elements in order: it highlights the
sentence element the ``<text>`` points to and plays the ``<audio>`` clip, so
the highlight follows the voice. Clip times are the audio build's own, to
the millisecond; durations are summed from the same integers, so the
chapters' durations add up to the book's exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.book.content import file_name
from pipeline.book.model import Chapter, Clip
from pipeline.book.node import node, serialize
from pipeline.book.xhtml import OPS_NS
from pipeline.speech import webvtt

SMIL_NS = "http://www.w3.org/ns/SMIL"
AUDIO_NAME = "narration.mp3"
_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class Overlay:
    """One chapter's overlay: its file name, its document and its total clip duration."""

    name: str
    document: bytes
    duration_ms: int


def clock(ms: int) -> str:
    """A SMIL full clock value: ``0:01:02.345``."""
    return webvtt.clock(ms, hour_digits=1)


def overlay(chapter: Chapter, clips: Mapping[str, Clip]) -> Overlay | None:
    """The overlay of ``chapter``, or None if none of its sentences is narrated."""
    text = file_name(chapter.number)
    pars = []
    duration = 0
    for sentence in chapter.sentences:
        clip = clips.get(sentence.id)
        if clip is None:
            continue
        duration += clip.duration_ms
        pars.append(
            node(
                "par",
                {"id": f"par_{sentence.id.removeprefix('s_')}"},
                node("text", {"src": f"{text}#{sentence.id}"}),
                node(
                    "audio",
                    {
                        "src": AUDIO_NAME,
                        "clipBegin": clock(clip.start_ms),
                        "clipEnd": clock(clip.end_ms),
                    },
                ),
            )
        )
    if not pars:
        return None
    root = node(
        "smil",
        {"xmlns": SMIL_NS, "xmlns:epub": OPS_NS, "version": "3.0"},
        node(
            "body",
            None,
            node(
                "seq",
                {"id": f"seq_{chapter.number}", "epub:textref": f"{text}#{chapter.element_id}"},
                *pars,
            ),
        ),
    )
    document = (_PROLOG + serialize(root, data=True) + "\n").encode("utf-8")
    return Overlay(f"{chapter.name}.smil", document, duration)
