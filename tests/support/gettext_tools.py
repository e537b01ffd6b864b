"""Helpers that run the real GNU gettext programs on files the tool wrote."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """``msgfmt --check`` (format, header and domain checks); returns the finished process."""
    return subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def assert_msgfmt_ok(*paths: Path) -> None:
    for path in paths:
        done = msgfmt_check(path)
        assert done.returncode == 0, f"{path}: {done.stderr}"


def msgmerge(old: Path, template: Path, out: Path) -> polib.POFile:
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(out), str(old), str(template)],
        check=True,
    )
    return polib.pofile(str(out))


def semantic(catalog: polib.POFile) -> list[tuple[object, ...]]:
    """What a translator's work consists of, ignoring formatting and references."""
    return sorted(
        (
            e.obsolete,
            e.msgid,
            e.msgstr,
            "fuzzy" in e.flags,
            e.previous_msgid or None,
            e.tcomment,
        )
        for e in catalog
    )
