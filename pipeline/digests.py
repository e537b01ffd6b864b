"""A content-hash cache of work already done (Black's idea): skip what provably did not change.

Each record maps an output file to the digest of everything it was made from
*and* of its own bytes, so a deleted or hand-edited output is never mistaken
for fresh. The cache is an optimisation only: losing it costs time, never
correctness, so a corrupt cache file is simply ignored.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipeline import __version__
from pipeline.cache import JsonStore
from pipeline.fsio import read_current

_FORMAT = 1  # of the catalogs' record: bump when what it holds changes


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


#: Libraries whose version can change a page or a book for the same input.
_RENDERING_LIBRARIES: tuple[str, ...] = (
    *("markdown-it-py", "Jinja2", "Babel", "polib", "weasyprint", "pydyf"),
    "segno",  # the handouts' QR codes
)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The handout package's own files and the rendering libraries' versions: a changed
    renderer, check or library invalidates every record."""
    root = Path(__file__).parent
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


class DigestCache(JsonStore):
    """Records ``output → digest(inputs, output bytes)`` in one JSON file under the cache folder.

    Outputs are named relative to that folder, so a project that is copied or
    moved (a CI cache, another checkout) keeps its records.
    """

    def __init__(self, path: Path):
        super().__init__(path, _FORMAT, ("records",))
        self.records: dict[str, str] = self.sections["records"]

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
