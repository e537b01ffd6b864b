"""PCM → MP3 bytes (lameenc) with a gapless header, then ID3v2 tags and chapters (mutagen).

lameenc writes bare MPEG frames. Every MP3 decoder adds the encoder's delay
(576 samples plus the decoder's 529) at the start and padding at the end
unless the file says how much to drop; that is ~80 ms at 22,050 Hz, more than
the 50 ms the transcript timings may drift. So, like the ``lame`` program,
we put a Xing "Info" frame with a LAME extension in front: players that know
it (browsers, ffmpeg, mutagen's length) then play exactly our samples, and
the others hear 26 ms of extra silence at the start, as with any LAME file.

Both steps are deterministic: the same samples and tags give the same bytes.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import lru_cache

import lameenc
from mutagen.id3 import (
    CHAP,
    CTOC,
    ID3,
    TALB,
    TIT2,
    TLAN,
    TPE1,
    TRCK,
    CTOCFlags,
)

BITRATE_KBPS = 64  # plenty for speech; mono
SAMPLES_PER_FRAME = 576  # MPEG-2 layer III (22,050 Hz)
ENCODER_DELAY = 576  # LAME's, as recorded in its tag; decoders add their own 529
_XING_OFFSET = 4 + 9  # frame header + MPEG-2 mono side information
#: MPEG-2 layer III bitrate table (kbps) and sample rates by index.
_BITRATES = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = (22_050, 24_000, 16_000)


@dataclass(frozen=True)
class ChapterMark:
    element_id: str
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Tags:
    """ID3 text: ``language`` is ISO 639-2 (``eng``, ``zho``) as ID3 requires."""

    title: str
    artist: str
    album: str
    language: str
    track: tuple[int, int] | None = None
    chapters: tuple[ChapterMark, ...] = ()
    toc_title: str = ""


def encode(samples: bytes, sample_rate: int) -> bytes:
    """16-bit mono PCM → a CBR MP3 stream that starts with a gapless Info frame."""
    if sample_rate not in _SAMPLE_RATES:
        raise ValueError(f"MPEG-2 layer III takes 16, 22.05 or 24 kHz, not {sample_rate} Hz")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    stream = bytes(encoder.encode(samples)) + bytes(encoder.flush())
    frames = list(_frames(stream))
    return info_frame(stream, frames, len(samples) // 2, sample_rate) + stream


def _frames(stream: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each MPEG frame, checking that the stream is what we asked for."""
    found: list[tuple[int, int]] = []
    offset = 0
    while offset + 4 <= len(stream):
        header = struct.unpack(">I", stream[offset : offset + 4])[0]
        if header >> 21 != 0x7FF or (header >> 19) & 3 != 2 or (header >> 17) & 3 != 1:
            raise ValueError(f"lameenc wrote something other than MPEG-2 layer III at {offset}")
        bitrate = _BITRATES[(header >> 12) & 0xF] * 1000
        rate = _SAMPLE_RATES[(header >> 10) & 3]
        length = 72 * bitrate // rate + ((header >> 9) & 1)
        found.append((offset, length))
        offset += length
    if offset != len(stream):
        raise ValueError("lameenc's output ends in a partial frame")
    return found


def info_frame(stream: bytes, frames: list[tuple[int, int]], samples: int, rate: int) -> bytes:
    """A silent frame holding the Xing "Info" header and LAME extension for ``stream``."""
    rate_index = _SAMPLE_RATES.index(rate)
    bitrate_index = _BITRATES.index(BITRATE_KBPS)
    header = 0xFFF30000 | (bitrate_index << 12) | (rate_index << 10) | (3 << 6) | (1 << 2)
    size = 72 * BITRATE_KBPS * 1000 // rate
    padding = len(frames) * SAMPLES_PER_FRAME - ENCODER_DELAY - samples
    if not 0 <= padding < 4096:
        raise ValueError(f"unexpected encoder padding {padding}")
    total = size + len(stream)
    toc = bytes(min(255, i * 256 // 100) for i in range(100))
    xing = b"Info" + struct.pack(">IIII", 0x0F, len(frames), total, 0)[:12] + toc
    xing += struct.pack(">I", 0)  # quality indicator
    lame = b"LAME3.100" + bytes([0x01, 0])  # tag revision 0 / CBR; lowpass unknown
    lame += struct.pack(">fHH", 0.0, 0, 0)  # peak, radio and audiophile replay gain: unset
    lame += bytes([0, BITRATE_KBPS])  # encoding flags / ATH, bitrate
    lame += bytes(
        [ENCODER_DELAY >> 4, ((ENCODER_DELAY & 0xF) << 4) | (padding >> 8), padding & 0xFF]
    )
    lame += bytes([0, 0]) + struct.pack(">H", 0)  # misc, MP3 gain, preset
    lame += struct.pack(">IH", total, _crc16(stream))
    body = struct.pack(">I", header) + bytes(_XING_OFFSET - 4) + xing + lame
    crc = _crc16(body)
    frame = body + struct.pack(">H", crc)
    return frame + bytes(size - len(frame))


@lru_cache(maxsize=1)
def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


def _crc16(data: bytes) -> int:
    """CRC-16/ARC, the checksum the LAME tag uses."""
    table = _crc_table()
    crc = 0
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def tag(mp3: bytes, tags: Tags) -> bytes:
    """``mp3`` with an ID3v2.3 tag in front (the version most players read, chapters included)."""
    id3 = ID3()
    id3.add(TIT2(encoding=1, text=[tags.title]))
    id3.add(TPE1(encoding=1, text=[tags.artist]))
    id3.add(TALB(encoding=1, text=[tags.album]))
    id3.add(TLAN(encoding=1, text=[tags.language]))
    if tags.track is not None:
        id3.add(TRCK(encoding=1, text=[f"{tags.track[0]}/{tags.track[1]}"]))
    if tags.chapters:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=[c.element_id for c in tags.chapters],
                sub_frames=[TIT2(encoding=1, text=[tags.toc_title or tags.title])],
            )
        )
        for chapter in tags.chapters:
            id3.add(
                CHAP(
                    element_id=chapter.element_id,
                    start_time=chapter.start_ms,
                    end_time=chapter.end_ms,
                    start_offset=0xFFFFFFFF,
                    end_offset=0xFFFFFFFF,
                    sub_frames=[TIT2(encoding=1, text=[chapter.title])],
                )
            )
    buffer = io.BytesIO(mp3)
    id3.save(buffer, v2_version=3, padding=lambda info: 0)
    return buffer.getvalue()
