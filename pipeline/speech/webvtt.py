"""WebVTT transcript: one cue per sentence, timed from the sample positions themselves.

Cue times come from the same sample counts that build the audio, rounded to
the millisecond WebVTT can express, so they cannot drift from the MP3. Cue
text is the sentence as the page shows it (before the lexicon), escaped:
it comes from a translation and must never become markup in a player.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """One sentence: ``start_ms``–``end_ms``, its text, and the chapter it belongs to."""

    identifier: str
    start_ms: int
    end_ms: int
    text: str
    chapter: int


def clock(ms: int, hour_digits: int = 2) -> str:
    """``HH:MM:SS.mmm``, WebVTT's timestamp; with one hour digit, SMIL's full clock value."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:0{hour_digits}d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def timestamp(ms: int) -> str:
    return clock(ms)


def escape(text: str) -> str:
    """Cue payload escaping: ``&``, ``<`` and ``>``; line breaks would end the cue."""
    flat = " ".join(text.split())
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_webvtt(cues: Sequence[Cue], title: str) -> str:
    lines = ["WEBVTT", "", f"NOTE {escape(title)}", ""]  # escaped, so it cannot hold "-->"
    for cue in cues:
        lines += [
            cue.identifier,
            f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}",
            escape(cue.text),
            "",
        ]
    return "\n".join(lines)
