"""Which files under ``audio/`` handout itself wrote: the only ones that may be published.

Both the site (which links audio into ``build/``) and the books (which
embed the narration) ask :func:`owned` before they read an audio file, so a
link or a file planted in ``audio/`` never reaches a patient.
"""

from __future__ import annotations

import json
import stat
from functools import lru_cache
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.fsio import read_record
from pipeline.project import Project

#: The format of ``<cache>/audio-digests.json`` (:class:`~pipeline.speech.plans.RenderDigests`):
#: its ``files`` section names every file ``handout audio`` wrote.
RENDER_FORMAT = 1


def owned(project: Project, path: Path) -> bool:
    """Is ``path`` an audio file ``handout audio`` wrote: a regular file (not a link) in a
    folder inside the project, recorded in ``<cache>/audio-digests.json``?

    Only such files are linked into ``build/``, the folder that gets deployed: a
    symlink planted in ``audio/`` (to ``/etc/shadow``, say) is never published.
    Where there is no record at all (a copied project, a deleted cache), the
    regular in-project files are taken as they are: losing the cache costs
    time, never a different book or page; links are refused either way.
    """
    try:
        st = path.lstat()
        project.inside(path)
    except (OSError, HandoutError):
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    audio = project.config.folders.audio
    if not path.is_relative_to(audio):
        return False
    recorded = _recorded(project.digest_path("audio"))
    return recorded is None or path.relative_to(audio).as_posix() in recorded


def _recorded(record: Path) -> frozenset[str] | None:
    """The audio files named in the record (re-read only when the record changed); None
    when there is no record."""
    try:
        st = record.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return frozenset()
    return _recorded_at(record, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _recorded_at(record: Path, mtime_ns: int, size: int) -> frozenset[str]:
    try:
        loaded = json.loads(read_record(record))
    except (OSError, ValueError):
        return frozenset()
    files = loaded.get("files", loaded) if isinstance(loaded, dict) else None
    return frozenset(files) if isinstance(files, dict) else frozenset()
