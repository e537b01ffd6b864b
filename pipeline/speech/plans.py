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

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.fsio import read_record, write_text_atomic
from pipeline.speech.engine import VoiceSettings
from pipeline.speech.programme import Line, Programme
from pipeline.speech.workers import SpeechJob

_FORMAT = 1


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


class AudioPlans:
    """``<cache>/audio-plans.json``: plan digest → :class:`UnitPlan`."""

    def __init__(self, path: Path, cache_folder: Path) -> None:
        self.path = path
        self.cache_folder = str(cache_folder)  # where this project's sentence audio is now
        self.changed = False
        self.records: dict[str, Any] = {}
        self.used: set[str] = set()
        try:
            loaded = json.loads(read_record(path))
        except (OSError, ValueError):
            return
        if isinstance(loaded, dict) and loaded.get("format") == _FORMAT:
            plans = loaded.get("plans")
            self.records = plans if isinstance(plans, dict) else {}

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

    def save(self, prune: bool) -> None:
        """Write the plans; ``prune`` (a build of everything) drops those it did not use,
        which were made from inputs that no longer exist."""
        if self.changed or (prune and set(self.records) != self.used):
            kept = {
                key: record
                for key, record in sorted(self.records.items())
                if not prune or key in self.used
            }
            data = {"format": _FORMAT, "plans": kept}
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False))
            self.changed = False
