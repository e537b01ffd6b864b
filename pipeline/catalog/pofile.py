"""Symmetric read/write of PO files at the edges of the catalog stage.

Reading reports syntax errors as ``file:line``; writing is atomic and skips the
write when the only change would be a date header (so a build that changed
nothing changes no byte, and version control shows no churn).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polib

from pipeline.article.markdown import check_nesting
from pipeline.catalog.syntax import check_po_syntax
from pipeline.errors import HandoutError
from pipeline.fsio import (
    FileIdentity,
    decode_utf8,
    read_confined,
    read_current,
    write_text_atomic,
)
from pipeline.limits import UNCONFINED, FileRules
from pipeline.safety import check_text

WRAP_WIDTH = 79  # GNU msgmerge's default, so diffs after either tool stay small
DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")
_LINE = re.compile(r"line (\d+)")
_HEADER_DATE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): ([^"\\]*)\\n"$', re.M)


def read_catalog(
    path: Path, shown: str | None = None, rules: FileRules = UNCONFINED
) -> polib.POFile:
    """Parse a .po/.pot file, keeping each entry's line number (``entry.linenum``).

    The file comes through :func:`pipeline.fsio.read_confined` (a regular file
    inside the project, at most ``catalog_bytes``); each message is held to
    ``message_chars`` and to the Markdown nesting limit.
    """
    name = shown or path.as_posix()
    return parse_catalog(read_confined(path, name, rules, "catalog_bytes").data, path, name, rules)


def read_catalog_with_identity(
    path: Path, shown: str, rules: FileRules
) -> tuple[polib.POFile, FileIdentity]:
    """The catalog and what its file was when read, for a writer that must not lose a save."""
    read = read_confined(path, shown, rules, "catalog_bytes")
    return parse_catalog(read.data, path, shown, rules), read.identity


def parse_catalog(data: bytes, path: Path, name: str, rules: FileRules) -> polib.POFile:
    """The catalog in ``data`` (the bytes of ``path``), checked as :func:`read_catalog` says."""
    text = decode_utf8(data, name)
    check_text(text, "the catalog", name, 1)
    check_po_syntax(text, name)
    try:
        # polib's own duplicate check compares each entry with every one before it, which
        # takes minutes on a catalog of a few megabytes; _check_entries does it in one pass.
        catalog = polib.pofile(text, wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError, KeyError, IndexError) as exc:
        message = str(exc)
        match = _LINE.search(message)
        line = int(match.group(1)) if match else None
        reason = _LINE.sub("", message).replace("()", "").strip(" :.") or "syntax error"
        raise HandoutError(f"not a valid PO file: {reason}", name, line) from exc
    _check_entries(catalog, name, rules.limits.message_chars)
    catalog.fpath = str(path)
    return catalog


def _check_entries(catalog: polib.POFile, name: str, longest: int) -> None:
    """No message twice (as msgfmt says), no control character an escape let in, none too
    long or too deeply nested to render."""
    seen: dict[tuple[str | None, str, bool], int] = {}
    for entry in catalog:
        line = max(entry.linenum or 0, 1)  # polib counts an entry on the file's first line as 0
        key = (entry.msgctxt, entry.msgid, bool(entry.obsolete))
        if key in seen:
            raise HandoutError(
                f"not a valid PO file: duplicate message definition (first at line {seen[key]})",
                name,
                line,
            )
        seen[key] = line
        texts = [entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr]
        for text in [*texts, *entry.msgstr_plural.values()]:
            check_text(text, "a message", name, line)
            if len(text) > longest:
                raise HandoutError(
                    f"a message of {len(text):,} characters, over the limit of {longest:,}"
                    " (raise [limits] message_chars in handout.toml if it is meant to be)",
                    name,
                    line,
                )
            check_nesting(text, name, line)


def render_catalog(catalog: polib.POFile) -> str:
    """The file text exactly as it will be written (polib formats like GNU gettext)."""
    catalog.wrapwidth = WRAP_WIDTH
    text = str(catalog)
    return text if text.endswith("\n") else text + "\n"


def write_catalog(
    path: Path, catalog: polib.POFile, guard: Callable[[], None] | None = None
) -> bool:
    """Write atomically; return False (and touch nothing) if only the dates would change.

    When nothing but the dates differ, ``catalog`` takes the file's dates, so the
    object in memory matches the file on disk for the stages that follow. The
    comparison is on the rendered text, which costs one render and one read.

    ``guard`` runs just before the new file replaces the old one (see
    :func:`pipeline.fsio.write_bytes_atomic`).
    """
    try:  # never blocks on a FIFO, never reads through a symlink (the write replaces it)
        found = read_current(path)
        existing = None if found is None else found.data.decode("utf-8")
    except UnicodeDecodeError:
        existing = None
    if existing is not None:
        new_dates = {key: catalog.metadata.get(key) for key in DATE_HEADERS}
        old_dates = dict(_HEADER_DATE.findall(existing))
        for key in DATE_HEADERS:
            if key in old_dates and key in catalog.metadata:
                catalog.metadata[key] = old_dates[key]
        if render_catalog(catalog) == existing:
            return False
        for key, value in new_dates.items():
            if value is not None:
                catalog.metadata[key] = value
    return write_text_atomic(path, render_catalog(catalog), guard)
