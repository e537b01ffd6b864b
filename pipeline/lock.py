"""One writing command at a time per project: ``<cache>/lock``, held with ``flock(2)``.

Two builds started together (a nightly job and a person, two CI jobs on one
checkout) would otherwise interleave their writes to the same pages, audio
and caches. Every command that writes takes this lock first; a second one
waits for the first to finish, then runs against what it left.

``flock`` locks belong to the open file, so the kernel releases the lock when
the holder exits for any reason, SIGKILL included: a killed build never
leaves a stale lock to clear by hand. A command that finishes removes the
file; one that is killed leaves it, saying ``running <pid>``, and the next
command, finding that, knows to sweep away the temporary files the killed
one may have left (see :mod:`pipeline.fsio`) before doing anything.
Read-only commands (status, check, voices) take no lock: every file they
read is replaced atomically, so they see whole files either way.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.fsio import TEMPORARY_NAME, WriteError
from pipeline.project import Project

LOCK_NAME = "lock"
_RUNNING = "running"


@dataclass(frozen=True)
class Held:
    """The lock, taken: whether the last holder was interrupted, and what was swept after it."""

    interrupted: bool
    swept: tuple[str, ...]  # temporary files removed, as shown to users


@contextmanager
def project_lock(
    project: Project, waiting: Callable[[int | None], None] | None = None
) -> Iterator[Held]:
    """Hold the project's lock for the ``with`` block; ``waiting(pid)`` is called before a wait.

    Leaving the block normally or with an ordinary exception removes the lock
    file (every writer cleans up after itself on an exception), so a project
    at rest holds no lock file. Only a process that dies, or is interrupted,
    leaves it behind, saying ``running``: the next command then sweeps.
    """
    path = project.config.folders.cache / LOCK_NAME
    created = not path.parent.exists()
    fd = _acquire(project, path, waiting)
    try:
        interrupted = _state(fd).startswith(_RUNNING)
        _set_state(fd, f"{_RUNNING} {os.getpid()}", project, path)
        swept = sweep(project) if interrupted else ()
        yield Held(interrupted, swept)
    except Exception:
        _release(path, created)
        raise
    else:
        _release(path, created)
    finally:
        os.close(fd)  # releases the lock


def _release(path: Path, created: bool) -> None:
    """Remove the lock file (still holding it), and the cache folder if it made it for nothing."""
    with contextlib.suppress(OSError):
        path.unlink()
    if created:
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only if empty: a command that failed before writing anything


def _acquire(project: Project, path: Path, waiting: Callable[[int | None], None] | None) -> int:
    """Open and lock ``path``; if its holder removed it while we waited, lock the new one."""
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # never through a planted link (the pid is written into this file), never blocking
            flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise HandoutError("is a symbolic link; remove it", project.shown(path)) from exc
            raise WriteError.of(exc, project.shown(path), "lock the project") from exc
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise HandoutError("is not a regular file; remove it", project.shown(path))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(_holder(fd))
                waiting = None  # say it once
            fcntl.flock(fd, fcntl.LOCK_EX)
        held = os.fstat(fd)
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is not None and (current.st_dev, current.st_ino) == (
            held.st_dev,
            held.st_ino,
        ):
            return fd
        os.close(fd)


def sweep(project: Project) -> tuple[str, ...]:
    """Remove the temporary files an interrupted command left in the project's output folders."""
    folders = project.config.folders
    removed: list[str] = []
    for folder in (folders.build, folders.audio, folders.locales, folders.cache):
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                if TEMPORARY_NAME.match(name):
                    path = Path(root) / name
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        continue
                    except OSError as exc:
                        raise WriteError.of(exc, project.shown(path), "remove") from exc
                    removed.append(project.shown(path))
    return tuple(sorted(removed))


def _state(fd: int) -> str:
    return os.pread(fd, 64, 0).decode("ascii", "replace").strip()


def _holder(fd: int) -> int | None:
    """The pid the holder wrote, if it wrote one (it may not have yet)."""
    words = _state(fd).split()
    return int(words[1]) if len(words) == 2 and words[1].isdigit() else None


def _set_state(fd: int, state: str, project: Project, path: Path) -> None:
    data = f"{state}\n".encode("ascii")
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)
    except OSError as exc:
        raise WriteError.of(exc, project.shown(path), "lock the project") from exc
