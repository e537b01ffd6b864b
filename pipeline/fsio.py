"""Atomic, change-aware file writing.

A build that is interrupted must never leave a half-written catalog or page, and
a rebuild must not touch files whose content did not change (editors, rsync and
make all key on modification times). Every writer in the package goes through
:func:`write_bytes_atomic`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pipeline.errors import HandoutError


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that.

    Returns True when the file was (re)written. The data goes to a temporary
    file in the same folder, is flushed to disk, then renamed over the target,
    so readers see either the old file or the new one, never a mix.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise HandoutError(f"cannot read: {exc.strerror}", path) from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise HandoutError(f"cannot write: {exc.strerror}", path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise HandoutError(f"cannot write: {exc.strerror}", path) from exc
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    """UTF-8 with Unix newlines, whatever the platform: outputs must be byte-identical."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def read_text_utf8(path: Path, shown: str | None = None) -> str:
    """Read a UTF-8 text file, naming the line of the first bad byte if it is not UTF-8.

    ``shown`` is the name used in messages (project-relative), defaulting to the path.
    """
    name = shown or path.as_posix()
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise HandoutError("no such file", name) from exc
    except OSError as exc:
        raise HandoutError(f"cannot read: {exc.strerror}", name) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise HandoutError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", name, line
        ) from exc
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
