"""Checks for values that come from outside and end up in a file name, a path or a page.

Translators, authors and settings files are not trusted to be well formed:
a slug, a language tag, a front-matter field, a lexicon file or a voice name
may carry ``..``, an absolute path, a NUL or another control character. Each
is checked where it enters (the parser, the catalog reader, the settings),
with one of these helpers, and refused with a one-line error naming the file
and line; nothing downstream has to wonder.

Control characters are refused rather than dropped: a vertical tab pasted into
a msgstr is a mistake the translator should see, and a silently edited text
would differ from the catalog it came from. Tab and newline are text.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

__all__ = [
    "check_inside",
    "check_name",
    "check_relative",
    "check_text",
    "control_character",
    "describe",
    "one_line",
]

from pipeline.errors import HandoutError, one_line

#: C0 controls other than tab and newline, DEL, and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # as errors.one_line


def control_character(text: str) -> int | None:
    """The offset of the first control character (other than tab or newline), or None."""
    match = _CONTROL.search(text)
    return None if match is None else match.start()


def describe(char: str) -> str:
    """``U+0007`` — how a message names a character it must not print."""
    return f"U+{ord(char):04X}"


def check_text(value: str, what: str, path: Path | str | None, line: int | None = None) -> str:
    """``value`` if it holds no control character; else an error naming ``what``.

    ``line`` is where ``value`` starts; newlines before the bad character move it on.
    """
    offset = control_character(value)
    if offset is None:
        return value
    at = None if line is None else line + value.count("\n", 0, offset)
    raise HandoutError(
        f"{what} contains a control character ({describe(value[offset])}); remove it",
        path,
        at,
    )


def check_name(value: str, what: str, path: Path | str | None = None) -> str:
    """One path component made from outside (a slug, a language folder): nothing but a name."""
    if (
        not value
        or value in (".", "..")
        or "/" in value
        or "\\" in value
        or _UNPRINTABLE.search(value)
    ):
        raise HandoutError(f"{what} {value!r} is not a safe file name", path)
    return value


def check_relative(value: str, what: str, path: Path | str | None = None) -> PurePosixPath:
    """A relative path from outside (a folder setting, a voice id): it must stay inside."""
    if not value or _UNPRINTABLE.search(value) or "\\" in value:
        raise HandoutError(f"{what} {value!r} is not a safe relative path", path)
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts:
        raise HandoutError(
            f"{what} {value!r} must be a relative path that stays inside (no leading '/', no '..')",
            path,
        )
    return pure


def check_inside(target: Path, folder: Path, what: str, shown: str) -> Path:
    """``target`` if, with every symlink followed, it is still inside ``folder``.

    A file the project reads (a lexicon, say) could be a symlink to
    ``/etc/shadow`` or to another clinic's project; it is refused, not read.
    """
    try:
        resolved = target.resolve(strict=False)
        inside = resolved.is_relative_to(folder.resolve(strict=False))
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise HandoutError(f"{what} cannot be resolved: {exc}", shown) from exc
    if not inside:
        raise HandoutError(f"{what} points outside the project folder", shown)
    return target
