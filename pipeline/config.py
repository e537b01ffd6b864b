"""Project configuration: ``handout.toml`` at the project root, read once into a frozen object.

Every key has a default, so a folder holding only ``source/*.md`` is a working
project. Unknown keys are refused rather than ignored: a misspelt
``languges = [...]`` silently publishing nothing is worse than an error.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import HandoutError
from pipeline.languages import Language, parse_language
from pipeline.safety import check_relative

CONFIG_NAME = "handout.toml"

_FOLDERS = {
    "source": "source",
    "locales": "locales",
    "build": "build",
    "audio": "audio",
    "cache": ".handout-cache",
}
_TOP_KEYS = {
    "clinic",
    "source_language",
    "languages",
    "folders",
    "glossary",
    "voices",
    "speech",  # [speech] engine/rate/pitch: checked by pipeline.speech.voices
    *("require_approval", "two_person", "withdraw_on_change"),  # the publishing rule
}


@dataclass(frozen=True)
class Folders:
    """Absolute paths of the project's folders, each checked to lie inside the project."""

    source: Path
    locales: Path
    build: Path
    audio: Path
    cache: Path


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
    require_approval: bool = False  # publish a translation only with a valid approval
    two_person: bool = False  # an approval by the catalog's Last-Translator does not count
    withdraw_on_change: bool = False  # no previous version while a translation is updated

    def relative(self, path: Path) -> str:
        """A path as users see it in messages and catalog references: relative, with ``/``."""
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
    if file.exists():
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise HandoutError("not UTF-8 text", path) from exc
        except tomllib.TOMLDecodeError as exc:
            raise HandoutError(f"invalid TOML: {exc}", path, _toml_line(exc)) from exc
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        raise HandoutError(f"unknown setting {unknown[0]!r}", path)
    folders = _folders(root, path, raw.get("folders", {}))
    source_language = parse_language(_string(raw, "source_language", "en", path))
    languages = _languages(raw, path, folders.locales, source_language)
    glossary = (
        raw.get("glossary", {}).get("terms", []) if isinstance(raw.get("glossary"), dict) else []
    )
    if not all(isinstance(t, str) and t for t in glossary):
        raise HandoutError("glossary.terms must be a list of non-empty strings", path)
    voices = raw.get("voices", {})
    if not isinstance(voices, dict):
        raise HandoutError("voices must be a table of per-language tables", path)
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
        **{key: _flag(raw, key, path) for key in _FLAGS},
    )


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


def _folders(root: Path, path: Path, raw: Any) -> Folders:
    if not isinstance(raw, dict):
        raise HandoutError("folders must be a table", path)
    unknown = sorted(set(raw) - set(_FOLDERS))
    if unknown:
        raise HandoutError(f"unknown folder setting {unknown[0]!r}", path)
    resolved: dict[str, Path] = {}
    for key, default in _FOLDERS.items():
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise HandoutError(f"folders.{key} must be a relative path", path)
        resolved[key] = root / check_relative(value, f"folders.{key}", path)
    return Folders(**resolved)


def _languages(
    raw: dict[str, Any], path: Path, locales: Path, source: Language
) -> tuple[Language, ...]:
    listed = raw.get("languages")
    if listed is None:
        # No list: the languages are the catalog folders that exist, as gettext's LINGUAS would be.
        found = sorted(p.name for p in locales.iterdir() if p.is_dir()) if locales.is_dir() else []
        listed = found
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise HandoutError("languages must be a list of language tags", path)
    result: list[Language] = []
    for tag in listed:
        try:
            language = parse_language(tag)
        except HandoutError as exc:
            raise HandoutError(exc.message, path) from exc
        if language != source and language not in result:
            result.append(language)
    return tuple(result)
