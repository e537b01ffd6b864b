"""A content-hash cache of work already done (Black's idea): skip what provably did not change.

Each record maps an output file to the digest of everything it was made from
*and* of its own bytes, so a deleted or hand-edited output is never mistaken
for fresh. The cache is an optimisation only: losing it costs time, never
correctness, so a corrupt cache file is simply ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipeline import __version__
from pipeline.fsio import read_current, read_record, write_text_atomic


def digest(*parts: bytes | str) -> str:
    """A stable digest of several inputs (length-prefixed, so parts cannot run together)."""
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a regular file's bytes; None for a link, FIFO, device or no file."""
    found = read_current(path)
    return None if found is None else found.identity.sha256


class DigestCache:
    """Records ``output → digest(inputs, output bytes)`` in one JSON file under the cache folder.

    Outputs are named relative to that folder, so a project that is copied or
    moved (a CI cache, another checkout) keeps its records.
    """

    def __init__(self, path: Path):
        self.path = path
        self.changed = False
        try:
            loaded = json.loads(read_record(path))
            self.records: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self.records = {}

    def _key(self, output: Path) -> str:
        return Path(os.path.relpath(output, self.path.parent)).as_posix()

    def fresh(self, output: Path, inputs: str) -> bool:
        """True if ``output`` exists unchanged since it was last made from ``inputs``."""
        recorded = self.records.get(self._key(output))
        if recorded is None:
            return False
        own = file_digest(output)
        return own is not None and recorded == digest(inputs, own)

    def record(self, output: Path, inputs: str) -> None:
        own = file_digest(output)
        if own is not None:
            value = digest(inputs, own)
            if self.records.get(self._key(output)) != value:
                self.records[self._key(output)] = value
                self.changed = True

    def save(self) -> None:
        if self.changed:
            write_text_atomic(self.path, json.dumps(self.records, indent=0, sort_keys=True))
            self.changed = False
