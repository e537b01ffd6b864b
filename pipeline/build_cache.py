"""The text build's memory between runs: each unit's verdict, and what its files were made from.

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

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pipeline
from pipeline.digests import digest
from pipeline.fsio import read_current, read_record, write_text_atomic
from pipeline.languages import Language, parse_language
from pipeline.publish.approval import ApprovalState
from pipeline.report import Diagnostic

_FORMAT = 2  # bump when what a record holds changes


@dataclass(frozen=True)
class Unit:
    """One article in one language: the build's unit of work."""

    slug: str
    language: Language


@dataclass(frozen=True)
class Verdict:
    """The publishing rule's verdict on one unit, without the article: small enough to keep.

    It is all the rest of a build needs from a unit that is not rendered
    again: whether it is published, why not, the check errors to report
    again (an error stays an error until it is fixed), and its index entry.
    """

    unit: Unit
    published: bool
    reason: str
    catalog: str | None  # the catalog as shown to users; None for the source language
    check_errors: tuple[Diagnostic, ...]
    title: str
    description: str
    held: str = ""  # not published: "previous" (its last published version stays) or "withdrawn"
    approval: ApprovalState | None = None  # None for the source language

    @property
    def online(self) -> bool:
        """A page is online: published, or its previous version kept while it is updated."""
        return self.published or self.held == "previous"

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.unit.slug,
            "language": self.unit.language.bcp47,
            "published": self.published,
            "reason": self.reason,
            "catalog": self.catalog,
            "errors": [[d.severity, d.message, d.path, d.line] for d in self.check_errors],
            "title": self.title,
            "description": self.description,
            "held": self.held,
            "approval": None if self.approval is None else self.approval.as_json(),
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Verdict:
        return Verdict(
            unit=Unit(str(data["slug"]), parse_language(str(data["language"]))),
            published=bool(data["published"]),
            reason=str(data["reason"]),
            catalog=None if data["catalog"] is None else str(data["catalog"]),
            check_errors=tuple(
                Diagnostic(
                    str(s), str(m), None if p is None else str(p), None if n is None else int(n)
                )
                for s, m, p, n in data["errors"]
            ),
            title=str(data["title"]),
            description=str(data["description"]),
            held=str(data["held"]),
            approval=(
                None if data["approval"] is None else ApprovalState.from_json(data["approval"])
            ),
        )


#: Libraries whose version can change a page or a book for the same input.
_RENDERING_LIBRARIES: tuple[str, ...] = (
    *("markdown-it-py", "Jinja2", "Babel", "polib", "weasyprint", "pydyf"),
    "segno",  # the handouts' QR codes
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The handout package's own files and the rendering libraries' versions: a changed
    renderer, check or library invalidates every record."""
    root = Path(pipeline.__file__).parent
    h = hashlib.sha256()
    for name in _RENDERING_LIBRARIES:
        try:
            h.update(f"{name} {version(name)};".encode())
        except PackageNotFoundError:
            h.update(f"{name} -;".encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".css", ".html", ".js", ".toml") and path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def file_digest_or_missing(path: Path) -> str:
    """The bytes' digest, or a marker for a file that is not there (its absence is an input too).

    A link, FIFO or device is not read (it would hang, or read outside the
    project): it gets a marker too, and the reader that follows refuses it.
    """
    found = read_current(path)
    if found is not None:
        return found.identity.sha256
    return "not-a-file" if path.is_symlink() or path.exists() else "missing"


def signature(paths: list[Path]) -> str:
    """Size and modification time of each file: cheap to take, and any edit changes them.

    Not the inode: a project copied with its times kept (``cp -a``, rsync,
    a CI cache) is as fresh as the original.
    """
    parts = []
    for path in paths:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            parts.append(f"{path.name}:-")
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*parts)


class BuildCache:
    """``<cache>/build-digests.json``: per unit, its verdict and its files' record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        self.records: dict[str, dict[str, Any]] = {}
        try:
            loaded = json.loads(read_record(path))
        except (OSError, ValueError):
            return
        if (
            isinstance(loaded, dict)
            and loaded.get("format") == _FORMAT
            and loaded.get("code") == code_digest()
            and isinstance(loaded.get("units"), dict)
        ):
            self.records = loaded["units"]

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

    def save(self) -> None:
        if self.changed:
            data = {"format": _FORMAT, "code": code_digest(), "units": self.records}
            write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True))
            self.changed = False
