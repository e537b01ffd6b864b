"""One exception type for every problem a user can fix in their own input.

Library code raises; only the command line prints. Every error carries the file
and line it is about, so the one-line message points a translator or an author
straight at the place to fix (the ``path:line: error: …`` form editors jump to).
"""

from __future__ import annotations

from pathlib import Path


class HandoutError(Exception):
    """Bad input or an unusable environment, reported as one line and exit code 2."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}error: {self.message}"
