"""Atomic, change-aware file writing.

A build that is interrupted must never leave a half-written catalog or page, and
a rebuild must not touch files whose content did not change (editors, rsync and
make all key on modification times). Every writer in the package goes through
:func:`write_bytes_atomic`.

The bytes go to a file with no name (Linux ``O_TMPFILE``), which is given a
temporary name only once it is complete and then renamed over the target. A
process killed while writing leaves nothing behind; killed in the instant
between naming and renaming, it leaves one complete hidden file
(``.<name>.<random>.tmp``) that the next command sweeps away
(:mod:`pipeline.lock`). Where ``O_TMPFILE`` is not supported the temporary file
is named from the start, and the sweep is what removes a half-written one.

A full disk, a quota or a read-only file system stops the command with one line
naming the file (:class:`WriteError` with ``fatal`` set): nothing else could be
written either. A folder that only this user may not write to fails only what
goes there.

Testing hook: ``HANDOUT_TEST_KILL_AT=<stage>:<n>`` makes the process kill
itself with SIGKILL at the n-th atomic write's ``write`` stage (half of the
bytes written), ``rename`` stage (complete and named, not yet renamed) or
``done`` stage (renamed), so tests can interrupt a real build at chosen points.
The variable is taken out of the environment when this module is first
imported, so the worker processes a build starts never see it: only the
command itself is killed. Unset (always, outside tests) it does nothing.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.limits import UNCONFINED, FileRules

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


def read_text_utf8(
    path: Path,
    shown: str | None = None,
    rules: FileRules = UNCONFINED,
    limit: str = "file_bytes",
) -> str:
    """Read a UTF-8 text file, naming the line of the first bad byte if it is not UTF-8.

    ``shown`` is the name used in messages (project-relative), defaulting to the path.
    The file is opened by :func:`read_confined` (``rules``, and the ``limit`` named).
    """
    name = shown or path.as_posix()
    return decode_utf8(read_confined(path, name, rules, limit).data, name)


def decode_utf8(data: bytes, name: str) -> str:
    """The text of UTF-8 ``data`` (BOM dropped, Unix newlines); errors name the bad byte's line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise HandoutError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", name, line
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


#: How every input file is opened: never through a final symlink, never blocking
#: (a FIFO opens at once and is then refused as not a regular file), no controlling tty.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


@dataclass(frozen=True)
class FileIdentity:
    """What a file was when it was read: a later writer can tell whether it changed since."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class FileRead:
    data: bytes
    identity: FileIdentity


def read_confined(
    path: Path, shown: str, rules: FileRules = UNCONFINED, limit: str = "file_bytes"
) -> FileRead:
    """The bytes of ``path`` if it is a regular file inside the project, within its size limit.

    The one door every input file comes through (articles, catalogs, templates,
    glossaries, lexicons, settings, records). With ``rules.root`` set, every
    folder on the way, symlinks followed, must lie inside the project; the file
    itself is opened without following a symlink and without blocking, then
    checked with ``fstat`` to be a regular file (not a FIFO, device or folder),
    and read no further than ``rules.limits.<limit>`` bytes. Each refusal is
    one :class:`HandoutError` naming the file, never its contents.
    """
    if rules.root is not None:
        check_folder_inside(path.parent, rules.root, shown)
    ceiling = int(getattr(rules.limits, limit))
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError as exc:
        raise HandoutError("no such file", shown) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise HandoutError(
                "is a symbolic link; handout reads only regular files inside the project"
                " (put the file itself here)",
                shown,
            ) from exc
        raise HandoutError(f"cannot read: {exc.strerror}", shown) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise HandoutError("is not a regular file (a FIFO, device or folder): not read", shown)
        if st.st_size > ceiling:
            raise _too_big(st.st_size, ceiling, limit, shown)
        data = _read_at_most(fd, ceiling + 1)
    except OSError as exc:
        raise HandoutError(f"cannot read: {exc.strerror}", shown) from exc
    finally:
        os.close(fd)
    if len(data) > ceiling:  # it grew while being read
        raise _too_big(len(data), ceiling, limit, shown)
    identity = FileIdentity(
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest()
    )
    return FileRead(data, identity)


def _too_big(size: int, ceiling: int, limit: str, shown: str) -> HandoutError:
    return HandoutError(
        f"the file is {size:,} bytes, over the limit of {ceiling:,}"
        f" (raise [limits] {limit} in handout.toml if it is meant to be this big)",
        shown,
    )


def _read_at_most(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_current(path: Path) -> FileRead | None:
    """What ``path`` holds now, if it is a regular file (not a link, FIFO or device); else None.

    For output files and for checking that a file read earlier is unchanged:
    never blocks, never follows a final symlink.
    """
    return _current(path, None)


def read_record(path: Path) -> bytes:
    """A record or cache entry handout wrote (JSON digests, cached audio): its bytes.

    Raises :class:`FileNotFoundError` (an ``OSError``, as a plain read would) when
    ``path`` is missing or is not a regular file, so a planted FIFO or link
    reads as "no record" instead of hanging or reading elsewhere.
    """
    found = _current(path, None)
    if found is None:
        raise FileNotFoundError(errno.ENOENT, "no record", str(path))
    return found.data


def _current_bytes(path: Path, expected: int) -> bytes | None:
    """The bytes now at ``path`` if it is a regular file of ``expected`` size, else None.

    What an atomic write compares with: never blocks on a FIFO, never follows a
    symlink planted in an output folder (the rename then replaces the link).
    """
    found = _current(path, expected)
    return None if found is None else found.data


def _current(path: Path, expected: int | None) -> FileRead | None:
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (expected is not None and st.st_size != expected):
            return None
        data = _read_at_most(fd, st.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    identity = FileIdentity(
        st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest()
    )
    return FileRead(data, identity)


def check_folder_inside(folder: Path, root: Path, shown: str) -> Path:
    """``folder`` if, every symlink on the way followed, it lies inside ``root``.

    The one check for every folder handout reads from or writes into
    (``locales/es``, ``build/``, ``source/lexicons`` ...): a folder that is a
    symlink to somewhere outside the project is refused, naming the link.
    """
    try:
        resolved = folder.resolve(strict=False)
        base = root.resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise HandoutError(
            "a folder on the way cannot be resolved (a symlink loop?)",
            shown,
        ) from exc
    if resolved == base or resolved.is_relative_to(base):
        return folder
    raise HandoutError(
        f"the folder {_outside_link(folder, base)} is a symbolic link leading outside the"
        " project; handout reads and writes only inside the project",
        shown,
    )


def _outside_link(folder: Path, base: Path) -> str:
    """The first component of ``folder`` (below ``base``) whose resolved path leaves ``base``."""
    try:
        relative = folder.absolute().relative_to(base)
    except ValueError:
        return folder.as_posix()
    current = base
    for part in relative.parts:
        current = current / part
        resolved = current.resolve(strict=False)
        if not (resolved == base or resolved.is_relative_to(base)):
            return current.relative_to(base).as_posix()
    return relative.as_posix()
