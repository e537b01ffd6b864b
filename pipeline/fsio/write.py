"""Atomic, change-aware writing (the package's note: :mod:`pipeline.fsio`).

The bytes go to a file with no name (``O_TMPFILE``), named only once complete,
then renamed over the target; a target that already holds them is not touched.
The ``HANDOUT_TEST_KILL_AT`` hook lives here, read once when this module is
first imported.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.fsio.read import _current_bytes, check_folder_inside

KILL_AT_VARIABLE = "HANDOUT_TEST_KILL_AT"
KILL_STAGES = ("write", "rename", "done")
#: The names this module (and the audio linker's ``.<name>.link``) give temporary files.
TEMPORARY_NAME = re.compile(r"^\..+\.(?:[a-z0-9_]{8}\.tmp|link)$")

_FATAL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_WHY = {
    errno.ENOSPC: "the disk is full (no space left on device)",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied (is the folder read-only?)",
    errno.EPERM: "operation not permitted (is the folder read-only?)",
}
_passed: Counter[str] = Counter()
_kill_at = os.environ.pop(KILL_AT_VARIABLE, "")  # this process only, never its workers


class WriteError(HandoutError):
    """A file could not be written. ``fatal``: no other file could be either (disk full)."""

    def __init__(self, message: str, path: Path | str | None, code: int = 0) -> None:
        super().__init__(message, path)
        self.errno = code
        self.fatal = code in _FATAL

    @classmethod
    def of(cls, exc: OSError, path: Path | str | None, action: str = "write") -> WriteError:
        """The error for ``exc``, in words a clinic's administrator can act on."""
        code = exc.errno or 0
        return cls(f"cannot {action}: {_WHY.get(code, exc.strerror or str(exc))}", path, code)

    def __reduce__(self) -> tuple[type[WriteError], tuple[str, str | None, int]]:
        return type(self), (self.message, self.path, self.errno)  # it crosses process borders


def raise_if_fatal(exc: BaseException) -> None:
    """Raise ``exc`` (as a :class:`WriteError`) if no other file can be written either.

    A loop that carries on past one item's failure calls this first: with the
    disk full or the file system read-only, carrying on would only repeat the
    same failure for every item that follows.
    """
    if isinstance(exc, WriteError):
        if exc.fatal:
            raise exc
    elif isinstance(exc, OSError) and exc.errno in _FATAL:
        raise WriteError.of(exc, exc.filename) from exc


def write_bytes_atomic(path: Path, data: bytes, guard: Callable[[], None] | None = None) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that.

    Returns True when the file was (re)written. Readers see either the old
    file or the new one, never a mix. ``guard``, if given, is called with the
    new file complete, just before it replaces the old one: if it raises, the
    old file stays and the exception goes to the caller (``update`` uses it to
    leave a catalog saved by someone else meanwhile alone).
    """
    if _current_bytes(path, len(data)) == data:
        return False
    _check_write_folder(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_unnamed(path, data)
        if not temporary:
            temporary = _write_named(path, data, kill=temporary is None)
    except OSError as exc:
        raise WriteError.of(exc, path) from exc
    _kill_point("rename")
    try:
        if guard is not None:
            guard()
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise WriteError.of(exc, path) from exc
        raise
    _kill_point("done")
    return True


def _write_unnamed(path: Path, data: bytes) -> str | None:
    """Write to an ``O_TMPFILE`` file, then give it a temporary name.

    None if the file system has no ``O_TMPFILE``; ``""`` if the file was
    written but cannot be named (no ``/proc``): either way the caller falls back.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        fd = os.open(path.parent, flag | os.O_WRONLY, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None  # this file system cannot: use a named temporary file
        raise
    try:
        _write_all(fd, data, kill=True)
        os.fchmod(fd, 0o644)
        os.fsync(fd)
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            name = _name(fd, folder, path.name)
        finally:
            os.close(folder)
        return "" if name is None else str(path.parent / name)
    finally:
        os.close(fd)


def _name(fd: int, folder: int, name: str) -> str | None:
    """Link the unnamed file into ``folder`` under a fresh temporary name (via ``/proc``)."""
    for _ in range(100):
        temporary = f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            # An explicit dir_fd makes CPython call linkat(AT_SYMLINK_FOLLOW): plain link()
            # would try to link the /proc symlink itself.
            os.link(f"/proc/self/fd/{fd}", temporary, dst_dir_fd=folder, follow_symlinks=True)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.EXDEV, errno.EPERM, errno.EACCES):
                return None  # no /proc here: fall back to a named temporary file
            raise
        return temporary
    raise OSError(errno.EEXIST, "no free temporary file name", name)


def _write_named(path: Path, data: bytes, *, kill: bool) -> str:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _write_all(fd, data, kill=kill)
        os.fchmod(fd, 0o644)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    os.close(fd)
    return temporary


def _write_all(fd: int, data: bytes, *, kill: bool) -> None:
    """All of ``data``, in two halves: the ``write`` kill point falls between them."""
    view = memoryview(data)
    half = len(view) // 2
    _write_fully(fd, view[:half])
    if kill:
        _kill_point("write")
    _write_fully(fd, view[half:])


def _write_fully(fd: int, view: memoryview) -> None:
    while view:
        view = view[os.write(fd, view) :]


def _kill_point(stage: str) -> None:
    """The testing hook (see the module docstring): SIGKILL this process at the chosen write."""
    target = _kill_target()
    if target is None or target[0] != stage:
        return
    _passed[stage] += 1
    if _passed[stage] == target[1]:
        os.kill(os.getpid(), signal.SIGKILL)


@lru_cache(maxsize=1)
def _kill_target() -> tuple[str, int] | None:
    value = _kill_at
    if not value:
        return None
    stage, _, count = value.partition(":")
    if stage not in KILL_STAGES or not count.isdigit() or int(count) < 1:
        raise HandoutError(
            f"{KILL_AT_VARIABLE} must be <stage>:<n> with stage {', '.join(KILL_STAGES)}"
            f" and n from 1, not {value!r}"
        )
    return stage, int(count)


#: The project a command writes into, set by the command line for the command and every
#: worker process it spawns (they inherit the environment): no write leaves it.
WRITE_ROOT_VARIABLE = "HANDOUT_WRITE_ROOT"


@contextlib.contextmanager
def writes_confined_to(root: Path) -> Iterator[None]:
    """Within the block, :func:`write_bytes_atomic` refuses a folder that leads out of ``root``.

    The project paths are checked where they are built (:class:`pipeline.project.Project`);
    this catches the folders below them too (a planted ``.handout-cache/speech/ab`` link).
    """
    previous = os.environ.get(WRITE_ROOT_VARIABLE)
    os.environ[WRITE_ROOT_VARIABLE] = str(root)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(WRITE_ROOT_VARIABLE, None)
        else:
            os.environ[WRITE_ROOT_VARIABLE] = previous


def _check_write_folder(path: Path) -> None:
    root = os.environ.get(WRITE_ROOT_VARIABLE)
    if root:
        check_folder_inside(path.parent, Path(root), path.as_posix())


def write_text_atomic(path: Path, text: str, guard: Callable[[], None] | None = None) -> bool:
    """UTF-8 with Unix newlines, whatever the platform: outputs must be byte-identical."""
    return write_bytes_atomic(path, text.encode("utf-8"), guard)
