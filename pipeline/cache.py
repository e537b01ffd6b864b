"""The build's memory between runs: JSON records under the cache folder, and their keys.

Four stores remember work already done (:class:`~pipeline.digests.DigestCache`
for catalogs, the site build's :class:`~pipeline.site.cache.BuildCache`, the
audio build's :class:`~pipeline.speech.plans.AudioPlans` and
:class:`~pipeline.speech.plans.RenderDigests`). They load, check and save
here, one way: a file ``{"format": N, "stamp": S, <section>: {...}, ...}``,
read only if its format and stamp are the ones expected (a store that
changes what it keeps bumps its format; the site build stamps its records
with the digest of handout's code), written atomically and only when
something changed. A missing, truncated or corrupt file is ignored: losing
a cache costs time, never a wrong file.

The keys records are kept under are digests of :func:`cache_key`: named
fields (Black's ``Mode.get_cache_key`` idea), never from ``repr()`` of a
value: a key says what it depends on, and a field added to a settings class
does not silently change, or fail to change, every key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.fsio import read_record, write_text_atomic


def load_sections(
    path: Path, version: int, sections: tuple[str, ...], stamp: str = ""
) -> dict[str, dict[str, Any]] | None:
    """The file's sections, or None if it is missing, unreadable, or of another format or
    stamp (a section that is not a JSON object reads as empty)."""
    try:
        loaded = json.loads(read_record(path))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(loaded, dict)
        or loaded.get("format") != version
        or loaded.get("stamp") != stamp
    ):
        return None
    found = {name: loaded.get(name) for name in sections}
    return {name: value if isinstance(value, dict) else {} for name, value in found.items()}


class JsonStore:
    """One JSON record file: its sections in memory, saved atomically when changed."""

    def __init__(
        self, path: Path, version: int, sections: tuple[str, ...], stamp: str = ""
    ) -> None:
        self.path = path
        self.version = version
        self.stamp = stamp
        loaded = load_sections(path, version, sections, stamp)
        self.sections: dict[str, dict[str, Any]] = loaded or {name: {} for name in sections}
        self.changed = False

    def save(self) -> None:
        """Write the file if anything changed (sorted keys: the same records, the same bytes)."""
        if not self.changed:
            return
        data = {"format": self.version, "stamp": self.stamp, **self.sections}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0))
        self.changed = False


def cache_key(*fields: tuple[str, object]) -> str:
    """Named fields as one canonical line, for a digest: ``cache_key(("paper", p.paper), …)``.

    Values are strings, numbers, booleans, None, or tuples and lists of them
    (nested); anything else is a mistake, refused here rather than keyed by
    its ``repr()``.
    """
    return ";".join(f"{name}={_plain(value)}" for name, value in fields)


def _plain(value: object) -> str:
    if value is None or isinstance(value, bool | int | float | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return "[" + ",".join(_plain(item) for item in value) + "]"
    raise TypeError(f"cache_key: {type(value).__name__} is not a plain value")
