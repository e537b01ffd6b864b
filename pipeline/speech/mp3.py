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
from typing import Any

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
QUALITY = 3  # LAME's default; -q 2 costs 55% more CPU for no audible gain on speech
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


@dataclass(frozen=True)
class Stream:
    """Bare MPEG frames and what a gapless header must say about them.

    Streams join: LAME starts every stream with an empty bit reservoir, so
    the frames of one encoding can follow another's in the same file. Each
    stream then takes ``span`` samples of the joined timeline (its samples, then
    the codec's delay and padding as near-silence), which is how the programme
    is made from its section tracks without encoding the audio twice.
    """

    frames: bytes
    count: int  # MPEG frames
    samples: int  # PCM samples they carry
    rate: int
    crc: int  # CRC-16/ARC of ``frames``, for the LAME tag

    @property
    def padding(self) -> int:
        return self.count * SAMPLES_PER_FRAME - ENCODER_DELAY - self.samples

    @property
    def span(self) -> int:
        """Samples this stream takes when another stream's frames follow it."""
        return self.count * SAMPLES_PER_FRAME


def encode_stream(samples: bytes, sample_rate: int) -> Stream:
    """16-bit mono PCM → CBR MPEG-2 layer III frames (LAME's ``-q 3``, its own default)."""
    if sample_rate not in _SAMPLE_RATES:
        raise ValueError(f"MPEG-2 layer III takes 16, 22.05 or 24 kHz, not {sample_rate} Hz")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATE_KBPS)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(QUALITY)
    frames = bytes(encoder.encode(samples)) + bytes(encoder.flush())
    count = _count_frames(frames)
    return Stream(frames, count, len(samples) // 2, sample_rate, crc16(frames))


def joined(streams: list[Stream]) -> Stream:
    """One stream that plays ``streams`` one after another (see :class:`Stream`)."""
    if not streams:
        raise ValueError("nothing to join")
    crc = 0
    for stream in streams:
        crc = _crc_after_zeros(crc, len(stream.frames)) ^ stream.crc
    return Stream(
        frames=b"".join(s.frames for s in streams),
        count=sum(s.count for s in streams),
        samples=sum(s.span for s in streams[:-1]) + streams[-1].samples,
        rate=streams[0].rate,
        crc=crc,
    )


def with_header(stream: Stream) -> bytes:
    """The stream as an MP3 file (no tags yet): the gapless Info frame, then the frames."""
    return info_frame(stream) + stream.frames


def _count_frames(stream: bytes) -> int:
    """How many MPEG frames ``stream`` holds, checking that it is what we asked for."""
    count = 0
    offset = 0
    while offset + 4 <= len(stream):
        header = struct.unpack(">I", stream[offset : offset + 4])[0]
        if header >> 21 != 0x7FF or (header >> 19) & 3 != 2 or (header >> 17) & 3 != 1:
            raise ValueError(f"lameenc wrote something other than MPEG-2 layer III at {offset}")
        bitrate = _BITRATES[(header >> 12) & 0xF] * 1000
        rate = _SAMPLE_RATES[(header >> 10) & 3]
        count += 1
        offset += 72 * bitrate // rate + ((header >> 9) & 1)
    if offset != len(stream):
        raise ValueError("lameenc's output ends in a partial frame")
    return count


def info_frame(stream: Stream) -> bytes:
    """A silent frame holding the Xing "Info" header and LAME extension for ``stream``."""
    rate_index = _SAMPLE_RATES.index(stream.rate)
    bitrate_index = _BITRATES.index(BITRATE_KBPS)
    header = 0xFFF30000 | (bitrate_index << 12) | (rate_index << 10) | (3 << 6) | (1 << 2)
    size = 72 * BITRATE_KBPS * 1000 // stream.rate
    padding = stream.padding
    if not 0 <= padding < 4096:
        raise ValueError(f"unexpected encoder padding {padding}")
    total = size + len(stream.frames)
    toc = bytes(min(255, i * 256 // 100) for i in range(100))
    xing = b"Info" + struct.pack(">IIII", 0x0F, stream.count, total, 0)[:12] + toc
    xing += struct.pack(">I", 0)  # quality indicator
    lame = b"LAME3.100" + bytes([0x01, 0])  # tag revision 0 / CBR; lowpass unknown
    lame += struct.pack(">fHH", 0.0, 0, 0)  # peak, radio and audiophile replay gain: unset
    lame += bytes([0, BITRATE_KBPS])  # encoding flags / ATH, bitrate
    lame += bytes(
        [ENCODER_DELAY >> 4, ((ENCODER_DELAY & 0xF) << 4) | (padding >> 8), padding & 0xFF]
    )
    lame += bytes([0, 0]) + struct.pack(">H", 0)  # misc, MP3 gain, preset
    lame += struct.pack(">IH", total, stream.crc)
    body = struct.pack(">I", header) + bytes(_XING_OFFSET - 4) + xing + lame
    frame = body + struct.pack(">H", crc16(body))
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


_CRC_BLOCK = 512


def crc16(data: bytes) -> int:
    """CRC-16/ARC, the checksum the LAME tag uses, over a whole programme in milliseconds.

    The CRC is linear, so the data is cut into blocks whose CRCs numpy
    computes side by side (one byte of every block per step), and the
    blocks' CRCs are then chained: ``crc(A + B) = zeros(crc(A), len(B)) ^ crc(B)``.
    """
    import numpy as np  # imported here: only the workers that encode need numpy

    table = np.array(_crc_table(), dtype=np.uint32)
    head = len(data) % _CRC_BLOCK
    crc = 0
    for byte in data[:head]:
        crc = (crc >> 8) ^ int(table[(crc ^ byte) & 0xFF])
    blocks = np.frombuffer(data, dtype=np.uint8, offset=head).reshape(-1, _CRC_BLOCK)
    if blocks.size == 0:
        return crc
    columns = np.ascontiguousarray(blocks.T).astype(np.uint32)
    state = np.zeros(blocks.shape[0], dtype=np.uint32)
    for column in columns:
        state = (state >> 8) ^ table[(state ^ column) & 0xFF]
    low, high = _zero_shift(_CRC_BLOCK)
    for value in state.tolist():
        crc = low[crc & 0xFF] ^ high[crc >> 8] ^ value
    return crc


_BASIS = (*range(256), *(byte << 8 for byte in range(256)))


@lru_cache(maxsize=64)
def _zero_shift(length: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Tables of ``crc ↦`` the CRC after ``length`` (a power of two) zero bytes.

    Indexed by the CRC's low and high byte (the map is linear); a length is
    made from two of half that length, so a megabyte of zeros costs 20 steps.
    """
    if length == 1:
        table = _crc_table()
        values = [(crc >> 8) ^ table[crc & 0xFF] for crc in _BASIS]
    else:
        low, high = _zero_shift(length // 2)
        half = [low[crc & 0xFF] ^ high[crc >> 8] for crc in _BASIS]
        values = [low[crc & 0xFF] ^ high[crc >> 8] for crc in half]
    return tuple(values[:256]), tuple(values[256:])


def _crc_after_zeros(crc: int, length: int) -> int:
    """``crc`` carried through ``length`` zero bytes (chaining CRCs of joined data)."""
    for bit in range(length.bit_length()):
        if length >> bit & 1:
            low, high = _zero_shift(1 << bit)
            crc = low[crc & 0xFF] ^ high[crc >> 8]
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
    return in_order(buffer.getvalue(), [_frame_key(frame) for frame in id3.values()])


def _frame_key(frame: Any) -> bytes:
    """How a frame is told apart in the tag: its id, plus the element id of a CHAP or CTOC."""
    element = getattr(frame, "element_id", None)
    name = str(frame.FrameID).encode("ascii")
    return name + b"\0" + element.encode("latin-1") if element is not None else name


def in_order(tagged: bytes, keys: list[bytes]) -> bytes:
    """``tagged`` (an ID3v2.3 tag, then the audio) with its frames put in the order of ``keys``.

    mutagen writes frames sorted by size, so the CHAP frames of a programme
    came out shuffled (English: ch5 … ch1), and apps that read chapters in
    file order (rather than by start time) listed them so. The frames are
    re-laid here from mutagen's own bytes: same frames, same tag size.
    """
    if tagged[:3] != b"ID3" or tagged[3] != 3:
        raise ValueError("not an ID3v2.3 tag")
    size = _syncsafe(tagged[6:10])
    frames: list[tuple[bytes, bytes]] = []
    offset = 10
    while offset + 10 <= 10 + size and tagged[offset] != 0:
        name = tagged[offset : offset + 4]
        length = struct.unpack(">I", tagged[offset + 4 : offset + 8])[0]
        body = tagged[offset + 10 : offset + 10 + length]
        key = name + b"\0" + body.split(b"\0", 1)[0] if name in (b"CHAP", b"CTOC") else name
        frames.append((key, tagged[offset : offset + 10 + length]))
        offset += 10 + length
    rank = {key: i for i, key in enumerate(keys)}
    frames.sort(key=lambda item: rank.get(item[0], len(rank)))
    return tagged[:10] + b"".join(f for _, f in frames) + tagged[offset:]


def _syncsafe(data: bytes) -> int:
    value = 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
    return value
