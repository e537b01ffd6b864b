"""One exception type for every problem a user can fix in their own input.

Library code raises; only the command line prints. Every error carries the file
and line it is about, so the one-line message points a translator or an author
straight at the place to fix (the ``path:line: error: …`` form editors jump to).
"""

from __future__ import annotations

import re
from pathlib import Path

#: What a one-line message may not show raw: every control character, newline included,
#: the Unicode line and paragraph separators, the bidi embedding/override/isolate controls
#: (which reorder how the rest of a terminal line reads), and lone surrogates (a file name
#: that is not UTF-8, which could not even be printed).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """``text`` with every control character and line break shown as an escape.

    Messages and file names are printed one per line, so an untrusted name
    holding a newline must not start a second, forged, line of output.
    """
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


class HandoutError(Exception):
    """Bad input or an unusable environment, reported as one line and exit code 2."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type[HandoutError], tuple[str, str | None, int | None]]:
        """Keep path and line when the error comes back from a worker process."""
        return type(self), (self.message, self.path, self.line)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = one_line(self.path)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{where}error: {one_line(self.message)}"
