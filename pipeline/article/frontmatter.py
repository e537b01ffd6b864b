"""YAML front matter: split from the body and loaded safely, with file-line errors.

Front matter is loaded with ``yaml.safe_load`` only: a source file must never be
able to construct Python objects. Unknown keys are refused (with their line) so a
typo such as ``descripton:`` does not silently drop text from every catalog. Text
values become page titles and file metadata, so one holding a control character
is refused, with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import HandoutError
from pipeline.safety import check_text

KNOWN_KEYS = ("title", "description", "language", "reviewed", "authors", "keywords")


@dataclass(frozen=True)
class FrontMatter:
    """The raw, validated values; ``body_offset`` is the number of lines before the body."""

    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_offset: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def split_front_matter(text: str, path: Path | str) -> FrontMatter:
    """Separate a leading ``---`` block from the Markdown body and validate it."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return FrontMatter({}, {}, text, 0)
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise HandoutError("front matter starts with '---' but is never closed", path, 1)
    block = "\n".join(lines[1:end])
    try:
        loaded = yaml.safe_load(block) if block.strip() else {}
    except RecursionError as exc:  # "[[[[…" thousands deep: PyYAML recurses per level
        raise HandoutError("malformed front matter: nested too deeply", path, 2) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise HandoutError(f"malformed front matter: {problem}", path, line) from exc
    if not isinstance(loaded, dict):
        raise HandoutError("front matter must be a mapping of keys to values", path, 2)
    key_lines = _key_lines(lines[1:end])
    for key in loaded:
        if key not in KNOWN_KEYS:
            raise HandoutError(
                f"unknown front matter key {key!r} (known: {', '.join(KNOWN_KEYS)})",
                path,
                key_lines.get(str(key), 1),
            )
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(loaded, key_lines, body, end + 1)


def _key_lines(lines: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in found:
            found[match.group(1)] = number
    return found


def text_value(fm: FrontMatter, key: str, path: Path | str) -> str | None:
    value = fm.values.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise HandoutError(f"front matter {key!r} must be text", path, fm.line_of(key))
    return check_text(str(value), f"front matter {key!r}", path, fm.line_of(key)).strip() or None


def list_value(fm: FrontMatter, key: str, path: Path | str) -> tuple[str, ...]:
    value = fm.values.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (check_text(value, f"front matter {key!r}", path, fm.line_of(key)),)
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise HandoutError(f"front matter {key!r} must be a list of text", path, fm.line_of(key))
    return tuple(check_text(str(v), f"front matter {key!r}", path, fm.line_of(key)) for v in value)


def date_value(fm: FrontMatter, key: str, path: Path | str) -> date | None:
    value = fm.values.get(key)
    if value is None:
        return None
    if isinstance(value, date):
        return value if not hasattr(value, "date") else value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise HandoutError(
        f"front matter {key!r} must be a date like 2026-11-26", path, fm.line_of(key)
    )
