"""The audio build's memory of each unit's plan: what it says, in which voice, to which files.

Planning a unit (reading and checking its catalog, localizing, splitting
sentences, applying the lexicon) is the only work an unchanged audio build
would still do for every article in every language. So the plan is kept in
``<cache>/audio-plans.json`` under a digest of everything it is made from:
the text build's verdict key for the unit (source and catalog bytes,
glossaries, handout's code), the lexicons, the voice settings, the engine's
name and version and the clinic name. A unit whose digest is known is not
planned again. JSON, not pickle: a cache file is data, never code. Losing or
corrupting it costs time, never a wrong file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.cache import JsonStore
from pipeline.digests import digest, file_digest
from pipeline.project import Project
from pipeline.speech.engine import VoiceSettings
from pipeline.speech.programme import Line, Programme
from pipeline.speech.recorded import RENDER_FORMAT
from pipeline.speech.workers import SpeechJob

_FORMAT = 2  # of the plans' record: bump when what it holds changes


@dataclass(frozen=True)
class UnitPlan:
    """One unit's plan: its programme and the job behind each line, or why it has none."""

    programme: Programme | None  # None: not published, or nothing with a voice to say
    jobs: tuple[SpeechJob, ...]  # one per distinct sentence key, in first-use order
    reason: str = ""  # why it is not published ("" when it is)

    @property
    def published(self) -> bool:
        return not self.reason


def _programme_json(programme: Programme) -> dict[str, Any]:
    return {
        "slug": programme.slug,
        "language": programme.language,
        "iso639_2": programme.iso639_2,
        "title": programme.title,
        "clinic": programme.clinic,
        "chapters": [list(c) for c in programme.chapters],
        "lines": [[ln.key, ln.shown, ln.pause_after_ms, ln.chapter] for ln in programme.lines],
    }


def _programme(data: dict[str, Any], cache_folder: str) -> Programme:
    return Programme(
        slug=str(data["slug"]),
        language=str(data["language"]),
        iso639_2=str(data["iso639_2"]),
        title=str(data["title"]),
        clinic=str(data["clinic"]),
        chapters=tuple((str(t), str(a)) for t, a in data["chapters"]),
        lines=tuple(Line(str(k), str(s), int(p), int(c)) for k, s, p, c in data["lines"]),
        cache_folder=cache_folder,
    )


def _job(key: Any, text: Any, voice: Any, rate: Any, pitch: Any, engine: Any = "") -> SpeechJob:
    """A job as :meth:`AudioPlans.remember` stored it (the engine is absent in older records)."""
    settings = VoiceSettings(str(voice), int(rate), int(pitch))
    return SpeechJob(str(key), str(text), settings, str(engine))


class AudioPlans(JsonStore):
    """``<cache>/audio-plans.json``: plan digest → :class:`UnitPlan`."""

    def __init__(self, path: Path, cache_folder: Path) -> None:
        super().__init__(path, _FORMAT, ("plans",))
        self.cache_folder = str(cache_folder)  # where this project's sentence audio is now
        self.records: dict[str, Any] = self.sections["plans"]
        self.used: set[str] = set()

    def get(self, key: str) -> UnitPlan | None:
        record = self.records.get(key)
        if not isinstance(record, dict):
            return None
        try:
            programme = record["programme"]
            plan = UnitPlan(
                programme=None if programme is None else _programme(programme, self.cache_folder),
                jobs=tuple(_job(*job) for job in record["jobs"]),
                reason=str(record["reason"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        self.used.add(key)
        return plan

    def remember(self, key: str, plan: UnitPlan) -> None:
        self.used.add(key)
        self.records[key] = {
            "programme": None if plan.programme is None else _programme_json(plan.programme),
            "jobs": [
                [j.key, j.text, j.settings.voice, j.settings.rate, j.settings.pitch, j.engine]
                for j in plan.jobs
            ],
            "reason": plan.reason,
        }
        self.changed = True

    def save(self, prune: bool = False) -> None:
        """Write the plans; ``prune`` (a build of everything) drops those it did not use,
        which were made from inputs that no longer exist."""
        if prune and set(self.records) != self.used:
            self.records = {key: r for key, r in self.records.items() if key in self.used}
            self.sections["plans"] = self.records
            self.changed = True
        super().save()


class RenderDigests(JsonStore):
    """What each audio file was rendered from: ``<cache>/audio-digests.json``.

    Keys are paths relative to the audio folder and the inputs leave out where
    the cache lives, so a copied or moved project still knows its files are
    current. Losing the record costs a re-render, never a wrong file.
    """

    def __init__(self, project: Project) -> None:
        super().__init__(project.digest_path("audio"), RENDER_FORMAT, ("files", "stats"))
        self.folder = project.config.folders.audio
        self.records: dict[str, str] = self.sections["files"]
        #: Per file, the size and time it had when its bytes were hashed, and that hash:
        #: an untouched file is then known without reading megabytes of MP3 again.
        self.stats: dict[str, list[Any]] = self.sections["stats"]

    def _key(self, path: Path) -> str:
        return path.relative_to(self.folder).as_posix()

    def _own(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        known = self.stats.get(self._key(path))
        if isinstance(known, list) and known[:2] == [st.st_size, st.st_mtime_ns]:
            return str(known[2])
        own = file_digest(path)
        if own is not None:
            self.stats[self._key(path)] = [st.st_size, st.st_mtime_ns, own]
            self.changed = True
        return own

    def fresh(self, path: Path, inputs: str) -> bool:
        own = self._own(path)
        return own is not None and self.records.get(self._key(path)) == digest(inputs, own)

    def record(self, path: Path, inputs: str) -> None:
        self.stats.pop(self._key(path), None)  # just written: hash its bytes, not its stat
        own = self._own(path)
        if own is not None and self.records.get(self._key(path)) != digest(inputs, own):
            self.records[self._key(path)] = digest(inputs, own)
            self.changed = True
