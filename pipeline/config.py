"""Project configuration: ``handout.toml`` at the project root, read once into a frozen object.

Every key has a default, so a folder holding only ``source/*.md`` is a working
project. Unknown keys are refused rather than ignored: a misspelt
``languges = [...]`` silently publishing nothing is worse than an error.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import HandoutError
from pipeline.fsio import check_folder_inside, decode_utf8, read_confined
from pipeline.languages import Language, parse_language
from pipeline.limits import FileRules, Limits, parse_limits
from pipeline.printing import (
    PrintSettings,
    check_base_url,
    check_paper,
    default_paper,
)
from pipeline.safety import check_relative

CONFIG_NAME = "handout.toml"

_FOLDERS = {
    "source": "source",
    "locales": "locales",
    "build": "build",
    "audio": "audio",
    "cache": ".handout-cache",
    "voices": "voices",  # Piper voices the clinic added (*.onnx + *.onnx.json)
}
_TOP_KEYS = {
    "clinic",
    "source_language",
    "languages",
    "folders",
    "glossary",
    "voices",
    "speech",  # [speech] engine/rate/pitch: checked by pipeline.speech.voices
    "paper",  # the handouts' paper, and where they lead: pipeline.printing
    "region",  # the clinic's CLDR region ("US"): regional voices, paper, dates, phone numbers
    "base_url",
    "limits",  # [limits]: file and message sizes, see pipeline.limits
    "checks",  # [checks.<lang>] words, [[checks.accepted]]: checked by pipeline.check.project
    *("require_approval", "two_person", "withdraw_on_change"),  # the publishing rule
}
_REGION = re.compile(r"^(?:[A-Z]{2}|[0-9]{3})$")
_GLOSSARY_KEYS = {"terms"}


@dataclass(frozen=True)
class Folders:
    """Absolute paths of the project's folders, each checked to lie inside the project."""

    source: Path
    locales: Path
    build: Path
    audio: Path
    cache: Path
    voices: Path


@dataclass(frozen=True)
class Config:
    """Everything a command needs to know about the project, and nothing per-invocation."""

    root: Path
    clinic: str
    source_language: Language
    languages: tuple[Language, ...]
    folders: Folders
    languages_listed: bool = False
    glossary: tuple[str, ...] = ()
    voices: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)
    speech: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    printing: PrintSettings = field(default_factory=PrintSettings)
    region: str | None = None  # CLDR territory; default: the source language's, if it names one
    limits: Limits = field(default_factory=Limits)
    checks: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    require_approval: bool = False  # publish a translation only with a valid approval
    two_person: bool = False  # an approval by the catalog's Last-Translator does not count
    withdraw_on_change: bool = False  # no previous version while a translation is updated
    #: ``table.key`` -> its line in handout.toml, so a later check can point at a setting.
    key_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def rules(self) -> FileRules:
        """How this project's input files are read: inside ``root``, within ``limits``."""
        return FileRules(self.root, self.limits)

    def unknown_key(self, table: str, key: str, known: set[str] | tuple[str, ...]) -> HandoutError:
        """The error for a key no one reads (a misspelling would silently turn a setting off)."""
        return unknown_key_error(table, key, known, self.key_lines)

    def relative(self, path: Path) -> str:
        """A path as users see it in messages and catalog references: relative, with ``/``."""
        if path.is_absolute() and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()  # not resolved: a link shows as itself
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def load_config(root: Path) -> Config:
    """Read ``handout.toml`` under ``root`` (if any) and apply defaults."""
    root = root.resolve()
    file = root / CONFIG_NAME
    path = Path(CONFIG_NAME)  # as messages name it: relative to the project, like every path
    raw: dict[str, Any] = {}
    lines: dict[str, int] = {}
    if file.exists() or file.is_symlink():
        text = decode_utf8(read_confined(file, CONFIG_NAME, FileRules(root)).data, CONFIG_NAME)
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise HandoutError(f"invalid TOML: {exc}", path, _toml_line(exc)) from exc
        lines = key_lines(text)
    _refuse_unknown(raw, lines)
    limits = parse_limits(raw.get("limits", {}), path)
    folders = _folders(root, path, raw.get("folders", {}), lines)
    source_language = parse_language(_string(raw, "source_language", "en", path))
    languages = _languages(raw, path, folders.locales, source_language, root)
    glossary = (
        raw.get("glossary", {}).get("terms", []) if isinstance(raw.get("glossary"), dict) else []
    )
    if not all(isinstance(t, str) and t for t in glossary):
        raise HandoutError("glossary.terms must be a list of non-empty strings", path)
    voices = raw.get("voices", {})
    if not isinstance(voices, dict):
        raise HandoutError("voices must be a table of per-language tables", path)
    region = _region(raw, path, source_language)
    return Config(
        root=root,
        clinic=_string(raw, "clinic", "", path),
        source_language=source_language,
        languages=languages,
        languages_listed="languages" in raw,
        folders=folders,
        glossary=tuple(glossary),
        voices=voices,
        speech=raw.get("speech", {}),
        printing=_printing(raw, path, source_language, region),
        region=region,
        limits=limits,
        key_lines=lines,
        checks=raw.get("checks", {}),
        **{key: _flag(raw, key, path) for key in _FLAGS},
    )


def _printing(
    raw: dict[str, Any], path: Path, source: Language, region: str | None
) -> PrintSettings:
    shown = str(path)
    paper = check_paper(raw.get("paper"), shown)
    return PrintSettings(
        paper=paper or default_paper(region or "", source),
        base_url=check_base_url(raw.get("base_url"), shown),
    )


def _region(raw: dict[str, Any], path: Path, source: Language) -> str | None:
    """``region = "US"``, checked; else the source language's territory (``en-US``)."""
    region = raw.get("region", source.territory)
    if region is None:
        return None
    if not isinstance(region, str) or not _REGION.fullmatch(region.upper()):
        raise HandoutError(
            'region must be a CLDR region: two letters ("US") or three digits ("419")', path
        )
    return region.upper()


def _refuse_unknown(raw: dict[str, Any], lines: dict[str, int]) -> None:
    """Unknown keys at the top and in the tables this module reads ([speech] and
    [voices.*] are the speech stage's, which refuses its own)."""
    for key in sorted(set(raw) - _TOP_KEYS):
        raise unknown_key_error("", key, _TOP_KEYS, lines)
    for table, known in (("glossary", _GLOSSARY_KEYS), ("limits", set(Limits.names()))):
        value = raw.get(table, {})
        for key in sorted(set(value) - known) if isinstance(value, dict) else ():
            raise unknown_key_error(table, key, known, lines)


def unknown_key_error(
    table: str, key: str, known: set[str] | tuple[str, ...], lines: dict[str, int]
) -> HandoutError:
    """``handout.toml:7: error: unknown setting glossary.term (known: terms)``."""
    name = f"{table}.{key}" if table else key
    return HandoutError(
        f"unknown setting {name} (known{' in [' + table + ']' if table else ''}:"
        f" {', '.join(sorted(known))})",
        CONFIG_NAME,
        lines.get(name),
    )


_TABLE = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
_KEY = re.compile(r'^\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.-]+)\s*=')


def key_lines(text: str) -> dict[str, int]:
    """Where each ``table.key`` is set, by line (first setting wins); dotted keys kept whole.

    tomllib keeps no positions; a line scan is enough for the ``[table]`` /
    ``key = value`` layout settings files have.
    """
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _TABLE.match(line)
        if header:
            table = header.group(1).replace('"', "").replace("'", "")
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(1).strip("\"'")
            found.setdefault(f"{table}.{name}" if table else name, number)
    return found


_FLAGS = ("require_approval", "two_person", "withdraw_on_change")


def _flag(raw: dict[str, Any], key: str, path: Path) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise HandoutError(f"{key} must be true or false", path)
    return value


def _toml_line(exc: tomllib.TOMLDecodeError) -> int | None:
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    text = str(exc)
    marker = "at line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        return int(digits) if digits.isdigit() else None
    return None


def _string(raw: dict[str, Any], key: str, default: str, path: Path) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise HandoutError(f"{key} must be a string", path)
    return value


def _folders(root: Path, path: Path, raw: Any, lines: dict[str, int]) -> Folders:
    if not isinstance(raw, dict):
        raise HandoutError("folders must be a table", path)
    for key in sorted(set(raw) - set(_FOLDERS)):
        raise unknown_key_error("folders", key, tuple(_FOLDERS), lines)
    resolved: dict[str, Path] = {}
    for key, default in _FOLDERS.items():
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise HandoutError(f"folders.{key} must be a relative path", path)
        folder = root / check_relative(value, f"folders.{key}", path)
        resolved[key] = check_folder_inside(folder, root, value)  # not a symlink leading out
    return Folders(**resolved)


def _languages(
    raw: dict[str, Any], path: Path, locales: Path, source: Language, root: Path
) -> tuple[Language, ...]:
    root_relative = locales.relative_to(root).as_posix()
    listed = raw.get("languages")
    where: dict[str, str] = {}
    if listed is None:
        # No list: the languages are the catalog folders that exist, as gettext's LINGUAS would be.
        found = sorted(p.name for p in locales.iterdir() if p.is_dir()) if locales.is_dir() else []
        listed = found
        # a bad folder name is that folder's error, not the settings file's
        where = {name: f"{root_relative}/{name}" for name in found}
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise HandoutError("languages must be a list of language tags", path)
    result: list[Language] = []
    for tag in listed:
        try:
            language = parse_language(tag)
        except HandoutError as exc:
            raise HandoutError(exc.message, where.get(tag, path)) from exc
        if language != source and language not in result:
            result.append(language)
    return tuple(result)
