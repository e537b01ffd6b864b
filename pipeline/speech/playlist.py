"""An extended M3U (UTF-8, ``.m3u8``) of the section tracks, for players without chapters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Track:
    path: str  # relative to the playlist, with "/"
    title: str
    seconds: float


def _line(text: str) -> str:
    """Titles come from translations: one line, and never a directive."""
    return " ".join(text.split()).lstrip("#")


def render_m3u8(tracks: Sequence[Track], title: str) -> str:
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(title)}"]
    for track in tracks:
        lines.append(f"#EXTINF:{round(track.seconds)},{_line(track.title)}")
        lines.append(track.path)
    return "\n".join(lines) + "\n"
