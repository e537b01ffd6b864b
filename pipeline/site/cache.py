"""The site build's memory between runs: each unit's verdict, and what its files were made from.

A rebuild of hundreds of articles in dozens of languages must cost next to
nothing when nothing changed, so for each unit (one article in one language)
``<cache>/build-digests.json`` keeps:

* the digest of everything the publishing rule looks at (source bytes,
  catalog bytes, glossaries, the code itself) and the small :class:`Verdict`
  it gave, so an unchanged catalog is neither parsed nor checked again;
* the digest of everything the unit's files are rendered from (that verdict
  key, the languages its article is published in, its audio files) together
  with the size and modification time of every file written for it.

A unit whose record matches on both counts is skipped without rendering. Any
change to an input, or a file deleted, replaced or edited by hand (its stat
changes), makes the unit stale. As with every digest cache here, losing or
corrupting the file costs time, never a wrong page: it is then ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.cache import JsonStore
from pipeline.digests import code_digest, signature
from pipeline.publish.rule import Unit, Verdict

_FORMAT = 3  # bump when what a record holds changes


class BuildCache(JsonStore):
    """``<cache>/build-digests.json``: per unit, its verdict and its files' record."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _FORMAT, ("units",), stamp=code_digest())
        self.records: dict[str, dict[str, Any]] = self.sections["units"]

    @staticmethod
    def _key(unit: Unit) -> str:
        return f"{unit.language.bcp47}/{unit.slug}"

    def verdict(self, unit: Unit, decision_key: str) -> Verdict | None:
        """The cached verdict if it was given for exactly these inputs."""
        record = self.records.get(self._key(unit))
        if not isinstance(record, dict) or record.get("decision") != decision_key:
            return None
        try:
            return Verdict.from_json(record["verdict"])
        except (KeyError, TypeError, ValueError):
            return None

    def remember(self, verdict: Verdict, decision_key: str) -> None:
        key = self._key(verdict.unit)
        record = self.records.get(key)
        if isinstance(record, dict) and record.get("decision") == decision_key:
            return
        self.records[key] = {"decision": decision_key, "verdict": verdict.as_json()}
        self.changed = True

    def fresh(self, unit: Unit, render_key: str, outputs: list[Path]) -> bool:
        """True if the unit's files were written from ``render_key`` and are untouched since."""
        record = self.records.get(self._key(unit))
        return (
            isinstance(record, dict)
            and record.get("render") == render_key
            and record.get("outputs") == signature(outputs)
        )

    def wrote(self, unit: Unit, render_key: str, outputs: list[Path]) -> None:
        record = self.records.get(self._key(unit))
        if not isinstance(record, dict):
            return  # no verdict was kept for it: nothing to vouch for
        record["render"] = render_key
        record["outputs"] = signature(outputs)
        self.changed = True

    def forget_outputs(self, unit: Unit) -> None:
        record = self.records.get(self._key(unit))
        if isinstance(record, dict) and "render" in record:
            record.pop("render", None)
            record.pop("outputs", None)
            self.changed = True
