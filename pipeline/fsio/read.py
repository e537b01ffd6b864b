"""Confined, non-blocking reading: input files, records handout wrote, folders inside the project.

An input file is opened never through a final symlink and never blocking (a
FIFO is refused as not a regular file), and read up to its size limit
(:mod:`pipeline.limits`); a folder read from or written into must lie inside
the project, every symlink on the way followed.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import HandoutError
from pipeline.limits import UNCONFINED, FileRules


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
