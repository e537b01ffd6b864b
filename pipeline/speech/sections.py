"""A programme's sections as units of work, and the cache of their encoded audio.

A section (one chapter: its heading and what follows) is mastered to -16 LUFS
and encoded by itself, so a section track is as loud alone as in the
programme, and editing a paragraph re-renders its section only: the others
are found here by a key of what their audio is made of (the sentences' cache
keys, the pauses, the lead-in and the rendering recipe; never the cue text,
which changes no sample). Entries are written by the command, atomically,
and carry the SHA-256 of their frames: a damaged entry is rendered again,
never joined into a programme.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.digests import digest
from pipeline.errors import HandoutError
from pipeline.failures import failure_of
from pipeline.fsio import read_record, write_bytes_atomic
from pipeline.memory import release as release_memory
from pipeline.report import Report
from pipeline.speech import mp3
from pipeline.speech.programme import Programme, Rendered, SectionAudio, SectionJob, assemble
from pipeline.speech.workers import SpeechPool

LEAD_IN_MS = 250  # silence before the programme's first words
_MAGIC = b"handout-section 1\n"
_LENGTH = struct.Struct(">I")


def section_jobs(programme: Programme, recipe: str) -> tuple[SectionJob, ...]:
    """The programme's sections, in order, each under the key of its audio's inputs."""
    jobs = []
    for index in range(len(programme.chapters)):
        lines = programme.section_lines(index)
        lead_in = LEAD_IN_MS if index == 0 else 0
        sound = [(line.key, line.pause_after_ms) for line in lines]
        key = digest(recipe, json.dumps([lead_in, sound], separators=(",", ":")))
        jobs.append(SectionJob(key, lines, lead_in, programme.cache_folder))
    return tuple(jobs)


class SectionCache:
    """``<cache>/sections/ab/abcdef….bin``: a JSON header, then the section's MP3 frames."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.damaged: set[str] = set()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.bin"

    def get(self, key: str) -> SectionAudio | None:
        try:
            data = read_record(self.path(key))
        except OSError:
            return None
        section = decode_entry(data)
        if section is None:
            self.damaged.add(key)
        return section

    def put(self, key: str, section: SectionAudio) -> None:
        write_bytes_atomic(self.path(key), encode_entry(section))
        self.damaged.discard(key)

    def prune(self, keep: set[str]) -> int:
        """Remove the entries no current programme uses; how many went."""
        removed = 0
        for entry in sorted(self.folder.glob("*/*.bin")):
            if entry.stem not in keep:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def encode_entry(section: SectionAudio) -> bytes:
    stream = section.stream
    header = {
        "count": stream.count,
        "samples": stream.samples,
        "rate": stream.rate,
        "crc": stream.crc,
        "sha256": hashlib.sha256(stream.frames).hexdigest(),
        "spans": [list(span) for span in section.spans],
        "loudness": section.loudness,
        "peak": section.peak,
    }
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")
    return _MAGIC + _LENGTH.pack(len(text)) + text + stream.frames


def decode_entry(data: bytes) -> SectionAudio | None:
    """The entry's section, or None for anything that is not a whole entry of this format."""
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + _LENGTH.size:
        return None
    start = len(_MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack_from(data, len(_MAGIC))
    try:
        header = json.loads(data[start : start + length])
        frames = data[start + length :]
        if hashlib.sha256(frames).hexdigest() != header["sha256"]:
            return None
        stream = mp3.Stream(
            frames,
            int(header["count"]),
            int(header["samples"]),
            int(header["rate"]),
            int(header["crc"]),
        )
        spans = tuple((int(a), int(b)) for a, b in header["spans"])
        return SectionAudio(stream, spans, float(header["loudness"]), float(header["peak"]))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class SectionRun:
    """What the section stage did in one build."""

    rendered: int = 0
    failed: set[str] = field(default_factory=set)  # keys of sections that could not be made


#: Each programme to make, with its sections (:func:`section_jobs`), in order.
Sectioned = dict[Programme, tuple[SectionJob, ...]]


def render_missing(
    pool: SpeechPool,
    report: Report,
    cache: SectionCache,
    programmes: Sectioned,
    progress: Callable[[int, int], None] | None = None,
) -> SectionRun:
    """Render, in the workers, every section of ``programmes`` that the cache lacks; store it."""
    missing: dict[str, SectionJob] = {}
    for jobs in programmes.values():
        for job in jobs:
            if job.key not in missing and cache.get(job.key) is None:
                missing[job.key] = job
    run = SectionRun()
    outcomes = pool.outcomes(render_section_job, list(missing.values()))
    for done, outcome in enumerate(outcomes, start=1):
        if progress is not None:
            progress(done, len(missing))
        if outcome.value is not None:
            cache.put(outcome.item.key, outcome.value)
            run.rendered += 1
        else:
            run.failed.add(outcome.item.key)
            failure = outcome.failure or RuntimeError("no result")
            shown = outcome.item.lines[0].shown[:40] if outcome.item.lines else ""
            report.fail(failure_of(f"the audio of the section starting {shown!r}", failure))
    return run


def assembled(
    cache: SectionCache, programmes: Sectioned, run: SectionRun
) -> Iterator[tuple[Programme, Rendered]]:
    """Each programme whose sections are all there, joined (one programme in memory at a time)."""
    for programme, jobs in programmes.items():
        if any(job.key in run.failed for job in jobs):
            continue  # reported with its section
        found = [cache.get(job.key) for job in jobs]
        sections = [section for section in found if section is not None]
        if len(sections) != len(jobs):
            raise HandoutError(f"section audio of {programme.slug} vanished from {cache.folder}")
        yield programme, assemble(programme, sections)


def render_section_job(job: SectionJob) -> SectionAudio:
    """In a worker: the section rendered (numpy and LAME are imported there, never here)."""
    from pipeline.speech.render import render_section

    try:
        return render_section(job)
    finally:
        release_memory()
