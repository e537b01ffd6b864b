"""ID3 chapters in chapter order: apps that read CHAP frames in file order must not shuffle them.

mutagen sorts frames by size when it saves, so a programme whose first
chapter has the longest title came out last-chapter-first. These tests read
the file as such apps do: ffprobe (libavformat's ID3 reader) and the raw frame order.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
from pathlib import Path

import numpy as np
from mutagen.mp3 import MP3

from pipeline.speech import mp3

RATE = 22_050
TITLES = (
    "What a PRP injection is, and how it is prepared from your own blood",
    "Before the injection",
    "Risks",
    "Aftercare",
    "Q",
)


def _tagged() -> bytes:
    t = np.arange(int(RATE * 2.5)) / RATE
    pcm = (np.sin(2 * np.pi * 220 * t) * 0.3 * 32767).astype("<i2").tobytes()
    data = mp3.with_header(mp3.encode_stream(pcm, RATE))
    marks = tuple(
        mp3.ChapterMark(f"ch{i + 1}", title, i * 500, (i + 1) * 500)
        for i, title in enumerate(TITLES)
    )
    return mp3.tag(data, mp3.Tags("Title", "Clinic", "Clinic", "eng", chapters=marks))


def _raw_frames(data: bytes) -> list[tuple[str, bytes]]:
    """(frame id, body) of every ID3v2.3 frame, in file order."""
    assert data[:4] == b"ID3\x03"
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | byte
    frames, offset = [], 10
    while offset < 10 + size and data[offset] != 0:
        length = struct.unpack(">I", data[offset + 4 : offset + 8])[0]
        body = data[offset + 10 : offset + 10 + length]
        frames.append((data[offset : offset + 4].decode(), body))
        offset += 10 + length
    return frames


def test_chap_frames_are_stored_in_chapter_order() -> None:
    frames = _raw_frames(_tagged())
    chapters = [body.split(b"\0", 1)[0].decode() for name, body in frames if name == "CHAP"]
    assert chapters == ["ch1", "ch2", "ch3", "ch4", "ch5"]
    names = [name for name, _ in frames]
    assert names.index("CTOC") < names.index("CHAP")  # the table of contents comes first
    assert names[:4] == ["TIT2", "TPE1", "TALB", "TLAN"]


def test_reordering_keeps_every_frame_and_the_audio() -> None:
    data = _tagged()
    tags = MP3(io.BytesIO(data)).tags
    assert [tags[f"CHAP:ch{i + 1}"].sub_frames["TIT2"].text[0] for i in range(5)] == list(TITLES)
    assert tags["CTOC:toc"].child_element_ids == ["ch1", "ch2", "ch3", "ch4", "ch5"]
    assert _tagged() == data  # still deterministic


def test_ffprobe_lists_the_chapters_in_order(tmp_path: Path) -> None:
    path = tmp_path / "programme.mp3"
    path.write_bytes(_tagged())
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    chapters = json.loads(out)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == list(TITLES)
    assert [round(float(c["start_time"]), 2) for c in chapters] == [0, 0.5, 1.0, 1.5, 2.0]
