"""One failed work item, in one line: what the build could not do, and why.

Builds run unattended (nightly, in CI), so one article or language that fails
— a broken catalog, a missing voice, a crashing engine, a renderer bug — must
not stop the others. Each loop catches its item's exception, turns it into a
:class:`Failure` with :func:`failure_of`, and carries on; the command lists
every failure at the end, one line each, and exits non-zero.

A failure never prints a traceback: an unexpected exception becomes
``internal error: <type>: <message> (<file>:<line>)``, the line of handout's
own code where it was raised, which is what a bug report needs.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import HandoutError, one_line
from pipeline.fsio import raise_if_fatal

_PACKAGE = Path(__file__).resolve().parent
_REMOTE_FRAME = re.compile(r'File "([^"]+)", line (\d+)')


@dataclass(frozen=True)
class Failure:
    """One work item that could not be done."""

    item: str  # what failed: "wound-care in es", "audio in ar"
    message: str
    path: str | None = None
    line: int | None = None
    bad_input: bool = True  # the user's to fix (a file, a setting, the disk); False: a bug

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = one_line(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{one_line(self.item)}: {where}{one_line(self.message)}"


def failure_of(
    item: str, exc: BaseException, shown: Callable[[Path], str] | None = None
) -> Failure:
    """The one-line account of ``exc``, raised while doing ``item``.

    ``shown`` turns an absolute path into the project-relative one users see.
    """
    if isinstance(exc, HandoutError):
        path = exc.path
        if path is not None and shown is not None and Path(path).is_absolute():
            path = shown(Path(path))
        return Failure(item, exc.message, path, exc.line)
    if isinstance(exc, BrokenProcessPool):
        return Failure(item, "a worker process died (killed, or out of memory)", bad_input=False)
    if isinstance(exc, OSError):
        path = exc.filename
        shown_path = None
        if path is not None:
            shown_path = shown(Path(path)) if shown is not None else str(path)
        return Failure(item, f"{exc.strerror or exc}", shown_path)
    where = _raised_at(exc)
    message = f"internal error: {type(exc).__name__}: {exc}" + (f" ({where})" if where else "")
    return Failure(item, message, bad_input=False)


def isolated(
    item: str,
    call: Callable[[], object],
    fail: Callable[[Failure], None],
    shown: Callable[[Path], str] | None = None,
) -> bool:
    """Do ``call``; if it raises, hand ``fail`` the failure of ``item`` and return False.

    A full disk or a read-only file system is raised, not handed on: every
    item after this one would fail the same way (see ``fsio.raise_if_fatal``).
    """
    try:
        call()
    except Exception as exc:
        raise_if_fatal(exc)
        fail(failure_of(item, exc, shown))
        return False
    return True


def _raised_at(exc: BaseException) -> str | None:
    """``pipeline/x.py:12``: the deepest frame of handout's code the exception went through.

    An exception from a worker process carries its traceback as text in its
    cause; one raised here, as frames.
    """
    frames: list[tuple[str, int]] = []
    cause = exc.__cause__
    if cause is not None and type(cause).__name__ == "_RemoteTraceback":
        frames = [(f, int(n)) for f, n in _REMOTE_FRAME.findall(str(cause))]
    if not frames and exc.__traceback__ is not None:
        frames = [
            (frame.filename, frame.lineno or 0) for frame in traceback.extract_tb(exc.__traceback__)
        ]
    for filename, number in reversed(frames):
        try:
            relative = Path(filename).resolve().relative_to(_PACKAGE)
        except ValueError:
            continue
        return f"{_PACKAGE.name}/{relative.as_posix()}:{number}"
    return None
